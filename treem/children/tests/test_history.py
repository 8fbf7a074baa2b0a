"""A child's history, for children made the way most children are made: by
import or in bulk (the demo seed). Their creation event names the records
created with them (residence, caregivers, episodes): every reader gets the
page, in Vietnamese, with names rather than ids, and without the sensitive
episodes they may not see."""

import datetime
import json
import tempfile
from pathlib import Path

from django.urls import reverse

from treem.children.importer import import_file
from treem.children.jobs_subject import subject_data
from treem.children.models import Child, CodeKind, MergeProposal
from treem.children.services.bulk import bulk_create_children
from treem.children.services.merge import propose_merge
from treem.children.tests.base import RegistryTestCase, child_data, code
from treem.children.tests.test_import import VALID, csv_bytes
from treem.jobs.models import Job

RAW_FORMS = (
    "residence:",
    "residences:",
    "caregiver_links",
    "caregiver:",
    "circumstances:",
    "risks:",
    "∅",
    "demo data",
    "case viewed",
    "[",
)


def history_section(response):
    html = response.content.decode()
    return html[html.index('id="history"') :]


class BulkHistoryCase(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk = code(CodeKind.RISK_CATEGORY, "r03")  # sensitive
        cls.father = code(CodeKind.RELATION, "cha")
        (cls.seeded,) = bulk_create_children(
            [
                {
                    "data": child_data(
                        family="Hồ", middle="Văn", given="Tùng", dob=(2014, 6, 1), sex="M"
                    ),
                    "unit": cls.group_a,
                    "ward": cls.ward_a,
                    "caregivers": [
                        {
                            "relation": cls.father,
                            "family_name": "Hồ",
                            "middle_name": "Văn",
                            "given_name": "Hải",
                            "sex": "M",
                            "phone": "0911222333",
                        }
                    ],
                    "circumstances": [
                        {"code": cls.orphan, "started_on": datetime.date(2024, 2, 1)},
                        {"code": cls.hiv, "started_on": datetime.date(2024, 3, 1)},
                    ],
                    "risks": [{"code": cls.risk, "started_on": datetime.date(2024, 4, 1)}],
                }
            ],
            actor=None,
            note="demo data",
        )
        # Deliberately without address in the data: the residence shows its unit.
        cls.seeded.refresh_from_db()

    def import_valid_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "tre-em.csv"
            path.write_bytes(csv_bytes(VALID))
            report = import_file(path, actor=self.officer_a, write=True)
        self.assertTrue(report.written, report.errors)
        return Child.objects.get(given_name="Chi", family_name="Phạm")


class ImportedChildPageTests(BulkHistoryCase):
    def test_officer_opens_a_child_created_by_import(self):
        child = self.import_valid_file()
        self.login(self.officer_a)
        response = self.client.get(reverse("children:detail", args=[child.pk]))
        self.assertEqual(response.status_code, 200)
        history = history_section(response)
        self.assertIn("nơi cư trú: Trường Vinh", history)
        self.assertIn("Hồ Thị Lan (Mẹ)", history)
        self.assertIn("Trẻ em mồ côi cả cha và mẹ", history)
        for raw in RAW_FORMS:
            self.assertNotIn(raw, history)

    def test_officer_opens_a_child_created_in_bulk_like_the_demo_seed(self):
        self.login(self.officer_a)
        response = self.client.get(reverse("children:detail", args=[self.seeded.pk]))
        self.assertEqual(response.status_code, 200)
        history = history_section(response)
        self.assertIn("Hồ Văn Hải (Cha)", history)
        self.assertIn("Khối 1", history)
        self.assertIn("Có nguy cơ bị xâm hại tình dục", history)
        self.assertIn("dữ liệu mẫu", history)
        for raw in RAW_FORMS:
            self.assertNotIn(raw, history)

    def test_collaborator_sees_the_bulk_history_without_sensitive_episodes(self):
        self.login(self.collaborator_a)
        response = self.client.get(reverse("children:detail", args=[self.seeded.pk]))
        self.assertEqual(response.status_code, 200)
        history = history_section(response)
        self.assertIn("Trẻ em mồ côi cả cha và mẹ", history)
        self.assertNotIn(self.hiv.name, history)
        self.assertNotIn(self.risk.name, history)

    def test_the_history_of_an_update_has_vietnamese_labels(self):
        self.login(self.officer_a)
        self.client.post(
            reverse("children:caregiver-add", args=[self.seeded.pk]),
            {"cg-relation": self.mother.pk, "cg-full_name": "Lê Thị Mai"},
        )
        response = self.client.get(reverse("children:detail", args=[self.seeded.pk]))
        self.assertEqual(response.status_code, 200)
        for raw in RAW_FORMS:
            self.assertNotIn(raw, history_section(response))


class SubjectExportTests(BulkHistoryCase):
    def test_the_data_subject_export_of_an_imported_child_has_readable_history(self):
        child = self.import_valid_file()
        data = subject_data(child, sensitive=True)
        text = json.dumps(data["history"], ensure_ascii=False)
        self.assertIn("Hồ Thị Lan (Mẹ)", text)
        self.assertNotIn("caregiver_links", text)

    def test_the_export_without_sensitive_data_leaves_out_sensitive_episodes(self):
        data = subject_data(self.seeded, sensitive=False)
        text = json.dumps(data["history"], ensure_ascii=False)
        self.assertIn("Trẻ em mồ côi cả cha và mẹ", text)
        self.assertNotIn(self.hiv.name, text)
        self.assertNotIn(self.risk.name, text)

    def test_the_export_job_of_a_seeded_child_succeeds(self):
        self.login(self.officer_a)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("children:subject-export", args=[self.seeded.pk]))
        self.assertEqual(response.status_code, 302)
        job = Job.objects.filter(kind="child_subject_export").latest("created_at")
        self.assertEqual(job.status, Job.Status.DONE, job.error)


class MergeOfImportedChildrenTests(BulkHistoryCase):
    def test_confirming_a_merge_of_imported_children_lands_on_the_kept_record(self):
        kept = self.import_valid_file()
        drop = Child.objects.get(given_name="Bình", family_name="Phạm")
        proposal = propose_merge(kept, drop, actor=self.officer_a)
        self.login(self.province_officer)
        response = self.client.post(
            reverse("children:merge-detail", args=[proposal.pk]), {"decision": "confirm"}
        )
        proposal.refresh_from_db()
        self.assertEqual(proposal.state, MergeProposal.State.CONFIRMED)
        self.assertEqual(self.client.get(response.url).status_code, 200)
