"""The cases' part of the landing page: due and overdue steps, most urgent
first, for officers and approvers; emergency accesses for approvers."""

import datetime

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
    to_approve = to_close = glass = None
    if has_perm(user, Perm.APPROVE_PLANS):
        to_approve = cases.filter(status=CaseStatus.PLAN_SUBMITTED).count()
        # The chairman decides the closures the officers propose (Art. 30(1)(b)).
        to_close = cases.filter(status=CaseStatus.CLOSURE_PROPOSED).count()
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
        "overdue_count": cases.filter(due_at__lt=now).count(),
        "open_count": cases.count(),
        "to_approve": to_approve,
        "to_close": to_close,
        "glass": glass,
        "unread": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }
