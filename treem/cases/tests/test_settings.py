"""The editable procedure data: administrators change step limits (with a
source) and code lists; everyone else gets 404."""

from django.urls import reverse

from treem.audit.models import AuditEvent
from treem.cases.models import CaseCode, StepLimit

from .base import CaseTestCase, S


class SettingsTests(CaseTestCase):
    def test_the_administrator_changes_a_step_limit_with_its_source(self):
        limit = StepLimit.objects.get(step=S.DETAILED_ASSESSMENT)
        self.login(self.admin)
        self.assertContains(self.client.get(reverse("cases:settings")), "Điều 28")
        url = reverse("cases:limit-edit", args=[limit.pk])
        self.client.post(
            url, {"amount": 4, "unit": "working_days", "counted_from": "step_start", "source": ""}
        )
        limit.refresh_from_db()
        self.assertEqual(limit.amount, 3)  # no source, no change
        self.client.post(
            url,
            {
                "amount": 4,
                "unit": "working_days",
                "counted_from": "step_start",
                "source": "QĐ UBND tỉnh",
                "local_practice": "on",
            },
        )
        limit.refresh_from_db()
        self.assertEqual((limit.amount, limit.source), (4, "QĐ UBND tỉnh"))
        self.assertTrue(AuditEvent.objects.filter(subject_type="cases.steplimit").exists())

    def test_the_administrator_adds_a_kind_of_harm(self):
        self.login(self.admin)
        self.client.post(
            reverse("cases:code-add"),
            {
                "kind": "harm",
                "code": "bachoc",
                "name": "Bắt nạt học đường",
                "order": 10,
                "active": "on",
                "source": "Thực tiễn",
            },
        )
        self.assertTrue(CaseCode.objects.filter(code="bachoc", kind="harm").exists())

    def test_officers_cannot_change_the_settings(self):
        for user in (self.officer_a, self.approver_a, self.reporter_a):
            self.login(user)
            self.assertEqual(self.client.get(reverse("cases:settings")).status_code, 404)
