"""The cases API: the same sealing as the pages, every move through the
same services, conflicts as 409, and the agencies' referral endpoint."""

from django.utils import timezone

from treem.cases.models import Case, CaseStatus
from treem.cases.services import break_glass, refer_case

from .base import STEP_DATA, CaseTestCase


class CaseApiTests(CaseTestCase):
    def setUp(self):
        self.case = self.intake()

    def test_officers_list_their_wards_cases_only(self):
        self.intake(ward=self.ward_b)
        self.login(self.officer_a)
        response = self.client.get("/api/v1/cases/")
        self.assertEqual([c["id"] for c in response.json()["results"]], [self.case.pk])

    def test_other_wards_and_roles_get_404(self):
        for user in (self.officer_b, self.collaborator_a, self.reporter_a, self.viewer):
            self.login(user)
            self.assertEqual(
                self.client.get(f"/api/v1/cases/{self.case.pk}/").status_code, 404, user
            )
        for user in (self.collaborator_a, self.reporter_a, self.viewer):
            self.assertEqual(self.login(user).get("/api/v1/cases/").status_code, 404)

    def test_break_the_glass_opens_the_case_in_the_api_too(self):
        break_glass(self.case.pk, actor=self.officer_b, reason="Trẻ đang ở phường tôi")
        self.login(self.officer_b)
        self.assertEqual(self.client.get(f"/api/v1/cases/{self.case.pk}/").status_code, 200)

    def test_a_case_moves_through_the_api_with_the_same_rules(self):
        self.login(self.officer_a)
        url = f"/api/v1/cases/{self.case.pk}/"
        gone = self.client.post(
            url + "transition/", {"target": "verification"}, content_type="application/json"
        )
        self.assertEqual(gone.status_code, 400)  # no verification stage (Art. 26(1))
        bad = self.client.post(
            url + "step/",
            {"kind": "plan", "data": STEP_DATA["plan"]},
            content_type="application/json",
        )
        self.assertEqual(bad.status_code, 400)
        step = self.client.post(
            url + "step/",
            {
                "kind": "verification",
                "data": STEP_DATA["verification"],
                "version": 0,
                "complete": True,
            },
            content_type="application/json",
        )
        self.assertEqual(step.json()["status"], "initial_assessment", step.json())
        conflict = self.client.post(
            url + "step/",
            {"kind": "initial", "data": {**STEP_DATA["initial"]}, "version": 0},
            content_type="application/json",
        )
        self.assertEqual(conflict.status_code, 200)
        conflict = self.client.post(
            url + "step/",
            {
                "kind": "initial",
                "data": {**STEP_DATA["initial"], "harm_found": "khác"},
                "version": 0,
            },
            content_type="application/json",
        )
        self.assertEqual(conflict.status_code, 409)
        self.assertEqual(conflict.json()["current_version"], 1)

    def test_the_approver_decides_through_the_api(self):
        case = self.run_to(self.case, CaseStatus.PLAN_SUBMITTED)
        url = f"/api/v1/cases/{case.pk}/decision/"
        self.login(self.officer_a)
        self.assertEqual(
            self.client.post(
                url, {"outcome": "approved"}, content_type="application/json"
            ).status_code,
            400,
        )
        self.login(self.approver_a)
        response = self.client.post(url, {"outcome": "approved"}, content_type="application/json")
        self.assertEqual(response.json()["status"], "implementation")

    def test_a_collaborator_records_an_intake_but_cannot_read_the_case(self):
        self.login(self.collaborator_a)
        response = self.client.post(
            "/api/v1/cases/",
            {
                "channel": "collaborator",
                "received_at": timezone.now().isoformat(),
                "event_ward": self.ward_a.pk,
                "event_place": "Khối 1",
                "description": "Trẻ bị đánh",
                "harm_kinds": ["baoluc"],
                "child": self.child_a.pk,
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.json())
        case = Case.objects.get(pk=response.json()["id"])
        self.assertEqual(self.client.get(f"/api/v1/cases/{case.pk}/").status_code, 404)

    def test_the_viewer_cannot_record_an_intake(self):
        self.login(self.viewer)
        self.assertEqual(
            self.client.post("/api/v1/cases/", {}, content_type="application/json").status_code, 404
        )


class ReferralApiTests(CaseTestCase):
    def test_the_agency_sees_and_answers_its_referrals_only(self):
        case = self.run_to(self.intake(), CaseStatus.IMPLEMENTATION)
        referral = refer_case(case, actor=self.officer_a, agency=self.police_a, reason="Điều tra")
        self.login(self.reporter_a)
        listed = self.client.get("/api/v1/case-referrals/").json()["results"]
        self.assertEqual([r["id"] for r in listed], [referral.pk])
        self.assertNotIn("timeline", listed[0])
        answer = self.client.post(
            f"/api/v1/case-referrals/{referral.pk}/answer/",
            {"accept": True},
            content_type="application/json",
        )
        self.assertEqual(answer.json()["state"], "accepted")
        self.login(self.officer_b)
        self.assertEqual(self.client.get("/api/v1/case-referrals/").status_code, 404)
