"""A run's automatic links applied in bulk, and a run's register rows purged when their retention
period is over.

``apply_links`` does for many links what ``links.apply_link`` does for one: attach the register's
ID where the child has none, list every other difference for the officer (never overwrite what an
officer typed), fill a missing parent, mark the link applied. One by one a link costs a dozen
statements (lock, duplicate check, save, audit, for the child and the link); a province's run has
100,000 of them. Here a batch of links costs a few statements, and each child changed and each
link still gets its own UPDATE event with the changes the one-by-one service records, in the same
transaction (house style). A missing parent becomes a new caregiver record, as the registry's
``add_caregiver`` makes one for a name without ID or phone (it matches existing caregivers only on
those), created in bulk with its CREATE events.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from treem.audit import context
from treem.audit.models import Action, AuditEvent
from treem.audit.services import diff, record_creates_bulk, record_event, snapshot, subject_type
from treem.children import idnumber, text
from treem.children.keys import full_name_folded, search_keys
from treem.children.models import Caregiver, Child, ChildCaregiver, IdStatus, ReferenceCode
from treem.children.services import DuplicateId

from ..models import LinkageRun, LinkCandidate, RegisterPerson
from .links import _caregiver_name, compare_fields

State = LinkCandidate.State

# Links per batch: SQLite caps the parameters of an IN list.
BATCH = 500
# Days a run's register rows are kept when the settings say nothing (Law 91/2025 on personal
# data: no longer than the purpose needs; a month leaves time to settle the review queue).
DEFAULT_RETENTION_DAYS = 30


def _update_events(rows, *, actor, note=""):
    """One UPDATE event per (object, snapshot before, unit id) whose audited fields changed, as
    ``record_update`` writes it, inserted in bulk."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("_update_events must run inside transaction.atomic")
    ctx = context.current()
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    events = []
    for obj, before, unit_id in rows:
        changes = diff(before, snapshot(obj))
        if changes:
            events.append(
                AuditEvent(
                    action=Action.UPDATE,
                    actor=actor_obj,
                    actor_label=getattr(actor_obj, "username", ""),
                    subject_type=subject_type(obj),
                    subject_id=str(obj.pk),
                    unit_id=unit_id,
                    ip=ctx.ip,
                    request_id=ctx.request_id,
                    changes=changes,
                    note=note,
                )
            )
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def _write(model, objects, fields):
    """UPDATE … WHERE pk = %s, one row per object, in one executemany: Django's bulk_update
    builds a CASE per field over the whole batch, which cost 7 s per 1,000 links on SQLite."""
    if not objects:
        return
    meta, quote = model._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (names from the model's meta)
        quote(meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in columns),
        quote(meta.pk.column),
    )
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _add_parents(parents, *, actor):
    """[(child, relation, full name)]: a caregiver record and its link to the child each, as
    ``add_caregiver`` writes them for a name alone, and the child's search keys refreshed."""
    caregivers, wanted = [], []
    for child, relation, name in parents:
        family, middle, given = text.split_name(text.clean_name(name))
        if not given:
            continue
        caregivers.append(
            Caregiver(
                family_name=family,
                middle_name=middle,
                given_name=given,
                name_folded=full_name_folded(family, middle, given),
                unit=child.unit,
            )
        )
        wanted.append((child, relation))
    if not caregivers:
        return
    caregivers = Caregiver.objects.bulk_create(caregivers, batch_size=BATCH)
    record_creates_bulk(caregivers, actor=actor, unit_of=lambda c: c.unit_id)
    links = ChildCaregiver.objects.bulk_create(
        [
            ChildCaregiver(child=child, caregiver=caregiver, relation=relation, lives_with=True)
            for (child, relation), caregiver in zip(wanted, caregivers, strict=True)
        ],
        batch_size=BATCH,
    )
    record_creates_bulk(links, actor=actor, unit_of=lambda link: link.child.unit_id)
    added = {}
    for (child, _relation), caregiver in zip(wanted, caregivers, strict=True):
        added.setdefault(child.pk, (child, []))[1].append(caregiver.name_folded)
    for child, names in added.values():
        known = [link.caregiver.name_folded for link in child.caregiver_links.all()]
        child.search_keys = search_keys(child.name_folded, *known, *names)
    _write(Child, [child for child, _names in added.values()], ["search_keys"])


def _id_status(child):
    # The registry's rule (services.registry._derive) for the one field a new ID changes; the
    # rest of _derive reads the child's caregivers, one query per child, for values an ID does
    # not touch.
    problems = idnumber.validate(
        child.personal_id, date_of_birth=child.date_of_birth, sex=child.sex
    )
    return IdStatus.INVALID if problems else IdStatus.OK


