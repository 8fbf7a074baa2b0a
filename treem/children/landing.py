"""The registry's part of the landing page: the officer's working figures.

Counting them reads every child of the area (166,000 in a ward, a million for
the province), so they are cached per scope (core/landing.py explains when
they are counted again); the queues to decide (merges, transfers) are small
and counted on every request."""

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm, scope_for, scope_wards
from treem.core.landing import cached_figures, figures_key, mark_changed

from . import quality
from .models import (
    Child,
    ChildCaregiver,
    ChildTransfer,
    CircumstanceEpisode,
    IdStatus,
    MergeProposal,
)
from .services.transfers import is_transfer_officer
from .views.quality import _default_ward_id

# Raised when the figures' meaning changes, so that no cache holds the old.
VERSION = 1
# Province-wide and unlimited scopes: any write anywhere marks them.
ANY = "registry:any"


def _ward_mark(ward_id):
    return f"registry:ward:{ward_id}"


def _count(user, sensitive, checks):
    on = timezone.localdate()
    in_group = CircumstanceEpisode.objects.open_on(on)
    if not sensitive:
        in_group = in_group.filter(code__sensitive=False)
    # A semi-join (the open episodes' children hashed once) rather than an
    # EXISTS per child: 0.1 s instead of 0.4 s over a ward of 166,000.
    special = Q(pk__in=in_group.values("child_id"))
    # The data-quality checks (quality.py) in the same query: what the
    # officer has to complete, each a link to the children concerned.
    return (
        Child.objects.visible_to(user)
        .working(on)
        .order_by()
        .aggregate(
            total=Count("pk"),
            special=Count("pk", filter=special),
            no_id=Count("pk", filter=Q(id_status=IdStatus.MISSING)),
            bad_id=Count("pk", filter=Q(id_status=IdStatus.INVALID)),
            **{f"q_{c.slug}": Count("pk", filter=c.condition()) for c in checks},
        )
    )


def registry_figures(request, sensitive, checks):
    """The cached count: {"counted_at", "figures"}. The key holds everything
    the figures depend on: the units the user's role covers, whether they
    see sensitive groups, the checks shown and the day (who is under 16,
    which episodes are open); two users share figures only if all agree."""
    user = request.user
    scope = scope_for(user, Perm.VIEW_PERSONAL)
    key = figures_key(
        "registry",
        VERSION,
        timezone.localdate().isoformat(),
        scope.unlimited,
        sorted(scope.province_ids),
        sorted(scope.unit_ids),
        sensitive,
        [c.slug for c in checks],
    )
    wards = scope_wards(user, Perm.VIEW_PERSONAL)
    marks = [_ward_mark(w) for w in sorted(wards)] if wards else [ANY]
    return cached_figures(
        key,
        marks,
        lambda: _count(user, sensitive, checks),
        recount=request.GET.get("recount") == "registry",
    )


def registry_section(request):
    user = request.user
    if not has_perm(user, Perm.VIEW_PERSONAL):
        return None
    sensitive = has_perm(user, Perm.VIEW_SENSITIVE)
    # The quality panel covers one ward: the officer's or approver's own.
    own_ward = sensitive and _default_ward_id(user) is not None
    checks = quality.checks_for(sensitive) if own_ward else []
    counted = registry_figures(request, sensitive, checks)
    figures = counted["figures"]
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
        "counted_at": datetime.datetime.fromtimestamp(counted["counted_at"], datetime.UTC),
        "merges": merges,
        "quality": sensitive,
        # Approvers and viewers read the registry but do not register children.
        "can_create": has_perm(user, Perm.EDIT_PERSONAL),
    }


# Writes mark the wards whose figures they change, once they commit (a count
# started before the commit would not see them). Queryset updates and bulk
# imports send no signal: MAX_AGE bounds how long their effect goes uncounted.


def _mark_after_commit(*ward_ids):
    marks = [ANY] + [_ward_mark(w) for w in ward_ids if w is not None]
    transaction.on_commit(lambda: mark_changed(marks))


def _child_changed(sender, instance, **kwargs):
    _mark_after_commit(instance.ward_id)


def _child_part_changed(sender, instance, **kwargs):
    """An episode or a caregiver link: the ward of its child."""
    field = sender._meta.get_field("child")
    if field.is_cached(instance):
        ward_id = instance.child.ward_id
    else:
        ward_id = (
            Child.objects.filter(pk=instance.child_id).values_list("ward_id", flat=True).first()
        )
    _mark_after_commit(ward_id)


def _transfer_changed(sender, instance, **kwargs):
    # An accepted transfer moves the child out of one ward into the other.
    _mark_after_commit(instance.from_ward_id, instance.to_ward_id)


for _name, _signal in (("save", post_save), ("delete", post_delete)):
    _signal.connect(_child_changed, sender=Child, dispatch_uid=f"landing-child-{_name}")
    for _model in (CircumstanceEpisode, ChildCaregiver):
        _signal.connect(
            _child_part_changed,
            sender=_model,
            dispatch_uid=f"landing-{_model._meta.model_name}-{_name}",
        )
post_save.connect(_transfer_changed, sender=ChildTransfer, dispatch_uid="landing-transfer")
