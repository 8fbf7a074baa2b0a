"""Evidence from the assistance registers offered when a progress report is
drafted: for a task about social assistance, injury or drowning prevention or
child labour (BV06–BV09), the allowance decisions and payments, other support,
injuries and safety classes of the reporting agency's area in the report's
period. Counts only, read with the aggregate scope (no child is named: the
reporter may not see the children), as treem.places.evidence does for places."""

from django.db.models import Count, Q, Sum

from treem.accounts.permissions import Perm
from treem.areas.services import rollup_unit_ids
from treem.children import text

from .models import (
    AllowanceDecision,
    AllowancePayment,
    Cause,
    Injury,
    Outcome,
    SafetyClass,
    SafetyClassKind,
    SupportItem,
)

# Tasks are matched by the indicators they feed (plans' Task.indicator_codes):
# BV06–BV08 are counted from the injury register, BV09 is child labour; or by
# words of their content (folded: no diacritics, lower case).
INDICATORS = {"BV06", "BV07", "BV08", "BV09"}
WORDS = (
    "tro giup xa hoi",
    "tro cap xa hoi",
    "bao tro xa hoi",
    "hoan canh dac biet",
    "mo coi",
    "tai nan thuong tich",
    "duoi nuoc",
    "day boi",
    "hoc boi",
    "boi an toan",
    "lao dong tre em",
    "tre em lao dong",
)
TAUGHT = ("girls_0_5", "boys_0_5", "girls_6_10", "boys_6_10", "girls_11_15", "boys_11_15")


def serves(task):
    if INDICATORS & set(task.indicator_codes or ()):
        return True
    content = text.fold(task.content or "")
    return any(word in content for word in WORDS)


def _in_area(queryset, unit):
    if unit is None or unit.level == "province":
        return queryset
    ids = rollup_unit_ids(unit)
    return queryset.filter(Q(unit_id__in=ids) | Q(ward_id__in=ids))


def evidence_for(report, user):
    """None when the task is not served by these registers; else counts of
    the period in the agency's area, as far as the reader may see aggregates."""
    if not serves(report.task):
        return None
    unit = report.agency.unit
    start, end = report.period_start, report.period_end

    def rows(model):
        return _in_area(model.objects.visible_to(user, Perm.VIEW_AGGREGATES), unit)

    decisions = rows(AllowanceDecision).aggregate(
        in_force=Count(
            "pk",
            filter=Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=end)),
        ),
        decided=Count("pk", filter=Q(decided_on__gte=start, decided_on__lte=end)),
        ended=Count("pk", filter=Q(ends_on__gte=start, ends_on__lte=end)),
    )
    payments = (
        rows(AllowancePayment)
        .filter(month__gte=start.replace(day=1), month__lte=end)
        .aggregate(
            count=Count("pk"), children=Count("child_id", distinct=True), amount=Sum("amount")
        )
    )
    injuries = (
        rows(Injury)
        .filter(occurred_on__gte=start, occurred_on__lte=end)
        .aggregate(
            count=Count("pk"),
            children=Count("child_id", distinct=True),
            drowned=Count("child_id", distinct=True, filter=Q(cause=Cause.DROWNING)),
            deaths=Count("pk", filter=Q(outcome=Outcome.DEATH)),
        )
    )
    classes = (
        rows(SafetyClass)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .aggregate(
            swimming=Count("pk", filter=Q(kind=SafetyClassKind.SWIMMING)),
            water_safety=Count("pk", filter=Q(kind=SafetyClassKind.WATER_SAFETY)),
            **{field: Sum(field) for field in TAUGHT},
        )
    )
    support = (
        rows(SupportItem)
        .filter(received_on__gte=start, received_on__lte=end)
        .aggregate(count=Count("pk"), children=Count("child_id", distinct=True))
    )
    return {
        "decisions": decisions,
        "payments": {**payments, "amount": payments["amount"] or 0},
        "injuries": injuries,
        "classes": {
            "swimming": classes["swimming"],
            "water_safety": classes["water_safety"],
            "taught": sum(classes[field] or 0 for field in TAUGHT),
        },
        "support": support,
    }
