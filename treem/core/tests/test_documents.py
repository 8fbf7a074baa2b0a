import datetime
import io

from django.test import SimpleTestCase
from docx import Document

from treem.core.documents import (
    NATIONAL_MOTTO,
    NATIONAL_SLOGAN,
    add_heading,
    add_recipients_and_signature,
    add_table,
    add_text,
    official_document,
    vietnamese_date,
)


def reopen(document):
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return Document(buffer)


class OfficialDocumentTests(SimpleTestCase):
    def test_dates_follow_decree_30(self):
        """Days below 10 and the months January and February take a zero."""
        self.assertEqual(
            vietnamese_date("Nghệ An", datetime.date(2026, 2, 5)),
            "Nghệ An, ngày 05 tháng 02 năm 2026",
        )
        self.assertEqual(
            vietnamese_date("Nghệ An", datetime.date(2026, 11, 28)),
            "Nghệ An, ngày 28 tháng 11 năm 2026",
        )
        self.assertIn("ngày     tháng", vietnamese_date("Nghệ An", None))

    def test_header_title_body_and_closing(self):
        document = official_document(
            "Ủy ban nhân dân phường Trường Vinh",
            "12/BC-UBND",
            "Nghệ An",
            datetime.date(2026, 3, 9),
            "Báo cáo",
            subtitle="Kết quả thực hiện",
        )
        add_heading(document, "I. Kết quả")
        add_text(document, "Nội dung báo cáo.")
        add_table(document, ["Cột 1", "Cột 2"], [["a", 1]])
        add_recipients_and_signature(
            document,
            ["- Như trên;", "Lưu: VT."],
            "TM. Ủy ban nhân dân",
            "Nguyễn Văn A",
            signer_title="Chủ tịch",
        )
        document = reopen(document)
        left, right = (c.text for c in document.tables[0].rows[0].cells)
        self.assertIn("ỦY BAN NHÂN DÂN PHƯỜNG TRƯỜNG VINH", left)
        self.assertIn("Số: 12/BC-UBND", left)
        self.assertIn(NATIONAL_MOTTO, right)
        self.assertIn(NATIONAL_SLOGAN, right)
        self.assertIn("Nghệ An, ngày 09 tháng 3 năm 2026", right)
        texts = [p.text for p in document.paragraphs]
        self.assertIn("BÁO CÁO", texts)
        self.assertIn("Kết quả thực hiện", texts)
        self.assertIn("I. KẾT QUẢ", texts)
        closing_left, closing_right = (c.text for c in document.tables[-1].rows[0].cells)
        self.assertIn("Nơi nhận:", closing_left)
        self.assertIn("- Lưu: VT.", closing_left)
        self.assertIn("TM. ỦY BAN NHÂN DÂN", closing_right)
        self.assertIn("Nguyễn Văn A", closing_right)
        fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.text}
        self.assertEqual(fonts, {"Times New Roman"})
        section = document.sections[0]
        self.assertEqual(round(section.page_width.mm), 210)
        self.assertEqual(round(section.left_margin.mm), 30)

    def test_party_bodies_use_their_own_heading(self):
        document = official_document(
            "Thành ủy Vinh",
            "01-BC/Th.U",
            "Vinh",
            None,
            "Báo cáo",
            motto=("ĐẢNG CỘNG SẢN VIỆT NAM", ""),
        )
        right = document.tables[0].rows[0].cells[1].text
        self.assertIn("ĐẢNG CỘNG SẢN VIỆT NAM", right)
        self.assertNotIn(NATIONAL_MOTTO, right)
