"""The landing page of an agency's reporter: the children's recommendations
its body must answer, overdue first. A fixed number of queries."""

from django.db.models import Count, Q
from django.utils import timezone

from treem.accounts.scope import agencies_for

from .models import Recommendation, RecommendationStatus

SHOWN = 10


def recommendations_section(request):
    own = agencies_for(request.user)
    if not own:
        return None
    on = timezone.localdate()
    waiting = Recommendation.objects.filter(
        addressee_id__in=own, status=RecommendationStatus.ASSIGNED
    )
    counts = waiting.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=on)))
    if not counts["total"]:
        return None
    rows = [
        {"rec": r, "overdue": r.deadline < on, "days": abs((r.deadline - on).days)}
        for r in waiting.select_related("forum").order_by("deadline", "pk")[:SHOWN]
    ]
    return {
        "template": "activities/landing.html",
        "order": 25,
        "rows": rows,
        "more": counts["total"] > len(rows),
        **counts,
    }
