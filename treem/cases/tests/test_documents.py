"""Forms 01–06 of the appendix of Decree 56/2017 generated from a case as
.docx and PDF, with the titles, number symbols and fields the appendix prints,
scoped like the case page and audited."""

import datetime
import shutil
import subprocess
import tempfile
import time
import unittest
from io import BytesIO
from pathlib import Path

from django.urls import reverse
from docx import Document

from treem.audit.models import Action, AuditEvent
from treem.cases.documents import FORMS, pdf_available, render_docx
from treem.cases.services import add_service, break_glass
from treem.core.documents import NATIONAL_MOTTO
from treem.jobs.models import Job

from .base import CaseTestCase, S

CHILD_NAME = "Nguyễn Thị Ánh"
REPORTER_CONTACT = "0987 654 321, số 9 Phan Bội Châu"


def docx_text(content):
    """Every paragraph of the document, tables included, as one string."""
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def form_url(case, number, fmt="docx"):
    return reverse("cases:case-form", kwargs={"pk": case.pk, "number": number, "fmt": fmt})


class DocumentTestCase(CaseTestCase):
    """A case of ward A taken through every step to closure, with an
    emergency separation, a named reporter and a service."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        helper = cls("run")
        helper.officer_a, helper.approver_a = cls.officer_a, cls.approver_a
        cls.case = helper.intake(
            reporter_name="Lê Văn Tâm",
            reporter_contact=REPORTER_CONTACT,
            reporter_relation="Hàng xóm",
        )
        cls.case = helper.run_to(cls.case, S.IMPLEMENTATION, serious=True)
        add_service(
            cls.case,
            actor=cls.officer_a,
            service_type=cls.medical,
            started_on=datetime.date(2026, 3, 2),
            provider_name="Trạm y tế phường",
        )
        cls.case = helper.run_to(cls.case, S.CLOSED, serious=True)


class FormContentTests(DocumentTestCase):
    def test_every_form_carries_the_child_the_case_number_and_the_national_motto(self):
        client = self.login(self.officer_a)
        for number in ("01", "02", "03", "04", "05"):
            with self.subTest(form=number):
                # Mẫu 06 has no administrative header in the appendix.
                response = client.get(form_url(self.case, number))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], CONTENT_DOCX)
                self.assertIn(
                    f"mau-{number}-{self.case.number}.docx", response["Content-Disposition"]
                )
                text = docx_text(response.content)
                self.assertIn(CHILD_NAME, text)
                self.assertIn(self.case.number, text)
                self.assertIn(NATIONAL_MOTTO, text)
                self.assertIn("Độc lập - Tự do - Hạnh phúc", text)
                self.assertIn("Ủy ban nhân dân phường Trường Vinh".upper(), text)
        text = docx_text(client.get(form_url(self.case, "06")).content)
        self.assertIn(CHILD_NAME, text)
        self.assertIn("Mẫu số 06", text)

    def test_each_form_has_the_title_and_number_the_appendix_prints(self):
        """Mẫu 01 "BÁO CÁO TIẾP NHẬN THÔNG TIN TRẺ EM", "Số: …/BC-…" (Art. 25(1));
        Mẫu 02 and 03 are reports (Art. 28(2)(a)–(b)), not minutes; Mẫu 05 is
        the decision together with the plan (Art. 28(2)(c)); Mẫu 06 the review
        (Art. 30)."""
        expected = {
            1: [
                "BÁO CÁO TIẾP NHẬN THÔNG TIN TRẺ EM",
                "/BC-UBND",
                "Hàng xóm nghe tiếng trẻ khóc",
                "Lê Văn Tâm",
                "hoặc ước lượng tuổi",
                "Không biết",
                "Họ và tên cha",
                "Họ và tên mẹ",
                "Hoàn cảnh gia đình",
                "người chăm sóc trẻ em",
                "trước khi nhận thông tin",
                "Phỏng đoán hậu quả",
            ],
            2: ["BÁO CÁO", "/BC-UBND", "Đánh giá nguy cơ ban đầu", "Có vết bầm", "Nhà bà nội"],
            3: [
                "BÁO CÁO",
                "/BC-UBND",
                "Thu thập thông tin, đánh giá nguy cơ cụ thể",
                "Hỗ trợ tâm lý",
                "Biên bản họp xác định nhu cầu",
            ],
            4: ["KẾ HOẠCH", "/KH-UBND", "An toàn", "Tư vấn", "Trạm y tế phường"],
            5: [
                "QUYẾT ĐỊNH",
                "Điều 1. Phê duyệt Kế hoạch",
                "Nghị định số 56/2017/NĐ-CP",
                "KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
                "Kèm theo Quyết định",
                "Tư vấn",
            ],
            6: [
                "RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM SAU KHI",
                "THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP",
                "Họ và tên cán bộ thực hiện",
                "Đánh giá nguy cơ tại giai đoạn kết thúc",
                "Khả năng tiếp cận trẻ em của đối tượng xâm hại",
                "Thấp",
                "Ổn định",
            ],
        }
        for number, fragments in expected.items():
            text = docx_text(render_docx(self.case, number))
            for fragment in fragments:
                self.assertIn(fragment, text, (number, fragment))
        for number in (2, 3):
            self.assertNotIn("BIÊN BẢN\n", docx_text(render_docx(self.case, number)))

    def test_every_form_keeps_its_title_number_and_source(self):
        for number, spec in FORMS.items():
            with self.subTest(form=number):
                self.assertIn("Nghị định 56/2017/NĐ-CP", spec.source)
                self.assertTrue(spec.title and spec.number_format)
        self.assertEqual(set(FORMS), {1, 2, 3, 4, 5, 6})

    def test_form_01_prints_what_the_intake_recorded_and_the_parent_is_not_a_superior(self):
        case = self.intake(
            channel="hotline_111",
            perpetrator_relation="parent",
            child_age_estimate="khoảng 9 tuổi",
            father_name="Nguyễn Văn Bình",
            father_age=41,
            father_occupation="Lái xe",
            mother_name="Trần Thị Hoa",
            mother_age=36,
            mother_occupation="Buôn bán",
            family_situation="Bố mẹ ly thân",
            current_caregiver="Bà ngoại",
            actions_taken="Hàng xóm đưa trẻ sang nhà bà",
            likely_harm="Trẻ tiếp tục bị đánh",
        )
        text = docx_text(render_docx(case, 1))
        for fragment in (
            "TỔNG ĐÀI ĐIỆN THOẠI QUỐC GIA BẢO VỆ TRẺ EM",
            "/BC-TĐ111",
            "khoảng 9 tuổi",
            "Nguyễn Văn Bình",
            "41",
            "Lái xe",
            "Trần Thị Hoa",
            "Buôn bán",
            "Bố mẹ ly thân",
            "Bà ngoại",
            "Hàng xóm đưa trẻ sang nhà bà",
            "Trẻ tiếp tục bị đánh",
            "Cha, mẹ",
        ):
            self.assertIn(fragment, text, fragment)
        self.assertNotIn("Cấp trên", text)

    def test_an_approved_plan_and_its_decision_are_not_marked_as_drafts(self):
        self.assertNotIn("DỰ THẢO", docx_text(render_docx(self.case, 4)))
        self.assertNotIn("DỰ THẢO", docx_text(render_docx(self.case, 5)))

    def test_a_new_case_gives_forms_with_blanks_and_a_draft_mark(self):
        case = self.intake()
        text = docx_text(render_docx(case, 5))
        self.assertIn("DỰ THẢO", text)
        self.assertIn("/QĐ-UBND", text)
        self.assertIn("…………", docx_text(render_docx(case, 2)))

    def test_an_anonymous_reporter_stays_anonymous(self):
        case = self.intake(reporter_anonymous=True, reporter_name="Không được in")
        text = docx_text(render_docx(case, 1))
        self.assertIn("giữ bí mật danh tính", text)
        self.assertNotIn("Không được in", text)

    def test_the_reporter_contact_is_printed_for_the_ward_staff(self):
        text = docx_text(self.login(self.approver_a).get(form_url(self.case, "01")).content)
        self.assertIn(REPORTER_CONTACT, text)

    def test_a_docx_is_generated_in_well_under_two_seconds(self):
        started = time.monotonic()
        for number in FORMS:
            render_docx(self.case, number)
        self.assertLess((time.monotonic() - started) / len(FORMS), 2.0)


CONTENT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class FormAccessTests(DocumentTestCase):
    def test_every_generation_is_audited_with_the_form_and_format(self):
        self.login(self.officer_a).get(form_url(self.case, "03"))
        event = AuditEvent.objects.filter(action=Action.EXPORT, subject_id=str(self.case.pk)).get()
        self.assertEqual(event.actor, self.officer_a)
        self.assertEqual(event.changes["form"]["new"], "03")
        self.assertEqual(event.changes["format"]["new"], "docx")

    def test_the_province_officer_may_generate_the_forms(self):
        response = self.login(self.province_officer).get(form_url(self.case, "05"))
        self.assertEqual(response.status_code, 200)

    def test_an_officer_of_another_ward_gets_404(self):
        client = self.login(self.officer_b)
        self.assertEqual(client.get(form_url(self.case, "01")).status_code, 404)
        self.assertEqual(
            client.get(reverse("cases:case-forms", args=[self.case.pk])).status_code, 404
        )

    def test_people_without_case_access_get_404_and_nothing_is_audited_as_export(self):
        for user in (self.reporter_a, self.collaborator_a, self.viewer, self.admin, self.nobody):
            with self.subTest(user=user.username):
                client = self.login(user)
                self.assertEqual(client.get(form_url(self.case, "01")).status_code, 404)
                self.assertEqual(client.post(form_url(self.case, "05", "pdf")).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action=Action.EXPORT).exists())

    def test_a_missing_case_and_an_unknown_form_give_404(self):
        client = self.login(self.officer_a)
        self.assertEqual(client.get(f"/vu-viec/{self.case.pk + 999}/mau-01.docx").status_code, 404)
        self.assertEqual(client.get(f"/vu-viec/{self.case.pk}/mau-07.docx").status_code, 404)
        self.assertEqual(client.get(f"/vu-viec/{self.case.pk}/mau-01.exe").status_code, 404)
        self.assertEqual(client.get(form_url(self.case, "04") + "?cycle=9").status_code, 404)

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        self.assertEqual(self.client.get(form_url(self.case, "01")).status_code, 302)

    def test_after_breaking_the_glass_the_reporter_stays_confidential(self):
        break_glass(self.case.pk, actor=self.officer_b, reason="Trẻ chuyển đến phường tôi ở")
        response = self.login(self.officer_b).get(form_url(self.case, "01"))
        self.assertEqual(response.status_code, 200)
        text = docx_text(response.content)
        self.assertIn(CHILD_NAME, text)
        self.assertNotIn(REPORTER_CONTACT, text)
        self.assertNotIn("Lê Văn Tâm", text)

    def test_the_list_of_forms_links_every_form(self):
        response = self.login(self.officer_a).get(reverse("cases:case-forms", args=[self.case.pk]))
        for number in ("01", "02", "03", "04", "05", "06"):
            self.assertContains(response, f"/vu-viec/{self.case.pk}/mau-{number}.docx")


@unittest.skipUnless(pdf_available(), "LibreOffice (soffice) is not installed: no PDF conversion")
class PdfTests(DocumentTestCase):
    def test_the_pdf_is_converted_in_the_background_with_the_vietnamese_text_intact(self):
        client = self.login(self.officer_a)
        started = time.monotonic()
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(form_url(self.case, "05", "pdf"))
        elapsed = time.monotonic() - started
        job = Job.objects.get()
        self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(job.status, Job.Status.DONE, job.error)
        self.assertNotIn(CHILD_NAME, job.title)
        download = client.get(reverse("jobs:download", args=[job.pk]))
        content = b"".join(download.streaming_content)
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(job.result_filename, f"mau-05-{self.case.number}.pdf")
        self.assertLess(elapsed, 60)
        event = AuditEvent.objects.filter(action=Action.EXPORT, subject_id=str(self.case.pk)).get()
        self.assertEqual(event.changes["format"]["new"], "pdf")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "f.pdf"
            path.write_bytes(content)
            if shutil.which("pdftotext"):
                text = subprocess.run(
                    ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
                ).stdout
                self.assertIn(CHILD_NAME, text)
                # One line: the header's columns are wide enough for the motto.
                self.assertIn(NATIONAL_MOTTO, text)
            if shutil.which("pdffonts"):
                fonts = subprocess.run(
                    ["pdffonts", str(path)], capture_output=True, check=True, text=True
                ).stdout
                rows = fonts.splitlines()[2:]
                self.assertTrue(rows)
                for row in rows:
                    # The "emb" column: every font is embedded.
                    self.assertIn(" yes ", row, row)

    def test_forms_01_to_06_convert_to_pdf_with_their_titles(self):
        from treem.cases.documents import render_pdf

        for number, spec in FORMS.items():
            with self.subTest(form=number):
                content = render_pdf(self.case, number)
                self.assertTrue(content.startswith(b"%PDF"))
                if shutil.which("pdftotext"):
                    with tempfile.TemporaryDirectory() as folder:
                        path = Path(folder) / "f.pdf"
                        path.write_bytes(content)
                        text = subprocess.run(
                            ["pdftotext", str(path), "-"],
                            capture_output=True,
                            check=True,
                            text=True,
                        ).stdout
                    self.assertIn(spec.title.split()[0].upper(), text.upper())

    def test_the_pdf_job_is_seen_only_by_the_person_who_asked(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.login(self.officer_a).post(form_url(self.case, "02", "pdf"))
        job = Job.objects.get()
        for user in (self.approver_a, self.province_officer, self.officer_b):
            client = self.login(user)
            self.assertEqual(client.get(reverse("jobs:download", args=[job.pk])).status_code, 404)

    def test_a_pdf_cannot_be_started_by_a_get_or_by_another_ward(self):
        self.assertEqual(
            self.login(self.officer_a).get(form_url(self.case, "05", "pdf")).status_code, 405
        )
        self.assertEqual(
            self.login(self.officer_b).post(form_url(self.case, "05", "pdf")).status_code, 404
        )
        self.assertFalse(Job.objects.exists())
