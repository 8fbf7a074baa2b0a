from treem.agencies.models import Agency
from treem.plans.models import Plan, ReportState
from treem.plans.progress import sub_plan_rollup
from treem.plans.services import PlanPermissionError
from treem.plans.services.plans import add_task, create_sub_plan
from treem.plans.services.reports import change_report_state, open_reports

from .helpers import TODAY, PlanTestCase, freeze_today


class SubPlanTests(PlanTestCase):
    def setUp(self):
        freeze_today(self)
        self.parent = self.plan.tasks.get(number="III.6.1")
        self.ward_party = Agency.objects.get(name="Đảng ủy phường Trường Vinh")

    def test_a_ward_makes_its_own_plan_under_a_task_and_the_parent_sees_its_progress(self):
        self.login(self.officer_a)
        response = self.client.post(
            f"/ke-hoach/nhiem-vu/{self.parent.pk}/ke-hoach-con/",
            {
                "title": "Kế hoạch của Đảng ủy phường Trường Vinh thực hiện Chỉ thị 28",
                "owner_agency": self.ward_party.pk,
                "period_start": "2026-07-01",
            },
        )
        sub = Plan.objects.get(parent_task=self.parent)
        self.assertRedirects(response, sub.get_absolute_url())
        self.assertEqual(sub.unit, self.ward_a)
        self.client.post(
            f"/ke-hoach/{sub.pk}/nhiem-vu/moi/",
            {
                "content": "Tuyên truyền Chỉ thị 28 tại các khối",
                "lead_agency": self.police_a.pk,
                "timing": "quarterly",
            },
        )
        task = sub.tasks.get()
        self.assertEqual(task.number, "I.1")
        from treem.plans.services.plans import change_plan_status

        change_plan_status(sub, "active", actor=self.officer_a)
        sub.refresh_from_db()
        open_reports(sub, on=TODAY)
        report = task.reports.get(period_end__month=9)
        from treem.plans.services.reports import save_report

        save_report(report, actor=self.reporter_a, done_text="Đã tuyên truyền", status="done")
        change_report_state(report, ReportState.SUBMITTED, actor=self.reporter_a)
        change_report_state(report, ReportState.ACCEPTED, actor=self.officer_a)
        rollup = sub_plan_rollup([self.parent.pk], TODAY)[self.parent.pk]
        self.assertEqual((rollup.accepted, rollup.statuses), (1, {"done": 1}))
        response = self.client.get(self.parent.get_absolute_url())
        self.assertEqual(response.context["rollup"].accepted, 1)
        self.login(self.officer_b)
        response = self.client.get(self.parent.get_absolute_url())
        self.assertEqual(response.context["sub_plans"], [])

    def test_a_ward_cannot_make_a_plan_for_another_wards_agency(self):
        other = Agency.objects.get(name="Đảng ủy phường Thành Vinh")
        with self.assertRaises(PlanPermissionError):
            create_sub_plan(
                self.parent, actor=self.officer_a, owner_agency=other, title="x", period_start=TODAY
            )
        self.login(self.officer_a)
        response = self.client.post(
            f"/ke-hoach/nhiem-vu/{self.parent.pk}/ke-hoach-con/",
            {"title": "x", "owner_agency": other.pk, "period_start": "2026-07-01"},
        )
        self.assertEqual(response.status_code, 200)  # the choice is not offered
        self.assertFalse(Plan.objects.filter(parent_task=self.parent).exists())

    def test_an_agency_reporter_makes_a_plan_for_its_own_agency(self):
        sub = create_sub_plan(
            self.plan.tasks.get(number="III.4.1"),
            actor=self.reporter_a,
            owner_agency=self.police_a,
            title="Kế hoạch Công an phường",
            period_start=TODAY,
        )
        add_task(
            sub.sections.get(),
            actor=self.reporter_a,
            content="Tuần tra",
            lead_agency=self.police_a,
            timing="monthly",
        )
        with self.assertRaises(PlanPermissionError):
            create_sub_plan(
                self.parent,
                actor=self.reporter_a,
                owner_agency=self.ward_party,
                title="x",
                period_start=TODAY,
            )
