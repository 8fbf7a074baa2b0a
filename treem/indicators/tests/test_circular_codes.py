"""The indicator codes of Thông tư 13/2021/TT-BLĐTBXH (Bộ chỉ tiêu thống kê về tình hình trẻ em
và tình hình xâm hại trẻ em, ngày 30/9/2021, hiệu lực 15/11/2021).

What could be read of the circular (search of public copies, 07/12/2026):
* Appendix IV (content of the abuse indicators): "I. Tình hình xâm hại trẻ em — 0101. Số trẻ
  em bị xâm hại ... Trẻ em bị xâm hại là trẻ em bị tổn hại về thể chất, tình cảm, tâm lý, danh
  dự, nhân phẩm ... Phân tổ chủ yếu: Giới tính; Nhóm tuổi; Môi trường xâm hại; ..." (a 123docz
  excerpt of "tt-13-2021-bldtbxh-ban-hanh-bo-chi-tieu-thong-ke-ve-tinh-hinh-tre-em", pp. 57-58).
* Appendix II, the last group: "VI. Trẻ em tham gia vào các vấn đề trẻ em — 0605. Tỷ lệ trẻ em
  được tiếp cận kiến thức, kỹ năng tham gia môi trường mạng an toàn" (same excerpt).
* Appendix I by summary only (thuvienphapluat.vn, "Danh mục chỉ tiêu thống kê về tình hình trẻ
  em", 29/10/2021): groups "Chỉ tiêu chung về trẻ em: Dân số trẻ em; Tỷ số giới tính khi sinh;
  Tỷ suất sinh thô; …", "Sức khỏe, dinh dưỡng trẻ em", "Bảo vệ trẻ em", "Giáo dục trẻ em",
  "Văn hóa, vui chơi, giải trí cho trẻ em", "Trẻ em tham gia vào các vấn đề trẻ em: Tỷ lệ trẻ em
  từ 7 tuổi trở lên được lấy ý kiến về các vấn đề của trẻ em; …" — names without codes.
Appendix I's table with its codes was not found (searched: "Thông tư 13/2021/TT-BLĐTBXH danh mục
chỉ tiêu mã số 0101", "0101 Dân số trẻ em 0102 Tỷ số giới tính khi sinh", "0601. Tỷ lệ trẻ em từ
7 tuổi trở lên được lấy ý kiến", "III. Bảo vệ trẻ em 0301", "IV. Giáo dục trẻ em 0401", in the
pages, docs and code corpora; hieuluat.vn holds the circular but only its first page was
readable). So only BV04 carries a circular code; every other indicator says the code is not
verified or that the circular has no such indicator.
"""

import re

from treem.core.testing import PersonaTestCase
from treem.indicators.models import Indicator
from treem.indicators.services.catalogue import load_indicators

CIRCULAR = "Thông tư 13/2021/TT-BLĐTBXH"
# The circular codes read in its text, per catalogue indicator.
VERIFIED = {"BV04": ("Phụ lục IV", "0101")}
# Whether the circular has the indicator (its name read in the summary of appendix I or in
# appendix IV), has something close to it, or has nothing like it. Reported per indicator.
IN_CIRCULAR = {"TE01", "BV01", "BV02", "BV03", "GD01", "GD02", "VH02", "BV04", "TG01"}
NOT_IN_CIRCULAR = {"TE02", "YT01", "VH01", "PH01", "PT01"}


class CircularCodesTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_indicators()

    def test_only_the_codes_read_in_the_circular_are_claimed(self):
        claimed = {}
        for ind in Indicator.objects.all():
            match = re.search(r"mã của Thông tư: (\d{4})", ind.legal_source)
            if match:
                claimed[ind.code] = match.group(1)
        self.assertEqual(claimed, {code: number for code, (_, number) in VERIFIED.items()})
        for code, (appendix, number) in VERIFIED.items():
            legal = Indicator.objects.get(code=code).legal_source
            self.assertIn(f"{CIRCULAR}, {appendix}, chỉ tiêu mã {number}", legal)

    def test_the_abused_children_indicator_is_disaggregated_as_appendix_iv_says(self):
        # Appendix IV, 0101 "Số trẻ em bị xâm hại": by sex, age group, setting of the abuse.
        bv04 = Indicator.objects.get(code="BV04")
        self.assertEqual(bv04.name, "Số trẻ em bị xâm hại")
        self.assertLessEqual({"sex", "age_band", "setting"}, set(bv04.disaggregations))

    def test_circular_codes_are_not_used_as_keys(self):
        # 0101 is "Số trẻ em bị xâm hại" in appendix IV and the first indicator of group I in
        # appendices I/II: the circular's codes repeat, so the system keeps its own.
        for code in Indicator.objects.values_list("code", flat=True):
            with self.subTest(code=code):
                self.assertFalse(re.fullmatch(r"\d{4}", code))

    def test_the_participation_indicator_is_in_group_vi_of_the_circular(self):
        tg01 = Indicator.objects.get(code="TG01")
        self.assertEqual(
            tg01.name, "Tỷ lệ trẻ em từ 7 tuổi trở lên được lấy ý kiến về các vấn đề của trẻ em"
        )
        self.assertIn(f"{CIRCULAR}, Phụ lục I, nhóm VI", tg01.legal_source)
        self.assertIn("Trẻ em tham gia vào các vấn đề trẻ em", tg01.legal_source)
        self.assertIn("mã chỉ tiêu của Thông tư chưa đối chiếu", tg01.legal_source)

    def test_each_indicator_says_whether_the_circular_has_it(self):
        for ind in Indicator.objects.filter(code__in=IN_CIRCULAR):
            with self.subTest(code=ind.code):
                self.assertTrue(ind.legal_source.startswith(CIRCULAR), ind.legal_source)
        for ind in Indicator.objects.filter(code__in=NOT_IN_CIRCULAR):
            with self.subTest(code=ind.code):
                self.assertRegex(ind.legal_source, r"^(Không có trong|Không phải chỉ tiêu của)")

    def test_legal_sources_fit_their_column(self):
        # Indicator.legal_source is 300 characters: a longer text is refused by PostgreSQL.
        for code, legal in Indicator.objects.values_list("code", "legal_source"):
            with self.subTest(code=code):
                self.assertLessEqual(len(legal), 300)
