"""Eligibility suggestions: children of the user's area in a circumstance
group that qualifies for a monthly allowance (data/allowance-rules.yaml) and
without a decision in force. A suggestion is for the officer to check (a
poor-household condition, for one, is not in the registry), never a decision."""

from django.db.models import Q
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.children.models import Child, CircumstanceEpisode

from ..models import AllowanceDecision
from ..rules import rules


def suggested_group(code, disability_level):
    for group in rules().groups.values():
        if code not in group.circumstances:
            continue
        if group.disability_levels and disability_level not in group.disability_levels:
            continue
        return group
    return None


def suggestions(user, *, today=None, limit=200):
    """[(child, group)] sorted by given name, at most `limit`."""
    today = today or timezone.localdate()
    codes = {c for g in rules().groups.values() for c in g.circumstances}
    children = Child.objects.visible_to(user, Perm.VIEW_SENSITIVE).working(today)
    in_force = AllowanceDecision.objects.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    episodes = (
        CircumstanceEpisode.objects.open_on(today)
        .filter(code__code__in=codes, code__kind="circumstance_group")
        .filter(child__in=children)
        .exclude(child__in=in_force.values("child_id"))
        .select_related("child", "child__unit", "code")
        .order_by("child__name_sort", "child_id")
    )
    found, seen = [], set()
    for episode in episodes.iterator():
        child = episode.child
        if child.pk in seen:
            continue
        group = suggested_group(episode.code.code, child.disability_level)
        if group is None:
            continue
        seen.add(child.pk)
        found.append((child, group))
        if len(found) >= limit:
            break
    return found
