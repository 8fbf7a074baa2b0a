"""The scoping layer: the only way views, the API, exports and reports reach
data that belongs to an area.

A user's scope for a permission is the union of the areas of their active
role assignments whose role grants that permission. An assignment covers its
unit, the unit's descendants and the unit's former units (and theirs), so data
recorded before a reorganisation stays reachable by the successor's officers.
Objects without an area are visible only to users whose scope is unlimited.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .permissions import Perm, role_grants


@dataclass(frozen=True)
class Scope:
    unlimited: bool = False
    province_ids: frozenset = field(default_factory=frozenset)
    unit_ids: frozenset = field(default_factory=frozenset)

    @property
    def empty(self):
        return not (self.unlimited or self.province_ids or self.unit_ids)

    def q(self, path="unit"):
        """A filter for objects whose unit is reached through `path`."""
        if self.unlimited:
            return Q()
        if self.empty:
            return Q(pk__in=[])
        # An empty path filters administrative units themselves.
        id_lookup = f"{path}_id__in" if path else "pk__in"
        province_lookup = f"{path}__province_id__in" if path else "province_id__in"
        q = Q(**{id_lookup: self.unit_ids}) if self.unit_ids else Q(pk__in=[])
        if self.province_ids:
            q |= Q(**{province_lookup: self.province_ids}) | Q(**{id_lookup: self.province_ids})
        return q

    def covers(self, unit):
        if self.unlimited:
            return True
        if unit is None:
            return False
        return (
            unit.pk in self.unit_ids
            or unit.pk in self.province_ids
            or (unit.province_id in self.province_ids)
        )


def active_assignments(user):
    """Active assignments, cached on the user object for one request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    today = timezone.localdate()
    cached = getattr(user, "_treem_assignments", None)
    if cached is None or cached[0] != today:
        rows = list(user.assignments.active(today).select_related("unit", "agency"))
        cached = (today, rows)
        user._treem_assignments = cached
    return cached[1]


def rollups(unit_ids):
    """{unit id: ids of every unit, former or current, whose data counts under
    it}, as treem.areas.services.rollup_unit_ids (the unit, its descendants,
    its predecessors, recursively), and {id: (level, parent id)} of those units:
    one recursive query for all the units, where walking the tree level by
    level cost two queries a level on every request (bench/README.md)."""
    from treem.areas.models import AdminUnit, UnitSuccession

    if not unit_ids:
        return {}, {}
    units, successions = AdminUnit._meta.db_table, UnitSuccession._meta.db_table
    roots = ", ".join(["%s"] * len(unit_ids))
    # UNION (not ALL) drops rows already found, which also ends a cycle. Table
    # names come from the models, the unit ids are parameters.
    sql = (
        f"WITH RECURSIVE edge (parent, child) AS ("  # noqa: S608
        f" SELECT parent_id, id FROM {units} WHERE parent_id IS NOT NULL"
        f" UNION ALL SELECT successor_id, predecessor_id FROM {successions}),"
        f" reach (root, id) AS ("
        f" SELECT id, id FROM {units} WHERE id IN ({roots})"
        f" UNION SELECT reach.root, edge.child FROM reach JOIN edge ON edge.parent = reach.id)"
        f" SELECT reach.root, reach.id, u.level, u.parent_id"
        f" FROM reach JOIN {units} u ON u.id = reach.id"
    )
    found, levels = {pk: set() for pk in unit_ids}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(unit_ids))
        for root, pk, level, parent_id in cursor.fetchall():
            found[root].add(pk)
            levels[pk] = (level, parent_id)
    return {root: frozenset(ids) for root, ids in found.items()}, levels


def _rollups_for(user, cache):
    """The roll-ups of every unit the user is assigned to, once per request."""
    cached = getattr(user, "_treem_rollups", None)
    if cached is None:
        unit_ids = {
            a.unit_id
            for a in active_assignments(user)
            if a.unit_id is not None and a.unit.level != "province"
        }
        found, levels = rollups(unit_ids)
        cached = (found, levels)
        if cache is not None:
            user._treem_rollups = cached
    return cached


