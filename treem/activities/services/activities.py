"""Recording activities, their audience and their files. Every write runs in
one transaction with its audit event."""

from django.db import transaction
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import diff, record_create, record_event, snapshot
from treem.cases.services.common import CaseError
from treem.cases.services.files import check_upload
from treem.plans.models import Task

from ..access import can_record_for
from ..models import Activity, ActivityFile, AudienceCount, FileKind
from . import ActivityError, ActivityPermissionError

FIELDS = ("kind", "title", "agency", "starts_on", "ends_on", "place", "description", "cost")


def _who(actor):
    return actor if getattr(actor, "pk", None) else None


def _check(activity):
    if not activity.title.strip():
        raise ActivityError(_("Give the activity a title."))
    if activity.ends_on < activity.starts_on:
        raise ActivityError(_("The end date is before the start date."))
    if activity.cost < 0:
        raise ActivityError(_("The cost cannot be negative."))


def _check_tasks(tasks, actor):
    tasks = list(tasks)
    if not tasks:
        raise ActivityError(_("Choose at least one plan task the activity carries out."))
    if actor is not None:
        visible = set(
            Task.objects.visible_to(actor)
            .filter(pk__in=[t.pk for t in tasks])
            .values_list("pk", flat=True)
        )
        if len(visible) != len({t.pk for t in tasks}):
            raise ActivityPermissionError(_("A chosen task is not one of your plans."))
    return tasks


def _set_audience(activity, audience):
    """`audience`: {(audience, sex, age band): number}; zeros are not stored."""
    activity.audience.all().delete()
    rows = [
        AudienceCount(activity=activity, audience=a, sex=s, age_band=b, count=n)
        for (a, s, b), n in sorted(audience.items())
        if n
    ]
    if any(r.count < 0 for r in rows):
        raise ActivityError(_("A number of participants cannot be negative."))
    AudienceCount.objects.bulk_create(rows)
    return {f"{r.audience}/{r.sex}/{r.age_band}": r.count for r in rows}


def _audience_before(activity):
    return {
        f"{r.audience}/{r.sex}/{r.age_band}": r.count
        for r in activity.audience.all().order_by("audience", "sex", "age_band")
    }


@transaction.atomic
def record_activity(*, actor, tasks, audience=None, **fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ActivityError(_("Not an editable field: %(name)s") % {"name": ", ".join(unknown)})
    agency = fields["agency"]
    if not can_record_for(actor, agency):
        raise ActivityPermissionError(_("You may not record activities of this agency."))
    activity = Activity(unit=agency.unit, created_by=_who(actor), **fields)
    activity.cost = activity.cost or 0
    _check(activity)
    tasks = _check_tasks(tasks, actor)
    activity.save()
    activity.tasks.set(tasks)
    counts = _set_audience(activity, audience or {})
    changes = diff({}, snapshot(activity))
    changes["tasks"] = {"old": None, "new": sorted(t.pk for t in tasks)}
    changes["audience"] = {"old": None, "new": counts}
    record_event(Action.CREATE, actor=actor, subject=activity, changes=changes)
    return activity


@transaction.atomic
def update_activity(activity, *, actor, tasks=None, audience=None, **fields):
    current = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=activity.pk)
    )
    if not can_record_for(actor, current.agency):
        raise ActivityPermissionError(_("You may not change activities of this agency."))
    before = snapshot(current)
    old_tasks = sorted(current.tasks.values_list("pk", flat=True))
    old_audience = _audience_before(current)
    for name, value in fields.items():
        if name not in FIELDS:
            raise ActivityError(_("Not an editable field: %(name)s") % {"name": name})
        setattr(current, name, value)
    if "agency" in fields:
        if not can_record_for(actor, current.agency):
            raise ActivityPermissionError(_("You may not record activities of this agency."))
        current.unit = current.agency.unit
    _check(current)
    current.save()
    extra = {}
    if tasks is not None:
        tasks = _check_tasks(tasks, actor)
        current.tasks.set(tasks)
        new = sorted(t.pk for t in tasks)
        if new != old_tasks:
            extra["tasks"] = {"old": old_tasks, "new": new}
    if audience is not None:
        new = _set_audience(current, audience)
        if new != old_audience:
            extra["audience"] = {"old": old_audience, "new": new}
    changes = {**diff(before, snapshot(current)), **extra}
    if changes:
        record_event(Action.UPDATE, actor=actor, subject=current, changes=changes)
    return current


@transaction.atomic
def add_activity_file(activity, upload, *, actor, kind=FileKind.MATERIAL):
    """The cases' upload rules (size, type read from the content): the same
    code, so a rule changed there holds here too."""
    if not can_record_for(actor, activity.agency):
        raise ActivityPermissionError(_("You may not change activities of this agency."))
    try:
        content_type = check_upload(upload)
    except CaseError as exc:
        raise ActivityError(str(exc)) from exc
    if kind == FileKind.PHOTO and not content_type.startswith("image/"):
        raise ActivityError(_("A photo must be a PNG or JPEG image."))
    item = ActivityFile(
        activity=activity,
        kind=kind,
        original_name=upload.name.rsplit("/", 1)[-1][:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=_who(actor),
    )
    item.file.save("upload", upload, save=False)
    item.save()
    record_create(item, actor=actor, unit=activity.unit)
    return item


@transaction.atomic
def remove_activity_file(item, *, actor):
    if not can_record_for(actor, item.activity.agency):
        raise ActivityPermissionError(_("You may not change activities of this agency."))
    record_event(
        Action.DELETE,
        actor=actor,
        subject=item,
        unit=item.activity.unit,
        changes={"original_name": {"old": item.original_name, "new": None}},
    )
    item.file.delete(save=False)
    item.delete()
