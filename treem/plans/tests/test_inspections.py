import datetime
import io
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from docx import Document
from openpyxl import load_workbook

from treem.jobs.models import Job
from treem.jobs.services import run_job
from treem.plans.models import (
    ChecklistItem,
    Evaluation,
    FollowUpStatus,
    InspectionState,
    RatingLevel,
    ReportState,
)
from treem.plans.services import PlanError, PlanPermissionError
from treem.plans.services.inspections import (
    add_recommendation,
    build_checklist,
    change_follow_up,
    change_inspection_state,
    create_inspection,
    rate_evaluation,
    rate_item,
    save_rating_level,
)
from treem.plans.services.reports import change_report_state

from .helpers import PlanTestCase

MEDIA = Path(settings.BASE_DIR) / "var" / "test-files-plans"


@override_settings(MEDIA_ROOT=MEDIA)
class InspectionTests(PlanTestCase):
    def setUp(self):
        report = self.submitted_report()
        change_report_state(report, ReportState.ACCEPTED, actor=self.officer_a)
        self.inspection = create_inspection(
            self.plan,
            actor=self.province_officer,
            kind="yearly",
            year=2026,
            number_symbol="15-BC/BTG",
        )

    def test_the_rating_scale_is_seeded_and_editable_data(self):
        names = list(RatingLevel.objects.values_list("name", flat=True))
        self.assertEqual(names, ["Hoàn thành tốt", "Hoàn thành", "Chưa hoàn thành"])
        level = save_rating_level(
            actor=self.admin, code="xuat-sac", name="Hoàn thành xuất sắc", order=0
        )
        self.assertEqual(RatingLevel.objects.first(), level)
        with self.assertRaises(PlanPermissionError):
            save_rating_level(actor=self.province_officer, code="x", name="x")

    def test_the_checklist_is_built_per_agency_from_its_tasks(self):
        created = build_checklist(self.inspection, actor=self.province_officer)
        self.assertGreater(created, 0)
        self.assertEqual(build_checklist(self.inspection, actor=self.province_officer), 0)
        police = Evaluation.objects.get(inspection=self.inspection, agency=self.police_a)
        items = {i.task.number: i for i in police.items.select_related("task")}
        self.assertEqual(set(items), {"III.4.1", "III.4.2", "III.4.3"})
        self.assertEqual(items["III.4.1"].reported_result, "Tuyên truyền tại 12 khối")
        self.assertEqual(items["III.4.2"].reported_result, "")

    def test_only_plan_managers_inspect(self):
        with self.assertRaises(PlanPermissionError):
            build_checklist(self.inspection, actor=self.officer_a)
        with self.assertRaises(PlanPermissionError):
            create_inspection(self.plan, actor=self.viewer, kind="midterm", year=2026)
        with self.assertRaises(PlanError):
            create_inspection(self.plan, actor=None, kind="yearly", year=2026)

    def test_ratings_recommendations_and_their_follow_up(self):
        build_checklist(self.inspection, actor=None)
        police = Evaluation.objects.get(inspection=self.inspection, agency=self.police_a)
        good = RatingLevel.objects.get(code="hoan-thanh-tot")
        item = police.items.first()
        rate_item(item, actor=self.province_officer, rating=good, comment="Tốt")
        rate_evaluation(
            police, actor=self.province_officer, overall_rating=good, findings="Chủ động"
        )
        rec = add_recommendation(
            police,
            actor=self.province_officer,
            text="Tăng tuyên truyền",
            due_on=datetime.date(2027, 3, 31),
        )
        change_follow_up(
            rec, FollowUpStatus.IN_PROGRESS, actor=self.province_officer, note="Đã giao"
        )
        change_follow_up(rec, FollowUpStatus.DONE, actor=self.province_officer)
        with self.assertRaises(PlanError) as caught:
            change_follow_up(rec, FollowUpStatus.OPEN, actor=self.province_officer)
        self.assertIn(str(FollowUpStatus.DONE.label), str(caught.exception))
        change_inspection_state(self.inspection, InspectionState.IN_PROGRESS, actor=None)
        change_inspection_state(self.inspection, InspectionState.COMPLETED, actor=None)
        with self.assertRaises(PlanError):
            rate_item(item, actor=None, rating=None)
        with self.assertRaises(PlanError):
            change_inspection_state(self.inspection, InspectionState.DRAFT, actor=None)

    def _generate(self, fmt):
        build_checklist(self.inspection, actor=None)
        police = Evaluation.objects.get(inspection=self.inspection, agency=self.police_a)
        good = RatingLevel.objects.get(code="hoan-thanh-tot")
        for item in police.items.all():
            rate_item(item, actor=None, rating=good)
        rate_evaluation(police, actor=None, overall_rating=good, findings="Chủ động phối hợp")
        add_recommendation(police, actor=None, text="Tăng tuyên truyền ở khối phố")
        self.login(self.province_officer)
        response = self.client.post(
            f"/ke-hoach/kiem-tra/{self.inspection.pk}/bao-cao/", {"format": fmt}
        )
        job = Job.objects.get()
        self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)
        run_job(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.DONE, job.error)
        download = self.client.get(f"/tac-vu/{job.pk}/tai-ve/")
        self.assertEqual(download.status_code, 200)
        return io.BytesIO(b"".join(download.streaming_content)), job

    def test_the_review_report_is_an_official_document(self):
        content, job = self._generate("docx")
        self.assertTrue(job.result_filename.endswith(".docx"))
        document = Document(content)
        header = document.tables[0]
        left, right = (c.text for c in header.rows[0].cells)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", right)
        self.assertIn("Nghệ An, ngày", right)
        self.assertIn("THÀNH ỦY VINH", left)
        self.assertIn("Số: 15-BC/BTG", left)
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("BÁO CÁO", text)
        self.assertIn("Kết quả kiểm tra, đánh giá năm 2026", text)
        self.assertIn("III.4. Công an Thành phố", text)
        self.assertIn("Xếp loại chung: Hoàn thành tốt.", text)
        cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        self.assertIn("Bảo vệ an toàn cho trẻ em là nạn nhân bị xâm hại, bị mua bán.", cells)
        self.assertIn("Tuyên truyền tại 12 khối", cells)
        self.assertIn("Nơi nhận:", cells)
        self.assertIn("Nguyễn Văn Lư", cells)
        fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.text.strip()}
        self.assertEqual(fonts, {"Times New Roman"})

    def test_the_annex_lists_every_checklist_item(self):
        content, _job = self._generate("xlsx")
        workbook = load_workbook(content)
        sheet = workbook["Phụ lục"]
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        self.assertEqual(
            len(rows), ChecklistItem.objects.filter(evaluation__inspection=self.inspection).count()
        )
        police = [r for r in rows if r[4] == "Công an phường Trường Vinh"]
        self.assertEqual([r[1] for r in police], ["III.4.1", "III.4.2", "III.4.3"])
        self.assertEqual(police[0][7], "Tuyên truyền tại 12 khối")
        self.assertEqual(police[0][9], "Hoàn thành tốt")
        self.assertEqual(workbook["Kiến nghị"]["B2"].value, "Tăng tuyên truyền ở khối phố")

    def test_the_report_job_is_refused_to_others(self):
        for user in (self.officer_a, self.viewer, self.reporter_a):
            self.login(user)
            response = self.client.post(
                f"/ke-hoach/kiem-tra/{self.inspection.pk}/bao-cao/", {"format": "docx"}
            )
            self.assertEqual(response.status_code, 404)
        self.login(self.collaborator_a)
        self.assertEqual(self.client.get(self.inspection.get_absolute_url()).status_code, 404)
        self.assertFalse(Job.objects.exists())

    def test_inspection_pages(self):
        build_checklist(self.inspection, actor=None)
        police = Evaluation.objects.get(inspection=self.inspection, agency=self.police_a)
        good = RatingLevel.objects.get(code="hoan-thanh")
        self.login(self.province_officer)
        self.assertEqual(self.client.get(self.inspection.get_absolute_url()).status_code, 200)
        url = f"/ke-hoach/danh-gia/{police.pk}/"
        items = list(police.items.all())
        data = {f"rating-{i.pk}": good.pk for i in items}
        data.update({"overall_rating": good.pk, "findings": "Đạt yêu cầu"})
        self.client.post(url, data)
        police.refresh_from_db()
        self.assertEqual(police.overall_rating, good)
        self.assertEqual(police.items.filter(rating=good).count(), len(items))
        self.client.post(f"/ke-hoach/danh-gia/{police.pk}/kien-nghi/", {"text": "Bổ sung kế hoạch"})
        rec = police.recommendations.get()
        self.client.post(f"/ke-hoach/kien-nghi/{rec.pk}/", {"follow_up": "done", "note": "Xong"})
        rec.refresh_from_db()
        self.assertEqual(rec.follow_up, "done")
        # Viewers read, do not write.
        self.login(self.viewer)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertEqual(
            self.client.post(
                f"/ke-hoach/danh-gia/{police.pk}/kien-nghi/", {"text": "x"}
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(f"/ke-hoach/kien-nghi/{rec.pk}/", {"follow_up": "open"}).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(f"/ke-hoach/kiem-tra/{self.inspection.pk}/lap-danh-muc/").status_code,
            404,
        )
        self.assertEqual(
            self.client.post(
                f"/ke-hoach/kiem-tra/{self.inspection.pk}/trang-thai/", {"state": "in_progress"}
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(
                "/ke-hoach/thang-danh-gia/", {"code": "x", "name": "x", "order": 1}
            ).status_code,
            404,
        )
