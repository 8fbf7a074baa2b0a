"""Import of children: every row checked, all-or-nothing, scoped."""

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from treem.audit.models import Action, AuditEvent
from treem.children.importer import BY_KEY, import_file
from treem.children.models import Caregiver, Child, CircumstanceEpisode
from treem.children.tests.base import RegistryTestCase
from treem.children.tests.import_corpus import HEADERS, KEYS, row
from treem.jobs.models import Job

VALID = [
    row(personal_id="040217000001"),
    row(given_name="Bình", personal_id="040217000002", date_of_birth="03/2017"),
    row(
        given_name="Chi",
        sex="Nữ",
        date_of_birth="2016",
        personal_id="",
        personal_id_missing_reason="chuacap",
        circumstance="a",
        circumstance_from="01/01/2024",
        group="",
    ),
]


def csv_bytes(rows, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADERS)
    for r in rows:
        writer.writerow([r.get(k, "") for k in KEYS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for r in rows:
        sheet.append([r.get(k, "") for k in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ImportCase(RegistryTestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def file(self, content, suffix=".csv"):
        path = Path(self.tmp.name) / f"f{suffix}"
        path.write_bytes(content)
        return path

    def counts(self):
        return (Child.objects.count(), Caregiver.objects.count(), AuditEvent.objects.count())

    def upload(self, content, name="tre-em.csv", mode="check", user=None):
        self.login(user or self.officer_a)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("children:import"),
                {"file": SimpleUploadedFile(name, content), "mode": mode},
            )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return Job.objects.filter(kind="children_import").latest("created_at")


BAD = [
    row(personal_id="040217000011"),  # row 2: valid
    row(given_name="Dũng", personal_id="040217000012", date_of_birth="31/02/2017"),  # 3
    row(given_name="Em", personal_id="040317000013"),  # 4: century digit says female
    row(given_name="Giang", personal_id="040217000014", ward="Phường Không Có"),  # 5
    row(given_name="Hà", personal_id="040217000015", ward="Thành Vinh", group=""),  # 6
    row(given_name="Khoa", personal_id="040217000011"),  # 7: same ID as row 2
    row(given_name="Lan", personal_id="040315123456", sex="Nữ", date_of_birth="01/01/2015"),  # 8
]


class ImportFileTests(ImportCase):
    def test_a_valid_csv_imports_every_row(self):
        before = Child.objects.count()
        report = import_file(self.file(csv_bytes(VALID)), actor=self.officer_a, write=True)
        self.assertTrue(report.ok, report.errors)
        self.assertEqual((report.rows, report.imported), (3, 3))
        self.assertEqual(Child.objects.count(), before + 3)
        chi = Child.objects.get(given_name="Chi")
        self.assertEqual(
            (chi.unit, chi.ward, chi.dob_precision), (self.ward_a, self.ward_a, "year")
        )
        self.assertEqual(chi.personal_id_missing_reason.code, "chuacap")
        self.assertEqual(CircumstanceEpisode.objects.filter(child=chi).count(), 1)
        nam = Child.objects.get(given_name="Nam", family_name="Phạm")
        self.assertEqual(nam.unit, self.group_a2)
        # The three siblings share one mother record.
        self.assertEqual(Caregiver.objects.filter(phone="0987654321").count(), 1)
        self.assertTrue(AuditEvent.objects.filter(action=Action.IMPORT).exists())

    def test_a_valid_xlsx_imports_every_row(self):
        report = import_file(
            self.file(xlsx_bytes(VALID), ".xlsx"), actor=self.officer_a, write=True
        )
        self.assertTrue(report.ok, report.errors)
        self.assertEqual(report.imported, 3)
        self.assertTrue(Child.objects.filter(personal_id="040217000002").exists())

    def test_semicolon_csv_is_read(self):
        report = import_file(self.file(csv_bytes(VALID, ";")), actor=self.officer_a)
        self.assertEqual((report.rows, report.valid), (3, 3))

    def test_a_bad_file_is_reported_row_by_row_and_nothing_is_written(self):
        before = self.counts()
        report = import_file(self.file(csv_bytes(BAD)), actor=self.officer_a, write=True)
        self.assertFalse(report.written)
        self.assertEqual(self.counts(), before)
        found = {(e.row, e.key) for e in report.errors}
        self.assertEqual(
            found,
            {
                (3, "date_of_birth"),
                (4, "personal_id"),
                (5, "ward"),
                (6, "ward"),
                (7, "personal_id"),
                (8, "personal_id"),
            },
        )
        messages = {e.row: e.message for e in report.errors}
        self.assertEqual(
            messages[4],
            "Chữ số thứ 4 của mã định danh (3) không khớp với giới tính Nam và năm sinh 2017.",
        )
        self.assertIn(f"#{self.child_a.pk}", messages[8])
        self.assertIn("2", messages[7])
        self.assertEqual(report.errors[0].column, BY_KEY["date_of_birth"].header)
        self.assertEqual(report.valid, 1)

    def test_valid_rows_only_imports_exactly_the_valid_ones(self):
        report = import_file(
            self.file(csv_bytes(BAD)), actor=self.officer_a, write=True, valid_only=True
        )
        self.assertEqual(report.imported, 1)
        self.assertEqual(
            list(
                Child.objects.filter(personal_id__startswith="0402170000").values_list(
                    "personal_id", flat=True
                )
            ),
            ["040217000011"],
        )

    def test_same_name_and_birth_in_the_ward_is_a_warning(self):
        twin = row(
            family_name="Nguyễn",
            middle_name="Thị Ngọc",
            given_name="Ánh",
            sex="Nữ",
            date_of_birth="14/03/2015",
            group="Khối 1",
        )
        report = import_file(self.file(csv_bytes([twin, twin])), actor=self.officer_a)
        self.assertTrue(report.ok, report.errors)
        self.assertEqual(sorted(w.row for w in report.warnings), [2, 3, 3])

    def test_collaborator_imports_only_into_their_group(self):
        rows = [row(group="Khối 1"), row(given_name="Ba", group="Khối 2")]
        report = import_file(self.file(csv_bytes(rows)), actor=self.collaborator_a)
        self.assertEqual([(e.row, e.key) for e in report.errors], [(3, "group")])

    def test_missing_required_columns_refuse_the_file(self):
        from treem.children.importer import FileProblem

        with self.assertRaises(FileProblem):
            import_file(self.file(b"a,b\n1,2\n"), actor=self.officer_a)


class ImportCommandTests(ImportCase):
    def test_bad_input_exits_non_zero_with_the_report_and_writes_nothing(self):
        before = self.counts()
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_children", str(self.file(csv_bytes(BAD))), stderr=err)
        self.assertEqual(self.counts(), before)
        self.assertIn("dòng 4", err.getvalue())
        self.assertIn("không khớp với giới tính Nam", err.getvalue())

    def test_dry_run_writes_nothing(self):
        before = self.counts()
        out = io.StringIO()
        call_command("import_children", str(self.file(csv_bytes(VALID))), "--dry-run", stdout=out)
        self.assertEqual(self.counts(), before)
        self.assertIn("3 hợp lệ", out.getvalue())

    def test_a_valid_file_is_imported_as_the_user(self):
        out = io.StringIO()
        call_command(
            "import_children", str(self.file(csv_bytes(VALID))), "--user", "alice", stdout=out
        )
        self.assertIn("đã nhập 3 trẻ em", out.getvalue())
        self.assertEqual(Child.objects.get(personal_id="040217000001").created_by, self.officer_a)

    def test_a_user_outside_the_ward_is_refused(self):
        with self.assertRaises(CommandError):
            call_command(
                "import_children",
                str(self.file(csv_bytes(VALID))),
                "--user",
                "bob",
                stderr=io.StringIO(),
            )
        self.assertFalse(Child.objects.filter(personal_id="040217000001").exists())


class ImportPageTests(ImportCase):
    def test_check_then_import_the_valid_rows(self):
        before = self.counts()
        job = self.upload(csv_bytes(BAD))
        job.refresh_from_db()
        self.assertEqual(job.status, "done", job.error)
        self.assertEqual((job.result["rows"], job.result["valid"]), (7, 1))
        self.assertEqual(Child.objects.count(), before[0])
        page = self.client.get(reverse("children:import-result", args=[job.pk]))
        self.assertContains(page, 'data-row="4" data-key="personal_id"')
        self.assertContains(page, reverse("children:import-valid-rows", args=[job.pk]))
        self.assertTrue(job.result_file)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("children:import-valid-rows", args=[job.pk]))
        second = Job.objects.filter(kind="children_import").latest("created_at")
        self.assertRedirects(response, reverse("children:import-result", args=[second.pk]))
        second.refresh_from_db()
        self.assertEqual(second.result["imported"], 1)
        self.assertEqual(Child.objects.count(), before[0] + 1)

    def test_check_and_import_of_a_valid_xlsx(self):
        job = self.upload(xlsx_bytes(VALID), name="tre-em.xlsx", mode="import")
        job.refresh_from_db()
        self.assertEqual((job.status, job.result["imported"]), ("done", 3), job.error)
        self.assertTrue(Child.objects.filter(given_name="Chi").exists())

    def test_check_and_import_of_a_bad_file_writes_nothing(self):
        before = self.counts()
        job = self.upload(csv_bytes(BAD), mode="import")
        job.refresh_from_db()
        self.assertFalse(job.result["written"])
        # Only the job's own TASK event was added.
        self.assertEqual(self.counts()[:2], before[:2])
        self.assertFalse(AuditEvent.objects.filter(action=Action.IMPORT).exists())

    def test_the_template_downloads(self):
        self.login(self.officer_a)
        xlsx = self.client.get(reverse("children:import-template", args=["xlsx"]))
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
        self.assertEqual([c.value for c in book.worksheets[0][1]], HEADERS)
        self.assertEqual(len(book.worksheets), 2)
        csv_file = self.client.get(reverse("children:import-template", args=["csv"]))
        self.assertTrue(csv_file.content.startswith("\ufeff".encode()))
        self.assertEqual(self.client.get("/tre-em/nhap/mau.pdf").status_code, 404)

    def test_viewer_gets_404(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(reverse("children:import")).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("children:import-template", args=["csv"])).status_code, 404
        )

    def test_another_users_import_job_is_404(self):
        job = self.upload(csv_bytes(VALID), user=self.officer_b)
        self.login(self.officer_a)
        url = reverse("children:import-result", args=[job.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(reverse("children:import-valid-rows", args=[job.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get(job.get_absolute_url()).status_code, 404)

    def test_a_running_import_polls_and_reloads_when_done(self):
        job = Job.objects.create(
            kind="children_import", title="x", created_by=self.officer_a, params={}
        )
        self.login(self.officer_a)
        url = reverse("children:import-result", args=[job.pk])
        self.assertContains(self.client.get(url), 'hx-trigger="every 1s"')
        job.status = Job.Status.DONE
        job.save()
        response = self.client.get(url, HTTP_HX_REQUEST="true")
        self.assertEqual(response["HX-Refresh"], "true")
