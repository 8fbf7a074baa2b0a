"""The registry's part of the landing page: the officer's working figures."""

from django.db.models import Count, Exists, OuterRef, Q

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from .models import Child, CircumstanceEpisode, IdStatus, MergeProposal


def registry_section(request):
    user = request.user
    if not has_perm(user, Perm.VIEW_PERSONAL):
        return None
    working = Child.objects.visible_to(user).working()
    in_group = CircumstanceEpisode.objects.open_on().filter(child=OuterRef("pk"))
    if not has_perm(user, Perm.VIEW_SENSITIVE):
        in_group = in_group.filter(code__sensitive=False)
    figures = working.aggregate(
        total=Count("pk"),
        special=Count("pk", filter=Q(Exists(in_group))),
        no_id=Count("pk", filter=Q(id_status=IdStatus.MISSING)),
        bad_id=Count("pk", filter=Q(id_status=IdStatus.INVALID)),
    )
    merges = None
    if has_perm(user, Perm.CONFIRM_MERGES):
        merges = MergeProposal.objects.filter(
            state=MergeProposal.State.PROPOSED, keep__in=Child.objects.visible_to(user)
        ).count()
    return {
        "template": "children/landing.html",
        "figures": figures,
        "merges": merges,
        "quality": has_perm(user, Perm.VIEW_SENSITIVE),
    }
