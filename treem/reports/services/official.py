"""Requesting an official report: the row and its background job, in one
transaction with the audit event."""

from django.db import transaction
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.audit.services import record_create
from treem.jobs.services import start_job

from ..access import can_report_on
from ..models import OfficialReport, ReportKind
from . import ReportsError, ReportsPermissionError

HEADER_FIELDS = (
    "issuer",
    "parent_body",
    "number_symbol",
    "place",
    "issued_on",
    "recipients",
    "signer_capacity",
    "signer_title",
    "signer_name",
    "difficulties",
    "proposals",
)


@transaction.atomic
def request_report(*, actor, kind, unit, year, **header):
    if not can_report_on(actor, unit):
        raise ReportsPermissionError(_("You may not report for this unit."))
    if kind not in ReportKind.values:
        raise ReportsError(_("Unknown report."))
    unknown = set(header) - set(HEADER_FIELDS)
    if unknown:
        raise ReportsError(f"unknown fields: {sorted(unknown)}")
    if not (header.get("issuer") or "").strip() or not (header.get("number_symbol") or "").strip():
        raise ReportsError(_("The issuing body and the number and symbol are required."))
    report = OfficialReport.objects.create(
        kind=kind, unit=unit, year=year, created_by=actor, **header
    )
    job = start_job(
        "official_report",
        actor=actor,
        title=_("%(report)s %(year)s – %(unit)s")
        % {"report": report.get_kind_display(), "year": year, "unit": unit.name},
        params={"report": report.pk},
        unit=unit,
        permission=Perm.GENERATE_REPORTS,
    )
    report.job = job
    report.save(update_fields=["job"])
    record_create(report, actor=actor)
    return report


def default_header(unit, kind):
    """What the request form proposes for a unit: the usual header of a ward
    People's Committee or of the province's Department of Health, which
    took over child affairs in 2025."""
    if unit.level == "province":
        return {
            "parent_body": f"UBND tỉnh {unit.name}",
            "issuer": "Sở Y tế",
            "number_symbol": "      /BC-SYT",
            "place": unit.name,
            "recipients": "- Bộ Y tế (Cục Bà mẹ và Trẻ em);\n- UBND tỉnh;\n- Lưu: VT.",
            "signer_capacity": "KT. GIÁM ĐỐC",
            "signer_title": "PHÓ GIÁM ĐỐC",
        }
    province = unit.parent.name if unit.parent else ""
    return {
        "parent_body": "",
        "issuer": f"Ủy ban nhân dân phường {unit.name}",
        "number_symbol": "      /BC-UBND",
        "place": unit.name,
        "recipients": f"- UBND tỉnh {province} (qua Sở Y tế);\n- Đảng ủy phường;\n- Lưu: VT.",
        "signer_capacity": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
    }
