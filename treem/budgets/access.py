"""Who sees and records budget lines: the same rule as the activities they pay
for (treem/activities/access.py) — the reporters of the line's agency, and with
MANAGE_PLANS over the agency's area its ward's officers and the province.
Leaders (viewers) and collaborators see none; a line outside the scope answers
404, as a missing one."""

from treem.activities.access import (
    activity_filter as line_filter,
)
from treem.activities.access import (
    can_record_for,
    recording_agencies,
)
from treem.activities.access import (
    can_see_activities as can_see_budgets,
)

__all__ = ["can_record_for", "can_see_budgets", "line_filter", "recording_agencies"]
