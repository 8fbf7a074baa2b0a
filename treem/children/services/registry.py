"""Writes on child records. Every function runs in one transaction and writes
its audit event in it; views, the API and the importer all come here."""

import datetime
import difflib

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for
from treem.audit.models import Action
from treem.audit.services import record_create, record_event, record_update, snapshot

from .. import idnumber, text
from ..keys import full_name_folded, name_sort_key, search_keys
from ..models import Caregiver, Child, ChildCaregiver, IdStatus, Residence, Status
from ..validation import ward_id_of

# Name similarity (0–1, on folded names) above which two children of the same
# ward born the same day are flagged as a possible duplicate.
SIMILAR_NAME = 0.85

EDITABLE = tuple(
    f
    for f in Child.AUDIT_FIELDS
    if f not in ("status", "status_changed_on", "merged_into", "unit", "ward")
)


class RegistryError(ValueError):
    pass


class DuplicateId(RegistryError):
    """The ID is already registered. The plain message names no record: the
    record may be outside the user's area, where its number, name and ward are
    not theirs to learn; message_for(user) names it only when they may see it."""

    def __init__(self, existing):
        self.existing = existing
        super().__init__(_("This personal ID number is already in the registry."))

    def visible_to(self, user):
        return Child.objects.visible_to(user).filter(pk=self.existing.pk).exists()

    def message_for(self, user):
        if self.visible_to(user):
            return _("This personal ID number is already in the registry (record #%(pk)s).") % {
                "pk": self.existing.pk
            }
        return _(
            "This personal ID number is registered in another area. If the child has "
            "moved here, ask that area to transfer the record."
        )


class PossibleDuplicate(RegistryError):
    def __init__(self, candidates):
        self.candidates = candidates
        super().__init__(
            _(
                "A child with a similar name and the same date of birth is already "
                "registered in this ward. Check, then confirm that this is another "
                "child."
            )
        )


class EditConflict(RegistryError):
    def __init__(self, current):
        self.current = current
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. Your "
                "changes were not saved: compare both versions and save again."
            )
        )


def check_ward(unit, ward):
    """`ward` is the ward of `unit` (the unit itself, or a residential group's
    parent): lists filter on both (ChildQuerySet.visible_to)."""
    if getattr(ward, "pk", None) != ward_id_of(unit):
        raise RegistryError(_("The ward given is not the ward of this residential group."))


def _caregiver_names(child):
    if child.pk is None:
        return []
    return Caregiver.objects.filter(child_links__child=child).values_list("name_folded", flat=True)


def refresh_search_keys(child):
    """After a caregiver is linked or unlinked: the child's search keys carry
    its caregivers' names (keys.search_keys)."""
    child.search_keys = search_keys(child.name_folded, *_caregiver_names(child))
    Child.objects.filter(pk=child.pk).update(search_keys=child.search_keys)


def _derive(child, province_codes=None):
    child.name_folded = full_name_folded(child.family_name, child.middle_name, child.given_name)
    child.name_sort = name_sort_key(child.family_name, child.middle_name, child.given_name)
    child.search_keys = search_keys(child.name_folded, *_caregiver_names(child))
    if not child.personal_id:
        child.id_status = IdStatus.MISSING
    else:
        problems = idnumber.validate(
            child.personal_id,
            date_of_birth=child.date_of_birth,
            sex=child.sex,
            province_codes=province_codes,
        )
        child.id_status = IdStatus.INVALID if problems else IdStatus.OK


