"""The search keys: what a phrase finds, kept in step with the child's and
its caregivers' names by every write path; and the list page's two-step
paginator shows every child once, in list order."""

from django.core.paginator import Paginator
from django.db import connection

from treem.accounts.permissions import Perm
from treem.children import keys, queries
from treem.children.models import Child, CodeKind
from treem.children.services import add_caregiver, create_child, update_child
from treem.children.services.bulk import bulk_create_children
from treem.children.services.registry import remove_caregiver
from treem.children.tests.base import RegistryTestCase, child_data, code


def test_keys_are_the_words_and_the_word_start_phrases_of_each_name():
    assert keys.search_keys("nguyen thi ngoc anh", "tran van") == (
        " _ngoc_anh _nguyen_thi_ngoc_anh _thi_ngoc_anh _tran_van anh ngoc nguyen thi tran van"
    )
    assert keys.search_keys() == ""


def test_a_phrase_is_folded_to_the_key_it_starts():
    assert keys.search_key("Ngọc  Ánh") == "_ngoc_anh"
    assert keys.search_key("Đặng") == "dang"
    assert keys.search_key(" Hoà-Bình ") == "_hoa_binh"
    assert keys.search_key(" - ") == ""


class SearchKeysTests(RegistryTestCase):
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
        cls.link = add_caregiver(
            cls.lan, actor=cls.officer_a, relation=cls.father, full_name="Nguyễn Văn Tài"
        )

    def found(self, q):
        base = Child.objects.visible_to(self.officer_a)
        return sorted(c.pk for c in queries.search(base, q))

    def test_a_phrase_at_the_start_of_a_word_is_found_typed_without_accents(self):
        for q in ("le van lan", "van lan", "lan", "LÊ VĂN L", "le van", "tai", "van tai"):
            with self.subTest(q=q):
                self.assertIn(self.lan.pk, self.found(q))

    def test_a_phrase_inside_a_word_or_across_two_names_is_not_a_match(self):
        for q in ("an", "e van", "lan nguyen", "van lan van", "zz"):
            with self.subTest(q=q):
                self.assertNotIn(self.lan.pk, self.found(q))

    def test_a_child_is_found_by_a_caregivers_name_until_the_link_is_removed(self):
        self.assertIn(self.lan.pk, self.found("nguyen van tai"))
        remove_caregiver(self.link, actor=self.officer_a)
        self.assertNotIn(self.lan.pk, self.found("nguyen van tai"))

    def test_a_renamed_child_is_found_by_the_new_name_and_keeps_its_caregivers(self):
        update_child(self.lan, actor=self.officer_a, data={"given_name": "Hương"})
        self.assertEqual(self.found("le van lan"), [])
        self.assertIn(self.lan.pk, self.found("van huong"))
        self.assertIn(self.lan.pk, self.found("nguyen van tai"))

    def test_an_import_writes_the_keys_of_the_children_and_their_caregivers(self):
        items = [
            {
                "data": child_data(family="Hồ", middle="Thị", given="Mai", dob=(2018, 3, 3)),
                "unit": self.group_a2,
                "ward": self.ward_a,
                "caregivers": [
                    {
                        "given_name": "Hoa",
                        "family_name": "Trịnh",
                        "middle_name": "Thị",
                        "relation": code(CodeKind.RELATION, "me"),
                        "phone": "0912000111",
                    },
                ],
            }
        ]
        (mai,) = bulk_create_children(items, actor=self.officer_a)
        self.assertIn(mai.pk, self.found("ho thi mai"))
        self.assertIn(mai.pk, self.found("trinh thi h"))

    def test_the_search_never_leaves_the_scope(self):
        self.assertNotIn(self.child_b.pk, self.found("nguyen"))

    def test_the_migrations_backfill_gives_the_services_keys(self):
        backfill = __import__(
            "treem.children.migrations.0006_search_keys", fromlist=["backfill"]
        ).backfill
        Child.objects.filter(pk=self.lan.pk).update(search_keys="")

        class Editor:
            pass

        editor = Editor()
        editor.connection = connection
        backfill(None, editor)
        self.assertIn(self.lan.pk, self.found("nguyen van tai"))
        self.assertIn(self.lan.pk, self.found("le van lan"))


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

    def test_the_count_and_every_pages_ids_are_one_query_then_a_page_is_one_more(self):
        qs = Child.objects.visible_to(self.officer_a, Perm.VIEW_PERSONAL)
        paginator = queries.RegistryPaginator(qs, 7)
        with self.assertNumQueries(1):
            paginator.count  # noqa: B018 (counted once, as the page shows it)
        with self.assertNumQueries(1):
            list(paginator.page(1))
        with self.assertNumQueries(1):
            list(paginator.page(3))

    def test_a_capped_count_says_more_and_its_pages_stay_in_list_order(self):
        qs = Child.objects.visible_to(self.officer_a, Perm.VIEW_PERSONAL)
        paginator = queries.RegistryPaginator(qs, 7, cap=10)
        self.assertEqual(paginator.count, 11)
        self.assertTrue(paginator.capped)
        listed = [c.pk for n in paginator.page_range for c in paginator.page(n)]
        self.assertEqual(listed, [c.pk for c in qs[:11]])


class WardFollowsUnitTests(RegistryTestCase):
    def test_a_ward_that_does_not_hold_the_group_is_refused_by_every_write_path(self):
        from treem.children.services import RegistryError, move_child

        data = child_data(family="Lê", middle="Thị", given="Na", dob=(2018, 5, 5))
        with self.assertRaises(RegistryError):
            create_child(actor=self.officer_a, unit=self.group_a2, ward=self.ward_b, data=data)
        with self.assertRaises(RegistryError):
            bulk_create_children(
                [{"data": data, "unit": self.group_a2, "ward": self.ward_b}], actor=self.officer_a
            )
        with self.assertRaises(RegistryError):
            move_child(self.child_a, actor=self.officer_a, unit=self.ward_a, ward=self.ward_b)

    def test_a_ward_officers_lists_also_filter_on_the_ward_and_find_the_same_children(self):
        from treem.accounts.scope import scope_for, scope_wards

        # The ward in force and the former wards it was merged from.
        self.assertIn(self.ward_a.pk, scope_wards(self.officer_a, Perm.VIEW_PERSONAL))
        sql = str(Child.objects.visible_to(self.officer_a).query)
        self.assertIn("ward_id", sql)
        scope = scope_for(self.officer_a, Perm.VIEW_PERSONAL)
        by_unit = Child.objects.filter(scope.q("unit")).order_by("pk")
        self.assertTrue(by_unit)
        self.assertEqual(
            list(Child.objects.visible_to(self.officer_a).order_by("pk")), list(by_unit)
        )
