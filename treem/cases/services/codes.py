"""Loading the bundled code lists and time limits (idempotent)."""

import csv
from pathlib import Path

from django.db import transaction

from treem.audit.services import record_create
from treem.children.models import CodeKind as RegistryKind
from treem.children.models import ReferenceCode

from ..models import CaseCode
from .deadlines import load_step_limits

DATA = Path(__file__).resolve().parent.parent / "data"


@transaction.atomic
def load_case_codes(*, actor=None):
    """Creates the missing codes; an administrator's changes stay. Returns the
    number created."""
    support = {c.code: c for c in ReferenceCode.objects.filter(kind=RegistryKind.SUPPORT_TYPE)}
    have = set(CaseCode.objects.values_list("kind", "code"))
    created = 0
    with (DATA / "codes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if (row["kind"], row["code"]) in have:
                continue
            code = CaseCode.objects.create(
                kind=row["kind"],
                code=row["code"],
                name=row["name"],
                name_en=row["name_en"],
                support_type=support.get(row["support_type"]),
                order=int(row["order"] or 0),
                source=row["source"],
            )
            record_create(code, actor=actor)
            created += 1
    return created


def load_case_data(*, actor=None):
    """Codes and step limits; the registry's support types first, if missing."""
    if not ReferenceCode.objects.filter(kind=RegistryKind.SUPPORT_TYPE).exists():
        from treem.children.services.reference import load_reference_codes

        load_reference_codes(actor=actor)
    return load_case_codes(actor=actor), load_step_limits(actor=actor)


@transaction.atomic
def save_case_code(code, *, actor, data):
    """Creates (code is None) or changes a harm kind or service type."""
    from django.utils.translation import gettext as _

    from treem.audit.services import record_update, snapshot

    from .common import CaseError

    if not (data.get("name") or "").strip() or not (data.get("code") or "").strip():
        raise CaseError(_("The code and the name are required."))
    duplicate = CaseCode.objects.filter(
        kind=data.get("kind", code and code.kind), code=data["code"]
    )
    if code is not None:
        duplicate = duplicate.exclude(pk=code.pk)
    if duplicate.exists():
        raise CaseError(_("This code is already in the list."))
    if code is None:
        code = CaseCode.objects.create(**data)
        record_create(code, actor=actor)
        return code
    before = snapshot(code)
    for name, value in data.items():
        setattr(code, name, value)
    code.save()
    record_update(code, before, actor=actor)
    return code


@transaction.atomic
def update_step_limit(limit, *, actor, data):
    """Changes a step's time limit; the source is required. Open cases keep
    the deadline they have until their next move."""
    from django.utils.translation import gettext as _

    from treem.audit.services import record_update, snapshot

    from .common import CaseError

    if not (data.get("source") or "").strip():
        raise CaseError(_("Say where the time limit comes from."))
    if not data.get("amount"):
        raise CaseError(_("The time limit must be at least 1."))
    before = snapshot(limit)
    for name, value in data.items():
        setattr(limit, name, value)
    limit.save()
    record_update(limit, before, actor=actor)
    return limit
