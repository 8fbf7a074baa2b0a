"""The data-subject export: everything held about one child, as JSON, for the
child's legal representative (Law 91/2025). Run in the background, audited."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import get_for_user
from treem.audit.models import Action
from treem.audit.services import record_event
from treem.jobs.services import JobError, attach_file, job_kind

from .models import Child
from .services import can_see_sensitive
from .views.history import display_value, history_rows

KIND = "child_subject_export"


def _record(obj, names, *, skip=()):
    """{field: {"label", "value"}} with values as a reader sees them."""
    out = {}
    for name in names:
        if name in skip:
            continue
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        shown = str(value) if field.many_to_one and value is not None else None
        out[name] = {
            "label": str(field.verbose_name),
            "value": shown if shown is not None else display_value(field, value),
        }
    return out


def _episode(e, *, with_subgroup):
    names = ["code", "started_on", "ended_on", "evidence_note", "recorded_at"]
    if with_subgroup:
        names.insert(1, "subgroup")
    return _record(e, names)


def _decision(d):
    # What the decision's audit trail keeps, less who it is about and where.
    out = _record(d, [f for f in d.AUDIT_FIELDS if f not in ("child", "unit")])
    # The group's name, not its code.
    out["group"]["value"] = str(d.group_name)
    return out


def _assistance(child):
    """The records of treem/assistance: all of them sensitive (an allowance
    group tells disability or HIV, an injury the child's health)."""
    # Imported here: the registry does not depend on that app to load.
    from treem.assistance.models import AllowancePayment

    return {
        "allowance_decisions": [
            _decision(d) for d in child.allowance_decisions.order_by("starts_on")
        ],
        "allowance_payments": [
            _record(p, ["month", "coefficient", "base_level", "amount"])
            for p in AllowancePayment.objects.filter(child=child).order_by("month")
        ],
        "other_support": [
            _record(
                s,
                [
                    "kind",
                    "sponsor",
                    "commitment",
                    "amount",
                    "received_on",
                    "ends_on",
                    "reference",
                    "note",
                ],
            )
            for s in child.support_items.order_by("received_on")
        ],
        "injuries": [
            _record(i, ["occurred_on", "place_type", "cause", "severity", "outcome", "note"])
            for i in child.injuries.order_by("occurred_on")
        ],
    }


def _facility_stays(child):
    from treem.places.models import FacilityChild

    return [
        _record(s, ["facility", "since", "until", "note"])
        for s in FacilityChild.objects.filter(child=child)
        .select_related("facility")
        .order_by("since")
    ]


def subject_data(child, *, sensitive):
    """A plain dict of the child's data; sensitive values only for a reader
    who may see them."""
    skip = () if sensitive else Child.SENSITIVE_FIELDS
    circumstances = child.circumstances.select_related("code", "subgroup")
    risks = child.risks.select_related("code")
    if not sensitive:
        circumstances = circumstances.not_sensitive()
        risks = risks.filter(code__sensitive=False)
    history, _shown = history_rows(child, sensitive=sensitive, limit=None)
    data = {
        "record": {"id": child.pk, **_record(child, Child.AUDIT_FIELDS, skip=skip)},
        "residences": [
            _record(r, ["unit", "address_line", "moved_in_on", "moved_out_on"])
            for r in child.residences.select_related("unit")
        ],
        "caregivers": [
            {
                **_record(link.caregiver, ["family_name", "middle_name", "given_name"]),
                **_record(link.caregiver, ["personal_id", "phone", "sex", "year_of_birth"]),
                **_record(link, ["relation", "lives_with", "legal_representative"]),
            }
            for link in child.caregiver_links.select_related("caregiver", "relation")
        ],
        "special_circumstances": [_episode(e, with_subgroup=True) for e in circumstances],
        "risks": [_episode(e, with_subgroup=False) for e in risks],
        "history": [
            {
                "time": timezone.localtime(e.occurred_at).strftime("%d/%m/%Y %H:%M:%S"),
                "by": str(e.actor_display),
                "action": str(e.get_action_display()),
                "about": str(e.label),
                "changes": [
                    {"field": str(label), "old": str(old), "new": str(new)}
                    for label, old, new in e.rows
                ],
                "note": e.note_display,
            }
            for e in history
        ],
    }
    if sensitive:
        data["support_received"] = [
            _record(s, ["support_type", "provider", "provider_name", "received_on", "note"])
            for s in child.supports.select_related("support_type", "provider")
        ]
        data["consents"] = [
            _record(
                c,
                [
                    "representative",
                    "representative_agreed",
                    "child_agreed",
                    "scope",
                    "given_on",
                    "withdrawn_on",
                ],
            )
            for c in child.consents.select_related("representative")
        ]
        data.update(_assistance(child))
    data["facility_stays"] = _facility_stays(child)
    data["merged_records"] = list(child.merged_from.values_list("pk", flat=True))
    return data


@job_kind(KIND)
def export_subject(job, report):
    user = get_user_model().objects.get(pk=job.created_by_id)
    try:
        # Checked again here: the permission may have been withdrawn since.
        child = get_for_user(Child.objects, user, job.params.get("child"), Perm.EXPORT_PERSONAL)
    except Http404:
        raise JobError(
            _("This record cannot be exported: it is missing or out of your area.")
        ) from None
    report(0, 2)
    sensitive = can_see_sensitive(user, child)
    data = subject_data(child, sensitive=sensitive)
    payload = {
        "exported_at": timezone.localtime().strftime("%d/%m/%Y %H:%M:%S"),
        "exported_by": user.get_full_name() or user.username,
        "sensitive_included": sensitive,
        **data,
    }
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{job.pk}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    report(1, 2)
    attach_file(job, f"jobs/{job.pk}.json", f"tre-em-{child.pk}-{timezone.localdate():%Y%m%d}.json")
    sections = sorted(k for k, v in data.items() if v)
    with transaction.atomic():
        record_event(
            Action.EXPORT,
            actor=user,
            subject=child,
            changes={
                "sections": {"old": None, "new": sections},
                "sensitive": {"old": None, "new": sensitive},
                "job": {"old": None, "new": str(job.pk)},
            },
            note=_("Data-subject export"),
        )
    return {"sections": sections}
