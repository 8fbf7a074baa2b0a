"""Evidence from the register offered when a progress report is drafted: for
a task about places for children or care facilities, the places, facilities
and safety inspections of the reporting agency's area in the report's period,
as far as the reporter may see them. A read only: nothing is attached until
the reporter copies what they want into the report."""

from django.db.models import Q

from treem.areas.services import rollup_unit_ids
from treem.children import text

from .models import Inspection, Place, Register

# Tasks are matched by the indicators they feed (plans' Task.indicator_codes)
# or by words of their content.
INDICATORS = {"VH01", "VH02", "VH03"}
WORDS = ("vui choi", "thiet che", "phuc loi", "co so cham soc", "tu thien", "nuoi duong")


def serves(task):
    if INDICATORS & set(task.indicator_codes or ()):
        return True
    content = text.fold(task.content or "")
    return any(word in content for word in WORDS)


def evidence_for(report, user):
    """None when the task is not served by the register; else the places
    opened or inspected in the period, in the agency's area."""
    if not serves(report.task):
        return None
    unit = report.agency.unit
    places = Place.objects.visible_to(user)
    inspections = Inspection.objects.visible_to(user)
    if unit is not None and unit.level != "province":
        ids = rollup_unit_ids(unit)
        area = Q(unit_id__in=ids) | Q(ward_id__in=ids)
        places = places.filter(area)
        inspections = inspections.filter(Q(unit_id__in=ids) | Q(place__ward_id__in=ids))
    start, end = report.period_start, report.period_end
    open_at_end = places.filter(
        Q(opened_on__isnull=True) | Q(opened_on__lte=end),
        Q(closed_on__isnull=True) | Q(closed_on__gt=end),
    )
    return {
        "venues": open_at_end.filter(register=Register.VENUE).count(),
        "facilities": open_at_end.filter(register=Register.FACILITY).count(),
        "opened": list(
            places.filter(opened_on__gte=start, opened_on__lte=end)
            .select_related("type", "ward")
            .order_by("opened_on")[:20]
        ),
        "inspections": list(
            inspections.filter(inspected_on__gte=start, inspected_on__lte=end)
            .select_related("place")
            .prefetch_related("actions")
            .order_by("inspected_on")[:30]
        ),
    }
