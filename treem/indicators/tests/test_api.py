"""API: the catalogue and the values, same scoping as the dashboards."""

from .helpers import IndicatorTestCase


class ApiTests(IndicatorTestCase):
    def test_catalogue_lists_indicators_with_targets(self):
        self.login(self.viewer)
        data = self.client.get("/api/v1/indicators/?page_size=100").json()
        rows = data["results"] if isinstance(data, dict) else data
        bv02 = next(r for r in rows if r["code"] == "BV02")
        self.assertEqual([t["year"] for t in bv02["targets"]], [2025, 2030])
        self.assertEqual(self.client.get("/api/v1/indicators/BV02/").json()["code"], "BV02")

    def test_values_of_a_ward(self):
        self.login(self.officer_a)
        rows = self.client.get(
            f"/api/v1/indicator-values/?unit={self.ward_a.pk}&year=2025&code=TE01&code=TE02"
        ).json()
        self.assertEqual([r["code"] for r in rows], ["TE01", "TE02"])
        self.assertEqual(rows[0]["numerator"], 8)
        self.assertEqual(rows[1]["value"], "62.5")

    def test_small_counts_are_suppressed(self):
        self.login(self.viewer)
        rows = self.client.get(
            f"/api/v1/indicator-values/?unit={self.ward_b.pk}&year=2025&code=TE01"
        ).json()
        self.assertTrue(rows[0]["suppressed"])
        self.assertIsNone(rows[0]["numerator"])

    def test_other_ward_province_and_roles_without_aggregates_get_404(self):
        self.login(self.officer_a)
        for unit in (self.ward_b, self.province):
            response = self.client.get(f"/api/v1/indicator-values/?unit={unit.pk}&year=2025")
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get("/api/v1/indicator-values/?unit=999999").status_code, 404)
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get("/api/v1/indicators/").status_code, 404)
        self.assertEqual(
            self.client.get(f"/api/v1/indicator-values/?unit={self.ward_a.pk}").status_code, 404
        )

    def test_anonymous_is_refused(self):
        self.assertIn(self.client.get("/api/v1/indicators/").status_code, (401, 403))
