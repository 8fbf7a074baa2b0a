"""Measures of the analytics store read from the children's recommendations
(treem/indicators refreshes them with the cases' measures, recounted whole):

- recs_due: recommendations whose answer was due in the year and that are
  answered or past their due date (a recommendation still within its time is
  not yet counted either way), by the forum's ward or province;
- recs_on_time: those of them answered on or before the due date.

The indicator "share of recommendations answered on time" divides the two."""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MEASURES = ("recs_due", "recs_on_time")
MEASURE_LABELS = {
    "recs_due": _("Children's recommendations due for an answer"),
    "recs_on_time": _("Children's recommendations answered on time"),
}


def contributions(years, today=None):
    """Counter keyed like Aggregate: (period, unit, measure, sex, age, group)."""
    from .models import Recommendation

    today = today or timezone.localdate()
    out = Counter()
    rows = (
        Recommendation.objects.order_by()
        .filter(
            deadline__year__gte=min(years),
            deadline__year__lte=max(years),
            answered_on_time__isnull=False,
        )
        .values_list("forum__unit_id", "deadline", "answered_on_time")
    )
    late = (
        Recommendation.objects.order_by()
        .filter(
            deadline__year__gte=min(years),
            deadline__year__lte=max(years),
            deadline__lt=today,
            answered_on_time__isnull=True,
        )
        .values_list("forum__unit_id", "deadline")
    )
    for unit_id, deadline, on_time in rows:
        out[(str(deadline.year), unit_id, "recs_due", "", -1, "")] += 1
        if on_time:
            out[(str(deadline.year), unit_id, "recs_on_time", "", -1, "")] += 1
    for unit_id, deadline in late:
        out[(str(deadline.year), unit_id, "recs_due", "", -1, "")] += 1
    return out
