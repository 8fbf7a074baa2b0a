"""Sections other apps add to the landing page: each is a function
`section(request) -> dict | None`; the dict names a `template` and its
context, and may give an `order` (lower first, default 50) so that each role
sees its most pressing work first: the leader the indicators, the officer
the case steps due, the agency's reporter the reports it owes."""

import hashlib
import time

from django.core.cache import cache

DEFAULT_ORDER = 50

SECTIONS = []


def register(section):
    if section not in SECTIONS:
        SECTIONS.append(section)
    return section


def sections_for(request):
    found = [s for s in (section(request) for section in SECTIONS) if s]
    # sorted() is stable: sections of equal order keep their registration order.
    return sorted(found, key=lambda s: s.get("order", DEFAULT_ORDER))


# Figures that scale with the registry (a ward's 166,000 children, the
# province's million) are counted at most about once a minute per scope and
# kept in Django's cache (LocMem per process; shared by every worker when
# REDIS_URL is set), so that fifty officers opening the page do not each pay
# the count. A cached count is served as it is for FRESH seconds; after that
# it is counted again if a write marked one of the areas it covers as changed
# (mark_changed, after the write commits) or if it is older than MAX_AGE
# (writes that bypass the marks: bulk imports, queryset updates, a day's
# turning). One request recounts while the others keep serving the previous
# figures (the lock), and the page says when the figures were counted and
# offers to count again now, honoured at most once per RECOUNT_MIN per scope.
FRESH = 60
MAX_AGE = 15 * 60
RECOUNT_MIN = 10
# Longer than any count takes; a worker killed mid-count frees it this late.
LOCK_SECONDS = 120


def figures_key(name, *parts):
    """A cache key holding everything the figures depend on, hashed: the
    parts (scope, permissions, checks, date) may be long."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"landing:{name}:{digest}"


def _mark_key(mark):
    return f"landing:changed:{mark}"


def mark_changed(marks):
    """Marks areas' figures as changed now (call it once the write commits)."""
    now = time.time()
    # A mark older than MAX_AGE says nothing: every count it could concern
    # has been redone since.
    cache.set_many({_mark_key(m): now for m in marks}, MAX_AGE)


def _due(entry, marks, now, recount):
    age = now - entry["counted_at"]
    if recount:
        return age >= RECOUNT_MIN
    if age < FRESH:
        return False
    if age >= MAX_AGE:
        return True
    changed = cache.get_many([_mark_key(m) for m in marks])
    return any(at >= entry["counted_at"] for at in changed.values())


# How long a request waits for another's count of the same figures before it
# counts them itself, and how often it looks.
WAIT_SECONDS = 20
WAIT_STEP = 0.05


def _wait_for(key):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        entry = cache.get(key)
        if entry is not None:
            return entry
        if cache.get(f"{key}:lock") is None:
            # The count failed or its worker stopped: count here.
            return None
    return None


def cached_figures(key, marks, count, *, recount=False):
    """{"counted_at": epoch seconds, "figures": count()}, from the cache when
    it is still good (see above). `marks` are the areas the figures cover,
    as given to mark_changed; `recount` is the user's "count again now"."""
    now = time.time()
    entry = cache.get(key)
    if entry is not None and not _due(entry, marks, now, recount):
        return entry
    # One request per scope counts, holding the lock. With figures cached the
    # others serve the previous figures meanwhile; with nothing cached (a cold
    # start: fifty officers opening the page at eight in the morning) they
    # wait for its count rather than each counting the same figures, which
    # kept every worker busy for seconds (bench/README.md, the journey).
    locked = cache.add(f"{key}:lock", 1, LOCK_SECONDS)
    if not locked:
        if entry is not None:
            return entry
        waited = _wait_for(key)
        if waited is not None:
            return waited
    try:
        # The time before the count: a write committed while counting marks
        # a later time, so the figures are due again once FRESH has passed.
        entry = {"counted_at": now, "figures": count()}
        # Kept past MAX_AGE so that a due entry is still there to serve while
        # one request recounts.
        cache.set(key, entry, 2 * MAX_AGE)
    finally:
        if locked:
            cache.delete(f"{key}:lock")
    return entry