def _differences(child, person):
    """What ``links._fill`` lists: every field where the register and the record disagree."""
    out = []
    if child.personal_id and child.personal_id != person.person_id:
        out.append({"field": "personal_id", "ours": child.personal_id, "theirs": person.person_id})
    for row in compare_fields(child, person):
        field = row["field"]
        if field == "personal_id" or row["agree"] or not row["theirs"]:
            continue
        if field in ("mother_name", "father_name") and not row["ours"]:
            continue  # filled
        out.append({"field": field, "ours": row["ours"], "theirs": row["theirs"]})
    return out


def _holders(person_ids):
    """Personal ID → the child holding it, for IDs already in the registry."""
    held = {}
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        held.update(Child.objects.filter(personal_id__in=chunk).values_list("personal_id", "pk"))
    return held


@transaction.atomic
def apply_links(candidate_ids, *, actor, progress=None):
    """Apply the pending automatic links among ``candidate_ids``; returns how many were applied.

    ``progress(done, total)`` is called after each batch."""
    ids = sorted(candidate_ids)
    relations = {
        code: ReferenceCode.objects.filter(kind="relation", code=code).first()
        for code in ("me", "cha")
    }
    now = timezone.now()
    taken: dict[str, int] = {}  # IDs attached in this call → child
    applied = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        candidates = list(
            LinkCandidate.objects.select_for_update(of=("self",))
            .filter(pk__in=chunk, state=State.PENDING, decision=LinkCandidate.Decision.AUTO)
            .exclude(person=None)
            .select_related("person")
            .order_by("pk")
        )
        children = {
            c.pk: c
            for c in Child.objects.select_for_update(of=("self",))
            .filter(pk__in=[c.child_id for c in candidates])
            .prefetch_related("caregiver_links__caregiver", "caregiver_links__relation")
        }
        held = _holders(c.person.person_id for c in candidates)
        child_rows, link_rows, parents = [], [], []
        for candidate in candidates:
            child, person = children[candidate.child_id], candidate.person
            before_link = snapshot(candidate)
            differences = _differences(child, person)
            if not child.personal_id:
                owner = held.get(person.person_id) or taken.get(person.person_id)
                if owner is not None and owner != child.pk:
                    # Another record holds this ID (a duplicate): as apply_link words it.
                    note = str(DuplicateId(None))
                    differences.insert(
                        0,
                        {
                            "field": "personal_id",
                            "ours": "",
                            "theirs": person.person_id,
                            "note": note,
                        },
                    )
                else:
                    before = snapshot(child)
                    child.personal_id = person.person_id
                    child.id_status = _id_status(child)
                    child.version += 1
                    child.updated_at = now
                    taken[person.person_id] = child.pk
                    child_rows.append((child, before, child.unit_id))
            for field, code in (("mother_name", "me"), ("father_name", "cha")):
                name = getattr(person, field)
                if name and relations[code] and not _caregiver_name(child, code):
                    parents.append((child, relations[code], name))
            candidate.differences = differences
            candidate.state = State.APPLIED
            link_rows.append((candidate, before_link, child.unit_id))
        _write(
            Child,
            [row[0] for row in child_rows],
            ["personal_id", "id_status", "version", "updated_at"],
        )
        _update_events(child_rows, actor=actor)
        _write(LinkCandidate, [row[0] for row in link_rows], ["differences", "state"])
        _update_events(link_rows, actor=actor)
        RegisterPerson.objects.filter(pk__in=[c.person_id for c in candidates]).update(matched=True)
        _add_parents(parents, actor=actor)
        applied += len(candidates)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return applied


def retention_days():
    return int(getattr(settings, "POPULATION_REGISTER_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


@transaction.atomic
def purge_register_rows(*, actor=None, now=None, days=None):
    """Delete the register rows of link runs older than the retention period; returns
    [(run, rows deleted)].

    What the run decided stays: the links keep their state and probability (their register
    person is cleared), the children keep the attached IDs, and the audit trail keeps every
    change. Links still waiting for review leave the queue: the register row they would be
    compared with is gone. One DELETE event per run says how many rows went and why."""
    now = now or timezone.now()
    days = retention_days() if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    runs = LinkageRun.objects.select_for_update().filter(
        kind=LinkageRun.Kind.LINK, created_at__lt=cutoff, purged_at=None
    )
    done = []
    for run in runs:
        before = snapshot(run)
        LinkCandidate.objects.filter(run=run).exclude(person=None).update(person=None)
        deleted, _by_model = RegisterPerson.objects.filter(run=run).delete()
        run.purged_at = now
        run.save(update_fields=["purged_at"])
        record_event(
            Action.DELETE,
            actor=actor,
            actor_label=None if actor else "system",
            subject=run,
            unit=run.unit_id,
            changes={**diff(before, snapshot(run)), "register_rows": {"old": deleted, "new": 0}},
            note=_("register rows deleted after %(days)d days (retention period)") % {"days": days},
        )
        done.append((run, deleted))
    return done
