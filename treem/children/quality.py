"""The data-quality panel: what a ward's working list lacks, counted in one
query, and the pairs of records that may be the same child. This is the first
step of the national clean-up (list the children without a valid ID or with
missing basic data, before household review and police verification)."""

import difflib
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .models import ChildCaregiver, DobPrecision, IdStatus, MergeProposal, Sex
from .services.registry import SIMILAR_NAME


@dataclass(frozen=True)
class Check:
    slug: str
    label: str
    # Parameters of the main list's filter showing the same children, if any.
    list_filter: dict | None = None
    sensitive: bool = False

    def condition(self):
        return CONDITIONS[self.slug]()


def _without_caregiver():
    return ~Exists(ChildCaregiver.objects.filter(child=OuterRef("pk")))


# Built lazily: Exists needs a fresh OuterRef each time it is used.
CONDITIONS = {
    "no-id": lambda: Q(id_status=IdStatus.MISSING),
    "invalid-id": lambda: Q(id_status=IdStatus.INVALID),
    "name": lambda: Q(family_name="") | Q(given_name=""),
    "dob": lambda: ~Q(dob_precision=DobPrecision.DAY),
    "sex": lambda: ~Q(sex__in=Sex.values),
    "ethnicity": lambda: Q(ethnicity__isnull=True),
    "caregiver": _without_caregiver,
}

CHECKS = (
    Check("no-id", _("Without a personal ID number"), {"id_status": IdStatus.MISSING}),
    Check("invalid-id", _("With an invalid personal ID number"), {"id_status": IdStatus.INVALID}),
    Check("name", _("Family or given name missing")),
    Check("dob", _("Date of birth not exact (only month or year known)")),
    Check("sex", _("Sex missing")),
    Check("ethnicity", _("Ethnicity missing"), sensitive=True),
    Check("caregiver", _("No parent or caregiver recorded")),
)
CHECKS_BY_SLUG = {c.slug: c for c in CHECKS}
DUPLICATES = "duplicates"


def checks_for(sensitive):
    """The checks a user may see: the ethnicity check only with VIEW_SENSITIVE."""
    return [c for c in CHECKS if sensitive or not c.sensitive]


def count_problems(children, checks):
    """{slug: count} plus "total", in one aggregate query."""
    aggregates = {"total": Count("pk")}
    for check in checks:
        aggregates[check.slug] = Count("pk", filter=check.condition())
    return children.order_by().aggregate(**aggregates)


@dataclass
class Pair:
    keep: object
    drop: object
    similarity: float
    open_proposal_id: int | None = None


def _keep_first(a, b):
    """The record to keep by default: a valid ID first, then the older record."""
    return sorted((a, b), key=lambda c: (c.id_status != IdStatus.OK, c.pk))


def suspected_duplicates(children):
    """Pairs of children born the same day whose folded names are alike.

    Dates of birth shared by several children are found in SQL; only those
    children are read, and names are compared in Python within each date, so
    the number of queries does not depend on the size of the ward. Pairs a
    supervisor already rejected are left out; pairs with an open proposal
    carry its id."""
    shared_dobs = (
        children.order_by()
        .values("date_of_birth")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("date_of_birth")
    )
    rows = (
        children.filter(date_of_birth__in=shared_dobs)
        .select_related("unit")
        .order_by("date_of_birth", "pk")
    )
    by_dob = defaultdict(list)
    for child in rows:
        by_dob[child.date_of_birth].append(child)

    pairs = []
    for group in by_dob.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                matcher = difflib.SequenceMatcher(None, a.name_folded, b.name_folded)
                if a.name_folded != b.name_folded and (
                    matcher.real_quick_ratio() < SIMILAR_NAME or matcher.ratio() < SIMILAR_NAME
                ):
                    continue
                keep, drop = _keep_first(a, b)
                pairs.append(Pair(keep, drop, matcher.ratio()))
    if not pairs:
        return pairs

    ids = {c.pk for p in pairs for c in (p.keep, p.drop)}
    decided = MergeProposal.objects.filter(
        keep_id__in=ids,
        drop_id__in=ids,
        state__in=[MergeProposal.State.PROPOSED, MergeProposal.State.REJECTED],
    ).values_list("keep_id", "drop_id", "state", "pk")
    rejected, open_ = set(), {}
    for keep_id, drop_id, state, pk in decided:
        key = frozenset((keep_id, drop_id))
        if state == MergeProposal.State.REJECTED:
            rejected.add(key)
        else:
            open_[key] = pk
    kept = []
    for pair in pairs:
        key = frozenset((pair.keep.pk, pair.drop.pk))
        if key in rejected:
            continue
        pair.open_proposal_id = open_.get(key)
        kept.append(pair)
    return kept
