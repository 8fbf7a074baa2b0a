"""Upload → background linkage → links applied through the registry's services; the review
queue's decisions, audited; scoping of every page."""

import csv
import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from treem.audit.models import AuditEvent
from treem.audit.services import subject_type
from treem.children.models import Child, CodeKind, MergeProposal
from treem.children.services import add_caregiver, create_child
from treem.children.tests.base import RegistryTestCase, child_data, code
from treem.jobs.services import run_job
from treem.population import services
from treem.population.models import LinkageRun, LinkageSettings, LinkCandidate, RegisterPerson

HEADER = "person_id,full_name,date_of_birth,sex,mother_name,father_name,ward\n"
EXTRACT = HEADER + (
    # child_a: same ID; the register writes the name without "Ngọc".
    "040315123456,Nguyễn Thị Ánh,2015-03-14,Nữ,Trần Thị Hoa,,Trường Vinh\n"
    # child_a2 (no ID in the registry): the register knows a former ward name.
    "040218234567,Đặng Văn Minh,2018-09-02,Nam,Lê Thị Thu,Đặng Văn Hùng,Vinh Tân\n"
    # Nobody here: a register child missing from the registry.
    "040320111222,Phan Gia Hân,2020-05-05,Nữ,Hồ Thị Mai,,Trường Vinh\n"
)

State = LinkCandidate.State


