"""The calendar page: who may see it, and what an administrator can change."""

import datetime

from treem.audit.models import AuditEvent
from treem.core.testing import PersonaTestCase
from treem.workdays import services
from treem.workdays.models import CalendarAdjustment

URL = "/ngay-lam-viec/"


class CalendarPageTests(PersonaTestCase):
    def setUp(self):
        services.clear_cache()
        self.addCleanup(services.clear_cache)

    def test_the_administrator_sees_the_holidays_and_the_announced_days_of_a_year(self):
        response = self.login(self.admin).get(URL, {"year": 2026})
        self.assertContains(response, "Tết Nguyên Đán")
        self.assertContains(response, "17/02/2026")
        self.assertContains(response, "22/08/2026")
        self.assertContains(response, 'data-date="2026-08-22"')

    def test_people_without_the_reference_permission_get_404(self):
        for user in (
            self.officer_a,
            self.approver_a,
            self.province_officer,
            self.reporter_a,
            self.viewer,
            self.nobody,
        ):
            with self.subTest(user=user.username):
                client = self.login(user)
                self.assertEqual(client.get(URL).status_code, 404)
                self.assertEqual(client.get(URL + "them/").status_code, 404)
                response = client.post(
                    URL + "them/",
                    {
                        "date": "14/03/2026",
                        "kind": "working_day",
                        "name": "x",
                        "source": "y",
                        "certainty": "unverified",
                    },
                )
                self.assertEqual(response.status_code, 404)
        self.assertFalse(CalendarAdjustment.objects.filter(date="2026-03-14").exists())

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        self.assertEqual(self.client.get(URL).status_code, 302)

    def test_the_administrator_enters_a_make_up_saturday_and_it_is_audited(self):
        client = self.login(self.admin)
        response = client.post(
            URL + "them/",
            {
                "date": "14/03/2026",
                "kind": "working_day",
                "name": "Làm bù",
                "source": "Thông báo số 1/TB-BNV",
                "certainty": "verified",
            },
        )
        self.assertRedirects(response, URL + "?year=2026", fetch_redirect_response=False)
        adj = CalendarAdjustment.objects.get(date="2026-03-14")
        self.assertEqual(adj.created_by, self.admin)
        self.assertTrue(services.is_working_day(datetime.date(2026, 3, 14)))
        event = AuditEvent.objects.get(subject_type="workdays.calendaradjustment")
        self.assertEqual(event.actor, self.admin)

    def test_an_entry_without_a_source_is_refused_with_a_clear_message(self):
        response = self.login(self.admin).post(
            URL + "them/",
            {
                "date": "10/03/2026",
                "kind": "day_off",
                "name": "Nghỉ",
                "source": " ",
                "certainty": "unverified",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CalendarAdjustment.objects.filter(date="2026-03-10").exists())

    def test_a_weekday_cannot_be_made_a_working_day_twice(self):
        response = self.login(self.admin).post(
            URL + "them/",
            {
                "date": "10/03/2026",
                "kind": "working_day",
                "name": "Làm",
                "source": "x",
                "certainty": "unverified",
            },
        )
        self.assertContains(response, "Ngày này đã là ngày làm việc")
        self.assertFalse(CalendarAdjustment.objects.filter(date="2026-03-10").exists())

    def test_the_administrator_edits_and_deletes_an_entry(self):
        adj = CalendarAdjustment.objects.get(date="2026-08-22")
        client = self.login(self.admin)
        response = client.post(
            f"{URL}{adj.pk}/sua/",
            {
                "date": "22/08/2026",
                "kind": "working_day",
                "name": adj.name,
                "source": "Văn bản gốc đã đọc",
                "certainty": "verified",
            },
        )
        self.assertEqual(response.status_code, 302)
        adj.refresh_from_db()
        self.assertEqual(adj.certainty, "verified")
        client.post(f"{URL}{adj.pk}/xoa/")
        self.assertFalse(CalendarAdjustment.objects.filter(pk=adj.pk).exists())
        self.assertFalse(services.is_working_day(datetime.date(2026, 8, 22)))
        self.assertEqual(
            AuditEvent.objects.filter(subject_type="workdays.calendaradjustment").count(), 2
        )

    def test_officers_cannot_edit_or_delete_entries(self):
        adj = CalendarAdjustment.objects.get(date="2026-08-22")
        client = self.login(self.officer_a)
        self.assertEqual(client.get(f"{URL}{adj.pk}/sua/").status_code, 404)
        self.assertEqual(client.post(f"{URL}{adj.pk}/xoa/").status_code, 404)
        self.assertTrue(CalendarAdjustment.objects.filter(pk=adj.pk).exists())

    def test_the_services_refuse_an_actor_without_the_permission(self):
        with self.assertRaises(PermissionError):
            services.create_adjustment(
                actor=self.officer_a,
                date=datetime.date(2026, 3, 10),
                kind="day_off",
                name="x",
                source="y",
            )

    def test_the_page_query_count_does_not_grow_with_entries(self):
        self.login(self.admin)

        def add_rows():
            for day in (3, 4, 5):
                services.create_adjustment(
                    actor=None,
                    date=datetime.date(2026, 3, day),
                    kind="day_off",
                    name="x",
                    source="y",
                )

        self.assert_queries_constant(URL + "?year=2026", add_rows)


class CalendarApiTests(PersonaTestCase):
    def test_a_signed_in_user_reads_the_days_of_a_year(self):
        response = self.login(self.officer_a).get("/api/v1/working-days/", {"year": 2026})
        self.assertEqual(response.status_code, 200)
        days = {row["date"]: row for row in response.json()}
        self.assertEqual(days["2026-02-17"]["day_type"], "holiday")
        self.assertFalse(days["2026-02-17"]["working"])
        self.assertEqual(days["2026-08-22"]["day_type"], "working_day")
        self.assertTrue(days["2026-08-22"]["working"])

    def test_anonymous_callers_are_refused(self):
        self.assertIn(self.client.get("/api/v1/working-days/").status_code, (401, 403))

    def test_a_bad_year_is_a_clear_error(self):
        response = self.login(self.officer_a).get("/api/v1/working-days/", {"year": "abc"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("year", response.json())
