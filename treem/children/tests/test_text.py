import random
import unicodedata

import pytest

from treem.children.text import (
    ALPHABET,
    clean_name,
    collation_key,
    fold,
    modern_tones,
    name_variants,
    nfc,
    sort_key,
    sorted_tokens,
    split_name,
)


def nfd(s):
    return unicodedata.normalize("NFD", s)


def is_nfc(s):
    return unicodedata.is_normalized("NFC", s)


# --- nfc -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (nfd("Nguyễn Thị Ngọc Ánh"), "Nguyễn Thị Ngọc Ánh"),
        ("\u00d0ặng Văn A", "Đặng Văn A"),  # Latin Eth look-alike
        ("nguyễn văn \u00f0ức", "nguyễn văn đức"),
        ("Lê\u00a0Thị\tHoa", "Lê Thị Hoa"),
        ("  Trần   \n Anh  ", "Trần Anh"),
        ("Phạm\u200b Hà\ufeff", "Phạm Hà"),
        ("plain ascii  text", "plain ascii text"),
        (nfd("Ð") + "\u0323", "Đ\u0323"),  # no precomposed Đ with dot below: left as it is
    ],
)
def test_nfc(raw, expected):
    assert nfc(raw) == expected
    assert is_nfc(nfc(raw))


@pytest.mark.parametrize("empty", [None, "", "   ", "\u00a0\t"])
def test_empty_input_gives_empty_text(empty):
    for f in (nfc, modern_tones, clean_name, fold, sorted_tokens):
        assert f(empty) == ""
    assert split_name(empty) == ("", "", "")
    assert collation_key(empty) == ()
    assert set(name_variants(empty).values()) == {""}


def test_the_eth_lookalike_and_real_d_with_stroke_are_equal_after_nfc():
    assert nfc("\u00d0INH") == nfc("\u0110INH") == "ĐINH"
    assert "\u00d0" not in nfc("\u00d0\u00f0")


# --- modern_tones --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "modern"),
    [
        ("hoà", "hòa"),
        ("hoá", "hóa"),
        ("hoả", "hỏa"),
        ("hoã", "hõa"),
        ("hoạ", "họa"),
        ("thuý", "thúy"),
        ("thuỳ", "thùy"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("xoè", "xòe"),
        ("uỷ ban", "ủy ban"),
        ("Nguỵ", "Ngụy"),
        ("Hoà Bình", "Hòa Bình"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("HOÀ", "HÒA"),
        ("THUỶ", "THỦY"),
        ("Thuỷ Tiên", "Thủy Tiên"),
        ("hoà-bình", "hòa-bình"),
        (nfd("hoà"), "hòa"),
        (nfd("Thuý"), "Thúy"),
    ],
)
def test_old_tone_placement_moves_to_the_first_vowel(old, modern):
    assert modern_tones(old) == modern


@pytest.mark.parametrize(
    "fixed",
    [
        "hòa",
        "thủy",
        "quý",
        "Quý",
        "QUÝ",
        "quỳnh",
        "Quỳnh",
        "quả",
        "giữa",
        "Giàu",
        "hoàn",
        "Hoàng",
        "thuận",
        "tuyết",
        "Khuyến",
        "xoáy",
        "ngoài",
        "khuya",
        "khuỷu",
        "ngoẻo",
        "Huế",
        "thuở",
        "Nguyễn Thị Ngọc Ánh",
        "hoa",
        "ASCII text",
    ],
)
def test_syllables_with_one_placement_are_left_alone(fixed):
    assert modern_tones(fixed) == fixed


def test_modern_tones_is_idempotent():
    text = "Hoà Thuỷ khoẻ quý Quỳnh giữa hoàn"
    once = modern_tones(text)
    assert once == "Hòa Thủy khỏe quý Quỳnh giữa hoàn"
    assert modern_tones(once) == once


# --- clean_name ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("nguyễn thị ngọc ánh", "Nguyễn Thị Ngọc Ánh"),
        ("ĐẶNG VĂN A", "Đặng Văn A"),
        ("  lê   thị  thuý\u00a0hằng ", "Lê Thị Thúy Hằng"),
        (nfd("trần hoà"), "Trần Hòa"),
        ("\u00d0INH ĐỨC ANH", "Đinh Đức Anh"),
        ("ưng ơn ích", "Ưng Ơn Ích"),
        ("lê-trần bảo anh", "Lê-Trần Bảo Anh"),
        ("Ksor H'Hen", "Ksor H'Hen"),
        ("KSOR H'HEN", "Ksor H'Hen"),
        ("ksor h'hen", "Ksor H'hen"),
        ("Ksor H\u2019Hen", "Ksor H'Hen"),  # typographic apostrophe
        ("y blang niê", "Y Blang Niê"),
        ("quỳnh ANH", "Quỳnh Anh"),
    ],
)
def test_clean_name(typed, clean):
    assert clean_name(typed) == clean
    assert clean_name(clean) == clean


