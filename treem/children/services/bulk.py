"""Creating many children at once (imports, demo data, benchmarks) in one
transaction, with one audit event per record, like the one-by-one services.

On PostgreSQL the rows go in with COPY (bulk_copy.py): Django 5.2's UNNEST
`bulk_create` spends much of an import building model instances and dumping
its arrays in Python (bench/README.md). SQLite keeps `bulk_create` below.
Either way the caller's transaction makes the whole write all-or-nothing.
"""

from django.db import connection, transaction
from django.db.models import Case, F, When

from treem.areas.models import Level
from treem.audit.models import Action
from treem.audit.services import record_creates_bulk, record_event

from .. import text
from ..keys import full_name_folded, search_keys
from ..models import Caregiver, Child, ChildCaregiver, CircumstanceEpisode, Residence, RiskEpisode
from .registry import EDITABLE, _derive, check_ward

BATCH = 2000
# The benchmark switches this off to time the bulk_create path on PostgreSQL.
COPY_ON_POSTGRESQL = True
# Values per IN list of the caregiver lookup (SQLite caps parameters).
LOOKUP_CHUNK = 900


class CaregiverMatcher:
    """Who is the same caregiver, for many rows at once: the rule of the
    single-record service (services.registry.add_caregiver), applied use by
    use in file order as if the rows were added one after another:

    1. the same personal ID;
    2. else the same phone and folded name;
    3. else, inside this import only, the same folded name and sex at the
       same address (not empty) of the same unit (residential group or
       ward): siblings listed in one file share their parents even without
       a phone or an ID, unless an ID or a phone tells them apart.

    Matching never leaves the child's ward: a caregiver recorded in another
    ward, or met on a row of another ward, is another record (a province
    officer merges them when they are one person). An empty phone or name is
    never a key: phoneless parents who merely share a name stay apart.

    Each use gets a reference: ("old", pk) for a caregiver of the registry,
    ("new", n) for the n-th caregiver to create (`new[n]` is its first use).
    """

    def __init__(self, existing=()):
        """`existing`: (pk, ward id, personal ID, phone, folded name) of the
        registry's caregivers, in pk order (the service takes the first)."""
        self.by_id, self.by_phone, self.by_home = {}, {}, {}
        self.names, self.known = {}, {}
        self.new = []
        for pk, ward_id, pid, phone, folded in existing:
            ref = ("old", pk)
            self.names[ref] = folded
            if pid:
                self.by_id.setdefault((ward_id, pid), ref)
            if phone and folded:
                self.by_phone.setdefault((ward_id, phone, folded), ref)

    def match(self, cg, *, ward_id, unit_id, address=""):
        """The reference of caregiver use `cg` (a dict with `name_folded`)."""
        pid, phone, folded = cg.get("personal_id") or "", cg.get("phone") or "", cg["name_folded"]
        if pid and (ref := self.by_id.get((ward_id, pid))):
            return ref
        if phone and folded and (ref := self.by_phone.get((ward_id, phone, folded))):
            return ref
        address = text.fold(address)
        home = (unit_id, folded, cg.get("sex") or "", address) if address and folded else None
        if home and (ref := self.by_home.get(home)):
            other_pid, other_phone = self.known[ref]
            if not (pid and other_pid and pid != other_pid) and not (
                phone and other_phone and phone != other_phone
            ):
                return ref
        ref = ("new", len(self.new))
        self.new.append(cg)
        self.names[ref] = folded
        self.known[ref] = (pid, phone)
        if pid:
            self.by_id.setdefault((ward_id, pid), ref)
        if phone and folded:
            self.by_phone.setdefault((ward_id, phone, folded), ref)
        if home:
            self.by_home.setdefault(home, ref)
        return ref


def caregiver_wanted(items, name_folded):
    """The caregiver uses of `items` with their folded names, and the IDs and
    phones to look up in the registry. `name_folded(family, middle, given)`."""
    uses, ids, phones = [], set(), set()
    for n, item in enumerate(items):
        for cg in item.get("caregivers", ()):
            cg = dict(cg)
            cg["name_folded"] = name_folded(
                cg.get("family_name", ""), cg.get("middle_name", ""), cg["given_name"]
            )
            cg["_child"] = n
            if cg.get("personal_id"):
                ids.add(cg["personal_id"])
            if cg.get("phone"):
                phones.add(cg["phone"])
            uses.append(cg)
    return uses, sorted(ids), sorted(phones)


def match_caregivers(items, uses, existing):
    """A CaregiverMatcher over `existing` and the reference of every use."""
    matcher = CaregiverMatcher(existing)
    refs = []
    for cg in uses:
        item = items[cg["_child"]]
        refs.append(
            matcher.match(
                cg,
                ward_id=item["ward"].pk,
                unit_id=item["unit"].pk,
                address=item["data"].get("address_line", ""),
            )
        )
    return matcher, refs


def _existing_caregivers(ids, phones):
    """(pk, ward id, personal ID, phone, folded name) of the registry's
    caregivers holding one of `ids` or `phones`, in pk order."""
    ward = Case(
        When(unit__level=Level.RESIDENTIAL_GROUP, then=F("unit__parent_id")),
        default=F("unit_id"),
    )
    rows = Caregiver.objects.annotate(ward_id=ward).values_list(
        "pk", "ward_id", "personal_id", "phone", "name_folded"
    )
    found = {}
    for values, lookup in ((ids, "personal_id__in"), (phones, "phone__in")):
        for start in range(0, len(values), LOOKUP_CHUNK):
            chunk = rows.filter(**{lookup: values[start : start + LOOKUP_CHUNK]})
            for found_row in chunk.exclude(**{lookup.replace("__in", ""): ""}):
                found[found_row[0]] = found_row
    return [found[pk] for pk in sorted(found)]


