"""Implementation (Art. 29): services the child receives and referrals to
agencies; attachments."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for
from treem.audit.services import record_create, record_update, snapshot
from treem.children.services.episodes import add_support

from ..models import (
    Attachment,
    Case,
    CaseStatus,
    CodeKind,
    Referral,
    ReferralOutcome,
    ReferralState,
    ServiceDelivery,
    ServiceState,
)
from .common import CaseError, check_version, require_manage, who
from .files import check_upload
from .notify import notify

S = CaseStatus
# Services and referrals belong to the plan: from its approval to the review
# (an emergency may need them earlier).
WORK_STATUSES = (S.EMERGENCY, S.IMPLEMENTATION, S.REVIEW)


def _check_open_for_work(case):
    if case.status not in WORK_STATUSES:
        raise CaseError(
            _(
                "Services and referrals are recorded during an emergency measure or once "
                "the plan is approved."
            )
        )


def _count_in_registry(service, actor):
    """A delivered service is support received in the registry."""
    if service.support_id or service.state != ServiceState.DELIVERED:
        return
    code = service.service_type.support_type
    if code is None:
        return
    support = add_support(
        service.case.child,
        actor=actor,
        support_type=code,
        received_on=min(service.ended_on or service.started_on, timezone.localdate()),
        provider=service.provider,
        provider_name=service.provider_name,
        note=_("Service of case %(case)s") % {"case": service.case.number},
    )
    service.support = support
    service.save(update_fields=["support"])


@transaction.atomic
def add_service(
    case,
    *,
    actor,
    service_type,
    started_on,
    provider=None,
    provider_name="",
    ended_on=None,
    state=ServiceState.PLANNED,
    outcome="",
):
    current = Case.objects.select_for_update().select_related("unit", "child").get(pk=case.pk)
    require_manage(current, actor)
    _check_open_for_work(current)
    if service_type.kind != CodeKind.SERVICE:
        raise CaseError(_("Choose a type of service."))
    if ended_on is not None and ended_on < started_on:
        raise CaseError(_("The end date is before the start date."))
    service = ServiceDelivery.objects.create(
        case=current,
        service_type=service_type,
        provider=provider,
        provider_name=provider_name,
        started_on=started_on,
        ended_on=ended_on,
        state=state,
        outcome=outcome,
        recorded_by=who(actor),
    )
    record_create(service, actor=actor, unit=current.unit)
    _count_in_registry(service, actor)
    return service


@transaction.atomic
def update_service(service, *, actor, data, expected_version=None):
    current = (
        ServiceDelivery.objects.select_for_update()
        .select_related("case__unit", "case__child", "service_type")
        .get(pk=service.pk)
    )
    require_manage(current.case, actor)
    check_version(current, expected_version, data)
    before = snapshot(current)
    for name in ("ended_on", "state", "outcome", "provider", "provider_name"):
        if name in data:
            setattr(current, name, data[name])
    if current.ended_on is not None and current.ended_on < current.started_on:
        raise CaseError(_("The end date is before the start date."))
    current.version += 1
    current.save()
    record_update(current, before, actor=actor, unit=current.case.unit)
    _count_in_registry(current, actor)
    return current


@transaction.atomic
def refer_case(case, *, actor, agency, reason, shared_information="", service_type=None):
    current = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    require_manage(current, actor)
    _check_open_for_work(current)
    if not (reason or "").strip():
        raise CaseError(_("State the reason for the referral."))
    if agency.valid_to is not None and agency.valid_to < timezone.localdate():
        raise CaseError(_("This agency no longer exists."))
    referral = Referral.objects.create(
        case=current,
        agency=agency,
        service_type=service_type,
        reason=reason,
        shared_information=shared_information,
        sent_by=who(actor),
    )
    record_create(referral, actor=actor, unit=current.unit)
    return referral


def referrals_for_agency_user(user):
    """The referrals an agency's user may see: those sent to their agency."""
    agencies = agencies_for(user, Perm.HANDLE_REFERRALS)
    return Referral.objects.filter(agency_id__in=agencies)


@transaction.atomic
def answer_referral(referral, *, actor, accept, note=""):
    current = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if actor is not None and current.agency_id not in agencies_for(actor, Perm.HANDLE_REFERRALS):
        raise CaseError(_("This referral was sent to another agency."))
    if current.state != ReferralState.SENT:
        raise CaseError(_("This referral has already been answered."))
    if not accept and not note.strip():
        raise CaseError(_("Say why the agency declines."))
    before = snapshot(current)
    current.state = ReferralState.ACCEPTED if accept else ReferralState.DECLINED
    current.answer_note = note
    current.answered_by = who(actor)
    current.answered_at = timezone.now()
    current.save()
    record_update(current, before, actor=actor, unit=current.case.unit_id)
    return current


@transaction.atomic
def record_referral_result(referral, *, actor, action, outcome, on=None):
    """The agency says what it did and how it went; the ward's officer is told
    in the app (the case number only, as every notice). A later call corrects
    the result; each is audited."""
    current = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if actor is not None and current.agency_id not in agencies_for(actor, Perm.HANDLE_REFERRALS):
        raise CaseError(_("This referral was sent to another agency."))
    if current.state != ReferralState.ACCEPTED:
        raise CaseError(_("Record a result only for a referral the agency has accepted."))
    if not (action or "").strip():
        raise CaseError(_("Say what the agency did."))
    if outcome not in ReferralOutcome.values:
        raise CaseError(_("Choose the result."))
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise CaseError(_("The date of the result cannot be in the future."))
    if on < timezone.localdate(current.sent_at):
        raise CaseError(_("The date of the result cannot be before the referral was sent."))
    before = snapshot(current)
    current.result_action = action.strip()
    current.result_outcome = outcome
    current.result_on = on
    current.result_recorded_at = timezone.now()
    current.result_recorded_by = who(actor)
    current.save()
    record_update(current, before, actor=actor, unit=current.case.unit_id)
    case = current.case
    recipients = [case.assigned_officer, current.sent_by]
    if case.assigned_officer_id is None:
        from .scan import _ward_officers

        recipients += _ward_officers(case.unit)
    notify(
        recipients,
        case,
        key=f"referral-result:{current.pk}:{int(current.result_recorded_at.timestamp())}",
        text=_("Case %(case)s: an agency recorded the result of a referral")
        % {"case": case.number},
    )
    return current


@transaction.atomic
def add_attachment(case, upload, *, actor, description=""):
    current = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    require_manage(current, actor)
    content_type = check_upload(upload)
    attachment = Attachment(
        case=current,
        original_name=upload.name[-200:],
        content_type=content_type,
        size=upload.size,
        description=description,
        uploaded_by=who(actor),
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    record_create(attachment, actor=actor, unit=current.unit)
    return attachment
