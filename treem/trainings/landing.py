"""The ward officer's landing page: the collaborators of the ward who lack
the training their role needs. A fixed number of queries."""

from treem.accounts.models import RoleAssignment
from treem.accounts.permissions import Perm, Role
from treem.accounts.scope import scope_for, scope_wards

from .gaps import missing_topics

SHOWN = 8


def untrained_section(request):
    user = request.user
    # A ward's officers only: the province reads the per-group page.
    if scope_wards(user, Perm.MANAGE_PLANS) is None:
        return None
    scope = scope_for(user, Perm.MANAGE_PLANS)
    assignments = list(
        RoleAssignment.objects.active()
        .filter(scope.q("unit"), role=Role.COLLABORATOR)
        .select_related("user", "unit")
        .order_by("unit__sort_name", "user__first_name")
    )
    if not assignments:
        return None
    missing = missing_topics({a.user_id for a in assignments})
    rows = [
        {"user": a.user, "group": a.unit, "topics": missing[a.user_id]}
        for a in assignments
        if a.user_id in missing
    ]
    if not rows:
        return None
    return {
        "template": "trainings/landing.html",
        "order": 40,
        "rows": rows[:SHOWN],
        "total": len(rows),
        "collaborators": len({a.user_id for a in assignments}),
        "more": len(rows) > SHOWN,
    }
