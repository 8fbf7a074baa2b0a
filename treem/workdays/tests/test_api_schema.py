"""The working-day API refuses what its schema refuses (findings of .ci/fuzz)."""

from treem.core.testing import PersonaTestCase
from treem.core.tests.openapi import schema_errors


class WorkingDayApiBoundsTests(PersonaTestCase):
    def test_a_year_past_any_date_is_a_400_not_a_server_error(self):
        client = self.login(self.officer_a)
        for year in ("9223372036854775808", "10000", "2101", "1999", "0", "-1", "", "2026.5"):
            response = client.get("/api/v1/working-days/", {"year": year})
            self.assertEqual(response.status_code, 400, year)
            self.assertIn("year", response.json())

    def test_the_years_the_calendar_answers_for_are_in_the_schema(self):
        client = self.login(self.officer_a)
        for year in ("2000", "2100"):
            response = client.get("/api/v1/working-days/", {"year": year})
            self.assertEqual(response.status_code, 200, year)
            self.assertEqual(schema_errors(response, "/api/v1/working-days/"), [])


class WorkingDayApiWordsTests(PersonaTestCase):
    def test_a_computed_holiday_names_its_source_in_vietnamese(self):
        client = self.login(self.officer_a)
        rows = client.get(
            "/api/v1/working-days/", {"year": "2026"}, HTTP_ACCEPT_LANGUAGE="vi"
        ).json()
        holidays = [r for r in rows if r["day_type"] == "holiday"]
        self.assertTrue(holidays)
        self.assertEqual(
            {r["source"] for r in holidays},
            {"Bộ luật Lao động 2019, Điều 112 (tính theo lịch âm dương bằng thư viện holidays)"},
        )
