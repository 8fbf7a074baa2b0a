"""Measures of the analytics store read from the trainings (treem/indicators
refreshes them with the cases' measures, recounted whole):

- collaborators: residential-group collaborators holding the role at the end
  of the year (or today, for the current year), by residential group;
- collaborators_trained: those of them who had completed, by then, every
  topic the collaborator role needs.

Their ratio is the share of trained collaborators; summed up it gives the
ward's and the province's figures."""

import datetime
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MEASURES = ("collaborators", "collaborators_trained")
MEASURE_LABELS = {
    "collaborators": _("Residential-group collaborators"),
    "collaborators_trained": _("Residential-group collaborators trained as their role needs"),
}


def contributions(years, today=None):
    """Counter keyed like Aggregate: (period, unit, measure, sex, age, group)."""
    from treem.accounts.models import RoleAssignment
    from treem.accounts.permissions import Role

    from .gaps import trained_collaborators

    today = today or timezone.localdate()
    out = Counter()
    for year in sorted(set(years)):
        on = min(datetime.date(year, 12, 31), today)
        if on.year != year:
            continue  # a future year has no collaborators yet
        rows = list(
            RoleAssignment.objects.active(on)
            .filter(role=Role.COLLABORATOR, unit__level="residential_group")
            .values_list("unit_id", "user_id")
            .order_by()
            .distinct()
        )
        trained = trained_collaborators({uid for _unit, uid in rows}, on)
        for unit_id, user_id in rows:
            out[(str(year), unit_id, "collaborators", "", -1, "")] += 1
            if user_id in trained:
                out[(str(year), unit_id, "collaborators_trained", "", -1, "")] += 1
    return out
