"""The indicator-values API refuses what its schema refuses (findings of .ci/fuzz)."""

from treem.core.tests.openapi import schema_errors

from .helpers import IndicatorTestCase

PATH = "/api/v1/indicator-values/"


class IndicatorValueBoundsTests(IndicatorTestCase):
    def test_a_year_or_period_that_cannot_be_is_a_400_not_a_server_error(self):
        client = self.login(self.officer_a)
        for query in (
            {"year": "9223372036854775808"},
            {"year": "99999"},
            {"year": "-5"},
            {"year": ""},
            {"period": "2026-Q9"},
            {"period": "soon"},
            {"period": ""},
            {"year": "2025", "period": "2026-Q1"},
        ):
            response = client.get(PATH, {"unit": self.ward_a.pk, **query})
            self.assertEqual(response.status_code, 400, query)
            self.assertEqual(schema_errors(response, PATH), [], query)

    def test_a_period_of_the_year_answers_as_the_schema_says(self):
        client = self.login(self.officer_a)
        response = client.get(PATH, {"unit": self.ward_a.pk, "year": "2025", "period": "2025-Q1"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(schema_errors(response, PATH), [])
