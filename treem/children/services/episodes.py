"""Special circumstances, risks, support and consent: dated records of a child."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.services import record_create, record_update, snapshot

from ..models import CircumstanceEpisode, CodeKind, Consent, RiskEpisode, Support
from .registry import RegistryError


def _who(actor):
    return actor if getattr(actor, "pk", None) else None


def _check_dates(started_on, ended_on):
    if started_on is None:
        raise RegistryError(_("The start date is required."))
    if started_on > timezone.localdate():
        raise RegistryError(_("The start date is in the future."))
    if ended_on is not None and ended_on < started_on:
        raise RegistryError(_("The end date is before the start date."))


@transaction.atomic
def add_circumstance(
    child, *, actor, code, started_on, subgroup=None, ended_on=None, evidence_note=""
):
    if code.kind != CodeKind.CIRCUMSTANCE_GROUP:
        raise RegistryError(_("Choose one of the groups of Article 10."))
    if subgroup is not None and subgroup.parent_id != code.pk:
        raise RegistryError(
            _("The sub-group does not belong to the group “%(group)s”.") % {"group": code}
        )
    return _open_episode(
        CircumstanceEpisode,
        child,
        actor=actor,
        code=code,
        subgroup=subgroup,
        started_on=started_on,
        ended_on=ended_on,
        evidence_note=evidence_note,
    )


@transaction.atomic
def add_risk(child, *, actor, code, started_on, ended_on=None, evidence_note=""):
    if code.kind != CodeKind.RISK_CATEGORY:
        raise RegistryError(_("Choose a risk category."))
    return _open_episode(
        RiskEpisode,
        child,
        actor=actor,
        code=code,
        started_on=started_on,
        ended_on=ended_on,
        evidence_note=evidence_note,
    )


def _open_episode(model, child, *, actor, code, started_on, ended_on, **fields):
    """Creates a circumstance or risk episode; one open episode per code."""
    _check_dates(started_on, ended_on)
    still_open = model.objects.filter(child=child, code=code, ended_on__isnull=True)
    if ended_on is None and still_open.exists():
        raise RegistryError(
            _("The child is already recorded in “%(group)s” without an end date.") % {"group": code}
        )
    episode = model.objects.create(
        child=child,
        code=code,
        started_on=started_on,
        ended_on=ended_on,
        recorded_by=_who(actor),
        **fields,
    )
    record_create(episode, actor=actor, unit=child.unit)
    return episode


@transaction.atomic
def end_episode(episode, *, actor, ended_on=None):
    ended_on = ended_on or timezone.localdate()
    if ended_on < episode.started_on:
        raise RegistryError(_("The end date is before the start date."))
    before = snapshot(episode)
    episode.ended_on = ended_on
    episode.save(update_fields=["ended_on"])
    record_update(episode, before, actor=actor, unit=episode.child.unit)
    return episode


@transaction.atomic
def add_support(
    child, *, actor, support_type, received_on, provider=None, provider_name="", note=""
):
    if support_type.kind != CodeKind.SUPPORT_TYPE:
        raise RegistryError(_("Choose a type of support."))
    if received_on > timezone.localdate():
        raise RegistryError(_("The date of the support is in the future."))
    support = Support.objects.create(
        child=child,
        support_type=support_type,
        provider=provider,
        provider_name=provider_name,
        received_on=received_on,
        note=note,
        recorded_by=_who(actor),
    )
    record_create(support, actor=actor, unit=child.unit)
    return support


# Law 91/2025 Art. 24: from this age the child's own consent is needed too.
CHILD_CONSENT_AGE = 7


@transaction.atomic
def record_consent(
    child, *, actor, representative, representative_agreed, scope, given_on, child_agreed=None
):
    if not scope.strip():
        raise RegistryError(_("Say what may be disclosed, to whom and for what."))
    if child.age_on(given_on) >= CHILD_CONSENT_AGE and child_agreed is None:
        raise RegistryError(_("The child is 7 or older: record whether the child agreed too."))
    consent = Consent.objects.create(
        child=child,
        representative=representative,
        representative_agreed=representative_agreed,
        child_agreed=child_agreed,
        scope=scope,
        given_on=given_on,
        recorded_by=_who(actor),
    )
    record_create(consent, actor=actor, unit=child.unit)
    return consent


@transaction.atomic
def withdraw_consent(consent, *, actor, on=None):
    before = snapshot(consent)
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    record_update(consent, before, actor=actor, unit=consent.child.unit)
    return consent