@override_settings(MEDIA_ROOT=tempfile.mkdtemp())
class LinkRunTest(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A child of ward A the register does not know.
        cls.unknown = create_child(
            actor=cls.officer_a,
            unit=cls.ward_a,
            ward=cls.ward_a,
            data=child_data(family="Kiều", middle="Thị", given="Vân", dob=(2013, 2, 11)),
        )
        # The father the register knows too: with no ID on either side, a parent agreeing is what
        # makes a link automatic (issue 18: never on name, date of birth and sex alone).
        add_caregiver(
            cls.child_a2,
            actor=cls.officer_a,
            relation=code(CodeKind.RELATION, "cha"),
            full_name="Đặng Văn Hùng",
        )
        # One linkage for the whole class: each test starts from its result.
        path = Path(settings.MEDIA_ROOT) / "population" / "extract.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(EXTRACT, encoding="utf-8")
        cls.link_run = services.start_link_run(
            actor=cls.officer_a, unit=cls.ward_a, path="population/extract.csv", filename="a.csv"
        )
        run_job(cls.link_run.job_id)
        cls.link_run.refresh_from_db()

    def upload(self, user=None, unit=None, content=EXTRACT, name="trich-xuat.csv"):
        client = self.login(user or self.officer_a)
        return client.post(
            reverse("population:upload"),
            {
                "file": SimpleUploadedFile(name, content.encode("utf-8")),
                "unit": (unit or self.ward_a).pk,
            },
        )

    def run_upload(self):
        """The class's linkage, as the officer who ran it sees it."""
        self.assertEqual(self.link_run.job.status, "done", self.link_run.job.error)
        self.login(self.officer_a)
        return self.link_run

    def test_uploading_an_extract_starts_a_background_job_and_shows_its_progress(self):
        response = self.upload()
        run = LinkageRun.objects.latest("pk")
        self.assertRedirects(response, reverse("population:run", args=[run.pk]))
        self.assertEqual((run.unit, run.filename, run.job.kind), (self.ward_a, "trich-xuat.csv",
                                                                   "population_link"))  # fmt: skip
        response = self.client.get(reverse("population:run", args=[run.pk]))
        self.assertContains(response, 'id="run-progress"')
        response = self.client.get(reverse("population:run-progress", args=[run.pk]))
        self.assertContains(response, "<progress")

    # --- the automatic path ---------------------------------------------------------------
    def test_a_child_without_an_id_gets_the_registers_id_and_its_empty_fields_filled(self):
        run = self.run_upload()
        child = Child.objects.get(pk=self.child_a2.pk)
        self.assertEqual(child.personal_id, "040218234567")
        self.assertEqual(child.version, self.child_a2.version + 1)
        link = LinkCandidate.objects.get(run=run, child=child)
        self.assertEqual((link.decision, link.state), ("auto", State.APPLIED))
        # The ID was written by the registry's service, with its audit event.
        event = AuditEvent.objects.filter(
            subject_type=subject_type(Child), subject_id=str(child.pk), action="update"
        ).latest("pk")
        self.assertEqual(event.changes["personal_id"]["new"], "040218234567")
        # The mother the register knows became a caregiver (the record had none).
        self.assertTrue(child.caregiver_links.filter(relation__code="me").exists())

    def test_a_value_the_officer_typed_is_never_overwritten_but_listed(self):
        run = self.run_upload()
        child = Child.objects.get(pk=self.child_a.pk)
        self.assertEqual(child.middle_name, "Thị Ngọc")
        link = LinkCandidate.objects.get(run=run, child=child)
        self.assertEqual(
            link.differences,
            [{"field": "full_name", "ours": "Nguyễn Thị Ngọc Ánh", "theirs": "Nguyễn Thị Ánh"}],
        )
        response = self.client.get(reverse("population:differences", args=[run.pk]))
        self.assertContains(response, "Nguyễn Thị Ánh")
        self.client.post(
            reverse("population:resolve", args=[link.pk]),
            {"field": "full_name", "take": "ours", "version": child.version},
        )
        link.refresh_from_db()
        self.assertEqual(link.differences, [])
        self.assertEqual(Child.objects.get(pk=child.pk).middle_name, "Thị Ngọc")
        self.assertTrue(
            AuditEvent.objects.filter(
                subject_type=subject_type(LinkCandidate),
                subject_id=str(link.pk),
                note__contains="full_name",
            ).exists()
        )

    def test_taking_the_registers_value_goes_through_the_registry_service(self):
        run = self.run_upload()
        link = LinkCandidate.objects.get(run=run, child=self.child_a)
        services.resolve_difference(link, "full_name", actor=self.officer_a, take_register=True)
        child = Child.objects.get(pk=self.child_a.pk)
        self.assertEqual((child.middle_name, child.given_name), ("Thị", "Ánh"))
        self.assertEqual(child.version, self.child_a.version + 1)

    def test_unmatched_children_and_missing_register_children_are_listed(self):
        run = self.run_upload()
        self.assertEqual(
            LinkCandidate.objects.get(run=run, child=self.unknown).state, State.UNMATCHED
        )
        response = self.client.get(reverse("population:unmatched", args=[run.pk]))
        self.assertContains(response, "Kiều Thị Vân")
        response = self.client.get(reverse("population:unmatched-csv", args=[run.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual([r[1] for r in rows[1:]], ["Kiều Thị Vân"])
        response = self.client.get(reverse("population:missing", args=[run.pk]))
        self.assertContains(response, "Phan Gia Hân")
        self.assertNotContains(response, "Đặng Văn Minh")

    def test_a_ward_run_never_touches_another_wards_children(self):
        run = self.run_upload()
        self.assertFalse(LinkCandidate.objects.filter(run=run, child=self.child_b).exists())
        self.assertEqual(run.summary["children"], 3)

    def test_a_malformed_extract_fails_the_job_with_a_clear_message_and_writes_nothing(self):
        self.upload(content=HEADER + "123,Ai Đó,2015-13-45,Nam,,,\n")
        run = LinkageRun.objects.latest("pk")
        run_job(run.job_id)
        run.job.refresh_from_db()
        self.assertEqual(run.job.status, "failed")
        self.assertIn("2015-13-45", run.job.error)
        self.assertFalse(RegisterPerson.objects.filter(run=run).exists())
        self.assertFalse(LinkCandidate.objects.filter(run=run).exists())

    def test_an_unsupported_file_type_is_refused_by_the_form(self):
        response = self.upload(name="extract.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(LinkageRun.objects.all()), [self.link_run])

    # --- the review queue ------------------------------------------------------------------
    def pending(self):
        run = self.run_upload()
        link = LinkCandidate.objects.get(run=run, child=self.child_a2)
        # Put the automatic link back in the middle band, as a lower probability would have.
        Child.objects.filter(pk=self.child_a2.pk).update(personal_id=None, version=7)
        LinkCandidate.objects.filter(pk=link.pk).update(
            decision="review", state=State.PENDING, differences=[]
        )
        return run, LinkCandidate.objects.get(pk=link.pk)

    def test_the_review_queue_shows_both_sides_with_agreeing_and_disagreeing_fields(self):
        run, link = self.pending()
        response = self.client.get(reverse("population:review", args=[run.pk]))
        self.assertContains(response, f'id="candidate-{link.pk}"')
        self.assertContains(response, "040218234567")
        self.assertContains(response, 'class="disagree"')
        self.assertContains(response, 'class="agree"')

    def test_the_review_queue_says_why_a_namesake_waits_for_review(self):
        run, link = self.pending()
        LinkCandidate.objects.filter(pk=link.pk).update(reason=LinkCandidate.Reason.HOMONYM)
        response = self.client.get(reverse("population:review", args=[run.pk]))
        self.assertContains(response, 'class="msg msg-warning review-reason"')
        self.assertContains(response, LinkCandidate.Reason.HOMONYM.label)

    def test_accepting_attaches_the_id_through_the_registry_and_is_audited(self):
        run, link = self.pending()
        self.client.post(reverse("population:decide", args=[link.pk]), {"decision": "accept"})
        link.refresh_from_db()
        self.assertEqual((link.state, link.decided_by), (State.ACCEPTED, self.officer_a))
        child = Child.objects.get(pk=self.child_a2.pk)
        self.assertEqual((child.personal_id, child.version), ("040218234567", 8))
        event = AuditEvent.objects.filter(
            subject_type=subject_type(LinkCandidate), subject_id=str(link.pk), action="update"
        ).latest("pk")
        self.assertEqual(event.changes["state"]["new"], State.ACCEPTED)

    def test_rejecting_changes_nothing_on_the_child_and_is_audited(self):
        run, link = self.pending()
        self.client.post(
            reverse("population:decide", args=[link.pk]),
            {"decision": "reject", "note": "khác người"},
        )
        link.refresh_from_db()
        self.assertEqual(link.state, State.REJECTED)
        self.assertIsNone(Child.objects.get(pk=self.child_a2.pk).personal_id)
        event = AuditEvent.objects.filter(
            subject_type=subject_type(LinkCandidate), subject_id=str(link.pk)
        ).latest("pk")
        self.assertEqual(event.note, "khác người")

    def test_a_decided_link_cannot_be_decided_again_the_same_way(self):
        run, link = self.pending()
        services.reject_link(link, actor=self.officer_a)
        with self.assertRaises(services.LinkError):
            services.reject_link(link, actor=self.officer_a)

    def test_the_review_queue_costs_the_same_queries_for_more_rows(self):
        run, link = self.pending()
        url = reverse("population:review", args=[run.pk])

        def add_rows():
            LinkCandidate.objects.filter(run=run, child=self.child_a).update(
                decision="review", state=State.PENDING
            )

        self.assert_queries_constant(url, add_rows)

    # --- scoping -------------------------------------------------------------------------
    def test_another_wards_officer_gets_404_everywhere(self):
        run, link = self.pending()
        client = self.login(self.officer_b)
        for name in ("run", "review", "differences", "unmatched", "unmatched-csv", "missing"):
            with self.subTest(name):
                response = client.get(reverse(f"population:{name}", args=[run.pk]))
                self.assertEqual(response.status_code, 404)
        response = client.post(reverse("population:decide", args=[link.pk]), {"decision": "accept"})
        self.assertEqual(response.status_code, 404)
        self.assertIsNone(Child.objects.get(pk=self.child_a2.pk).personal_id)
        response = client.post(reverse("population:resolve", args=[link.pk]), {"field": "sex"})
        self.assertEqual(response.status_code, 404)

    def test_an_officer_cannot_run_a_linkage_over_another_ward(self):
        self.upload(unit=self.ward_b)
        self.assertEqual(list(LinkageRun.objects.all()), [self.link_run])

    def test_roles_without_the_linkage_permission_get_404(self):
        for user in (self.collaborator_a, self.viewer, self.reporter_a, self.nobody, self.admin):
            with self.subTest(user.username):
                response = self.login(user).get(reverse("population:index"))
                self.assertEqual(response.status_code, 404)

    def test_the_province_officer_sees_a_wards_run(self):
        run = self.run_upload()
        response = self.login(self.province_officer).get(reverse("population:run", args=[run.pk]))
        self.assertEqual(response.status_code, 200)

    # --- thresholds and duplicates -----------------------------------------------------------
    def test_only_a_province_officer_sets_the_thresholds_and_it_is_audited(self):
        url = reverse("population:thresholds")
        self.assertEqual(self.login(self.officer_a).get(url).status_code, 404)
        client = self.login(self.province_officer)
        data = {"auto_threshold": 0.995, "review_threshold": 0.6, "margin": 0.1, "source": "QĐ"}
        self.assertEqual(client.post(url, data).status_code, 302)
        self.assertEqual(LinkageSettings.current().auto_threshold, 0.995)
        self.assertTrue(
            AuditEvent.objects.filter(subject_type__contains="linkagesettings").exists()
        )
        bad = {**data, "review_threshold": 0.999}
        self.assertEqual(client.post(url, bad).status_code, 200)

    def test_duplicate_records_become_merge_proposals(self):
        twin = create_child(
            actor=self.officer_a,
            unit=self.ward_a,
            ward=self.ward_a,
            data=child_data(family="Đặng", middle="Văn", given="Minh", dob=(2018, 9, 2), sex="M"),
            check=False,
        )
        self.login(self.officer_a).post(reverse("population:dedupe"), {"unit": self.ward_a.pk})
        run = LinkageRun.objects.get(kind="dedupe")
        run_job(run.job_id)
        proposal = MergeProposal.objects.get(origin="linkage")
        self.assertEqual({proposal.keep_id, proposal.drop_id}, {self.child_a2.pk, twin.pk})
        self.assertEqual(run.__class__.objects.get(pk=run.pk).summary["proposals"], 1)

    # --- the API -----------------------------------------------------------------------------
    def test_the_api_lists_the_callers_links_and_accepts_through_the_service(self):
        run, link = self.pending()
        response = self.client.get(f"/api/v1/register-links/?run={run.pk}&state=pending")
        self.assertEqual([r["id"] for r in response.json()["results"]], [link.pk])
        self.assertEqual(response.json()["results"][0]["person"]["person_id"], "040218234567")
        response = self.client.post(f"/api/v1/register-links/{link.pk}/accept/", {})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["state"], State.ACCEPTED)
        self.assertEqual(Child.objects.get(pk=self.child_a2.pk).personal_id, "040218234567")
        response = self.client.post(f"/api/v1/register-links/{link.pk}/accept/", {})
        self.assertEqual(response.status_code, 400)

    def test_the_api_says_why_a_link_waits_for_review_as_its_schema_documents(self):
        from treem.core.tests.openapi import openapi_schema, schema_errors

        run, link = self.pending()
        LinkCandidate.objects.filter(pk=link.pk).update(reason=LinkCandidate.Reason.HOMONYM)
        response = self.client.get(f"/api/v1/register-links/{link.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["reason"], "homonym")
        self.assertTrue(response.json()["reason_text"].startswith("Chỉ trùng họ tên, ngày sinh"))
        self.assertEqual(schema_errors(response, "/api/v1/register-links/{id}/"), [])
        listed = self.client.get(f"/api/v1/register-links/?run={run.pk}")
        rows = {r["id"]: r for r in listed.json()["results"]}
        self.assertEqual(rows[link.pk]["reason"], "homonym")
        self.assertEqual(schema_errors(listed, "/api/v1/register-links/"), [])
        # An automatic link has no reason: an empty string, which the schema allows too.
        LinkCandidate.objects.filter(pk=link.pk).update(reason="")
        response = self.client.get(f"/api/v1/register-links/{link.pk}/")
        self.assertEqual((response.json()["reason"], response.json()["reason_text"]), ("", ""))
        self.assertEqual(schema_errors(response, "/api/v1/register-links/{id}/"), [])
        fields = openapi_schema()["components"]["schemas"]["Link"]["properties"]
        self.assertIn("reason_text", fields)
        self.assertIn("review", fields["reason"]["description"])
        enums = openapi_schema()["components"]["schemas"]
        documented = [
            s for s in enums.values() if set(s.get("enum", ())) == {"homonym", "close", "score"}
        ]
        self.assertEqual(len(documented), 1)
        # Each code with its sentence (in the schema's language, Vietnamese in the tests).
        self.assertIn("`homonym` - ", documented[0]["description"])

    def test_the_api_answers_404_outside_the_callers_area_or_role(self):
        run, link = self.pending()
        client = self.login(self.officer_b)
        self.assertEqual(client.get(f"/api/v1/register-links/{link.pk}/").status_code, 404)
        self.assertEqual(client.get(f"/api/v1/linkage-runs/{run.pk}/").status_code, 404)
        response = client.post(f"/api/v1/register-links/{link.pk}/reject/", {})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(LinkCandidate.objects.get(pk=link.pk).state, State.PENDING)
        client = self.login(self.collaborator_a)
        self.assertEqual(client.get("/api/v1/register-links/").status_code, 404)

    # --- the command on the registry in the database ----------------------------------------
    def test_link_register_without_children_links_the_registry_in_the_database(self):
        folder = Path(tempfile.mkdtemp())
        (folder / "register.csv").write_text(EXTRACT, encoding="utf-8")
        err = io.StringIO()
        versions = dict(Child.objects.values_list("pk", "version"))
        call_command(
            "link_register",
            register=str(folder / "register.csv"),
            output=str(folder / "matches.csv"),
            stderr=err,
        )
        with (folder / "matches.csv").open(encoding="utf-8") as fh:
            rows = {r["record_id"]: r for r in csv.DictReader(fh)}
        self.assertEqual(len(rows), Child.objects.exclude(status="merged").count())
        self.assertEqual(rows[str(self.child_a2.pk)]["person_id"], "040218234567")
        self.assertEqual(rows[str(self.child_a2.pk)]["decision"], "auto")
        self.assertEqual(rows[str(self.unknown.pk)]["decision"], "none")
        # The command reads; it never writes to the registry.
        self.assertEqual(dict(Child.objects.values_list("pk", "version")), versions)
