"""Export of a filtered list of children to .xlsx or .csv.

The rows are exactly those of the list page for the same query string,
limited to what the user may export (Perm.EXPORT_PERSONAL). Sensitive columns
are written only for users who hold VIEW_SENSITIVE over everything they may
export, and their export is then logged as a sensitive read as well.
"""

import csv

from django.db import transaction
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for
from treem.areas.models import AdminUnit
from treem.audit.models import Action
from treem.audit.services import record_event

from .importer import BY_KEY
from .models import Child, ChildCaregiver, CircumstanceEpisode
from .queries import ChildFilter

# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"); tab and carriage return hide the same trick.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Parameters of the list page that are not filters.
NOT_FILTERS = ("format", "page")


class ExportProblem(Exception):
    """An expected failure, with a message for the user."""


def neutralise(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _yes_no(value):
    return {True: "Có", False: "Không"}.get(value, "")


def _parent(child, relation):
    for link in child.caregiver_links.all():
        if link.relation.code == relation:
            return link.caregiver
    return None


def _circumstances(child, sensitive):
    codes = [
        ep.code.code
        for ep in child.open_circumstances
        if sensitive or not (ep.code.sensitive or (ep.subgroup and ep.subgroup.sensitive))
    ]
    return ", ".join(sorted(set(codes)))


def _h(key):
    return BY_KEY[key].header


def _columns(sensitive):
    """(header, getter) pairs; headers shared with the import template are
    spelled the same, so an export can be edited and imported elsewhere."""

    def mother(c):
        return _parent(c, "me")

    def father(c):
        return _parent(c, "cha")

    columns = [
        ("Mã hồ sơ", lambda c: c.pk),
        (_h("family_name"), lambda c: c.family_name),
        (_h("middle_name"), lambda c: c.middle_name),
        (_h("given_name"), lambda c: c.given_name),
        (_h("date_of_birth"), lambda c: c.dob_display),
        (_h("sex"), lambda c: {"M": "Nam", "F": "Nữ"}.get(c.sex, "")),
        (_h("personal_id"), lambda c: c.personal_id or ""),
        (
            "Tình trạng mã",
            lambda c: {"ok": "Hợp lệ", "missing": "Chưa có", "invalid": "Sai"}[c.id_status],
        ),
        (
            _h("personal_id_missing_reason"),
            lambda c: c.personal_id_missing_reason.code if c.personal_id_missing_reason else "",
        ),
        (_h("ward"), lambda c: c.ward.name),
        (_h("group"), lambda c: c.unit.name if c.unit_id != c.ward_id else ""),
        (_h("address_line"), lambda c: c.address_line),
        (_h("mother_name"), lambda c: (m := mother(c)) and m.full_name or ""),
        (_h("mother_phone"), lambda c: (m := mother(c)) and m.phone or ""),
        (_h("mother_id"), lambda c: (m := mother(c)) and m.personal_id or ""),
        (_h("father_name"), lambda c: (f := father(c)) and f.full_name or ""),
        (_h("father_phone"), lambda c: (f := father(c)) and f.phone or ""),
        (_h("father_id"), lambda c: (f := father(c)) and f.personal_id or ""),
        (_h("school_name"), lambda c: c.school_name),
        (_h("grade"), lambda c: c.grade),
        (_h("circumstance"), lambda c: _circumstances(c, sensitive)),
        ("Trạng thái", lambda c: c.get_status_display()),
    ]
    if sensitive:
        columns += [
            (_h("ethnicity"), lambda c: c.ethnicity.name if c.ethnicity else ""),
            ("Thẻ BHYT", lambda c: c.health_insurance_card),
            ("Khuyết tật", lambda c: c.disability_type.name if c.disability_type else ""),
            ("Mức độ khuyết tật", lambda c: c.get_disability_level_display()),
            ("Tiêm chủng đầy đủ", lambda c: _yes_no(c.fully_vaccinated)),
            ("Dinh dưỡng", lambda c: c.get_nutrition_status_display()),
        ]
    return columns


# Sensitive facts an export with sensitive columns discloses, for the audit trail.
SENSITIVE_LOGGED = (*Child.SENSITIVE_FIELDS, "circumstance:sensitive")


def sees_sensitive(user):
    """VIEW_SENSITIVE over every area the user may export from."""
    export = scope_for(user, Perm.EXPORT_PERSONAL)
    sensitive = scope_for(user, Perm.VIEW_SENSITIVE)
    if sensitive.unlimited:
        return True
    if export.unlimited or sensitive.empty or not export.province_ids <= sensitive.province_ids:
        return False
    rest = export.unit_ids - sensitive.unit_ids
    if not rest:
        return True
    if not sensitive.province_ids:
        return False
    # Units left over are covered only if they lie in a province the user
    # sees sensitive data of.
    outside = AdminUnit.objects.filter(pk__in=rest).exclude(pk__in=sensitive.province_ids)
    return not outside.exclude(province_id__in=sensitive.province_ids).exists()


def filtered(user, query):
    """The filterset of the list page over what the user may export."""
    scope = scope_for(user, Perm.EXPORT_PERSONAL)
    if scope.empty:
        raise ExportProblem(_("You may not export personal data."))
    data = QueryDict(query, mutable=True)
    for name in NOT_FILTERS:
        data.pop(name, None)
    sensitive = sees_sensitive(user)
    filterset = ChildFilter(
        data,
        queryset=Child.objects.visible_to(user, Perm.EXPORT_PERSONAL),
        user=user,
        sensitive=sensitive,
        units=AdminUnit.objects.filter(scope.q("")),
    )
    return filterset, sensitive


def export_children(user, query, fmt, path, *, progress=None, job=None):
    """Writes the file at `path`; returns {"rows": n, "sensitive": bool}."""
    filterset, sensitive = filtered(user, query)
    if not filterset.is_valid():
        raise ExportProblem(_("The filters are not valid: correct them on the list page."))
    children = filterset.qs.select_related(
        "unit", "ward", "ethnicity", "personal_id_missing_reason", "disability_type"
    ).prefetch_related(
        Prefetch(
            "caregiver_links",
            queryset=ChildCaregiver.objects.select_related("caregiver", "relation"),
        ),
        Prefetch(
            "circumstances",
            queryset=CircumstanceEpisode.objects.open_on().select_related("code", "subgroup"),
            to_attr="open_circumstances",
        ),
    )
    total = children.count()
    columns = _columns(sensitive)
    headers = [h for h, _getter in columns]
    getters = [g for _h, g in columns]

    def rows():
        for i, child in enumerate(children.iterator(chunk_size=2000), start=1):
            yield [neutralise(g(child)) for g in getters]
            if progress and i % 1000 == 0:
                progress(i, total)

    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            count = sum(1 for row in rows() if writer.writerow(row) or True)
    elif fmt == "xlsx":
        import openpyxl

        # Write-only mode streams rows to disk instead of holding the sheet.
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Danh sách trẻ em")
        sheet.append(headers)
        count = 0
        for row in rows():
            sheet.append(row)
            count += 1
        book.save(path)
    else:
        raise ExportProblem(_("Choose .xlsx or .csv."))

    filters = {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "", [])}
    filters = {k: str(getattr(v, "pk", v)) for k, v in filters.items()}
    unit = getattr(job, "unit", None)
    with transaction.atomic():
        record_event(
            Action.EXPORT,
            actor=user,
            subject=job,
            unit=unit,
            changes={
                "rows": {"old": None, "new": count},
                "filters": {"old": None, "new": filters},
                "format": {"old": None, "new": fmt},
                "sensitive": {"old": None, "new": sensitive},
            },
            note=_("Export of the children's list"),
        )
        if sensitive and count:
            record_event(
                Action.VIEW_SENSITIVE,
                actor=user,
                subject=job,
                unit=unit,
                changes={
                    "fields": {"old": None, "new": sorted(SENSITIVE_LOGGED)},
                    "rows": {"old": None, "new": count},
                },
                note=_("Export of the children's list"),
            )
    return {"rows": count, "sensitive": sensitive, "format": fmt}
