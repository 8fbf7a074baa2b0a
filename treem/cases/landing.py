"""The cases' part of the landing page: due and overdue steps, most urgent
first, for officers and approvers; emergency accesses for approvers."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for

from .models import AccessGrant, Case, CaseStatus, Notification

DUE_WITHIN = datetime.timedelta(days=3)


def cases_section(request):
    user = request.user
    if not has_perm(user, Perm.MANAGE_CASES):
        # Collaborators and agency users record reports without seeing cases.
        if has_perm(user, Perm.RECORD_CASE_REPORTS):
            return {"template": "cases/landing_reporter.html"}
        return None
    now = timezone.now()
    cases = Case.objects.visible_to(user).open()
    due = list(
        cases.filter(due_at__lte=now + DUE_WITHIN)
        .select_related("unit", "child")
        .order_by("due_at")[:20]
    )
    # The counts of the cards in one query.
    counts = {
        "open_count": Count("pk"),
        "overdue_count": Count("pk", filter=Q(due_at__lt=now)),
    }
    approves = has_perm(user, Perm.APPROVE_PLANS)
    if approves:
        counts["to_approve"] = Count("pk", filter=Q(status=CaseStatus.PLAN_SUBMITTED))
        # The chairman decides the closures the officers propose (Art. 30(1)(b)).
        counts["to_close"] = Count("pk", filter=Q(status=CaseStatus.CLOSURE_PROPOSED))
    counts = {"to_approve": None, "to_close": None, **cases.order_by().aggregate(**counts)}
    glass = None
    if approves:
        glass = list(
            AccessGrant.objects.filter(
                scope_for(user, Perm.APPROVE_PLANS).q("case__unit"),
                granted_at__gte=now - datetime.timedelta(days=30),
            ).select_related("user", "case")[:10]
        )
    return {
        "template": "cases/landing.html",
        # First on the officer's page (core/landing.py orders the sections).
        "order": 10,
        "due": due,
        **counts,
        "glass": glass,
        "unread": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }
