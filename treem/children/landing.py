"""The registry's part of the landing page: the officer's working figures."""

from django.db.models import Count, Exists, OuterRef, Q

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for

from . import quality
from .models import Child, ChildTransfer, CircumstanceEpisode, IdStatus, MergeProposal
from .services.transfers import is_transfer_officer
from .views.quality import _default_ward_id


def registry_section(request):
    user = request.user
    if not has_perm(user, Perm.VIEW_PERSONAL):
        return None
    working = Child.objects.visible_to(user).working()
    # The quality panel covers one ward: the officer's or approver's own.
    own_ward = has_perm(user, Perm.VIEW_SENSITIVE) and _default_ward_id(user) is not None
    in_group = CircumstanceEpisode.objects.open_on().filter(child=OuterRef("pk"))
    if not has_perm(user, Perm.VIEW_SENSITIVE):
        in_group = in_group.filter(code__sensitive=False)
    # The data-quality checks (quality.py) in the same query: what the
    # officer has to complete, each a link to the children concerned.
    checks = quality.checks_for(has_perm(user, Perm.VIEW_SENSITIVE)) if own_ward else []
    figures = working.aggregate(
        total=Count("pk"),
        special=Count("pk", filter=Q(Exists(in_group))),
        no_id=Count("pk", filter=Q(id_status=IdStatus.MISSING)),
        bad_id=Count("pk", filter=Q(id_status=IdStatus.INVALID)),
        **{f"q_{c.slug}": Count("pk", filter=c.condition()) for c in checks},
    )
    problems = [
        {"check": c, "count": figures[f"q_{c.slug}"]} for c in checks if figures[f"q_{c.slug}"]
    ]
    merges = None
    if has_perm(user, Perm.CONFIRM_MERGES):
        merges = MergeProposal.objects.filter(
            state=MergeProposal.State.PROPOSED, keep__in=Child.objects.visible_to(user)
        ).count()
    transfers = None
    if is_transfer_officer(user):
        transfers = (
            ChildTransfer.objects.visible_to(user)
            .pending()
            .filter(scope_for(user, Perm.EDIT_PERSONAL).q("from_ward"))
            .count()
        )
    return {
        "template": "children/landing.html",
        "order": 30,
        "problems": problems,
        "transfers": transfers,
        "figures": figures,
        "merges": merges,
        "quality": has_perm(user, Perm.VIEW_SENSITIVE),
        # Approvers and viewers read the registry but do not register children.
        "can_create": has_perm(user, Perm.EDIT_PERSONAL),
    }
