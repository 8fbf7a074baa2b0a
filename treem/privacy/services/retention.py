"""Applying the retention rules: find, per kind of data, the rows past their
period and archive, pseudonymise or delete them as the rule says.

A dry run counts and writes nothing at all. A real run is one transaction:
its RetentionRun, every change and one audit event per record changed plus
one for the run commit together or not at all.

Pseudonymising never deletes or renumbers a row: cases, allowances, the merge
registry (treem/children/services/merge.py) and audit events keep pointing at
the same ids. Audit events are never changed or deleted (they are sealed into
a hash chain, treem/audit/chain.py); the events written here name the fields
replaced, never their old values, so a run adds no copy of what it removes.
Earlier events still hold the values they recorded: the trail is the record
of processing the law asks to keep.
"""

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import record_event

from ..legal import ensure_defaults
from ..models import (
    ALLOWED_ACTIONS,
    DataKind,
    PeriodUnit,
    ProcessedRecord,
    RetentionAction,
    RetentionRule,
    RetentionRun,
    _years_before,
)

logger = logging.getLogger(__name__)

# A record of the registry is about a child; support (allowances, care) can
# run past 16, so the period is counted from the 18th birthday.
ADULT_AGE = 18
PSEUDONYM_FAMILY = "Ẩn danh"


class RetentionError(Exception):
    """A rule that cannot be applied as set, with a message for the administrator."""


@dataclass
class KindResult:
    kind: str
    action: str
    cutoff: datetime.datetime | None
    count: int = 0
    detail: dict = field(default_factory=dict)

    def as_json(self):
        return {
            "action": self.action,
            "count": self.count,
            "cutoff": self.cutoff.date().isoformat() if self.cutoff else None,
            **self.detail,
        }


def _processed(kind):
    return ProcessedRecord.objects.filter(kind=kind).values("object_id")


# --- finding what is due ----------------------------------------------------------------


def due_children(rule, now, cases_rule=None):
    from treem.cases.models import Case
    from treem.cases.models.choices import FINAL_STATUSES
    from treem.children.models import Child

    born_by = _years_before(rule.cutoff(now), ADULT_AGE).date()
    busy = ~Q(status__in=FINAL_STATUSES)
    # A case still inside its own retention period keeps its child's name:
    # the archived file would otherwise name no one.
    if cases_rule is not None and cases_rule.active:
        busy |= Q(closed_at__gte=cases_rule.cutoff(now)) | Q(closed_at=None)
    return (
        Child.objects.filter(date_of_birth__lte=born_by)
        .exclude(pk__in=_processed(DataKind.AGED_OUT_CHILDREN))
        .exclude(pk__in=Case.objects.filter(busy).values("child_id"))
    )


def due_cases(rule, now):
    from treem.cases.models import Case
    from treem.cases.models.choices import CaseStatus

    return Case.objects.filter(
        status__in=[CaseStatus.CLOSED, CaseStatus.CLOSED_UNSUBSTANTIATED],
        closed_at__lt=rule.cutoff(now),
    ).exclude(pk__in=_processed(DataKind.CLOSED_CASES))


def due_register_runs(rule, now):
    from treem.population.models import LinkageRun

    return LinkageRun.objects.filter(
        kind=LinkageRun.Kind.LINK, created_at__lt=rule.cutoff(now), purged_at=None
    )


def due_job_files(rule, now):
    from treem.jobs.models import Job

    return Job.objects.filter(finished_at__lt=rule.cutoff(now)).exclude(result_file="")


def _period_days(rule):
    return rule.period * 365 if rule.period_unit == PeriodUnit.YEARS else rule.period


# --- applying ---------------------------------------------------------------------------

CHILD_CLEARED = (
    "personal_id",
    "personal_id_missing_reason",
    "address_line",
    "birth_registration_place",
    "school_name",
    "grade",
    "health_insurance_card",
)


