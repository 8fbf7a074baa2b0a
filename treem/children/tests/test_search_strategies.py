"""The two ways a name search finds its rows agree, and the list page's
two-step paginator shows every child once, in list order."""

from django.core.paginator import Paginator

from treem.accounts.permissions import Perm
from treem.children import queries
from treem.children.models import Child, CodeKind
from treem.children.services import add_caregiver, create_child
from treem.children.services.bulk import bulk_create_children
from treem.children.tests.base import RegistryTestCase, child_data, code


class SearchStrategyTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.father = code(CodeKind.RELATION, "cha")
        cls.lan = create_child(
            actor=cls.officer_a,
            unit=cls.group_a2,
            ward=cls.ward_a,
            data=child_data(family="Lê", middle="Văn", given="Lan", dob=(2016, 2, 2)),
        )
        # Found through the father's name only.
        add_caregiver(cls.lan, actor=cls.officer_a, relation=cls.father, full_name="Nguyễn Văn Tài")

    def found(self, q, strategy):
        base = Child.objects.visible_to(self.officer_a)
        return sorted(c.pk for c in queries.search(base, q, strategy=strategy))

    def test_the_walk_and_the_id_set_find_the_same_children(self):
        for q in ("nguyen", "ngoc anh", "van", "tai", "Đặng", "tran thi hoa", "le van lan", "zz"):
            with self.subTest(q=q):
                self.assertEqual(self.found(q, queries.WALK), self.found(q, queries.SET))

    def test_a_child_is_found_by_a_caregivers_name_either_way(self):
        for strategy in (queries.WALK, queries.SET):
            self.assertIn(self.lan.pk, self.found("nguyen van tai", strategy))

    def test_a_small_registry_is_searched_through_the_id_set(self):
        self.assertEqual(queries.search_strategy("nguyen"), queries.SET)

    def test_the_search_never_leaves_the_scope(self):
        for strategy in (queries.WALK, queries.SET):
            self.assertNotIn(self.child_b.pk, self.found("nguyen", strategy))


class RegistryPaginatorTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        items = [
            {
                "data": child_data(
                    family="Phạm",
                    middle="Thị",
                    given=name,
                    dob=(2019, 1 + n % 12, 1 + n % 28),
                ),
                "unit": cls.group_a2,
                "ward": cls.ward_a,
            }
            for n, name in enumerate(
                ["An", "Ánh", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hải", "Khánh"] * 3
            )
        ]
        bulk_create_children(items, actor=cls.officer_a, note="paging")

    def listed(self, paginator_class):
        qs = Child.objects.visible_to(self.officer_a, Perm.VIEW_PERSONAL)
        paginator = paginator_class(qs, 7)
        return [c.pk for n in paginator.page_range for c in paginator.page(n)]

    def test_pages_read_ids_first_have_no_gaps_or_repeats_and_keep_the_list_order(self):
        pages = self.listed(queries.RegistryPaginator)
        self.assertEqual(len(pages), len(set(pages)))
        self.assertEqual(pages, self.listed(Paginator))
        self.assertEqual(len(pages), Child.objects.visible_to(self.officer_a).count())

    def test_a_page_costs_the_same_queries_whatever_its_number(self):
        qs = Child.objects.visible_to(self.officer_a, Perm.VIEW_PERSONAL)
        paginator = queries.RegistryPaginator(qs, 7)
        paginator.count  # noqa: B018 (counted once, as the page shows it)
        with self.assertNumQueries(2):
            list(paginator.page(1))
        with self.assertNumQueries(2):
            list(paginator.page(3))