@transaction.atomic
def bulk_create_children(items, *, actor, province_codes=None, note="", instances=True):
    """`items`: dicts with `data` (validated child fields), `unit`, `ward`, and
    optional `caregivers`, `circumstances`, `risks` (lists of dicts as for the
    single services). Duplicate checks are the caller's job (the importer
    checks the whole file first). Returns the children created, or their ids
    when not `instances`."""
    for item in items:
        check_ward(item["unit"], item["ward"])
    if connection.vendor == "postgresql" and COPY_ON_POSTGRESQL:
        from .bulk_copy import create_with_copy

        return create_with_copy(
            items, actor=actor, province_codes=province_codes, note=note, instances=instances
        )
    children = _create_with_orm(items, actor=actor, province_codes=province_codes, note=note)
    return children if instances else [c.pk for c in children]


def _create_with_orm(items, *, actor, province_codes=None, note=""):
    """Django's bulk_create (SQLite, and PostgreSQL when COPY is switched off)."""
    who = actor if getattr(actor, "pk", None) else None
    children = []
    for item in items:
        child = Child(
            unit=item["unit"],
            ward=item["ward"],
            created_by=who,
            **{k: v for k, v in item["data"].items() if k in EDITABLE},
        )
        _derive(child, province_codes)
        children.append(child)

    # Caregivers shared by siblings in the file, or already in the registry.
    uses, ids, phones = caregiver_wanted(items, full_name_folded)
    matcher, refs = match_caregivers(items, uses, _existing_caregivers(ids, phones))
    new = [
        Caregiver(
            family_name=first.get("family_name", ""),
            middle_name=first.get("middle_name", ""),
            given_name=first["given_name"],
            name_folded=first["name_folded"],
            personal_id=first.get("personal_id", "") or "",
            phone=first.get("phone", ""),
            sex=first.get("sex", "") or "",
            year_of_birth=first.get("year_of_birth"),
            unit=children[first["_child"]].unit,
        )
        for first in matcher.new
    ]
    # The children's search keys carry the names of their caregivers, found or new.
    carers = {}
    for cg, ref in zip(uses, refs, strict=True):
        carers.setdefault(cg["_child"], []).append(matcher.names[ref])
    for n, child in enumerate(children):
        child.search_keys = search_keys(child.name_folded, *carers.get(n, ()))
    Child.objects.bulk_create(children, batch_size=BATCH)
    residences = [
        Residence(
            child=c,
            unit=c.unit,
            address_line=c.address_line,
            moved_in_on=c.resident_since,
            recorded_by=who,
        )
        for c in children
    ]
    Residence.objects.bulk_create(residences, batch_size=BATCH)
    Caregiver.objects.bulk_create(new, batch_size=BATCH)
    links, seen = [], set()
    for cg, (kind, key) in zip(uses, refs, strict=True):
        caregiver_id = new[key].pk if kind == "new" else key
        child = children[cg["_child"]]
        pair = (child.pk, caregiver_id)
        if pair in seen:
            continue
        seen.add(pair)
        links.append(
            ChildCaregiver(
                child=child,
                caregiver_id=caregiver_id,
                relation=cg["relation"],
                lives_with=cg.get("lives_with", True),
                legal_representative=cg.get("legal_representative", False),
            )
        )
    ChildCaregiver.objects.bulk_create(links, batch_size=BATCH)

    circumstances, risks = [], []
    for child, item in zip(children, items, strict=True):
        for ep in item.get("circumstances", ()):
            circumstances.append(CircumstanceEpisode(child=child, recorded_by=who, **ep))
        for ep in item.get("risks", ()):
            risks.append(RiskEpisode(child=child, recorded_by=who, **ep))
    CircumstanceEpisode.objects.bulk_create(circumstances, batch_size=BATCH)
    RiskEpisode.objects.bulk_create(risks, batch_size=BATCH)

    # One event per child names the records created with it (residence,
    # caregiver links, episodes): an import writes two audit rows per child,
    # not ten, and each record stays traceable to the event that created it.
    created_with = {
        c.pk: {"residence": [], "caregiver_links": [], "circumstances": [], "risks": []}
        for c in children
    }
    for r in residences:
        created_with[r.child_id]["residence"].append(r.pk)
    for link in links:
        created_with[link.child_id]["caregiver_links"].append(
            [link.pk, link.caregiver_id, link.relation_id]
        )
    for ep in circumstances:
        created_with[ep.child_id]["circumstances"].append(
            [ep.pk, ep.code_id, ep.started_on.isoformat()]
        )
    for ep in risks:
        created_with[ep.child_id]["risks"].append([ep.pk, ep.code_id, ep.started_on.isoformat()])

    def linked(child):
        return {k: {"old": None, "new": v} for k, v in created_with[child.pk].items() if v}

    record_creates_bulk(children, actor=actor, note=note, extra=linked)
    record_creates_bulk(new, actor=actor, note=note)
    record_event(
        Action.IMPORT,
        actor=actor,
        note=note,
        changes={
            "children": {"old": None, "new": len(children)},
            "caregivers": {"old": None, "new": len(new)},
        },
        require_transaction=False,
    )
    return children