def pseudonymise_child(child, *, run, actor):
    """Replace what names the child (and caregivers linked to no other
    child still named) with a pseudonym; keep the row, its id and the facts
    that carry no name (sex, ward, year of birth, groups) for the figures."""
    from treem.children.keys import full_name_folded, name_sort_key
    from treem.children.models import (
        Caregiver,
        Child,
        ChildCaregiver,
        DobPrecision,
        IdStatus,
        Residence,
    )
    from treem.children.services.registry import refresh_search_keys

    given = f"#{child.pk}"
    values = {
        "family_name": PSEUDONYM_FAMILY,
        "middle_name": "",
        "given_name": given,
        "name_folded": full_name_folded(PSEUDONYM_FAMILY, "", given),
        "name_sort": name_sort_key(PSEUDONYM_FAMILY, "", given),
        "personal_id": None,
        "personal_id_missing_reason": None,
        "id_status": IdStatus.MISSING,
        "address_line": "",
        "birth_registration_place": "",
        "school_name": "",
        "grade": "",
        "health_insurance_card": "",
        "date_of_birth": datetime.date(child.date_of_birth.year, 1, 1),
        "dob_precision": DobPrecision.YEAR,
        "updated_at": timezone.now(),
    }
    Child.objects.filter(pk=child.pk).update(**values)
    Residence.objects.filter(child=child).update(address_line="")
    # A parent of a younger sibling still in the registry keeps their name.
    named_elsewhere = (
        ChildCaregiver.objects.filter(caregiver=OuterRef("pk"))
        .exclude(child=child)
        .exclude(child_id__in=_processed(DataKind.AGED_OUT_CHILDREN))
    )
    caregiver_ids = list(
        Caregiver.objects.filter(child_links__child=child)
        .exclude(Exists(named_elsewhere))
        .values_list("pk", flat=True)
    )
    Caregiver.objects.filter(pk__in=caregiver_ids).update(
        family_name="",
        middle_name="",
        given_name=PSEUDONYM_FAMILY,
        name_folded=full_name_folded("", "", PSEUDONYM_FAMILY),
        personal_id="",
        phone="",
        year_of_birth=None,
    )
    child.refresh_from_db()
    refresh_search_keys(child)
    ProcessedRecord.objects.create(
        kind=DataKind.AGED_OUT_CHILDREN,
        object_id=child.pk,
        action=RetentionAction.PSEUDONYMISE,
        run=run,
    )
    fields = sorted({"family_name", "middle_name", "given_name", "date_of_birth", *CHILD_CLEARED})
    record_event(
        Action.UPDATE,
        actor=actor,
        actor_label=None if actor else "system",
        subject=child,
        unit=child.unit_id,
        changes={"pseudonymised": {"old": None, "new": fields}, "caregivers": len(caregiver_ids)},
        note=_("pseudonymised under the retention rule (run #%(run)s)") % {"run": run.pk},
    )


INTAKE_CLEARED = (
    "reporter_name",
    "reporter_contact",
    "father_name",
    "mother_name",
    "father_occupation",
    "mother_occupation",
    "current_caregiver",
)


def archive_case(case, *, run, actor, pseudonymise=False):
    from treem.cases.models import Intake

    cleared = []
    if pseudonymise:
        Intake.objects.filter(case=case).update(**dict.fromkeys(INTAKE_CLEARED, ""))
        cleared = list(INTAKE_CLEARED)
    action = RetentionAction.PSEUDONYMISE if pseudonymise else RetentionAction.ARCHIVE
    ProcessedRecord.objects.create(
        kind=DataKind.CLOSED_CASES, object_id=case.pk, action=action, run=run
    )
    record_event(
        Action.UPDATE,
        actor=actor,
        actor_label=None if actor else "system",
        subject=case,
        unit=case.unit_id,
        changes={"retention": {"old": None, "new": action}, "cleared": cleared},
        note=_("archived under the retention rule (run #%(run)s)") % {"run": run.pk},
    )


def delete_job_file(job, *, run, actor):
    """Forget the file a job produced; the file itself goes once the
    transaction commits, so a rolled-back run leaves it in place."""
    from treem.jobs.models import Job

    relative = job.result_file
    Job.objects.filter(pk=job.pk).update(result_file="", result_filename="")
    record_event(
        Action.DELETE,
        actor=actor,
        actor_label=None if actor else "system",
        subject=job,
        unit=job.unit_id,
        changes={"result_file": {"old": "file", "new": None}},
        note=_("job file deleted under the retention rule (run #%(run)s)") % {"run": run.pk},
    )
    transaction.on_commit(lambda: _remove_file(relative))


