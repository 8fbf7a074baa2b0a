"""Work lists of the landing page beside cases_section (landing.py):

- decisions_section: for officers, the reports received in the last seven
  days; for the ward's approver (the chairman), the plans and closures
  awaiting a decision, each a link to the case;
- referrals_section: what an agency's user has to answer, on the landing
  page itself (issue 15: they appeared only in the referral inbox), with
  what the inbox lists (case number, when, the service), nothing of the file.

Stage names come from CaseStatus by attribute and are skipped when absent,
so a renamed stage of the workflow leaves the list short, not the page broken."""

import datetime

from django.db.models import Count
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from .models import Case, CaseStatus, ReferralState
from .services.work import referrals_for_agency_user

SHOWN = 10
NEW_WITHIN = datetime.timedelta(days=7)
# (CaseStatus attribute, context key): what the chairman decides (Art. 30(1)(b)).
DECISIONS = (("PLAN_SUBMITTED", "plans"), ("CLOSURE_PROPOSED", "closures"))


def _decision_statuses():
    return {key: getattr(CaseStatus, name) for name, key in DECISIONS if hasattr(CaseStatus, name)}


def decisions_section(request):
    user = request.user
    if not has_perm(user, Perm.MANAGE_CASES):
        return None
    now = timezone.now()
    cases = Case.objects.visible_to(user).select_related("child")
    since = now - NEW_WITHIN
    section = {"template": "cases/landing_work.html", "order": 12, "since": since}
    new = cases.filter(received_at__gte=since).order_by("-received_at", "-pk")
    section["new"] = list(new[:SHOWN])
    section["new_count"] = (
        new.order_by().count() if len(section["new"]) == SHOWN else len(section["new"])
    )
    section["decisions"] = []
    if has_perm(user, Perm.APPROVE_PLANS):
        statuses = _decision_statuses()
        waiting = list(
            cases.filter(status__in=statuses.values()).order_by("status_changed_at", "pk")[:50]
        )
        counts = dict(
            cases.filter(status__in=statuses.values())
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        for key, status in statuses.items():
            section["decisions"].append(
                {
                    "key": key,
                    "status": status,
                    "label": CaseStatus(status).label,
                    "count": counts.get(status, 0),
                    "cases": [c for c in waiting if c.status == status][:SHOWN],
                }
            )
    if not section["new"] and not section["decisions"]:
        return None
    return section


def referrals_section(request):
    user = request.user
    if not has_perm(user, Perm.HANDLE_REFERRALS):
        return None
    pending = referrals_for_agency_user(user).filter(state=ReferralState.SENT)
    rows = list(pending.select_related("case", "service_type").order_by("sent_at", "pk")[:SHOWN])
    now = timezone.now()
    return {
        "template": "cases/landing_referrals.html",
        # Near the top while something waits for an answer, else below the reports.
        "order": 15 if rows else 60,
        "rows": [{"referral": r, "days": (now - r.sent_at).days} for r in rows],
        "count": pending.count() if len(rows) == SHOWN else len(rows),
    }
