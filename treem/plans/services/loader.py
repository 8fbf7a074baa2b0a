"""Loading the Directive 28 plan of Thành ủy Vinh from data/ct28-plan.yaml."""

import datetime
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from treem.agencies.models import Agency
from treem.agencies.services import create_agency, set_successors, update_agency
from treem.areas.models import AdminUnit

from ..models import ChecklistItem, GuidingDocument, Plan, PlanSection, Task, Timing
from . import PlanError
from .common import Action, record_create, record_event, record_update, snapshot
from .documents import create_document, link_documents, update_document

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "ct28-plan.yaml"

# The text numbers the paragraphs of sections I-II without titles: the short
# titles of the data file are the editor's, and say so wherever they are shown.
EDITORIAL_MARK = "(tiêu đề biên tập)"

# Settings the plan's text does not give (local practice): written when the
# plan is created, afterwards an administrator's (update_plan), so loading
# again never overwrites them.
SETTINGS = ("continuous_frequency", "report_due_days", "reminder_days", "reporting_from")


def read_plan_data(path=None):
    with Path(path or DATA_FILE).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _date(value):
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _text(value):
    return " ".join(str(value or "").split())


def _agency(name):
    try:
        return Agency.objects.get(name=name)
    except Agency.DoesNotExist:
        raise PlanError(
            _("Agency not found: %(name)s (run load_agencies first).") % {"name": name}
        ) from None


def _upsert(model, lookup, values, *, actor, unit=None, create=None, update=None):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        if create is not None:
            return create(**lookup, **values), True
        obj = model.objects.create(**lookup, **values)
        record_create(obj, actor=actor, unit=unit)
        return obj, True
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed:
        if update is not None:
            update(obj, **changed)
        else:
            before = snapshot(obj)
            for key, value in changed.items():
                setattr(obj, key, value)
            obj.save()
            record_update(obj, before, actor=actor, unit=unit)
    return obj, False


def _load_documents(data, actor):
    documents = {}
    for row in data["documents"]:
        values = {
            "kind": row["kind"],
            "number_symbol": row["number_symbol"],
            "issuing_body": row["issuing_body"],
            "issued_on": _date(row.get("issued_on")),
            "issued_year": row.get("issued_year")
            or (_date(row.get("issued_on")).year if row.get("issued_on") else None),
            "title": _text(row["title"]),
            "summary": _text(row.get("summary")),
            "source": row.get("source", ""),
        }
        documents[row["code"]], _ = _upsert(
            GuidingDocument,
            {"code": row["code"]},
            values,
            actor=actor,
            create=lambda code, **v: create_document(actor=actor, code=code, **v),
            update=lambda obj, **v: update_document(obj, actor=actor, **v),
        )
    for link in data["links"]:
        link_documents(documents[link["from"]], link["kind"], documents[link["to"]], actor=actor)
    return documents


def _load_extra_agencies(data, actor):
    for row in data.get("extra_agencies", []):
        unit = AdminUnit.objects.filter(name=row["unit"]).first()
        if unit is None:
            raise PlanError(_("Unit not found: %(name)s") % {"name": row["unit"]})
        values = {
            "short_name": row.get("short_name", ""),
            "kind": row["kind"],
            "valid_to": _date(row.get("valid_to")),
            "source": row.get("source", ""),
        }
        agency, _created = _upsert(
            Agency,
            {"name": row["name"], "unit": unit},
            values,
            actor=actor,
            create=lambda name, unit, **v: create_agency(actor=actor, name=name, unit=unit, **v),
            update=lambda obj, **v: update_agency(obj, actor=actor, **v),
        )
        if row.get("successors_like"):
            # The same successors as a body of the same level in agencies.csv
            # (set_successors writes nothing when they are already set).
            successors = list(_agency(row["successors_like"]).successors.all())
            set_successors(agency, successors, actor=actor)


def _load_plan(data, documents, actor):
    row = data["plan"]
    unit = AdminUnit.objects.filter(name=row["unit"]).first()
    if unit is None:
        raise PlanError(_("Unit not found: %(name)s") % {"name": row["unit"]})
    values = {
        "title": _text(row["title"]),
        "document": documents[row["document"]],
        "owner_agency": _agency(row["owner"]),
        "unit": unit,
        "period_start": _date(row["period_start"]),
        "period_end": _date(row.get("period_end")),
        "status": row["status"],
        "preamble": _text(row.get("preamble")),
        "recipients": (row.get("recipients") or "").strip(),
        "signature": (row.get("signature") or "").strip(),
    }
    settings = row["settings"]
    plan = Plan.objects.filter(code=row["code"]).first()
    if plan is None:
        values.update({name: settings[name] for name in SETTINGS})
        values["reporting_from"] = _date(settings.get("reporting_from"))
    plan, _created = _upsert(Plan, {"code": row["code"]}, values, actor=actor, unit=unit)
    return plan


def _load_sections(data, plan, actor):
    sections = {}
    for order, row in enumerate(data["sections"], start=1):
        title = _text(row["title"])
        values = {
            "title": f"{title} {EDITORIAL_MARK}" if row.get("editorial") else title,
            "body": _text(row.get("body")),
            "parent": sections.get(row.get("parent")),
            "order": order,
        }
        sections[row["number"]], _ = _upsert(
            PlanSection,
            {"plan": plan, "number": row["number"]},
            values,
            actor=actor,
            unit=plan.unit,
        )
    return sections


def _load_tasks(data, plan, sections, actor):
    counters, order, numbers = {}, 0, []
    for block in data["assignments"]:
        section = sections[block["section"]]
        lead = _agency(block["lead"])
        for row in block["tasks"]:
            counters[section.number] = counters.get(section.number, 0) + 1
            order += 1
            number = f"{section.number}.{counters[section.number]}"
            numbers.append(number)
            values = {
                "section": section,
                "content": _text(row["content"]),
                "source_ref": block.get("paragraph", ""),
                "lead_agency": lead,
                "coordination_note": row.get("coordination_note", ""),
                "timing": row.get("timing", Timing.CONTINUOUS),
                "deadline": _date(row.get("deadline")),
                "expected_output": row.get("expected_output", ""),
                "indicator_codes": row.get("indicators", []),
                "order": order,
            }
            task, _ = _upsert(
                Task, {"plan": plan, "number": number}, values, actor=actor, unit=plan.unit
            )
            coordinating = sorted(_agency(name).pk for name in row.get("coordinating", []))
            current = sorted(task.coordinating_agencies.values_list("pk", flat=True))
            if coordinating != current:
                task.coordinating_agencies.set(coordinating)
                record_event(
                    Action.UPDATE,
                    actor=actor,
                    subject=task,
                    unit=plan.unit,
                    changes={"coordinating_agencies": {"old": current, "new": coordinating}},
                )
    # A task removed from the data file is a correction of the extraction:
    # it goes too, unless reports, inspections or sub-plans refer to it.
    stale = (
        plan.tasks.exclude(number__in=numbers)
        .filter(reports__isnull=True, sub_plans__isnull=True)
        .exclude(pk__in=ChecklistItem.objects.values("task_id"))
    )
    for task in stale:
        record_event(
            Action.DELETE,
            actor=actor,
            subject=task,
            unit=plan.unit,
            changes={"number": {"old": task.number, "new": None}},
        )
        task.delete()
    return len(numbers)


@transaction.atomic
def load_plan_ct28(*, actor=None, path=None):
    """Load (or bring up to date) the guiding documents, the plan, its
    sections and its tasks. Idempotent. Returns the plan."""
    data = read_plan_data(path)
    documents = _load_documents(data, actor)
    _load_extra_agencies(data, actor)
    plan = _load_plan(data, documents, actor)
    sections = _load_sections(data, plan, actor)
    _load_tasks(data, plan, sections, actor)
    return plan
