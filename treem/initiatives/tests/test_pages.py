"""The pages as each persona: scoped lists, 404 for what is not visible,
writes through the services, the same answer for missing and out of scope."""

import datetime

from django.urls import reverse

from treem.agencies.models import Agency
from treem.core.testing import yesterday

from ..models import Commendation, Evaluation, Initiative, Replication
from ..services.records import record_commendation, replicate_initiative
from .base import InitiativeTestCase, pdf


class PageTests(InitiativeTestCase):
    def setUp(self):
        self.mine = self.initiative()
        self.theirs = self.initiative(self.ward_b, name="Câu lạc bộ trẻ em", kind=self.club)

    def test_officer_sees_only_the_models_of_their_ward(self):
        self.login(self.officer_a)
        response = self.client.get(reverse("initiatives:list"))
        self.assertContains(response, self.mine.get_absolute_url())
        self.assertNotContains(response, self.theirs.get_absolute_url())
        self.assertEqual(self.client.get(self.theirs.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get("/mo-hinh/999999/").status_code, 404)

    def test_province_sees_every_ward(self):
        self.login(self.province_officer)
        response = self.client.get(reverse("initiatives:list"))
        self.assertContains(response, self.mine.get_absolute_url())
        self.assertContains(response, self.theirs.get_absolute_url())
        # A ward filter narrows; another ward's number shows nothing more.
        response = self.client.get(reverse("initiatives:list"), {"phuong": self.ward_b.pk})
        self.assertNotContains(response, self.mine.get_absolute_url())

    def test_roles_without_plans_see_nothing(self):
        for user in (self.viewer, self.collaborator_a, self.nobody, self.admin):
            self.login(user)
            self.assertEqual(self.client.get(reverse("initiatives:list")).status_code, 404, user)
            self.assertEqual(self.client.get(self.mine.get_absolute_url()).status_code, 404, user)

    def test_agency_reporter_sees_its_own_models(self):
        led = self.initiative(agency=self.police_a, name="Ngôi nhà an toàn")
        self.login(self.reporter_a)
        response = self.client.get(reverse("initiatives:list"))
        self.assertContains(response, led.get_absolute_url())
        self.assertNotContains(response, self.mine.get_absolute_url())
        self.assertEqual(self.client.get(self.mine.get_absolute_url()).status_code, 404)

    def test_a_model_running_in_a_ward_is_seen_there_but_not_edited(self):
        shared = self.initiative(
            self.province,
            agency=Agency.objects.get(name="Hội Liên hiệp Phụ nữ tỉnh Nghệ An"),
            areas=[self.ward_a, self.ward_b],
            actor=self.province_officer,
        )
        self.login(self.officer_b)
        response = self.client.get(shared.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, reverse("initiatives:edit", args=[shared.pk]))
        self.assertEqual(
            self.client.get(reverse("initiatives:edit", args=[shared.pk])).status_code, 404
        )

    def test_officer_records_a_model_through_the_form(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("initiatives:new"),
            {
                "name": "Ngôi nhà an toàn khối 2",
                "kind": self.trusted.pk,
                "unit": self.ward_a.pk,
                "lead_agency": self.police_a.pk,
                "areas": [self.group_a2.pk],
                "tasks": [self.task.pk],
                "started_on": "2026-01-15",
                "people_reached": "40",
            },
        )
        created = Initiative.objects.get(name="Ngôi nhà an toàn khối 2")
        self.assertRedirects(response, created.get_absolute_url())

    def test_a_bad_form_keeps_what_was_typed_and_says_why_in_vietnamese(self):
        self.login(self.officer_a)
        response = self.client.post(
            reverse("initiatives:new"),
            {
                "name": "Mô hình mới",
                "kind": self.trusted.pk,
                "unit": self.ward_a.pk,
                "lead_agency": self.police_a.pk,
                "areas": [self.group_a.pk],
                "tasks": [self.task.pk],
                "started_on": "2999-01-01",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ngày bắt đầu ở tương lai.")
        self.assertContains(response, 'value="Mô hình mới"')
        # Another ward's group is not among the choices.
        response = self.client.post(
            reverse("initiatives:new"),
            {"name": "X", "unit": self.ward_b.pk, "areas": [self.group_b.pk]},
        )
        self.assertContains(response, "error-summary")
        self.assertFalse(Initiative.objects.filter(name="X").exists())

    def test_officer_records_an_evaluation(self):
        self.login(self.officer_a)
        url = reverse("initiatives:evaluation-new", args=[self.mine.pk])
        response = self.client.post(
            url,
            {
                "evaluated_on": yesterday().isoformat(),
                "evaluator": "Tổ kiểm tra phường",
                "rating": "good",
                "findings": "Duy trì tốt",
                "recommend_replication": "1",
            },
        )
        self.assertRedirects(response, self.mine.get_absolute_url())
        evaluation = Evaluation.objects.get()
        self.assertIs(evaluation.recommend_replication, True)
        self.login(self.officer_b)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_province_records_a_commendation_and_only_the_ward_downloads_it(self):
        self.login(self.province_officer)
        response = self.client.post(
            reverse("initiatives:commendation-new", args=[self.mine.pk]),
            {
                "decision_number": "2315/QĐ-UBND",
                "decided_on": yesterday().isoformat(),
                "issuer": "UBND tỉnh Nghệ An",
                "award_form": "bang_khen",
                "level": "province",
                "recipient": "person",
                "recipient_name": "Nguyễn Thị Hoa",
                "file": pdf(),
            },
        )
        self.assertRedirects(response, self.mine.get_absolute_url())
        commendation = Commendation.objects.get()
        self.assertEqual(commendation.recipient_label(), "Nguyễn Thị Hoa")
        url = reverse("initiatives:decision", args=[commendation.pk])
        self.login(self.officer_a)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(b"".join(response.streaming_content)[:5], b"%PDF-")
        self.login(self.officer_b)
        self.assertEqual(self.client.get(url).status_code, 404)
        missing = reverse("initiatives:decision", args=[commendation.pk + 1000])
        self.assertEqual(self.client.get(missing).status_code, 404)
        commendation.decision_file.delete(save=False)

    def test_reporter_cannot_open_the_commendation_form(self):
        led = self.initiative(agency=self.police_a)
        self.login(self.reporter_a)
        url = reverse("initiatives:commendation-new", args=[led.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_province_replicates_and_sees_where(self):
        self.login(self.province_officer)
        response = self.client.post(
            reverse("initiatives:replication-new", args=[self.mine.pk]),
            {
                "ward": self.ward_b.pk,
                "started_on": yesterday().isoformat(),
                "lead_agency": self.women_b.pk,
            },
        )
        self.assertRedirects(response, self.mine.get_absolute_url())
        replication = Replication.objects.get()
        response = self.client.get(reverse("initiatives:replication-list"))
        self.assertContains(response, replication.replica.get_absolute_url())
        # Ward B's officer sees the model in the ward and where it came from.
        self.login(self.officer_b)
        response = self.client.get(replication.replica.get_absolute_url())
        self.assertContains(response, "Trường Vinh")
        self.assertNotContains(response, self.mine.get_absolute_url())
        # A ward officer has no other ward to replicate to.
        self.login(self.officer_a)
        url = reverse("initiatives:replication-new", args=[self.mine.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_replication_status_is_changed_by_the_province(self):
        replication = replicate_initiative(
            self.mine,
            actor=None,
            ward=self.ward_b,
            started_on=datetime.date(2026, 10, 1),
            lead_agency=self.women_b,
        )
        url = reverse("initiatives:replication-status", args=[replication.pk])
        self.login(self.officer_a)
        self.assertEqual(self.client.post(url, {"status": "stopped"}).status_code, 404)
        self.login(self.province_officer)
        self.client.post(url, {"status": "established"})
        replication.refresh_from_db()
        self.assertEqual(replication.status, "established")

    def test_list_queries_do_not_grow_with_rows(self):
        self.login(self.province_officer)

        def add_rows():
            for n in range(3):
                item = self.initiative(name=f"Mô hình {n}")
                record_commendation(
                    item,
                    actor=None,
                    decision_number=f"{n}/QĐ",
                    decided_on=datetime.date(2026, 5, 1),
                    issuer="UBND phường",
                    form="giay_khen",
                    level="ward",
                )

        # One request first: the session's first request does one-time work.
        self.client.get(reverse("initiatives:list"))
        self.assert_queries_constant(reverse("initiatives:list"), add_rows)
        self.assert_queries_constant(reverse("initiatives:commendation-list"), add_rows)

    def test_kinds_are_edited_by_the_administrator_only(self):
        url = reverse("initiatives:kind-edit", args=[self.trusted.pk])
        self.login(self.officer_a)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.admin)
        response = self.client.post(
            url,
            {"name": self.trusted.name, "order": 1, "evaluation_months": 6, "active": "on"},
        )
        self.assertRedirects(response, reverse("initiatives:kind-list"))
        self.trusted.refresh_from_db()
        self.assertEqual(self.trusted.evaluation_months, 6)
