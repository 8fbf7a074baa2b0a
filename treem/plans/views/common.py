from django.contrib import messages
from django.http import Http404
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, get_for_user, has_perm, scope_for

from ..models import Plan, ProgressReport, Task
from ..services import PlanError


def require(user, perm):
    """Not holding the permission anywhere looks the same as a missing page."""
    if not has_perm(user, perm):
        raise Http404


def get_plan(user, pk):
    return get_for_user(Plan.objects.select_related("owner_agency", "unit", "document"), user, pk)


def get_task(user, pk):
    try:
        return (
            Task.objects.visible_to(user)
            .select_related("plan__unit", "plan__owner_agency", "section", "lead_agency__unit")
            .get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_report(user, pk):
    try:
        return (
            ProgressReport.objects.visible_to(user)
            .select_related("task__plan__unit", "task__section", "agency__unit")
            .get(pk=pk)
        )
    except (ProgressReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def area_agency_filter(user, prefix=""):
    """Reports whose agency lies in the user's plan-viewing area, or is the
    user's own agency: what lists and the matrix show of other bodies."""
    from django.db.models import Q

    scope = scope_for(user, Perm.VIEW_PLANS)
    q = scope.q(f"{prefix}agency__unit")
    own = agencies_for(user)
    if own:
        q |= Q(**{f"{prefix}agency_id__in": own})
    return q


def fail(request, exc):
    messages.error(request, str(exc))


def today():
    return timezone.localdate()


__all__ = [
    "PlanError",
    "area_agency_filter",
    "fail",
    "get_plan",
    "get_report",
    "get_task",
    "require",
    "today",
]
