"""The hash chain over the audit trail: sealing and verifying.

Each event is serialised canonically from its stored fields (`canonical`) and
chained: chain(n) = sha256(chain(n-1) || canonical(event n)). The running
hash after every event is kept in `SealedEvent`, so that `verify` names the
event that changed, disappeared or was slipped in, and a seal (`AuditSeal`)
records where a sealing run ended and the chain's hash there.

Events are sealed in id order, but on PostgreSQL a transaction may commit
after a later id was sealed (a long import). Such an event is sealed by a
later run as long as it appears within AUDIT_SEAL_GRACE_MINUTES of the seal
that passed its id; an event that appears below a seal older than that was
inserted behind the application's back. An event slipped into that window
is no stronger than an event appended at the end, which the chain cannot
prevent either.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import AuditEvent, AuditSeal, SealedEvent

# The stored fields, in the order they are serialised. A new field on
# AuditEvent is added at the end under a new CHAIN_VERSION, never in between.
FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "subject_type",
    "subject_id",
    "unit_id",
    "ip",
    "request_id",
    "changes",
    "note",
)
CHAIN_VERSION = 1
GENESIS = hashlib.sha256(b"treem audit chain v1").hexdigest()
BATCH = 50_000
# Any constant works: it only keeps two sealers apart (PostgreSQL).
_LOCK_KEY = 73051901


def grace():
    return datetime.timedelta(minutes=getattr(settings, "AUDIT_SEAL_GRACE_MINUTES", 60))


def _jsonable(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    return value


def canonical(values):
    """The bytes hashed for one event: its FIELDS as a JSON array with sorted
    keys, so the same stored row always gives the same bytes."""
    return json.dumps(
        [_jsonable(v) for v in values],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode()


def link(previous_hash, values):
    return hashlib.sha256(bytes.fromhex(previous_hash) + canonical(values)).hexdigest()


def _rows(queryset):
    return queryset.order_by("id").values_list(*FIELDS)


def closed_horizon(now=None):
    """The highest event id below which no new event may appear any more."""
    cutoff = (now or timezone.now()) - grace()
    seal = AuditSeal.objects.filter(sealed_at__lte=cutoff).order_by("-id").first()
    return seal.high_water_id if seal else 0


def _unsealed():
    return AuditEvent.objects.filter(~Exists(SealedEvent.objects.filter(event_id=OuterRef("id"))))


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    # SQLite: the settings open every transaction IMMEDIATE, one writer at a time.


def seal_pending(*, batch=BATCH, now=None):
    """Seal every event not sealed yet, `batch` events per seal; returns the
    new seals (none when there was nothing to seal)."""
    seals = []
    while True:
        seal = _seal_once(batch, now)
        if seal is None:
            return seals
        seals.append(seal)
        if seal.event_count < batch:
            return seals


@transaction.atomic
def _seal_once(batch, now):
    _lock()
    last = AuditSeal.objects.order_by("-id").first()
    high_water = last.high_water_id if last else 0
    # Late commits between the closed horizon and the high-water mark, then
    # the new events: both in id order, the first all below the second.
    late = list(_rows(_unsealed().filter(id__gt=closed_horizon(now), id__lte=high_water))[:batch])
    fresh = list(_rows(AuditEvent.objects.filter(id__gt=high_water))[: batch - len(late)])
    rows = late + fresh
    if not rows:
        return None
    previous_hash = last.chain_hash if last else GENESIS
    links = []
    for values in rows:
        previous_hash = link(previous_hash, values)
        links.append(SealedEvent(event_id=values[0], chain=previous_hash))
    seal = AuditSeal.objects.create(
        sealed_at=now or timezone.now(),
        previous=last,
        first_event_id=rows[0][0],
        last_event_id=rows[-1][0],
        high_water_id=max(high_water, rows[-1][0]),
        event_count=len(rows),
        chain_hash=previous_hash,
    )
    for item in links:
        item.seal = seal
    SealedEvent.objects.bulk_create(links, batch_size=5000)
    return seal


def export_seal(seal):
    return {
        "chain_version": CHAIN_VERSION,
        "seal": seal.pk,
        "sealed_at": seal.sealed_at.astimezone(datetime.UTC).isoformat(),
        "last_event_id": seal.last_event_id,
        "high_water_id": seal.high_water_id,
        "event_count": seal.event_count,
        "chain_hash": seal.chain_hash,
    }


@dataclass(frozen=True)
class Problem:
    # changed, deleted, inserted, broken (chain rows themselves), seal, export
    kind: str
    event_id: int | None
    seal_id: int | None
    detail: str = ""


@dataclass
class Report:
    problems: list = field(default_factory=list)
    seals: int = 0
    events: int = 0
    pending: int = 0
    latest: AuditSeal | None = None

    @property
    def ok(self):
        return not self.problems


def verify(*, now=None, exported=None):
    """Recompute the chain from the stored events and compare it with the
    stored running hashes and seals; `exported` is a seal as
    `export_seal` wrote it, kept outside the database."""
    report = Report()
    previous_hash = GENESIS
    previous_seal = None
    for seal in AuditSeal.objects.order_by("id").iterator(chunk_size=500):
        report.seals += 1
        if seal.previous_id != (previous_seal.pk if previous_seal else None):
            report.problems.append(Problem("seal", None, seal.pk, "previous seal"))
        previous_hash = _verify_seal(seal, previous_hash, report)
        previous_seal = seal
    report.latest = previous_seal
    horizon = closed_horizon(now)
    for event_id in _unsealed().filter(id__lte=horizon).order_by("id").values_list("id", flat=True):
        report.problems.append(Problem("inserted", event_id, None))
    if previous_seal is not None:
        report.pending = (
            _unsealed().filter(id__gt=horizon, id__lte=previous_seal.high_water_id).count()
        )
    if exported is not None:
        _check_exported(exported, report)
    return report


def _verify_seal(seal, previous_hash, report):
    links = list(
        SealedEvent.objects.filter(seal=seal).order_by("event_id").values_list("event_id", "chain")
    )
    events = {
        values[0]: values
        for values in _rows(
            AuditEvent.objects.filter(id__gte=seal.first_event_id, id__lte=seal.last_event_id)
        )
    }
    for event_id, stored in links:
        report.events += 1
        values = events.get(event_id)
        if values is None:
            report.problems.append(Problem("deleted", event_id, seal.pk))
        elif link(previous_hash, values) != stored:
            report.problems.append(Problem("changed", event_id, seal.pk))
        # Carry on from the stored hash, so that one bad event does not mark
        # every later one.
        previous_hash = stored
    if len(links) != seal.event_count or previous_hash != seal.chain_hash:
        report.problems.append(Problem("seal", None, seal.pk, "event count or hash"))
        previous_hash = seal.chain_hash
    return previous_hash


def _check_exported(exported, report):
    seal = AuditSeal.objects.filter(pk=exported.get("seal")).first()
    if seal is None or seal.chain_hash != exported.get("chain_hash"):
        report.problems.append(Problem("export", None, exported.get("seal"), "chain hash"))
