"""Residential groups are listed as people count them: Khối 1, 2, … 10."""

from django.urls import reverse

from treem.areas.models import AdminUnit, Level, natural_key
from treem.areas.services import create_unit, update_unit
from treem.children.forms import units_for
from treem.core.testing import PersonaTestCase


class NaturalKeyTests(PersonaTestCase):
    def test_numbers_sort_by_value_not_by_digit(self):
        names = ["Khối 10", "Khối 2", "Khối 1", "Khối 21", "Khối 3"]
        self.assertEqual(
            sorted(names, key=natural_key), ["Khối 1", "Khối 2", "Khối 3", "Khối 10", "Khối 21"]
        )

    def test_accents_are_folded_so_every_database_orders_alike(self):
        self.assertEqual(natural_key("Xóm Đông 2"), "xom dong 0000000002")

    def test_a_key_is_kept_in_step_with_the_name(self):
        group = create_unit(
            actor=None, name="Khối 7", level=Level.RESIDENTIAL_GROUP, parent=self.ward_a
        )
        update_unit(group, actor=None, name="Khối 17")
        group.refresh_from_db()
        self.assertEqual(group.sort_name, natural_key("Khối 17"))


class GroupOrderTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in (10, 3, 11):
            create_unit(
                actor=None, name=f"Khối {n}", level=Level.RESIDENTIAL_GROUP, parent=cls.ward_a
            )

    def groups(self, queryset):
        return [u.name for u in queryset if u.level == Level.RESIDENTIAL_GROUP]

    def test_groups_of_a_ward_are_listed_in_natural_order(self):
        groups = AdminUnit.objects.filter(parent=self.ward_a, level=Level.RESIDENTIAL_GROUP)
        self.assertEqual(self.groups(groups), ["Khối 1", "Khối 2", "Khối 3", "Khối 10", "Khối 11"])

    def test_the_registry_form_lists_groups_in_natural_order(self):
        self.assertEqual(
            self.groups(units_for(self.officer_a)),
            ["Khối 1", "Khối 2", "Khối 3", "Khối 10", "Khối 11"],
        )

    def test_the_ward_page_lists_its_groups_in_natural_order(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("areas:detail", args=[self.ward_a.pk]))
        self.assertEqual(
            self.groups(page.context["children"]),
            ["Khối 1", "Khối 2", "Khối 3", "Khối 10", "Khối 11"],
        )

    def test_the_children_list_filter_offers_groups_in_natural_order(self):
        self.login(self.officer_a)
        page = self.client.get(reverse("children:list"))
        groups = list(page.context["filter"].filters["group"].queryset)
        self.assertEqual(
            [g.name for g in groups if g.parent_id == self.ward_a.pk],
            ["Khối 1", "Khối 2", "Khối 3", "Khối 10", "Khối 11"],
        )