# --- fold ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đặng", "dang"),
        ("đặng", "dang"),
        ("\u00d0ặng", "dang"),
        ("ĐẶNG", "dang"),
        ("Nguyễn Thị Ngọc Ánh", "nguyen thi ngoc anh"),
        (nfd("Nguyễn Thị Ngọc Ánh"), "nguyen thi ngoc anh"),
        ("hoà", "hoa"),
        ("hòa", "hoa"),
        ("Thuý", "thuy"),
        ("thúy", "thuy"),
        ("Lê\u00a0 Thị\tHoa", "le thi hoa"),
        ("Ưng Ơn Ích Ấu Ẩn", "ung on ich au an"),
        ("Quỳnh Giữa Khoẻ", "quynh giua khoe"),
        ("nguyen thi ngoc anh", "nguyen thi ngoc anh"),
        ("José Müller", "jose muller"),
        ("H\u2019Hen", "h'hen"),
        ("Tổ 5, khối 3", "to 5, khoi 3"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_maps_every_vietnamese_letter_to_ascii():
    marks = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
    letters = [unicodedata.normalize("NFC", v + m) for v in "aăâeêioôơuưy" for m in marks]
    text = " ".join(letters + [c.upper() for c in letters] + ["đ", "Đ"])
    assert fold(text).isascii()
    assert set(fold(text).split()) == set("aeiouyd")


def test_fold_is_stable_and_idempotent():
    assert fold(fold("Nguyễn Thị Hoà")) == fold("Nguyễn Thị Hoà")


# --- split_name, tokens, variants ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Nguyễn Thị Ngọc Anh", ("Nguyễn", "Thị Ngọc", "Anh")),
        ("Trần Văn Nam", ("Trần", "Văn", "Nam")),
        ("Lê Hoa", ("Lê", "", "Hoa")),
        ("Hoa", ("", "", "Hoa")),
        ("  Phạm\u00a0 Minh   Quân ", ("Phạm", "Minh", "Quân")),
        (nfd("Đặng Hoà"), ("Đặng", "", "Hoà")),
    ],
)
def test_split_name(full, parts):
    assert split_name(full) == parts


def test_sorted_tokens_ignore_order_and_diacritics():
    assert sorted_tokens("Nguyễn Thị Anh") == "anh nguyen thi"
    assert sorted_tokens("Anh Nguyễn Thị") == sorted_tokens("nguyen thi anh")


def test_name_variants():
    assert name_variants("Nguyễn Thị Hoà") == {
        "exact": "nguyễn thị hòa",
        "folded": "nguyen thi hoa",
        "without_middle_common": "nguyen hoa",
        "sorted_tokens": "hoa nguyen thi",
        "given_folded": "hoa",
        "family_folded": "nguyen",
    }


def test_variants_of_old_and_new_tone_placement_are_equal():
    modern = name_variants("Lê Thúy Hòa")
    assert name_variants("Lê Thuý Hoà") == modern
    assert name_variants(nfd("lê thuý hoà")) == modern


