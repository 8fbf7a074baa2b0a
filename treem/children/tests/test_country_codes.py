"""Births registered abroad: Nghị định 137/2015/NĐ-CP, Điều 13 — the first three digits of the
personal ID are "mã tỉnh, thành phố trực thuộc trung ương hoặc mã quốc gia nơi công dân đăng ký
khai sinh". The country list (101-295) ships as a secondary copy of appendix II of Thông tư
07/2016/TT-BCA, every row marked unverified; data/countries.csv says what was searched."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase

from treem.children import idnumber
from treem.children.idnumber import IdCode, describe, plausible_corrections, validate
from treem.children.models import CodeKind, ReferenceCode

BORN = date(2015, 3, 2)
USA = "175215123456"  # Hoa Kỳ in the bundled list, 2000s male, 2015
NEITHER = "099215123456"  # 099 is no province (001-096) and no country (101-295)
REFUSED = (
    "Ba chữ số đầu (099) không phải mã tỉnh, thành phố nơi đăng ký khai sinh, cũng không phải "
    "mã quốc gia nơi đăng ký khai sinh ở nước ngoài trong danh mục."
)
UNVERIFIED = "(chưa đối chiếu văn bản)"


def bundled_rows():
    with idnumber.COUNTRIES_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def test_the_bundled_list_holds_the_country_codes_apart_from_the_provinces():
    countries = idnumber.known_country_codes()
    assert len(countries) == 195
    assert countries == {str(n) for n in range(101, 296)}
    assert not countries & idnumber.known_province_codes()
    assert idnumber.country_names()["175"] == "Hoa Kỳ (Mỹ)"
    assert idnumber.country_names()["240"] == "Pháp (Pháp Lan Tây)"


def test_every_row_cites_its_source_marked_unverified():
    for row in bundled_rows():
        assert row["source"].startswith("Thông tư 07/2016/TT-BCA, Phụ lục II"), row
        assert "hongquan/vietnam-personal-id" in row["source"]
        assert row["source"].endswith(UNVERIFIED)
        assert len(row["source"]) <= 300  # ReferenceCode.source


def test_the_file_says_what_was_searched_and_which_text_applies():
    text = idnumber.COUNTRIES_CSV.read_text(encoding="utf-8")
    assert "Nghị định 137/2015/NĐ-CP, Điều 13" in text
    assert "Đã tìm" in text
    assert "Thông tư 59/2021/TT-BCA" in text


def test_an_id_with_a_listed_country_code_is_accepted():
    assert validate(USA, date_of_birth=BORN, sex="M") == []
    assert idnumber.is_valid(USA, date_of_birth=BORN, sex="Nam")


def test_a_country_code_still_checks_century_sex_and_year():
    problems = validate(USA, date_of_birth=date(2016, 1, 1), sex="F")
    assert [p.code for p in problems] == [IdCode.CENTURY_SEX_MISMATCH, IdCode.YEAR_MISMATCH]


@pytest.mark.parametrize("first", ["000", "097", "099", "100", "296", "900", "999"])
def test_a_code_neither_province_nor_country_is_refused_in_vietnamese(first):
    (problem,) = validate(first + NEITHER[3:], date_of_birth=BORN, sex="M")
    assert problem.code == IdCode.PROVINCE
    assert problem.message == REFUSED.replace("099", first)


def test_the_lookup_names_the_country_and_cites_its_source():
    described = describe(USA)
    assert described["registered_abroad"] is True
    assert described["country_name"] == "Hoa Kỳ (Mỹ)"
    assert described["registration_place"] == (
        "Đăng ký khai sinh ở nước ngoài: Hoa Kỳ (Mỹ) (mã quốc gia 175)"
    )
    source = idnumber.registration_code_source("175")
    assert "Thông tư 07/2016/TT-BCA, Phụ lục II" in source
    assert source.endswith(UNVERIFIED)
    # A province keeps its verified source; a code in neither list has none.
    assert idnumber.registration_code_source("040") == (
        "Thông tư 07/2016/TT-BCA, Phụ lục I (đã đối chiếu văn bản)"
    )
    assert idnumber.registration_code_source("099") is None


def test_an_administrators_table_is_the_whole_list():
    # A country code taken out of use by an administrator is refused, not accepted again from
    # the bundled file: the table passed as province_codes holds both lists.
    table = idnumber.known_province_codes() | {"240"}
    assert validate("240215123456", date_of_birth=BORN, sex="M", province_codes=table) == []
    (problem,) = validate(USA, date_of_birth=BORN, sex="M", province_codes=table)
    assert problem.code == IdCode.PROVINCE


def test_corrections_may_propose_a_listed_country():
    # 940 is in neither list: one digit away lie Nghệ An (040), Canada (140) and France (240).
    assert {"040215123456", "140215123456", "240215123456"} <= set(
        plausible_corrections("940215123456", BORN, "M")
    )


class LoadedCountryCodesTests(TestCase):
    """The bundled list becomes the administrator's editable table, each row with its source."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_reference_codes", stdout=StringIO())

    def test_the_countries_load_with_their_source(self):
        rows = ReferenceCode.objects.filter(kind=CodeKind.BIRTH_COUNTRY)
        self.assertEqual(rows.count(), 195)
        usa = rows.get(code="175")
        self.assertEqual(usa.name, "Hoa Kỳ (Mỹ)")
        self.assertIn("Thông tư 07/2016/TT-BCA, Phụ lục II", usa.source)
        self.assertTrue(usa.source.endswith(UNVERIFIED))

    def test_import_validation_accepts_a_listed_country_and_refuses_an_unlisted_code(self):
        from treem.children.validation import Lookups

        codes = Lookups().province_codes
        self.assertTrue(idnumber.is_valid(USA, date_of_birth=BORN, sex="M", province_codes=codes))
        (problem,) = validate(NEITHER, date_of_birth=BORN, sex="M", province_codes=codes)
        self.assertEqual(problem.message, REFUSED)

    def test_a_country_code_taken_out_of_use_is_refused(self):
        from treem.children.validation import Lookups

        ReferenceCode.objects.filter(kind=CodeKind.BIRTH_COUNTRY, code="175").update(active=False)
        codes = Lookups().province_codes
        self.assertFalse(idnumber.is_valid(USA, date_of_birth=BORN, sex="M", province_codes=codes))
