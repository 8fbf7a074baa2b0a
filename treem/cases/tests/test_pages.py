"""The case pages: the list (overdue first, constant queries), the step forms
with their edit conflicts, the approver's decision, services and referrals."""

from django.urls import reverse

from treem.cases.models import Case, CaseStatus, Referral, ReferralState, SupportPlan
from treem.cases.services import get_step, refer_case, save_step
from treem.children.models import Support

from .base import STEP_DATA, CaseTestCase, aware


class CaseListTests(CaseTestCase):
    def test_overdue_cases_come_first(self):
        recent = self.intake()
        late = self.intake(received_at=aware(2026, 11, 2, 8, 0))
        self.login(self.officer_a)
        page = self.client.get(reverse("cases:list"))
        cases = list(page.context["page"])
        self.assertEqual(cases[0], late)
        self.assertIn(recent, cases)

    def test_filters_by_status_and_overdue(self):
        self.intake()
        late = self.intake(received_at=aware(2026, 11, 2, 8, 0))
        self.login(self.officer_a)
        page = self.client.get(reverse("cases:list"), {"overdue": "on"})
        self.assertEqual(list(page.context["page"]), [late])

    def test_other_wards_cases_are_not_listed(self):
        self.intake(ward=self.ward_b)
        self.login(self.officer_a)
        self.assertEqual(len(self.client.get(reverse("cases:list")).context["page"]), 0)

    def test_the_list_runs_a_constant_number_of_queries(self):
        self.intake()
        self.login(self.officer_a)
        self.assert_queries_constant(
            reverse("cases:list"), lambda: [self.intake() for _ in range(3)]
        )

    def test_roles_without_case_permission_get_404(self):
        for user in (self.collaborator_a, self.reporter_a, self.viewer, self.nobody):
            self.login(user)
            self.assertEqual(self.client.get(reverse("cases:list")).status_code, 404, user)

    def test_the_landing_page_shows_due_steps_for_officers(self):
        late = self.intake(received_at=aware(2026, 11, 2, 8, 0))
        self.login(self.officer_a)
        response = self.client.get("/")
        self.assertContains(response, 'id="due-steps"')
        self.assertContains(response, late.number)


class StepFormTests(CaseTestCase):
    def setUp(self):
        # A verification is recorded alongside the initial assessment (Decree
        # 56/2017 Art. 26(1): the report is passed on at once).
        self.case = self.intake()
        self.url = reverse("cases:step", args=[self.case.pk, "verification"])

    def post(self, version, **changes):
        data = {
            **STEP_DATA["verification"],
            "verified_at": "27/11/2026 10:00",
            "substantiated": "on",
            "version": version,
        }
        data.update(changes)
        return self.client.post(self.url, data)

    def test_an_officer_records_a_verification_and_the_case_stays_in_the_assessment(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.post(0, complete="1")
        self.assertRedirects(response, self.case.get_absolute_url())
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.INITIAL_ASSESSMENT)

    def test_the_second_editor_gets_a_conflict_with_both_versions_and_nothing_is_overwritten(self):
        self.login(self.officer_a)
        self.post(0, findings="Bản của Alice")
        # Both opened version 1; the approver saves first.
        self.login(self.approver_a)
        self.post(1, findings="Bản của Châu")
        self.login(self.officer_a)
        response = self.post(1, findings="Bản thứ hai của Alice")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="conflict"')
        self.assertContains(response, "Bản của Châu")
        self.assertContains(response, "Bản thứ hai của Alice")
        self.assertEqual(get_step(self.case, "verification").findings, "Bản của Châu")

    def test_another_wards_officer_gets_404(self):
        self.login(self.officer_b)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post(0).status_code, 404)

    def test_an_unknown_step_is_404(self):
        self.login(self.officer_a)
        self.assertEqual(
            self.client.get(reverse("cases:step", args=[self.case.pk, "x"])).status_code, 404
        )


class DecisionPageTests(CaseTestCase):
    def setUp(self):
        self.case = self.run_to(self.intake(), CaseStatus.PLAN_SUBMITTED)
        self.url = reverse("cases:decide", args=[self.case.pk])

    def test_the_approver_approves_the_plan(self):
        self.login(self.approver_a)
        self.assertContains(self.client.get(self.url), STEP_DATA["plan"]["goals"])
        response = self.client.post(
            self.url,
            {"outcome": "approved", "decision_number": "5/QĐ", "version": self.case.version},
        )
        self.assertRedirects(response, self.case.get_absolute_url())
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.IMPLEMENTATION)
        self.assertEqual(SupportPlan.objects.get(case=self.case).state, "approved")

    def test_the_officer_cannot_open_the_decision(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_stale_form_is_refused(self):
        self.login(self.approver_a)
        self.client.post(self.url, {"outcome": "approved", "version": self.case.version - 1})
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.PLAN_SUBMITTED)