@pytest.mark.parametrize(
    ("full", "without"),
    [
        ("Trần Văn Nam", "tran nam"),
        ("Nguyễn Thị Ngọc Anh", "nguyen ngoc anh"),
        ("Nguyễn Lan", "nguyen lan"),
        ("Văn Thị Lan", "van lan"),  # Văn as a family name stays
        ("Lê Văn", "le van"),  # and as a given name
        ("Hoa", "hoa"),
    ],
)
def test_without_middle_common_drops_thi_and_van_only_in_the_middle(full, without):
    assert name_variants(full)["without_middle_common"] == without


def test_dropped_middle_name_gives_equal_variant():
    a, b = name_variants("Nguyễn Thị Lan"), name_variants("Nguyen Lan")
    assert a["folded"] != b["folded"]
    assert a["without_middle_common"] == b["without_middle_common"]


def test_single_word_has_no_family_name():
    assert name_variants("Hoa")["family_folded"] == ""
    assert name_variants("Hoa")["given_folded"] == "hoa"


# --- collation -----------------------------------------------------------------------------------
def test_alphabet_order():
    letters = list(ALPHABET)
    shuffled = letters[:]
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=collation_key) == letters


@pytest.mark.parametrize(
    "ordered",
    [
        ["a", "à", "ả", "ã", "á", "ạ"],  # tones: none < huyền < hỏi < ngã < sắc < nặng
        ["Anh", "Ánh", "Ân", "Ấn", "Bình"],  # letters first, the tone only between equal letters
        ["An", "Ăn", "Ân"],
        ["Dung", "Dũng", "Đào", "Đức", "Em"],
        ["Oanh", "Ô", "Ơn"],
        ["Uyên", "Ưng"],
        ["Vy", "Xuân", "Yến"],
        ["ac", "ác", "an"],
        ["ba", "ba ba", "bà", "bà ba"],  # syllable by syllable, as dictionaries do
        ["ba d", "bà c"],
        ["Anh", "Anh Đào"],
        ["1", "Anh"],  # digits before letters
    ],
)
def test_collation_order(ordered):
    shuffled = ordered[::-1]
    assert sorted(shuffled, key=collation_key) == ordered


def test_collation_ignores_case_before_the_tiebreak_and_tone_placement():
    assert collation_key("Hòa")[0] == collation_key("hoà")[0]
    assert collation_key("Hoà") == collation_key("Hòa")
    assert collation_key(nfd("Ánh")) == collation_key("Ánh")
    assert sorted(["bình", "Anh"], key=collation_key) == ["Anh", "bình"]


def test_people_sort_by_given_name_then_family_then_middle():
    people = [
        ("Trần", "Văn", "Bình"),
        ("Nguyễn", "Thị Ngọc", "Ánh"),
        ("Lê", "", "Anh"),
        ("Đặng", "Thị", "Anh"),
        ("Bùi", "Văn", "Ân"),
        ("Nguyễn", "Văn", "Anh"),
        ("Nguyễn", "", "Anh"),
        ("Đỗ", "Minh", "Đức"),
        ("Phạm", "Thị", "Dung"),
    ]
    ordered = sorted(people, key=lambda p: sort_key(*p))
    assert ordered == [
        ("Đặng", "Thị", "Anh"),  # đ sorts after d, before e: Đặng < Lê < Nguyễn
        ("Lê", "", "Anh"),
        ("Nguyễn", "", "Anh"),
        ("Nguyễn", "Văn", "Anh"),
        ("Nguyễn", "Thị Ngọc", "Ánh"),
        ("Bùi", "Văn", "Ân"),
        ("Trần", "Văn", "Bình"),
        ("Phạm", "Thị", "Dung"),
        ("Đỗ", "Minh", "Đức"),
    ]


def test_sort_key_accepts_missing_parts():
    assert sort_key(None, None, "Anh") < sort_key("", "", "Bình")
