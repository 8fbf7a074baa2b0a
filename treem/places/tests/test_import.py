"""The .xlsx import: a good file is written whole; a file with one bad row
writes nothing and names each error by row and column, in Vietnamese."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ..importer import COLUMNS, FileProblem, import_places, template_workbook
from ..models import Place
from .base import PlacesTestCase

HEADERS = [h for _k, h, _r in COLUMNS]


def workbook(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


GOOD = [
    {
        "Loại": "play_space",
        "Tên": "Sân chơi Khối 2",
        "Phường, xã": "Trường Vinh",
        "Tổ dân phố, khối": "Khối 2",
        "Vĩ độ": "18,6801",
        "Kinh độ": "105,6822",
        "Ngày đưa vào sử dụng": "01/06/2025",
    },
    {
        "Loại": "Nhóm trẻ / lớp mầm non độc lập",
        "Tên": "Nhóm trẻ Sơn Ca",
        "Phường, xã": "truong vinh",
        "Sức chứa (trẻ em)": 20,
        "Số giấy phép": "05/GP",
    },
]


class ImportTests(PlacesTestCase):
    def test_a_good_file_is_written_whole(self):
        report = import_places(workbook(GOOD), actor=self.officer_a)
        self.assertTrue(report.ok, report.errors)
        self.assertEqual(report.imported, 2)
        place = Place.objects.get(name="Sân chơi Khối 2")
        self.assertEqual((place.unit, place.ward), (self.group_a2, self.ward_a))
        self.assertEqual(str(place.latitude), "18.680100")
        nursery = Place.objects.get(name="Nhóm trẻ Sơn Ca")
        self.assertEqual((nursery.register, nursery.capacity), ("facility", 20))

    def test_a_bad_row_leaves_nothing(self):
        bad = [
            *GOOD,
            {"Loại": "khong-co", "Tên": "Sân X", "Phường, xã": "Trường Vinh", "Từ tuổi": "ba"},
            {"Loại": "play_space", "Tên": "Sân Y", "Phường, xã": "Thành Vinh"},
        ]
        report = import_places(workbook(bad), actor=self.officer_a)
        self.assertFalse(report.ok)
        self.assertEqual(report.imported, 0)
        self.assertFalse(
            Place.objects.filter(name__in=["Sân chơi Khối 2", "Nhóm trẻ Sơn Ca"]).exists()
        )
        found = {(row, column) for row, column, _m in report.errors}
        # Row 4: unknown type, age not a number; row 5: a ward outside the officer's area.
        self.assertEqual(found, {(4, "Loại"), (4, "Từ tuổi"), (5, "Phường, xã")})

    def test_messages_are_vietnamese(self):
        from django.utils import translation

        with translation.override("vi"):
            report = import_places(
                workbook([{"Loại": "x", "Tên": "A", "Phường, xã": "Trường Vinh"}]),
                actor=self.officer_a,
            )
        message = report.errors[0][2]
        self.assertEqual(
            message, "Loại không có trong danh mục: dùng tên hoặc mã của danh mục loại."
        )

    def test_missing_columns_are_named(self):
        with self.assertRaises(FileProblem) as caught:
            import_places(workbook([], headers=["Tên"]), actor=self.officer_a)
        self.assertIn("Loại", str(caught.exception))

    def test_the_upload_page_and_the_template(self):
        self.login(self.officer_a)
        template = self.client.get(reverse("places:import-template"))
        self.assertEqual(template.status_code, 200)
        self.assertEqual(template_workbook().active.max_column, len(COLUMNS))
        upload = SimpleUploadedFile("dia-diem.xlsx", workbook(GOOD).getvalue())
        page = self.client.post(reverse("places:import"), {"file": upload})
        self.assertContains(page, 'id="import-ok"')
        self.assertEqual(Place.objects.filter(ward=self.ward_a).count(), 4)

    def test_viewer_cannot_import(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(reverse("places:import")).status_code, 404)
