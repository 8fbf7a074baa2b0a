"""Creating many children at once (imports, demo data, benchmarks) in one
transaction, with one audit event per record, like the one-by-one services.

On PostgreSQL the rows go in with COPY (bulk_copy.py): Django 5.2's UNNEST
`bulk_create` spends much of an import building model instances and dumping
its arrays in Python (bench/README.md). SQLite keeps `bulk_create` below.
Either way the caller's transaction makes the whole write all-or-nothing.
"""

from django.db import connection, transaction

from treem.audit.models import Action
from treem.audit.services import record_creates_bulk, record_event

from ..keys import full_name_folded, search_keys
from ..models import Caregiver, Child, ChildCaregiver, CircumstanceEpisode, Residence, RiskEpisode
from .registry import EDITABLE, _derive, check_ward

BATCH = 2000
# The benchmark switches this off to time the bulk_create path on PostgreSQL.
COPY_ON_POSTGRESQL = True


def _caregiver_key(item):
    if item.get("personal_id"):
        return ("id", item["personal_id"])
    return ("name", item.get("phone", ""), item["name_folded"])


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
    wanted = {}
    for child, item in zip(children, items, strict=True):
        for cg in item.get("caregivers", ()):
            cg = dict(cg)
            cg["name_folded"] = full_name_folded(
                cg.get("family_name", ""), cg.get("middle_name", ""), cg["given_name"]
            )
            cg["_child"] = child
            wanted.setdefault(_caregiver_key(cg), []).append(cg)
    ids = [k[1] for k in wanted if k[0] == "id"]
    phones = [k[1] for k in wanted if k[0] == "name" and k[1]]
    existing = {}
    for cg in Caregiver.objects.filter(personal_id__in=ids).exclude(personal_id=""):
        existing[("id", cg.personal_id)] = cg
    for cg in Caregiver.objects.filter(phone__in=phones):
        existing.setdefault(("name", cg.phone, cg.name_folded), cg)
    new = {}
    for key, uses in wanted.items():
        if key not in existing:
            first = uses[0]
            new[key] = Caregiver(
                family_name=first.get("family_name", ""),
                middle_name=first.get("middle_name", ""),
                given_name=first["given_name"],
                name_folded=first["name_folded"],
                personal_id=first.get("personal_id", "") or "",
                phone=first.get("phone", ""),
                sex=first.get("sex", "") or "",
                year_of_birth=first.get("year_of_birth"),
                unit=first["_child"].unit,
            )
    # The children's search keys carry the names of their caregivers, found or new.
    carers = {}
    for key, uses in wanted.items():
        caregiver = existing.get(key) or new[key]
        for cg in uses:
            carers.setdefault(id(cg["_child"]), []).append(caregiver.name_folded)
    for child in children:
        child.search_keys = search_keys(child.name_folded, *carers.get(id(child), ()))
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
    Caregiver.objects.bulk_create(list(new.values()), batch_size=BATCH)
    links, seen = [], set()
    for key, uses in wanted.items():
        caregiver = existing.get(key) or new[key]
        for cg in uses:
            pair = (cg["_child"].pk, caregiver.pk)
            if pair in seen:
                continue
            seen.add(pair)
            links.append(
                ChildCaregiver(
                    child=cg["_child"],
                    caregiver=caregiver,
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
    record_creates_bulk(list(new.values()), actor=actor, note=note)
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
