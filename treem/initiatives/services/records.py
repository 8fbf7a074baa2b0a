"""Evaluations, commendations and replication of a model. Every write runs
in one transaction with its audit event."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import diff, record_event, snapshot
from treem.cases.services.common import CaseError
from treem.cases.services.files import check_upload

from ..access import WARD_LEVELS, can_commend, can_edit, can_replicate_to
from ..models import (
    Commendation,
    Evaluation,
    Initiative,
    Rating,
    Recipient,
    Replication,
    ReplicationStatus,
    Status,
)
from ..workflow import REPLICATION_TRANSITIONS, allowed
from . import InitiativeError, InitiativePermissionError
from .initiatives import change_status, refresh_due, who


def _text(value):
    return (value or "").strip()


@transaction.atomic
def record_evaluation(
    initiative, *, actor, evaluated_on, evaluator, rating, findings="", recommend_replication=False
):
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("kind", "unit")
        .get(pk=initiative.pk)
    )
    if not can_edit(actor, initiative):
        raise InitiativePermissionError(_("You may not evaluate this model."))
    if not _text(evaluator):
        raise InitiativeError(_("Say who evaluated the model."))
    if rating not in Rating.values:
        raise InitiativeError(_("Choose a result."))
    if evaluated_on > timezone.localdate():
        raise InitiativeError(_("The evaluation date is in the future."))
    if evaluated_on < initiative.started_on:
        raise InitiativeError(_("The evaluation is dated before the model started."))
    evaluation = Evaluation.objects.create(
        initiative=initiative,
        evaluated_on=evaluated_on,
        evaluator=_text(evaluator),
        rating=rating,
        findings=_text(findings),
        recommend_replication=bool(recommend_replication),
        recorded_by=who(actor),
    )
    record_event(
        Action.CREATE, actor=actor, subject=evaluation, changes=diff({}, snapshot(evaluation))
    )
    refresh_due(initiative, actor=actor, note="evaluation")
    return evaluation


def _attach(commendation, upload):
    try:
        content_type = check_upload(upload)
    except CaseError as exc:
        raise InitiativeError(str(exc)) from exc
    commendation.file_name = upload.name.rsplit("/", 1)[-1][:200]
    commendation.file_type = content_type
    commendation.file_size = upload.size
    commendation.decision_file.save("upload", upload, save=False)


@transaction.atomic
def record_commendation(
    initiative,
    *,
    actor,
    decision_number,
    decided_on,
    issuer,
    form,
    level,
    recipient=Recipient.INITIATIVE,
    recipient_agency=None,
    recipient_name="",
    reason="",
    upload=None,
):
    if not can_commend(actor, initiative):
        raise InitiativePermissionError(_("You may not record commendations of this model."))
    commendation = Commendation(
        initiative=initiative,
        decision_number=_text(decision_number),
        decided_on=decided_on,
        issuer=_text(issuer),
        form=form,
        level=level,
        recipient=recipient,
        recipient_agency=recipient_agency if recipient == Recipient.AGENCY else None,
        recipient_name=_text(recipient_name) if recipient == Recipient.PERSON else "",
        reason=_text(reason),
        recorded_by=who(actor),
    )
    if not commendation.decision_number:
        raise InitiativeError(_("Give the number of the decision."))
    if not commendation.issuer:
        raise InitiativeError(_("Say which body issued the decision."))
    if decided_on > timezone.localdate():
        raise InitiativeError(_("The decision date is in the future."))
    if recipient == Recipient.AGENCY and recipient_agency is None:
        raise InitiativeError(_("Choose the agency commended."))
    if recipient == Recipient.PERSON and not commendation.recipient_name:
        raise InitiativeError(_("Write the name of the person commended."))
    if upload is not None:
        _attach(commendation, upload)
    commendation.save()
    record_event(
        Action.CREATE,
        actor=actor,
        subject=commendation,
        changes=diff({}, snapshot(commendation)),
    )
    return commendation


@transaction.atomic
def attach_decision(commendation, upload, *, actor):
    """Attach or replace the decision's scan: the cases' upload rules (size,
    type read from the content), the same code, so a rule changed there holds
    here too."""
    current = (
        Commendation.objects.select_for_update(of=("self",))
        .select_related("initiative__unit")
        .get(pk=commendation.pk)
    )
    if not can_commend(actor, current.initiative):
        raise InitiativePermissionError(_("You may not record commendations of this model."))
    before = snapshot(current)
    old = current.decision_file.name
    _attach(current, upload)
    current.save()
    if old:
        current.decision_file.storage.delete(old)
    record_event(
        Action.UPDATE, actor=actor, subject=current, changes=diff(before, snapshot(current))
    )
    return current


@transaction.atomic
def replicate_initiative(
    source,
    *,
    actor,
    ward,
    started_on,
    lead_agency=None,
    replica=None,
    areas=None,
    notes="",
):
    """Record that `source` is replicated to `ward`: links `replica` when the
    ward already runs it, otherwise records the model in the ward (same name,
    kind, description and tasks; led by `lead_agency`, running in `areas` or
    the whole ward)."""
    from .initiatives import record_initiative

    if not can_replicate_to(actor, ward):
        raise InitiativePermissionError(_("You may not replicate models to this ward."))
    if ward.level not in WARD_LEVELS:
        raise InitiativeError(_("A model is replicated to a ward."))
    if ward.pk == source.unit_id:
        raise InitiativeError(_("The model already belongs to this ward."))
    if Replication.objects.filter(source=source, ward=ward).exists():
        raise InitiativeError(_("The model is already replicated to this ward."))
    if started_on > timezone.localdate():
        raise InitiativeError(_("The start date is in the future."))
    if started_on < source.started_on:
        raise InitiativeError(_("The replication starts before the model itself."))
    if replica is None:
        if lead_agency is None:
            raise InitiativeError(_("Choose the agency that leads the model in the ward."))
        replica = record_initiative(
            actor=actor,
            tasks=list(source.tasks.all()),
            areas=areas or [ward],
            name=source.name,
            kind=source.kind,
            description=source.description,
            lead_agency=lead_agency,
            unit=ward,
            place=None,
            started_on=started_on,
            people_reached=0,
        )
    else:
        if replica.unit_id != ward.pk:
            raise InitiativeError(_("The linked model does not belong to this ward."))
        if replica.pk == source.pk or Replication.objects.filter(replica=replica).exists():
            raise InitiativeError(_("The linked model is already recorded as a replication."))
    replication = Replication.objects.create(
        source=source,
        ward=ward,
        replica=replica,
        started_on=started_on,
        notes=_text(notes),
        created_by=who(actor),
    )
    record_event(
        Action.CREATE, actor=actor, subject=replication, changes=diff({}, snapshot(replication))
    )
    return replication


@transaction.atomic
def change_replication(replication, target, *, actor, on=None):
    current = (
        Replication.objects.select_for_update(of=("self",))
        .select_related("ward", "replica")
        .get(pk=replication.pk)
    )
    if not can_replicate_to(actor, current.ward):
        raise InitiativePermissionError(_("You may not replicate models to this ward."))
    if not allowed(REPLICATION_TRANSITIONS, current.status, target):
        raise InitiativeError(
            _("A replication that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": ReplicationStatus(current.status).label,
                "target": ReplicationStatus(target).label,
            }
        )
    before = snapshot(current)
    current.status = target
    current.save()
    record_event(
        Action.UPDATE, actor=actor, subject=current, changes=diff(before, snapshot(current))
    )
    # A stopped replication ends the model in the ward, with its own event.
    if target == ReplicationStatus.STOPPED and current.replica.status != Status.ENDED:
        change_status(current.replica, Status.ENDED, actor=actor, on=on, note="replication stopped")
    return current
