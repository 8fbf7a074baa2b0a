from django.contrib import messages
from django.db.models import Q
from django.http import Http404

from treem.accounts.permissions import Perm
from treem.accounts.scope import agencies_for, has_perm
from treem.plans.models import PlanStatus, Task
from treem.plans.periods import AgencyGraph

from ..models import Activity, Forum, Recommendation


def _get(queryset, user, pk):
    try:
        return queryset.visible_to(user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_activity(user, pk):
    return _get(
        Activity.objects.select_related("kind", "agency__unit", "unit", "created_by"), user, pk
    )


def get_forum(user, pk):
    return _get(Forum.objects.select_related("unit", "organiser"), user, pk)


def get_recommendation(user, pk):
    return _get(
        Recommendation.objects.select_related("forum__unit", "addressee", "answered_by"), user, pk
    )


def task_choices(user, keep=()):
    """Tasks of plans in force the user sees: for an agency's reporter only
    those its body (or a body it took over) leads or works on."""
    tasks = Task.objects.visible_to(user).filter(plan__status=PlanStatus.ACTIVE)
    if not has_perm(user, Perm.MANAGE_PLANS):
        graph = AgencyGraph()
        bodies = set()
        for agency_id in agencies_for(user):
            bodies |= graph.forerunners(agency_id)
        tasks = tasks.filter(Q(lead_agency_id__in=bodies) | Q(coordinating_agencies__in=bodies))
    ids = set(tasks.values_list("pk", flat=True)) | set(keep)
    return Task.objects.filter(pk__in=ids).select_related("plan").order_by("plan_id", "order")


def fail(request, exc):
    messages.error(request, str(exc))
