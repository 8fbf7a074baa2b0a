import polib
from django.test import override_settings

from treem.core.management.commands.compile_translations import po_files
from treem.core.testing import PersonaTestCase


class LandingPageTests(PersonaTestCase):
    def test_every_persona_gets_a_landing_page(self):
        expected = {
            self.officer_a: "Phường của tôi",
            self.approver_a: "Phường của tôi",
            self.collaborator_a: "Khối dân cư của tôi",
            self.reporter_a: "Cơ quan của tôi",
            self.province_officer: "Chỉ tiêu so với mục tiêu",
            self.viewer: "Chỉ tiêu so với mục tiêu",
            self.admin: "tài khoản đang hoạt động",
            self.nobody: "Bạn chưa có vai trò nào",
        }
        for user, text in expected.items():
            with self.subTest(user=user.username):
                self.login(user)
                self.assertContains(self.client.get("/"), text)

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get("/"), "/dang-nhap/?next=/")

    def test_navigation_shows_only_what_the_role_may_use(self):
        self.login(self.officer_a)
        nav = [i["url"] for i in self.client.get("/").context["nav_items"]]
        self.assertIn("/can-bo/", nav)
        self.assertNotIn("/nhat-ky/", nav)
        self.login(self.province_officer)
        nav = [i["url"] for i in self.client.get("/").context["nav_items"]]
        self.assertIn("/nhat-ky/", nav)
        self.login(self.viewer)
        nav = [i["url"] for i in self.client.get("/").context["nav_items"]]
        self.assertNotIn("/can-bo/", nav)

    def test_home_query_count_is_constant(self):
        self.login(self.province_officer)

        def more():
            from treem.accounts.permissions import Role
            from treem.core.testing import make_user

            for n in range(3):
                make_user(f"more{n}", Role.COLLABORATOR, self.group_b)

        self.assert_queries_constant("/", more)


class LanguageTests(PersonaTestCase):
    def test_the_interface_is_vietnamese_by_default(self):
        response = self.client.get("/dang-nhap/")
        self.assertContains(response, '<html lang="vi">')
        self.assertContains(response, "Đăng nhập")

    def test_a_browser_set_to_english_still_gets_vietnamese(self):
        response = self.client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "Đăng nhập")

    def test_english_is_available(self):
        self.login(self.officer_a)
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        self.assertContains(self.client.get("/"), "My ward")

    def test_dates_are_written_day_month_year(self):
        self.login(self.viewer)
        response = self.client.get(f"/dia-ban/{self.former_a.pk}/")
        self.assertContains(response, "30/06/2025")

    def test_every_message_has_a_vietnamese_translation(self):
        for po_path in po_files():
            po = polib.pofile(str(po_path))
            missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
            self.assertEqual(missing, [], po_path)
            self.assertEqual([e.msgid for e in po.fuzzy_entries()], [], po_path)


class ApiDocsTests(PersonaTestCase):
    def test_schema_and_local_docs_are_served(self):
        self.login(self.officer_a)
        schema = self.client.get("/api/schema/")
        self.assertEqual(schema.status_code, 200)
        self.assertIn(b"/api/v1/staff/", schema.content)
        docs = self.client.get("/api/docs/")
        self.assertEqual(docs.status_code, 200)
        self.assertNotIn(b"cdn.", docs.content)
        self.assertNotIn(b"unpkg", docs.content)

    @override_settings(DEBUG=False)
    def test_static_assets_come_from_this_server(self):
        response = self.client.get("/dang-nhap/")
        self.assertNotIn(b"https://", response.content.split(b"<body")[0])


class RegistryLandingTests(PersonaTestCase):
    def test_officer_sees_the_registry_figures_of_the_ward(self):
        from treem.children.services import create_child, load_reference_codes

        load_reference_codes()
        import datetime

        create_child(
            actor=self.officer_a,
            unit=self.group_a,
            ward=self.ward_a,
            data={
                "family_name": "Lê",
                "middle_name": "",
                "given_name": "An",
                "date_of_birth": datetime.date(2018, 1, 1),
                "sex": "M",
            },
        )
        self.login(self.officer_a)
        sections = self.client.get("/").context["sections"]
        registry = next(s for s in sections if s["template"] == "children/landing.html")
        self.assertEqual(registry["figures"]["total"], 1)
        self.assertEqual(registry["figures"]["no_id"], 1)

    def test_viewer_gets_no_registry_section(self):
        self.login(self.viewer)
        templates = [s["template"] for s in self.client.get("/").context["sections"]]
        self.assertNotIn("children/landing.html", templates)
