"""The quick search in the header: children by name without accents or by
personal ID, cases by number, within the user's scope, as an htmx dropdown
or a plain results page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from treem.cases.tests.base import CaseTestCase, new_child

URL = reverse("core:quick-search")


class QuickSearchTests(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.khanh = new_child(cls.ward_a, cls.group_a, given="Khánh", family="Đặng")
        cls.khanh_b = new_child(cls.ward_b, given="Khánh", family="Đặng")

    def dropdown(self, q):
        return self.client.get(URL, {"q": q}, HTTP_HX_REQUEST="true")

    def test_every_page_has_the_search_box_in_its_header(self):
        page = self.login(self.officer_a).get("/")
        self.assertContains(page, 'role="combobox"')
        self.assertContains(page, 'aria-controls="qs-listbox"')
        self.assertContains(page, f'action="{URL}"')

    def test_anonymous_users_get_no_search_box_and_are_sent_to_login(self):
        self.assertNotContains(self.client.get("/dang-nhap/"), 'role="combobox"')
        self.assertEqual(self.client.get(URL, {"q": "Khanh"}).status_code, 302)

    def test_officer_finds_a_child_by_a_name_typed_without_accents(self):
        self.login(self.officer_a)
        response = self.dropdown("dang thi khanh")
        self.assertTemplateUsed(response, "core/_quick_results.html")
        self.assertContains(response, 'role="option"')
        self.assertContains(response, self.khanh.get_absolute_url())

    def test_a_child_of_another_ward_never_appears(self):
        self.login(self.officer_a)
        response = self.dropdown("khanh")
        self.assertNotContains(response, self.khanh_b.get_absolute_url())
        self.login(self.officer_b)
        response = self.dropdown("khanh")
        self.assertContains(response, self.khanh_b.get_absolute_url())
        self.assertNotContains(response, self.khanh.get_absolute_url())

    def test_officer_finds_a_child_by_personal_id(self):
        from treem.children.models import Child

        Child.objects.filter(pk=self.khanh.pk).update(personal_id="040216001234")
        self.login(self.officer_a)
        self.assertContains(self.dropdown("040216001234"), self.khanh.get_absolute_url())
        self.login(self.officer_b)
        self.assertNotContains(self.dropdown("040216001234"), self.khanh.get_absolute_url())

    def test_officer_finds_a_case_by_its_number(self):
        case = self.intake()
        self.login(self.officer_a)
        for typed in (case.number, case.number.lower(), str(case.pk)):
            with self.subTest(typed=typed):
                response = self.dropdown(typed)
                self.assertContains(response, case.get_absolute_url())

    def test_a_case_of_another_ward_is_not_found(self):
        case = self.intake()
        self.login(self.officer_b)
        self.assertNotContains(self.dropdown(case.number), case.get_absolute_url())

    def test_roles_without_case_access_never_find_cases(self):
        case = self.intake()
        for user in (self.collaborator_a, self.reporter_a, self.viewer):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertNotContains(self.dropdown(case.number), case.get_absolute_url())

    def test_viewer_finds_no_child_since_it_sees_aggregates_only(self):
        self.login(self.viewer)
        response = self.dropdown("khanh")
        self.assertNotContains(response, self.khanh.get_absolute_url())
        self.assertContains(response, "Không tìm thấy")

    def test_sensitive_fields_are_never_shown(self):
        from treem.children.models import Child

        Child.objects.filter(pk=self.khanh.pk).update(personal_id="040216001234")
        self.login(self.officer_a)
        response = self.dropdown("khanh")
        # The dropdown names the child; no ID, circumstance or caregiver.
        self.assertNotContains(response, "040216001234")
        self.assertNotContains(response, "badge-bad")

    def test_one_letter_asks_for_more(self):
        self.login(self.officer_a)
        response = self.dropdown("k")
        self.assertNotContains(response, 'role="option"')
        self.assertContains(response, "ít nhất hai")

    def test_without_javascript_the_form_leads_to_a_results_page(self):
        case = self.intake()
        self.login(self.officer_a)
        page = self.client.get(URL, {"q": "Khanh"})
        self.assertTemplateUsed(page, "core/quick_search.html")
        self.assertContains(page, self.khanh.get_absolute_url())
        self.assertNotContains(page, self.khanh_b.get_absolute_url())
        page = self.client.get(URL, {"q": case.number})
        self.assertContains(page, case.get_absolute_url())

    def test_the_results_page_without_a_query_shows_the_form(self):
        self.login(self.officer_a)
        page = self.client.get(URL)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'name="q"')

    def test_the_dropdown_reads_a_bounded_number_of_queries(self):
        self.login(self.officer_a)
        with CaptureQueriesContext(connection) as before:
            self.dropdown("nguyen")
        for n in range(5):
            new_child(self.ward_a, self.group_a, given=f"Lan{n}")
        with CaptureQueriesContext(connection) as after:
            self.dropdown("nguyen")
        # Session, user, roles, the scope's units (5) and the children's search (one query
        # on SQLite, two on PostgreSQL, whose search strategy first reads the matching ids).
        self.assertEqual(len(after), len(before))
        self.assertLessEqual(len(after), 13)

    def test_a_search_logs_what_the_registry_list_logs_without_sensitive_rows_nothing(self):
        # The list writes a sensitive-view event only for sensitive groups
        # shown or sensitive filters used; the quick search shows neither.
        from treem.audit.models import Action, AuditEvent

        self.login(self.officer_a)
        before = AuditEvent.objects.filter(action=Action.VIEW_SENSITIVE).count()
        self.dropdown("khanh")
        self.client.get(URL, {"q": "khanh"})
        self.assertEqual(AuditEvent.objects.filter(action=Action.VIEW_SENSITIVE).count(), before)