def similar_children(*, family_name, middle_name, given_name, date_of_birth, ward, exclude=None):
    """Children of the same ward with the same date of birth and a similar
    name, or with the same folded name and a date of birth within a month."""
    folded = full_name_folded(family_name, middle_name, given_name)
    window = (
        date_of_birth - datetime.timedelta(days=31),
        date_of_birth + datetime.timedelta(days=31),
    )
    candidates = (
        Child.objects.filter(ward=ward)
        .exclude(status=Status.MERGED)
        .filter(Q(date_of_birth=date_of_birth) | Q(name_folded=folded, date_of_birth__range=window))
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    found = []
    for child in candidates[:50]:
        ratio = difflib.SequenceMatcher(None, folded, child.name_folded).ratio()
        if child.name_folded == folded or ratio >= SIMILAR_NAME:
            found.append(child)
    return found


def check_duplicates(data, ward, *, exclude=None, confirmed=False):
    pid = data.get("personal_id")
    if pid:
        existing = Child.objects.filter(personal_id=pid)
        if exclude is not None:
            existing = existing.exclude(pk=exclude.pk)
        existing = existing.first()
        if existing is not None:
            raise DuplicateId(existing)
    if not confirmed:
        similar = similar_children(
            family_name=data["family_name"],
            middle_name=data.get("middle_name", ""),
            given_name=data["given_name"],
            date_of_birth=data["date_of_birth"],
            ward=ward,
            exclude=exclude,
        )
        if similar:
            raise PossibleDuplicate(similar)


@transaction.atomic
def create_child(*, actor, unit, ward, data, caregivers=(), confirmed=False, check=True):
    """`data` is validated (validation.validate_child); `caregivers` a list of
    dicts for add_caregiver. Raises DuplicateId or PossibleDuplicate."""
    check_ward(unit, ward)
    if check:
        check_duplicates(data, ward, confirmed=confirmed)
    child = Child(
        unit=unit,
        ward=ward,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: v for k, v in data.items() if k in EDITABLE},
    )
    child.resident_since = data.get("resident_since")
    _derive(child)
    child.save()
    record_create(child, actor=actor)
    residence = Residence.objects.create(
        child=child,
        unit=unit,
        address_line=child.address_line,
        moved_in_on=child.resident_since,
        recorded_by=child.created_by,
    )
    record_create(residence, actor=actor, unit=unit)
    for item in caregivers:
        add_caregiver(child, actor=actor, **item)
    return child


