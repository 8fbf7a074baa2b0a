"""Recording courses, their participants and certificates. Every write runs
in one transaction with its audit event."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from treem.activities.models import Activity
from treem.audit.models import Action
from treem.audit.services import diff, record_create, record_event, snapshot
from treem.cases.services.common import CaseError
from treem.cases.services.files import check_upload
from treem.plans.models import Task

from ..access import can_edit, can_record, staff_in
from ..models import Course, Participant
from . import TrainingError, TrainingPermissionError

FIELDS = (
    "topic",
    "title",
    "hours",
    "provider_agency",
    "provider_name",
    "unit",
    "starts_on",
    "ends_on",
    "place",
    "activity",
    "notes",
)
CERTIFICATE_FIELDS = (
    "attended",
    "passed",
    "certificate_number",
    "certificate_date",
    "certificate_issuer",
)


def _who(actor):
    return actor if getattr(actor, "pk", None) else None


def _check(course, actor):
    if not course.title.strip():
        raise TrainingError(_("Give the course a title."))
    if course.ends_on < course.starts_on:
        raise TrainingError(_("The end date is before the start date."))
    if course.hours is None or Decimal(course.hours) <= 0:
        raise TrainingError(_("The number of hours must be more than 0."))
    if not course.provider_agency_id and not course.provider_name.strip():
        raise TrainingError(_("Name the provider: an agency or its name."))
    if course.topic_id and not course.topic.active and course._state.adding:
        raise TrainingError(_("This topic is no longer in use."))
    if course.activity_id:
        activity = course.activity
        if activity.kind.code != "training":
            raise TrainingError(_("The linked activity is not a training."))
        if actor is not None and not Activity.objects.visible_to(actor).filter(pk=activity.pk):
            raise TrainingPermissionError(_("The linked activity is not one you can see."))


def _check_tasks(tasks, actor):
    tasks = list(tasks or [])
    if actor is not None and tasks:
        visible = set(
            Task.objects.visible_to(actor)
            .filter(pk__in=[t.pk for t in tasks])
            .values_list("pk", flat=True)
        )
        if len(visible) != len({t.pk for t in tasks}):
            raise TrainingPermissionError(_("A chosen task is not one of your plans."))
    return tasks


@transaction.atomic
def record_course(*, actor, tasks=(), **fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TrainingError(_("Not an editable field: %(name)s") % {"name": ", ".join(unknown)})
    course = Course(created_by=_who(actor), **fields)
    course.provider_name = course.provider_name or ""
    if not can_record(actor, course.unit, course.provider_agency):
        raise TrainingPermissionError(_("You may not record courses of this ward."))
    _check(course, actor)
    tasks = _check_tasks(tasks, actor)
    course.save()
    course.tasks.set(tasks)
    changes = diff({}, snapshot(course))
    changes["tasks"] = {"old": None, "new": sorted(t.pk for t in tasks)}
    record_event(Action.CREATE, actor=actor, subject=course, changes=changes)
    return course


@transaction.atomic
def update_course(course, *, actor, tasks=None, **fields):
    current = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
    if not can_edit(actor, current):
        raise TrainingPermissionError(_("You may not change this course."))
    before = snapshot(current)
    old_tasks = sorted(current.tasks.values_list("pk", flat=True))
    for name, value in fields.items():
        if name not in FIELDS:
            raise TrainingError(_("Not an editable field: %(name)s") % {"name": name})
        setattr(current, name, value)
    current.provider_name = current.provider_name or ""
    if not can_edit(actor, current):
        raise TrainingPermissionError(_("You may not record courses of this ward."))
    _check(current, actor)
    current.save()
    changes = diff(before, snapshot(current))
    if tasks is not None:
        tasks = _check_tasks(tasks, actor)
        current.tasks.set(tasks)
        new = sorted(t.pk for t in tasks)
        if new != old_tasks:
            changes["tasks"] = {"old": old_tasks, "new": new}
    if changes:
        record_event(Action.UPDATE, actor=actor, subject=current, changes=changes)
    return current


def candidates(course):
    """Staff who may be named on the course: an active role in its area."""
    return staff_in(course.unit).order_by("first_name", "last_name", "username")


@transaction.atomic
def add_participants(course, users, *, actor, passed=False):
    """Adds the users not yet on the course; returns the rows created."""
    if not can_edit(actor, course):
        raise TrainingPermissionError(_("You may not change this course."))
    users = list(users)
    allowed = set(
        candidates(course).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True)
    )
    if any(u.pk not in allowed for u in users):
        # Same words whether the person is missing or outside the area.
        raise TrainingError(_("A chosen person does not hold a role in this course's area."))
    already = set(course.participants.values_list("user_id", flat=True))
    created = []
    for user in users:
        if user.pk in already:
            continue
        row = Participant.objects.create(course=course, user=user, attended=True, passed=passed)
        record_create(row, actor=actor, unit=course.unit)
        created.append(row)
    return created


def _check_certificate(row):
    if row.certificate_number.strip() and not (row.attended and row.passed):
        raise TrainingError(_("A certificate is given only to someone who attended and passed."))
    if row.passed and not row.attended:
        raise TrainingError(_("Someone who did not attend cannot have passed."))
    if row.certificate_date and row.certificate_date < row.course.starts_on:
        raise TrainingError(_("The certificate date is before the course started."))


@transaction.atomic
def update_participant(row, *, actor, **fields):
    current = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("course__unit", "course__provider_agency")
        .get(pk=row.pk)
    )
    if not can_edit(actor, current.course):
        raise TrainingPermissionError(_("You may not change this course."))
    before = snapshot(current)
    for name, value in fields.items():
        if name not in CERTIFICATE_FIELDS:
            raise TrainingError(_("Not an editable field: %(name)s") % {"name": name})
        setattr(current, name, value if value is not None or name == "certificate_date" else "")
    current.certificate_number = (current.certificate_number or "").strip()
    current.certificate_issuer = (current.certificate_issuer or "").strip()
    _check_certificate(current)
    current.save()
    changes = diff(before, snapshot(current))
    if changes:
        record_event(
            Action.UPDATE, actor=actor, subject=current, unit=current.course.unit, changes=changes
        )
    return current


@transaction.atomic
def remove_participant(row, *, actor):
    if not can_edit(actor, row.course):
        raise TrainingPermissionError(_("You may not change this course."))
    record_event(
        Action.DELETE,
        actor=actor,
        subject=row,
        unit=row.course.unit,
        changes={"user": {"old": row.user_id, "new": None}},
    )
    if row.certificate_file:
        row.certificate_file.delete(save=False)
    row.delete()


@transaction.atomic
def attach_certificate(row, upload, *, actor):
    """The cases' upload rules (size, type read from the content): the same
    code, so a rule changed there holds here too."""
    if not can_edit(actor, row.course):
        raise TrainingPermissionError(_("You may not change this course."))
    if not row.certificate_number:
        raise TrainingError(_("Enter the certificate number before attaching its scan."))
    try:
        content_type = check_upload(upload)
    except CaseError as exc:
        raise TrainingError(str(exc)) from exc
    before = snapshot(row)
    if row.certificate_file:
        row.certificate_file.delete(save=False)
    row.file_name = upload.name.rsplit("/", 1)[-1][:200]
    row.file_type = content_type
    row.file_size = upload.size
    row.certificate_file.save("upload", upload, save=False)
    row.save()
    record_event(
        Action.UPDATE,
        actor=actor,
        subject=row,
        unit=row.course.unit,
        changes=diff(before, snapshot(row)) or {"file_name": {"old": "", "new": row.file_name}},
    )
    return row
