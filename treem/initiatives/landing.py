"""The landing page's parts: for a ward's officers and the lead agencies, the
running models due for evaluation (overdue first); for the province, the
recent commendations. A fixed number of queries each."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from .access import can_see_initiatives
from .models import Commendation, Initiative, Status
from .views.common import is_province_wide

SHOWN = 8
# Models due within this many days are listed before they fall due.
AHEAD = 30
RECENT_DAYS = 365


def evaluations_section(request):
    user = request.user
    if not can_see_initiatives(user) or is_province_wide(user):
        return None
    today = timezone.localdate()
    due = Initiative.objects.editable_by(user).filter(
        status=Status.RUNNING, next_evaluation_due__lte=today + datetime.timedelta(days=AHEAD)
    )
    counts = due.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(next_evaluation_due__lt=today))
    )
    if not counts["total"]:
        return None
    rows = [
        {
            "initiative": i,
            "overdue": i.next_evaluation_due < today,
            "days": abs((i.next_evaluation_due - today).days),
        }
        for i in due.select_related("kind", "unit").order_by("next_evaluation_due", "pk")[:SHOWN]
    ]
    return {
        "template": "initiatives/landing_due.html",
        # After case steps, reports owed and children's recommendations.
        "order": 40,
        "rows": rows,
        "more": counts["total"] > len(rows),
        **counts,
    }


def commendations_section(request):
    user = request.user
    if not is_province_wide(user):
        return None
    since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    recent = Commendation.objects.visible_to(user).filter(decided_on__gte=since)
    rows = list(
        recent.select_related("initiative__unit", "recipient_agency").order_by(
            "-decided_on", "-pk"
        )[:SHOWN]
    )
    if not rows:
        return None
    return {
        "template": "initiatives/landing_commendations.html",
        "order": 45,
        "rows": rows,
        "total": recent.count(),
    }
