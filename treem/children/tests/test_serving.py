"""What the list and record pages were cut to for serving under load
(bench/README.md, "Serving under load"): the caregiver column read as
tuples, each select's options read once by a plain query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from treem.children.forms import MoveForm
from treem.children.models import ChildCaregiver
from treem.children.queries import ChildFilter, list_choices
from treem.children.services import add_caregiver, create_child
from treem.children.views.registry import first_caregivers

from .base import RegistryTestCase, child_data


def queries_on(captured, table):
    return [q["sql"] for q in captured if f'FROM "{table}"' in q["sql"]]


class CaregiverColumnTests(RegistryTestCase):
    def test_the_legal_representative_is_shown_before_whom_the_child_lives_with(self):
        child = create_child(
            actor=self.officer_a,
            unit=self.group_a,
            ward=self.ward_a,
            data=child_data(given="Khang", dob=(2017, 2, 2), sex="M"),
        )
        add_caregiver(child, actor=self.officer_a, relation=self.mother, full_name="Lê Thị Mai")
        add_caregiver(
            child,
            actor=self.officer_a,
            relation=self.mother,
            full_name="Hồ Văn Tâm",
            phone="0987654321",
            lives_with=False,
            legal_representative=True,
        )
        shown = first_caregivers([child.pk, self.child_a.pk, self.child_a2.pk])
        self.assertEqual(shown[child.pk]["name"], "Hồ Văn Tâm")
        self.assertEqual(shown[child.pk]["phone"], "0987654321")
        self.assertEqual(shown[child.pk]["relation"], self.mother.name)
        self.assertEqual(shown[self.child_a.pk]["name"], "Trần Thị Hoa")
        self.assertNotIn(self.child_a2.pk, shown)

    def test_the_list_shows_the_caregiver_and_builds_no_link_or_caregiver_instance(self):
        self.login(self.officer_a)
        built = []

        def count(sender, **kwargs):
            built.append(sender.__name__)

        from django.db.models.signals import post_init

        post_init.connect(count)
        try:
            response = self.client.get(reverse("children:list"))
        finally:
            post_init.disconnect(count)
        self.assertContains(response, "Trần Thị Hoa")
        self.assertContains(response, "0912345678")
        self.assertNotIn("ChildCaregiver", built)
        self.assertNotIn("Caregiver", built)

    def test_the_caregiver_column_follows_the_scope_of_the_rows(self):
        self.login(self.officer_b)
        response = self.client.get(reverse("children:list"))
        self.assertNotContains(response, "Trần Thị Hoa")


class OptionQueryTests(RegistryTestCase):
    def test_the_list_reads_each_filter_select_once_without_a_cursor(self):
        self.login(self.officer_a)
        with CaptureQueriesContext(connection) as captured:
            self.client.get(reverse("children:list"))
        sql = [q["sql"] for q in captured]
        self.assertFalse([s for s in sql if s.lstrip().upper().startswith("DECLARE")])
        # The circumstance and the risk selects, once each.
        self.assertEqual(len(queries_on(captured, "children_referencecode")), 2)

    def test_a_listed_select_is_read_once_however_often_it_is_rendered(self):
        form = ChildFilter({}, user=self.officer_a, sensitive=True).form
        field = form["circumstance"]
        with self.assertNumQueries(1):
            first = str(field)
            self.assertEqual(str(field), first)
            self.assertTrue(field.field.choices)
            self.assertGreater(len(field.field.choices), 1)
        self.assertIn(f'value="{self.hiv.pk}"', first)

    def test_listed_options_are_the_same_as_djangos(self):
        plain = MoveForm(user=self.officer_a)
        listed = MoveForm(user=self.officer_a)
        list_choices(listed)
        self.assertEqual(str(listed["unit"]), str(plain["unit"]))

    def test_the_record_page_reads_its_selects_without_server_side_cursors(self):
        self.login(self.officer_a)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(reverse("children:detail", args=[self.child_a.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertFalse([q for q in captured if q["sql"].lstrip().upper().startswith("DECLARE")])
        self.assertTrue(ChildCaregiver.objects.filter(child=self.child_a).exists())


class ListLabelTests(RegistryTestCase):
    """The list's coded columns are labelled from one table a page
    (views.registry.list_labels), as get_FOO_display() labelled them."""

    def test_status_aged_out_sex_and_id_are_labelled_in_vietnamese(self):
        from treem.children.services import change_status

        create_child(
            actor=self.officer_a,
            unit=self.group_a,
            ward=self.ward_a,
            data=child_data(given="Khôi", dob=(2005, 1, 5), sex="M"),
        )
        gone = create_child(
            actor=self.officer_a,
            unit=self.group_a,
            ward=self.ward_a,
            data=child_data(given="Vân", dob=(2016, 6, 1), sex="F"),
        )
        change_status(gone, "moved_out", actor=self.officer_a)
        self.login(self.officer_a)
        html = self.client.get(reverse("children:list"), {"status": "all"}).content.decode()
        rows = {
            name: html.split(name, 1)[1].split("</tr>", 1)[0]
            for name in ("Khôi", "Vân", self.child_a.given_name)
        }
        self.assertIn("Đã đủ 16 tuổi", rows["Khôi"])
        self.assertIn(">Nam<", rows["Khôi"])
        self.assertIn("Chuyển khỏi tỉnh", rows["Vân"])
        self.assertNotIn("Đã đủ 16 tuổi", rows["Vân"])
        self.assertIn(">Nữ<", rows["Vân"])
        self.assertNotIn("badge badge-muted", rows[self.child_a.given_name])
        self.assertIn(">Chưa có<", rows["Khôi"])
