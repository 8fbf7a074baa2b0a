"""Activities recorded -> the progress report is drafted from them -> the
reporter edits the draft -> submits it (treem/plans' workflow)."""

import datetime

from django.urls import reverse

from treem.plans.models import ProgressReport, ReportState

from ..services.drafting import draft_for, draft_text_for
from .base import Q3, ActivityTestCase


class DraftTests(ActivityTestCase):
    def setUp(self):
        self.first = self.activity(title="Tuyên truyền tại khối 3", day=datetime.date(2026, 7, 5))
        self.second = self.activity(
            kind=self.month,
            title="Ngày hội trẻ em",
            day=datetime.date(2026, 9, 2),
            ends_on=datetime.date(2026, 9, 3),
            cost=0,
        )
        # Outside the period, and of another agency: not in the draft.
        self.activity(title="Hoạt động tháng 6", day=datetime.date(2026, 6, 20))
        self.activity(self.police_b, title="Của phường khác", day=datetime.date(2026, 8, 1))
        self.report = self.make_report(period=Q3)

    def test_draft_lists_the_activities_of_its_task_agency_and_period(self):
        text = draft_text_for(self.report)
        self.assertIn("2 hoạt động", text)
        self.assertIn("05/07/2026: Chiến dịch truyền thông “Tuyên truyền tại khối 3”", text)
        self.assertIn("02/09/2026–03/09/2026", text)
        self.assertNotIn("Hoạt động tháng 6", text)
        self.assertNotIn("phường khác", text)
        figures = draft_for(self.report)["figures"]
        self.assertIn("Số hoạt động: 2", figures)
        self.assertIn("Số trẻ em tham gia: 90", figures)
        self.assertIn("1.500.000", figures)

    def test_no_activity_no_draft(self):
        other = self.make_report(period=(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)))
        self.assertEqual(draft_for(other), {})

    def test_recorded_drafted_edited_submitted(self):
        self.login(self.reporter_a)
        url = reverse("plans:report-edit", args=[self.report.pk])
        form = self.client.get(url).context["form"]
        drafted = form.initial["done_text"]
        self.assertIn("Ngày hội trẻ em", drafted)
        self.assertIn("Tuyên truyền tại khối 3", drafted)
        # Nothing is saved until the reporter saves.
        self.report.refresh_from_db()
        self.assertEqual(self.report.done_text, "")
        edited = drafted + "\nNgoài ra phối hợp với nhà trường."
        response = self.client.post(
            url,
            {
                "status": "on_track",
                "done_text": edited,
                "figures": form.initial["figures"],
                "difficulties": "",
                "proposals": "",
                "then": "submit",
            },
        )
        self.assertRedirects(response, self.report.get_absolute_url())
        report = ProgressReport.objects.get(pk=self.report.pk)
        self.assertEqual(report.state, ReportState.SUBMITTED)
        version = report.versions.get()
        self.assertIn("Ngày hội trẻ em", version.done_text)
        self.assertTrue(version.done_text.endswith("Ngoài ra phối hợp với nhà trường."))

    def test_saved_text_is_kept_unless_the_reporter_asks_for_a_draft(self):
        self.make_report(period=Q3, done_text="Đã viết tay")
        self.login(self.reporter_a)
        url = reverse("plans:report-edit", args=[self.report.pk])
        self.assertEqual(self.client.get(url).context["form"]["done_text"].value(), "Đã viết tay")
        asked = self.client.get(url + "?tu-hoat-dong=1").context["form"]["done_text"].value()
        self.assertIn("Tuyên truyền tại khối 3", asked)