def _remove_file(relative):
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        logger.warning("retention: job file outside MEDIA_ROOT left alone: %s", relative)
        return
    path.unlink(missing_ok=True)


# --- the run ----------------------------------------------------------------------------


def _check(rule):
    if rule.action not in ALLOWED_ACTIONS[rule.kind]:
        raise RetentionError(
            _("“%(action)s” cannot be applied to %(kind)s.")
            % {"action": rule.get_action_display(), "kind": rule.get_kind_display()}
        )


def apply_retention(*, actor=None, dry_run=True, now=None):
    """Returns (run or None for a dry run, [KindResult])."""
    ensure_defaults()
    now = now or timezone.now()
    rules = {r.kind: r for r in RetentionRule.objects.all()}
    for rule in rules.values():
        _check(rule)
    if dry_run:
        return None, _plan(rules, now)
    with transaction.atomic():
        run = RetentionRun.objects.create(dry_run=False, actor=actor)
        results = _apply(rules, now, run, actor)
        run.counts = {r.kind: r.as_json() for r in results}
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "finished_at"])
        record_event(
            Action.TASK,
            actor=actor,
            actor_label=None if actor else "system",
            subject=run,
            changes={"counts": {"old": None, "new": run.counts}},
            note=_("retention rules applied"),
        )
    return run, results


def _result(rule, now):
    live = rule.active and rule.action != RetentionAction.KEEP
    return KindResult(rule.kind, rule.action if live else RetentionAction.KEEP, rule.cutoff(now))


def _plan(rules, now):
    from treem.population.models import RegisterPerson

    results = []
    for kind in DataKind.values:
        rule = rules.get(kind)
        if rule is None:
            continue
        result = _result(rule, now)
        if result.action != RetentionAction.KEEP:
            if kind == DataKind.AGED_OUT_CHILDREN:
                result.count = due_children(rule, now, rules.get(DataKind.CLOSED_CASES)).count()
            elif kind == DataKind.CLOSED_CASES:
                result.count = due_cases(rule, now).count()
            elif kind == DataKind.REGISTER_ROWS:
                runs = due_register_runs(rule, now)
                result.count = RegisterPerson.objects.filter(run__in=runs).count()
                result.detail["runs"] = runs.count()
            elif kind == DataKind.JOB_FILES:
                result.count = due_job_files(rule, now).count()
        results.append(result)
    return results


def _apply(rules, now, run, actor):
    from treem.population.services import purge_register_rows

    results = []
    for kind in DataKind.values:
        rule = rules.get(kind)
        if rule is None:
            continue
        result = _result(rule, now)
        results.append(result)
        if result.action == RetentionAction.KEEP:
            continue
        if kind == DataKind.AGED_OUT_CHILDREN:
            due = due_children(rule, now, rules.get(DataKind.CLOSED_CASES))
            # The ids first: the loop writes to the table it would be reading.
            for child in _each(due):
                pseudonymise_child(child, run=run, actor=actor)
                result.count += 1
        elif kind == DataKind.CLOSED_CASES:
            pseudonymise = rule.action == RetentionAction.PSEUDONYMISE
            for case in _each(due_cases(rule, now)):
                archive_case(case, run=run, actor=actor, pseudonymise=pseudonymise)
                result.count += 1
        elif kind == DataKind.REGISTER_ROWS:
            done = purge_register_rows(actor=actor, now=now, days=_period_days(rule))
            result.count = sum(rows for _run, rows in done)
            result.detail["runs"] = len(done)
        elif kind == DataKind.JOB_FILES:
            for job in _each(due_job_files(rule, now)):
                delete_job_file(job, run=run, actor=actor)
                result.count += 1
    return results


def _each(queryset, batch=500):
    ids = list(queryset.values_list("pk", flat=True))
    model = queryset.model
    for start in range(0, len(ids), batch):
        yield from model.objects.filter(pk__in=ids[start : start + batch]).order_by("pk")
