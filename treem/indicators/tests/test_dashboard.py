"""Dashboards: who sees which unit, what they show, CSV, query counts."""

from django.urls import reverse

from treem.children.models import CodeKind
from treem.children.services import add_circumstance
from treem.indicators.refresh import refresh_full

from .helpers import D, IndicatorTestCase, code, make_child


class DashboardTests(IndicatorTestCase):
    def url(self, unit, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return reverse("indicators:dashboard", args=[unit.pk]) + (f"?{query}" if query else "")

    def test_province_officer_is_sent_to_the_province_dashboard(self):
        self.login(self.province_officer)
        response = self.client.get(reverse("indicators:index"))
        self.assertRedirects(response, self.url(self.province), fetch_redirect_response=False)

    def test_ward_officer_is_sent_to_the_ward_dashboard(self):
        self.login(self.officer_a)
        response = self.client.get(reverse("indicators:index"))
        self.assertRedirects(response, self.url(self.ward_a), fetch_redirect_response=False)

    def test_province_dashboard_shows_every_indicator_and_the_six_wards(self):
        self.login(self.viewer)
        response = self.client.get(self.url(self.province, nam=2025, **{"chi-tieu": "TE01"}))
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        for code_ in ("TE01", "TE02", "BV02", "YT02", "BV04"):
            self.assertIn(code_, content)
        for ward in ("Trường Vinh", "Thành Vinh", "Vinh Hưng", "Vinh Phú", "Vinh Lộc", "Cửa Lò"):
            self.assertIn(ward, content)
        self.assertIn("<svg", content)
        self.assertIn("6,5", content)  # the 2025 target of BV02

    def test_small_counts_are_hidden_on_the_page(self):
        self.login(self.province_officer)
        response = self.client.get(self.url(self.ward_b, nam=2025))
        self.assertContains(response, "&lt;5")

    def test_former_units_of_2024(self):
        self.login(self.province_officer)
        response = self.client.get(self.url(self.province, nam=2024, **{"don-vi-cu": 1}))
        self.assertContains(response, "Vinh Tân")
        response = self.client.get(self.url(self.province, nam=2024))
        self.assertNotContains(response, "Vinh Tân")

    def test_officer_cannot_open_another_ward_or_the_province(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(self.url(self.ward_b)).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.province)).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.ward_a)).status_code, 200)

    def test_roles_without_aggregates_see_nothing(self):
        for user in (self.collaborator_a, self.nobody):
            self.login(user)
            self.assertEqual(self.client.get(reverse("indicators:index")).status_code, 404)
            self.assertEqual(self.client.get(self.url(self.ward_a)).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(self.url(self.ward_a)).status_code, 302)

    def test_csv_of_each_table(self):
        self.login(self.viewer)
        for name in ("indicators", "trend", "wards", "groups", "quality"):
            response = self.client.get(
                reverse("indicators:csv", args=[self.province.pk, name]) + "?nam=2025"
            )
            self.assertEqual(response.status_code, 200, name)
            self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        body = self.client.get(
            reverse("indicators:csv", args=[self.province.pk, "indicators"]) + "?nam=2025"
        ).content.decode("utf-8-sig")
        self.assertIn("TE01", body)
        self.login(self.officer_b)
        response = self.client.get(reverse("indicators:csv", args=[self.ward_a.pk, "indicators"]))
        self.assertEqual(response.status_code, 404)

    def test_query_count_does_not_grow_with_the_children(self):
        self.login(self.province_officer)

        def more():
            for i in range(30):
                child = make_child(self.ward_b, self.ward_b, D(2012, 1, 1 + i % 27), "F")
                add_circumstance(
                    child,
                    actor=None,
                    code=code(CodeKind.CIRCUMSTANCE_GROUP, "k"),
                    started_on=D(2025, 1, 1),
                )
            refresh_full()

        self.assert_queries_constant(self.url(self.province, nam=2025), more)

    def test_ward_dashboard_query_count_is_constant(self):
        self.login(self.officer_a)

        def more():
            for i in range(10):
                make_child(self.group_a, self.ward_a, D(2014, 2, 1 + i), "M")
            refresh_full()

        self.assert_queries_constant(self.url(self.ward_a, nam=2025), more)


class CatalogueViewTests(IndicatorTestCase):
    def test_anyone_with_aggregates_reads_the_catalogue(self):
        self.login(self.viewer)
        self.assertContains(self.client.get(reverse("indicators:catalogue")), "TE01")

    def test_only_the_administrator_edits(self):
        from treem.indicators.models import Indicator

        ind = Indicator.objects.get(code="BV02")
        self.login(self.province_officer)
        edit = reverse("indicators:catalogue-edit", args=[ind.pk])
        self.assertEqual(self.client.get(edit).status_code, 404)
        target_url = reverse("indicators:target-save", args=[ind.pk])
        data = {
            "year": 2030,
            "value": "5.5",
            "direction": "below",
            "amber_margin": "0.5",
            "source": "QĐ địa phương",
        }
        self.assertEqual(self.client.post(target_url, data).status_code, 404)
        self.login(self.admin)
        self.assertEqual(self.client.get(edit).status_code, 200)
        self.client.post(target_url, data)
        self.assertEqual(str(ind.targets.get(year=2030).value), "5.50")
        from treem.audit.models import AuditEvent

        self.assertTrue(
            AuditEvent.objects.filter(subject_type="indicators.target", actor=self.admin).exists()
        )

    def test_administrator_edits_an_indicator_with_audit(self):
        from treem.audit.models import AuditEvent
        from treem.indicators.forms import IndicatorForm
        from treem.indicators.models import Indicator

        ind = Indicator.objects.get(code="BV08")
        data = {k: v for k, v in IndicatorForm(instance=ind).initial.items() if v is not None}
        data["disaggregations"] = '["unit", "sex"]'
        data["agency_kinds"] = '["health", "police"]'
        data["name"] = "Số trẻ em bị đuối nước (tử vong)"
        data["active"] = "on"
        self.login(self.admin)
        response = self.client.post(reverse("indicators:catalogue-edit", args=[ind.pk]), data)
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context["form"].errors,
        )
        ind.refresh_from_db()
        self.assertEqual(ind.name, "Số trẻ em bị đuối nước (tử vong)")
        self.assertEqual(ind.disaggregations, ["unit", "sex"])
        event = AuditEvent.objects.filter(
            subject_type="indicators.indicator", actor=self.admin
        ).get()
        self.assertIn("name", event.changes)