class ServicesAndReferralsTests(CaseTestCase):
    def setUp(self):
        self.case = self.run_to(self.intake(), CaseStatus.IMPLEMENTATION)

    def test_a_delivered_service_counts_as_support_in_the_registry(self):
        self.login(self.officer_a)
        self.client.post(
            reverse("cases:service-add", args=[self.case.pk]),
            {
                "service_type": self.medical.pk,
                "provider": "",
                "started_on": "20/11/2026",
                "ended_on": "25/11/2026",
                "state": "delivered",
                "outcome": "Đã khám",
            },
        )
        support = Support.objects.get(child=self.child_a)
        self.assertEqual(support.support_type.code, "yte")

    def test_a_planned_service_is_counted_once_delivered(self):
        from treem.cases.services import add_service, update_service

        service = add_service(
            self.case,
            actor=self.officer_a,
            service_type=self.medical,
            started_on=aware(2026, 11, 20, 0, 0).date(),
        )
        self.assertFalse(Support.objects.exists())
        update_service(service, actor=self.officer_a, data={"state": "delivered"})
        update_service(service, actor=self.officer_a, data={"outcome": "xong"})
        self.assertEqual(Support.objects.count(), 1)

    def test_the_police_reporter_sees_only_referrals_to_their_agency(self):
        referral = refer_case(
            self.case,
            actor=self.officer_a,
            agency=self.police_a,
            reason="Điều tra",
            shared_information="Cần xác minh",
        )
        other = self.run_to(self.intake(), CaseStatus.IMPLEMENTATION)
        from treem.agencies.models import Agency

        health = Agency.objects.in_force().exclude(pk=self.police_a.pk).first()
        hidden = refer_case(other, actor=self.officer_a, agency=health, reason="Khám")
        self.login(self.reporter_a)
        inbox = self.client.get(reverse("cases:referrals"))
        self.assertContains(inbox, referral.case.number)
        self.assertNotContains(inbox, f"/chuyen-gui/{hidden.pk}/")
        self.assertEqual(
            self.client.get(reverse("cases:referral-detail", args=[hidden.pk])).status_code, 404
        )
        detail = self.client.get(reverse("cases:referral-detail", args=[referral.pk]))
        self.assertContains(detail, "Cần xác minh")
        # Only the referral: not the assessments, not the intake's reporter.
        self.assertNotContains(detail, STEP_DATA["detailed"]["needs"])
        self.assertEqual(self.client.get(self.case.get_absolute_url()).status_code, 404)

    def test_the_police_reporter_accepts_or_declines(self):
        referral = refer_case(
            self.case, actor=self.officer_a, agency=self.police_a, reason="Điều tra"
        )
        self.login(self.reporter_a)
        url = reverse("cases:referral-detail", args=[referral.pk])
        self.client.post(url, {"accept": "0", "note": ""})
        referral.refresh_from_db()
        self.assertEqual(referral.state, ReferralState.SENT)  # a refusal needs a reason
        self.client.post(url, {"accept": "1", "note": "Đã tiếp nhận"})
        referral.refresh_from_db()
        self.assertEqual(
            (referral.state, referral.answered_by), (ReferralState.ACCEPTED, self.reporter_a)
        )

    def test_the_referral_inbox_runs_a_constant_number_of_queries(self):
        refer_case(self.case, actor=self.officer_a, agency=self.police_a, reason="Điều tra")
        self.login(self.reporter_a)

        def more():
            for _i in range(3):
                other = self.run_to(self.intake(), CaseStatus.IMPLEMENTATION)
                refer_case(other, actor=self.officer_a, agency=self.police_a, reason="Điều tra")

        self.assert_queries_constant(reverse("cases:referrals"), more)

    def test_officers_cannot_use_the_referral_inbox(self):
        self.login(self.officer_a)
        self.assertEqual(self.client.get(reverse("cases:referrals")).status_code, 404)

    def test_services_are_refused_before_the_plan_is_approved(self):
        from treem.cases.services import CaseError, add_service

        early = self.intake()
        with self.assertRaises(CaseError):
            add_service(
                early,
                actor=self.officer_a,
                service_type=self.medical,
                started_on=aware(2026, 11, 20, 0, 0).date(),
            )
        self.assertEqual(Referral.objects.count(), 0)
        self.assertTrue(Case.objects.exists())

    def test_save_step_is_refused_in_the_wrong_stage(self):
        from treem.cases.services import CaseError

        with self.assertRaises(CaseError):
            save_step(self.case, "plan", STEP_DATA["plan"], actor=self.officer_a)
