"""The ward leader's part of the landing page: assessments of the ward's
schools and families submitted and waiting for their confirmation. A fixed
number of queries."""

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from .models import Assessment, AssessmentStatus, SetKind

SHOWN = 10


def confirmations_section(request):
    user = request.user
    if not (has_perm(user, Perm.APPROVE_INDICATORS) and has_perm(user, Perm.ASSESS_WARDS)):
        return None
    waiting = Assessment.objects.visible_to(user).filter(
        status=AssessmentStatus.SUBMITTED, kind__in=[SetKind.SCHOOL, SetKind.FAMILY]
    )
    rows = list(
        waiting.select_related("unit", "school", "criteria_set").order_by("submitted_at", "pk")[
            : SHOWN + 1
        ]
    )
    if not rows:
        return None
    return {
        "template": "reports/landing.html",
        # After the case steps and overdue remedies: recognition can wait a day.
        "order": 40,
        "rows": rows[:SHOWN],
        "more": len(rows) > SHOWN,
    }