def scope_for(user, perm):
    cache = getattr(user, "_treem_scopes", None)
    if cache is None:
        cache = user._treem_scopes = {} if getattr(user, "is_authenticated", False) else None
    if cache is not None and perm in cache:
        return cache[perm]
    unlimited = False
    provinces, units = set(), set()
    unit_rollups = None
    for assignment in active_assignments(user):
        if not role_grants(assignment.role, perm):
            continue
        if assignment.unit_id is None:
            unlimited = True
        elif assignment.unit.level == "province":
            provinces.add(assignment.unit_id)
        else:
            if unit_rollups is None:
                unit_rollups = _rollups_for(user, cache)[0]
            units |= unit_rollups[assignment.unit_id]
    scope = Scope(unlimited, frozenset(provinces), frozenset(units))
    if cache is not None:
        cache[perm] = scope
    return scope


def scope_wards(user, perm):
    """The wards (or communes) that hold every unit of a unit-limited scope, or
    None (unlimited, province-wide, empty, or a unit above a ward). Records
    that carry their ward beside their unit can add it as a filter the
    planner can use: a ward officer's scope is a list of 40 residential groups,
    a ward is one index range (bench/README.md)."""
    scope = scope_for(user, perm)
    if scope.unlimited or scope.province_ids or not scope.unit_ids:
        return None
    cache = getattr(user, "_treem_scope_wards", None)
    if cache is None:
        cache = {}
        if getattr(user, "is_authenticated", False):
            user._treem_scope_wards = cache
    if scope.unit_ids not in cache:
        from treem.areas.models import AdminUnit, Level

        wards = set()
        # The roll-up query brought each unit's level and parent.
        levels = _rollups_for(user, None)[1] if hasattr(user, "_treem_rollups") else {}
        if scope.unit_ids <= levels.keys():
            rows = [(pk, *levels[pk]) for pk in scope.unit_ids]
        else:
            rows = AdminUnit.objects.filter(pk__in=scope.unit_ids).values_list(
                "pk", "level", "parent_id"
            )
        for pk, level, parent_id in rows:
            if level in (Level.WARD, Level.COMMUNE):
                wards.add(pk)
            elif level == Level.RESIDENTIAL_GROUP and parent_id:
                wards.add(parent_id)
            else:
                wards = None
                break
        cache[scope.unit_ids] = frozenset(wards) if wards else None
    return cache[scope.unit_ids]


def has_perm(user, perm, unit=None):
    """True if the user holds `perm` at all, or, given a unit, over that unit."""
    scope = scope_for(user, perm)
    if unit is None:
        return not scope.empty
    return scope.covers(unit)


def agencies_for(user, perm=Perm.REPORT_FOR_AGENCY):
    return {
        a.agency_id for a in active_assignments(user) if a.agency_id and role_grants(a.role, perm)
    }


def scope_filter(queryset, user, perm, field="unit"):
    return queryset.filter(scope_for(user, perm).q(field))


class ScopedQuerySet:
    """Mixin for querysets of area-bound data. The model names its area
    field in SCOPE_FIELD (default "unit")."""

    default_perm = Perm.VIEW_PERSONAL

    def visible_to(self, user, perm=None):
        field_name = getattr(self.model, "SCOPE_FIELD", "unit")
        return scope_filter(self, user, perm or self.default_perm, field=field_name)


def get_for_user(queryset, user, pk, perm=None):
    """The object if the user may see it; 404 otherwise, same as missing."""
    try:
        return queryset.visible_to(user, perm).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def invalidate(user):
    for attr in (
        "_treem_assignments",
        "_treem_scopes",
        "_treem_rollups",
        "_treem_scope_wards",
        "_treem_child_wards",
    ):
        if hasattr(user, attr):
            delattr(user, attr)
