from django.contrib import messages
from django.db.models import F, Q
from django.http import Http404

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for
from treem.activities.views.common import task_choices
from treem.areas.models import AdminUnit, Level
from treem.places.access import VIEW as PLACE_VIEW
from treem.places.models import Place

from ..access import WARD_LEVELS, can_see_initiatives, recording_units
from ..models import Commendation, Initiative, Replication

__all__ = ["task_choices"]


def require_visible(user):
    if not can_see_initiatives(user):
        raise Http404


def _get(queryset, user, pk):
    try:
        return queryset.visible_to(user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_initiative(user, pk):
    return _get(
        Initiative.objects.select_related(
            "kind", "unit", "lead_agency", "place", "created_by", "replicated_from__source"
        ),
        user,
        pk,
    )


def get_commendation(user, pk):
    return _get(
        Commendation.objects.select_related("initiative__unit", "recipient_agency"), user, pk
    )


def get_replication(user, pk):
    return _get(Replication.objects.select_related("source", "ward", "replica"), user, pk)


def _ward_ids(user):
    units = list(recording_units(user))
    wards = {u.pk for u in units if u.level in WARD_LEVELS}
    provinces = [u.pk for u in units if u.level == Level.PROVINCE]
    return wards, provinces


def area_choices(user):
    """Wards and residential groups a model of the user may run in: a ward's
    officer picks among the ward's groups, the province among its wards."""
    wards, provinces = _ward_ids(user)
    q = Q(pk__in=wards) | Q(parent_id__in=wards, level=Level.RESIDENTIAL_GROUP)
    if provinces:
        q |= Q(province_id__in=provinces, level__in=WARD_LEVELS)
    return (
        AdminUnit.objects.in_force()
        .filter(q)
        .select_related("parent")
        .order_by(F("parent_id").asc(nulls_first=True), "sort_name", "pk")
    )


def place_choices(user):
    wards, provinces = _ward_ids(user)
    q = Q(ward_id__in=wards)
    if provinces:
        q |= Q(ward__province_id__in=provinces)
    return Place.objects.visible_to(user, PLACE_VIEW).filter(q).order_by("name", "pk")


def is_province_wide(user):
    scope = scope_for(user, Perm.MANAGE_PLANS)
    return scope.unlimited or bool(scope.province_ids)


def fail(request, exc):
    messages.error(request, str(exc))
