"""Merging duplicate records: an officer proposes, a supervisor (another user
with the approval permission, or a province officer) confirms. Both histories
are kept: everything that pointed at the duplicate now points at the record
kept, and the duplicate stays, marked merged, with a link to it."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from ..models import (
    ChildCaregiver,
    CircumstanceEpisode,
    Consent,
    MergeProposal,
    Residence,
    RiskEpisode,
    Status,
    Support,
)
from .registry import RegistryError, _derive

# Rows of other apps that point at a child (allowances, injuries, stays in a
# facility's care...). Each app registers them in its AppConfig.ready, so the
# registry needs no import of the apps built on it:
#   register_merge_model(model, field="child") moves the rows to the record kept;
#   register_merge_check(check) runs first: check(keep, drop) returns a message
#   (Vietnamese) when the two records hold rows that cannot both stay (two
#   allowances for the same months) and the merge is refused.
# Rows keep their own unit: it says who recorded or pays them, not where the
# child lives now.
MERGE_MODELS = []
MERGE_CHECKS = []


def register_merge_model(model, field="child"):
    if (model, field) not in MERGE_MODELS:
        MERGE_MODELS.append((model, field))


def register_merge_check(check):
    if check not in MERGE_CHECKS:
        MERGE_CHECKS.append(check)


@transaction.atomic
def propose_merge(keep, drop, *, actor, reason="", origin="officer"):
    if keep.pk == drop.pk:
        raise RegistryError(_("A record cannot be merged into itself."))
    if Status.MERGED in (keep.status, drop.status):
        raise RegistryError(_("One of these records has already been merged."))
    # The same pair the other way round is the same proposal.
    existing = MergeProposal.objects.filter(
        Q(keep=keep, drop=drop) | Q(keep=drop, drop=keep),
        state=MergeProposal.State.PROPOSED,
    ).first()
    if existing:
        return existing
    proposal = MergeProposal.objects.create(
        keep=keep,
        drop=drop,
        reason=reason,
        proposed_by=actor if getattr(actor, "pk", None) else None,
        origin=origin,
    )
    record_create(proposal, actor=actor, unit=keep.unit)
    return proposal


def can_confirm(user, proposal):
    """A supervisor (ward approver, province officer) over both records, who
    is not the officer who proposed the merge."""
    if proposal.proposed_by_id == getattr(user, "pk", None):
        return False
    return has_perm(user, Perm.CONFIRM_MERGES, proposal.keep.unit) and has_perm(
        user, Perm.CONFIRM_MERGES, proposal.drop.unit
    )


@transaction.atomic
def confirm_merge(proposal, *, actor):
    proposal = MergeProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != MergeProposal.State.PROPOSED:
        raise RegistryError(_("This proposal has already been decided."))
    if not can_confirm(actor, proposal):
        raise RegistryError(
            _("The merge must be confirmed by a supervisor other than the officer who proposed it.")
        )
    keep, drop = proposal.keep, proposal.drop
    for check in MERGE_CHECKS:
        problem = check(keep, drop)
        if problem:
            raise RegistryError(problem)
    moved = {}
    for model in (CircumstanceEpisode, RiskEpisode, Support, Consent, Residence):
        moved[model._meta.model_name] = model.objects.filter(child=drop).update(child=keep)
    for model, field in MERGE_MODELS:
        # The base manager: no scoping here, every row of the duplicate moves.
        rows = model._base_manager.filter(**{field: drop})
        moved[model._meta.label_lower] = rows.update(**{field: keep})
    # Caregivers: a caregiver linked to both stays linked once.
    shared = set(keep.caregiver_links.values_list("caregiver_id", flat=True))
    ChildCaregiver.objects.filter(child=drop, caregiver_id__in=shared).delete()
    moved["caregivers"] = ChildCaregiver.objects.filter(child=drop).update(child=keep)

    before_keep = snapshot(keep)
    # The record kept gains what only the duplicate knew; it never loses a value.
    for field in (
        "personal_id",
        "ethnicity_id",
        "address_line",
        "school_name",
        "grade",
        "health_insurance_card",
        "birth_registration_place",
    ):
        if not getattr(keep, field) and getattr(drop, field):
            setattr(keep, field, getattr(drop, field))
    pid = drop.personal_id
    before_drop = snapshot(drop)
    drop.status, drop.merged_into, drop.status_changed_on = (
        Status.MERGED,
        keep,
        timezone.localdate(),
    )
    drop.personal_id = None  # the ID now identifies the record kept
    drop.version += 1
    drop.save()
    if not keep.personal_id and pid:
        keep.personal_id = pid
    _derive(keep)
    keep.version += 1
    keep.save()
    record_update(drop, before_drop, actor=actor, note=_("merged into #%(pk)s") % {"pk": keep.pk})
    record_update(keep, before_keep, actor=actor, note=_("merged from #%(pk)s") % {"pk": drop.pk})
    before = snapshot(proposal)
    proposal.state, proposal.decided_by, proposal.decided_at = (
        MergeProposal.State.CONFIRMED,
        actor,
        timezone.now(),
    )
    proposal.save()
    record_update(proposal, before, actor=actor, unit=keep.unit)
    record_event(
        Action.UPDATE,
        actor=actor,
        subject=keep,
        note=_("records moved by the merge"),
        changes={"moved": {"old": None, "new": moved}},
    )
    return keep


@transaction.atomic
def reject_merge(proposal, *, actor, note=""):
    if proposal.state != MergeProposal.State.PROPOSED:
        raise RegistryError(_("This proposal has already been decided."))
    before = snapshot(proposal)
    proposal.state, proposal.decided_by, proposal.decided_at = (
        MergeProposal.State.REJECTED,
        actor,
        timezone.now(),
    )
    proposal.save()
    record_update(proposal, before, actor=actor, unit=proposal.keep.unit, note=note)
    return proposal
