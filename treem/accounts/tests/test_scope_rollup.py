"""The scope's roll-up of units in one query, the same units as the walk of
treem.areas.services.rollup_unit_ids, and role changes seen on the next request."""

from treem.accounts.permissions import Perm, Role
from treem.accounts.scope import rollups, scope_for, scope_wards
from treem.accounts.services import assign_role, end_assignment
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, rollup_unit_ids
from treem.core.testing import PersonaTestCase


class RollupTests(PersonaTestCase):
    def test_the_rollup_query_finds_what_the_walk_finds_for_every_unit(self):
        units = list(AdminUnit.objects.exclude(level=Level.PROVINCE))
        found, levels = rollups({u.pk for u in units})
        for unit in units:
            self.assertEqual(found[unit.pk], rollup_unit_ids(unit), unit)
        self.assertEqual(levels[self.group_a.pk], (Level.RESIDENTIAL_GROUP, self.ward_a.pk))

    def test_a_ward_officers_scope_costs_two_queries_however_deep_the_tree(self):
        street = create_unit(
            actor=None, name="Tổ 1", level=Level.RESIDENTIAL_GROUP, parent=self.group_a
        )
        user = type(self.officer_a).objects.get(pk=self.officer_a.pk)
        # The assignments, then the roll-up of their units.
        with self.assertNumQueries(2):
            scope = scope_for(user, Perm.VIEW_PERSONAL)
        self.assertTrue(scope.covers(street))
        self.assertTrue(scope.covers(self.former_a))
        # The wards of the scope come from the same query.
        with self.assertNumQueries(0):
            wards = scope_wards(user, Perm.VIEW_PERSONAL)
            scope_for(user, Perm.VIEW_SENSITIVE)
        # Ward A and the former wards merged into it, not ward B.
        self.assertIn(self.ward_a.pk, wards)
        self.assertIn(self.former_a.pk, wards)
        self.assertNotIn(self.ward_b.pk, wards)

    def test_an_officer_of_two_wards_has_both_rollups(self):
        assign_role(
            self.officer_a, Role.WARD_OFFICER, actor=None, unit=self.ward_b, check_permission=False
        )
        user = type(self.officer_a).objects.get(pk=self.officer_a.pk)
        scope = scope_for(user, Perm.VIEW_PERSONAL)
        for unit in (self.group_a, self.group_b, self.former_a):
            self.assertTrue(scope.covers(unit), unit)


class RoleChangeTests(PersonaTestCase):
    def test_an_ended_assignment_closes_the_registry_on_the_next_request(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get("/tre-em/").status_code, 200)
        end_assignment(self.officer_b.assignments.get(), actor=self.admin)
        self.assertEqual(self.client.get("/tre-em/").status_code, 404)

    def test_a_new_assignment_opens_its_ward_on_the_next_request(self):
        self.login(self.nobody)
        self.assertEqual(self.client.get("/tre-em/").status_code, 404)
        assign_role(
            self.nobody, Role.WARD_OFFICER, actor=None, unit=self.ward_a, check_permission=False
        )
        self.assertEqual(self.client.get("/tre-em/").status_code, 200)
