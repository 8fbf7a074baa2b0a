"""The assistance part of the landing page: for those who record allowances,
the decisions in force, whether this month's payments were generated and how
many children are suggested, and the injuries of the year; for those who
only record injuries, the form to record one."""

from django.db.models import Q
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from .models import AllowanceDecision, AllowancePayment, Injury


def assistance_section(request):
    user = request.user
    if not has_perm(user, Perm.EDIT_PERSONAL):
        return None
    today = timezone.localdate()
    month = today.replace(day=1)
    context = {"template": "assistance/landing.html", "order": 40}
    if has_perm(user, Perm.VIEW_SENSITIVE):
        decisions = (
            AllowanceDecision.objects.visible_to(user)
            .filter(starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=month))
        )
        context["in_force"] = decisions.count()
        context["paid_this_month"] = (
            AllowancePayment.objects.visible_to(user).filter(month=month).count()
        )
        context["month"] = month
        # The register is sensitive: those who only record (collaborators)
        # get the recording form instead of the count and the list.
        context["injuries"] = (
            Injury.objects.visible_to(user).filter(occurred_on__year=today.year).count()
        )
    return context
