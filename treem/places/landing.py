"""The register's part of the landing page: follow-up actions of safety
inspections past their due date, for those who keep the register."""

from django.utils import timezone

from treem.accounts.scope import has_perm

from .access import EDIT
from .models import FollowUpAction


def places_section(request):
    user = request.user
    if not has_perm(user, EDIT):
        return None
    today = timezone.localdate()
    overdue = FollowUpAction.objects.visible_to(user, EDIT).overdue(today)
    count = overdue.count()
    if not count:
        return None
    return {
        "template": "places/landing.html",
        # After the case steps (10): an overdue remedy at a play space is a
        # child's safety, ahead of plan reports and figures.
        "order": 20,
        "overdue_count": count,
        "overdue": list(overdue.select_related("inspection__place").order_by("due_on", "pk")[:10]),
        "today": today,
    }