@transaction.atomic
def update_child(child, *, actor, data, expected_version=None):
    """Changes the editable fields. With `expected_version`, refuses (EditConflict)
    if the record changed since the user opened it."""
    current = Child.objects.select_for_update().get(pk=child.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise EditConflict(current)
    check_duplicates(
        {
            **{
                f: getattr(current, f)
                for f in ("family_name", "middle_name", "given_name", "date_of_birth")
            },
            **data,
        },
        current.ward,
        exclude=current,
        confirmed=True,
    )
    before = snapshot(current)
    for key, value in data.items():
        if key not in EDITABLE:
            raise RegistryError(f"not an editable field: {key}")
        setattr(current, key, value)
    _derive(current)
    if snapshot(current) == before:
        return current
    current.version += 1
    current.save()
    record_update(current, before, actor=actor)
    return current


@transaction.atomic
def move_child(child, *, actor, unit, ward, on=None, address_line=""):
    """A move between units; the history keeps the old residence."""
    check_ward(unit, ward)
    on = on or timezone.localdate()
    before = snapshot(child)
    Residence.objects.filter(child=child, moved_out_on__isnull=True).update(moved_out_on=on)
    residence = Residence.objects.create(
        child=child,
        unit=unit,
        address_line=address_line,
        moved_in_on=on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    record_create(residence, actor=actor, unit=unit)
    child.unit, child.ward = unit, ward
    child.address_line = address_line or child.address_line
    child.resident_since = on
    child.version += 1
    child.save()
    record_update(child, before, actor=actor, note=_("moved"))
    return child


@transaction.atomic
def change_status(child, status, *, actor, on=None, note=""):
    """Moved out of the province, deceased, or back to active. Merging has its
    own service; aged out is computed from the date of birth."""
    if status == Status.MERGED:
        raise RegistryError(_("Use the merge of duplicates to mark a record as merged."))
    if child.status == Status.MERGED:
        raise RegistryError(_("A merged record cannot change status."))
    before = snapshot(child)
    child.status = status
    child.status_changed_on = on or timezone.localdate()
    child.version += 1
    child.save()
    record_update(child, before, actor=actor, note=note)
    return child


def caregivers_in_scope(child, actor):
    """The caregivers a new link of `child` may reuse: those linked to children
    the actor may see, or whose own unit the actor may see; without a user
    (commands, the demo seed), those of the child's ward.
    Matching outside it would link, and show, a person known only to another
    ward (their name, phone and year of birth) to whoever types their ID."""
    if not getattr(actor, "is_authenticated", False):
        children = Child.objects.filter(ward_id=child.ward_id)
        own_unit = Q(unit_id__in=[child.unit_id, child.ward_id]) | Q(unit__parent_id=child.ward_id)
    else:
        # A user who reads no personal data (an agency reporter at intake) matches nobody.
        children = Child.objects.visible_to(actor)
        own_unit = scope_for(actor, Perm.VIEW_PERSONAL).q("unit")
    linked = ChildCaregiver.objects.filter(caregiver=OuterRef("pk"), child__in=children)
    return Caregiver.objects.filter(own_unit | Q(Exists(linked)))


def _find_caregiver(child, actor, personal_id, phone, name_folded):
    candidates = caregivers_in_scope(child, actor).order_by("pk")
    if personal_id:
        found = candidates.filter(personal_id=personal_id).first()
        if found:
            return found
    if phone and name_folded:
        return candidates.filter(phone=phone, name_folded=name_folded).first()
    return None


@transaction.atomic
def add_caregiver(
    child,
    *,
    actor,
    relation,
    given_name="",
    family_name="",
    middle_name="",
    full_name="",
    personal_id="",
    phone="",
    sex="",
    year_of_birth=None,
    lives_with=True,
    legal_representative=False,
):
    """Links a caregiver to the child, reusing the caregiver record siblings
    already share (same ID number, or same phone and name) when it is in the
    actor's scope (caregivers_in_scope); outside it a new record is made, which
    a province officer may later merge."""
    if full_name and not given_name:
        family_name, middle_name, given_name = text.split_name(text.clean_name(full_name))
    family_name, middle_name, given_name = (
        text.clean_name(p) for p in (family_name, middle_name, given_name)
    )
    if not given_name:
        raise RegistryError(_("The caregiver's name is required."))
    folded = full_name_folded(family_name, middle_name, given_name)
    phone = "".join(c for c in str(phone or "") if c.isdigit() or c == "+")
    caregiver = _find_caregiver(child, actor, personal_id, phone, folded)
    if caregiver is None:
        caregiver = Caregiver.objects.create(
            family_name=family_name,
            middle_name=middle_name,
            given_name=given_name,
            name_folded=folded,
            personal_id=personal_id or "",
            phone=phone,
            sex=sex or "",
            year_of_birth=year_of_birth,
            unit=child.unit,
        )
        record_create(caregiver, actor=actor, unit=child.unit)
    link, created = ChildCaregiver.objects.get_or_create(
        child=child,
        caregiver=caregiver,
        defaults={
            "relation": relation,
            "lives_with": lives_with,
            "legal_representative": legal_representative,
        },
    )
    if created:
        record_create(link, actor=actor, unit=child.unit)
        refresh_search_keys(child)
    return link


@transaction.atomic
def remove_caregiver(link, *, actor):
    unit = link.child.unit
    record_event(
        Action.DELETE,
        actor=actor,
        subject=link,
        unit=unit,
        changes={k: {"old": v, "new": None} for k, v in snapshot(link).items()},
    )
    link.delete()
    refresh_search_keys(link.child)


def siblings(child, caregiver_ids=None):
    """Other children sharing a caregiver with this one; `caregiver_ids`, the
    child's caregivers when the caller has read them already (none: no
    sibling, and no query)."""
    if caregiver_ids is None:
        caregiver_ids = child.caregiver_links.values("caregiver_id")
    elif not caregiver_ids:
        return Child.objects.none()
    return (
        Child.objects.filter(caregiver_links__caregiver_id__in=caregiver_ids)
        .exclude(pk=child.pk)
        .exclude(status=Status.MERGED)
        .distinct()
    )
