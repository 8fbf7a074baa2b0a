"""Intake (Mẫu 01), transfers between wards and assignment."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.areas.models import GRASSROOTS_LEVELS
from treem.audit.services import record_create, record_creates_bulk, record_update, snapshot
from treem.children.services.registry import create_child

from ..models import Case, CaseStatus, Channel, CodeKind, Intake, StatusChange, Transfer
from ..models.case import INTAKE_DETAILS
from .common import CaseError, check_version, require_manage, who
from .deadlines import apply_deadlines, require_aware
from .workflow import change_status

S = CaseStatus

HOTLINE_LABEL = "Tổng đài quốc gia bảo vệ trẻ em 111"


def _check_ward(unit):
    if unit is None or unit.level not in GRASSROOTS_LEVELS or not unit.is_current:
        raise CaseError(_("Choose the ward or commune in force where the event happened."))


@transaction.atomic
def record_intake(
    *,
    actor,
    channel,
    received_at,
    event_ward,
    event_place,
    description,
    harm_kinds,
    child=None,
    new_child=None,
    perpetrator_relation="unknown",
    reporter_anonymous=False,
    reporter_name="",
    reporter_contact="",
    reporter_relation="",
    event_at=None,
    child_situation="",
    received_by_unit=None,
    assigned_officer=None,
    **details,
):
    """Records a report (Mẫu 01) and opens the case in the ward where the
    event happened, straight in the initial assessment: Art. 26(1) passes the
    information on "chuyển ngay" and the 12-hour clock of Art. 26(3) runs
    from `received_at`. `child` is a registry record; otherwise `new_child`
    is a dict (data, unit, ward, confirmed) for the registry's create_child,
    with its duplicate guard (DuplicateId, PossibleDuplicate propagate
    unchanged). `details` are Mẫu 01's further fields (INTAKE_DETAILS)."""
    unknown = set(details) - set(INTAKE_DETAILS)
    if unknown:
        raise CaseError(f"not a field of the intake report: {', '.join(sorted(unknown))}")
    if actor is not None and not has_perm(actor, Perm.RECORD_CASE_REPORTS):
        raise CaseError(_("You may not record reports of harm to a child."))
    _check_ward(event_ward)
    if channel not in Channel.values:
        raise CaseError(_("Choose how the report was received."))
    if received_at is None:
        raise CaseError(_("The time the report was received is missing or in the future."))
    require_aware(received_at, "time the report was received")
    if event_at is not None:
        require_aware(event_at, "time of the event")
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        raise CaseError(_("The time the report was received is missing or in the future."))
    if not (event_place or "").strip():
        raise CaseError(_("Say where the event happened."))
    if not (description or "").strip():
        raise CaseError(_("Describe what happened."))
    harm_kinds = list(harm_kinds or [])
    if not harm_kinds or any(code.kind != CodeKind.HARM for code in harm_kinds):
        raise CaseError(_("Choose at least one kind of harm."))
    if reporter_anonymous:
        reporter_name = ""
    if child is None:
        if not new_child:
            raise CaseError(_("Link the child to the registry or register the child."))
        child = create_child(
            actor=actor,
            unit=new_child["unit"],
            ward=new_child["ward"],
            data=new_child["data"],
            confirmed=new_child.get("confirmed", False),
        )

    case = _open_case(
        unit=event_ward,
        child=child,
        received_at=received_at,
        assigned_officer=assigned_officer,
        actor=actor,
        note=_("report recorded"),
    )
    intake = Intake.objects.create(
        case=case,
        channel=channel,
        received_at=received_at,
        received_by_unit=received_by_unit,
        reporter_anonymous=reporter_anonymous,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
        reporter_relation=reporter_relation,
        event_place=event_place,
        event_ward=event_ward,
        event_at=event_at,
        description=description,
        perpetrator_relation=perpetrator_relation,
        child_situation=child_situation,
        recorded_by=who(actor),
        **details,
    )
    # A new report has no kinds yet: add() inserts them, where set() first
    # reads the (empty) list.
    intake.harm_kinds.add(*harm_kinds)
    created = [case, intake]
    # Hotline 111 and other wards pass the report on to the ward of the event.
    from_other = received_by_unit is not None and received_by_unit.pk != event_ward.pk
    if channel == Channel.HOTLINE_111 or from_other:
        created.append(
            Transfer.objects.create(
                case=case,
                from_unit=received_by_unit if from_other else None,
                from_label="" if from_other else HOTLINE_LABEL,
                to_unit=event_ward,
                reason=_("the event happened in this ward"),
                by=who(actor),
            )
        )
    # One event per record, all in the case's ward, in one insert.
    record_creates_bulk(created, actor=actor, unit_of=lambda obj: case.unit_id)
    return case


def _open_case(*, unit, child, received_at, actor, note, assigned_officer=None, **extra):
    """A new case: the timeline shows the report received and, at the same
    moment, passed on to the initial assessment (Art. 26(1) "chuyển ngay").
    The caller records its creation with the intake's."""
    now = timezone.now()
    case = Case(
        unit=unit,
        child=child,
        status=S.INITIAL_ASSESSMENT,
        status_changed_at=now,
        received_at=received_at,
        assigned_officer=assigned_officer,
        created_by=who(actor),
        **extra,
    )
    apply_deadlines(case, now)
    case.save()
    # One insert for both rows; the timeline orders them by id at the same moment.
    StatusChange.objects.bulk_create(
        [
            StatusChange(case=case, to_status=S.RECEIVED, at=now, actor=who(actor), note=note),
            StatusChange(
                case=case,
                from_status=S.RECEIVED,
                to_status=S.INITIAL_ASSESSMENT,
                at=now,
                actor=who(actor),
                note=_("passed on at once to the initial assessment (Decree 56/2017, Art. 26(1))"),
            ),
        ]
    )
    return case


@transaction.atomic
def transfer_case(case, *, actor, to_unit, reason, expected_version=None):
    """Hands an open report over to another ward: the case here ends as
    transferred, a new case opens there with a copy of the intake."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    require_manage(current, actor)
    check_version(current, expected_version)
    _check_ward(to_unit)
    if to_unit.pk == current.unit_id:
        raise CaseError(_("The case is already in this ward."))
    if not (reason or "").strip():
        raise CaseError(_("State why the case is transferred."))
    intake = current.intake
    new = _open_case(
        unit=to_unit,
        child=current.child,
        received_at=current.received_at,
        actor=actor,
        note=reason,
        transferred_from=current,
    )
    harm = list(intake.harm_kinds.all())
    intake.pk = None
    intake.id = None
    intake._state.adding = True
    intake.case = new
    intake.save()
    intake.harm_kinds.set(harm)
    record_creates_bulk([new, intake], actor=actor, unit_of=lambda obj: to_unit.pk)
    transfer = Transfer.objects.create(
        case=current,
        from_unit=current.unit,
        to_unit=to_unit,
        new_case=new,
        reason=reason,
        by=who(actor),
    )
    record_create(transfer, actor=actor, unit=current.unit)
    change_status(current, CaseStatus.TRANSFERRED, actor=actor, note=reason, via="transfer_case")
    return new


@transaction.atomic
def assign_officer(case, officer, *, actor, expected_version=None):
    current = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    require_manage(current, actor)
    check_version(current, expected_version)
    if officer is not None and not has_perm(officer, Perm.MANAGE_CASES, current.unit):
        raise CaseError(_("This person does not handle cases of the ward."))
    before = snapshot(current)
    current.assigned_officer = officer
    current.version += 1
    current.save(update_fields=["assigned_officer", "version"])
    record_update(current, before, actor=actor)
    return current
