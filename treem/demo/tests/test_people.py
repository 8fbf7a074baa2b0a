import itertools
import random
import re
import unicodedata
from datetime import date

import pytest

from treem.demo import people as module
from treem.demo.people import (
    MOBILE_PREFIXES,
    PeopleGenerator,
    Person,
    age_on,
    years_before,
)

TODAY = date(2026, 11, 28)
NAME_TABLES = [
    value
    for name, value in vars(module).items()
    if name.endswith(("_NAMES", "_TRADITIONAL", "_MODERN")) and isinstance(value, tuple)
]


def names_of(person):
    return [person.family_name, person.middle_name, person.given_name]


def test_same_seed_gives_the_same_people():
    first, second = PeopleGenerator(7), PeopleGenerator(7)

    assert list(first.people(500)) == list(second.people(500))
    assert first.household(3) == second.household(3)
    assert first.phone() == second.phone()


def test_different_seeds_give_different_people():
    assert list(PeopleGenerator(1).people(50)) != list(PeopleGenerator(2).people(50))


def test_output_does_not_depend_on_the_global_random_state():
    random.seed(1)
    expected = list(PeopleGenerator(3).people(100))
    random.seed(2)
    random.random()

    assert list(PeopleGenerator(3).people(100)) == expected


def test_people_yields_what_repeated_person_calls_would():
    batch = list(PeopleGenerator(5).people(200))
    one_by_one = PeopleGenerator(5)

    assert batch == [one_by_one.person() for _ in range(200)]


def test_people_is_lazy_and_yields_exactly_n():
    generator = PeopleGenerator()

    assert sum(1 for _ in generator.people(1234)) == 1234
    assert list(generator.people(0)) == []


def test_name_tables_are_nfc_without_lookalike_eth():
    assert NAME_TABLES, "the tables were not found"
    for table in NAME_TABLES:
        for name, weight in table:
            assert unicodedata.is_normalized("NFC", name), name
            assert "\u00d0" not in name, name  # Ð (Icelandic eth), not Đ
            assert weight > 0


def test_generated_names_are_nfc():
    for person in PeopleGenerator(11).people(5000):
        assert unicodedata.is_normalized("NFC", person.full_name), person


def test_modern_tone_placement_is_used():
    all_names = {name for table in NAME_TABLES for name, _ in table}

    assert {"Hòa", "Thủy", "Thúy"} <= all_names
    assert not {"Hoà", "Thuỷ", "Thuý"} & all_names


def test_family_name_shares_sum_to_100_percent():
    assert sum(weight for _, weight in module.FAMILY_NAMES) == pytest.approx(100)
    family_names = [name for name, _ in module.FAMILY_NAMES]
    assert len(family_names) == len(set(family_names))


def test_nguyen_is_about_38_percent_of_people():
    people = list(PeopleGenerator(42).people(20_000))
    share = sum(p.family_name == "Nguyễn" for p in people) / len(people)

    assert 0.34 <= share <= 0.42


def test_children_reflect_the_sex_ratio_at_birth():
    people = list(PeopleGenerator(8).people(20_000))
    share = sum(p.sex == "M" for p in people) / len(people)

    assert {p.sex for p in people} == {"M", "F"}
    assert 0.51 <= share <= 0.545


def test_adults_are_close_to_parity():
    generator = PeopleGenerator(9)
    adults = [generator.adult() for _ in range(10_000)]
    share = sum(p.sex == "M" for p in adults) / len(adults)

    assert 0.48 <= share <= 0.52


def test_fixed_sex_and_family_name_are_kept():
    generator = PeopleGenerator()
    people = list(generator.people(300, sex="F", family_name="Hồ"))

    assert {p.sex for p in people} == {"F"}
    assert {p.family_name for p in people} == {"Hồ"}


def test_family_name_given_decomposed_is_stored_as_nfc():
    person = PeopleGenerator().person(family_name=unicodedata.normalize("NFD", "Nguyễn"))

    assert person.family_name == "Nguyễn"


def test_default_person_and_child_are_under_16():
    generator = PeopleGenerator(4)
    people = list(generator.people(5000)) + [generator.child() for _ in range(500)]

    assert all(0 <= age_on(p.date_of_birth, TODAY) <= 15 for p in people)
    assert all(p.date_of_birth <= TODAY for p in people)


def test_birth_range_is_inclusive_and_respected():
    first, last = date(2010, 2, 27), date(2010, 3, 2)
    people = list(PeopleGenerator().people(2000, born_between=(first, last)))

    assert {p.date_of_birth for p in people} == {
        date(2010, 2, 27),
        date(2010, 2, 28),
        date(2010, 3, 1),
        date(2010, 3, 2),
    }


def test_single_day_birth_range():
    person = PeopleGenerator().person(born_between=(date(2020, 2, 29), date(2020, 2, 29)))

    assert person.date_of_birth == date(2020, 2, 29)


def test_adult_ages_are_within_the_limits():
    generator = PeopleGenerator(6)
    adults = [generator.adult(min_age=30, max_age=32) for _ in range(3000)]
    ages = {age_on(adult.date_of_birth, TODAY) for adult in adults}

    assert ages == {30, 31, 32}


def test_reference_date_comes_from_the_constructor():
    today = date(2030, 6, 1)
    generator = PeopleGenerator(today=today)

    assert generator.child_range == (date(2014, 6, 2), today)
    assert all(0 <= age_on(p.date_of_birth, today) <= 15 for p in generator.people(1000))


def test_given_name_never_repeats_a_middle_word():
    for person in PeopleGenerator(12).people(20_000):
        assert person.given_name not in person.middle_name.split(), person


def test_modern_children_and_older_adults_are_named_differently():
    generator = PeopleGenerator(13)
    girls = list(generator.people(5000, sex="F"))
    women = [generator.adult(sex="F", min_age=40) for _ in range(5000)]

    def thi_share(people):
        return sum(p.middle_name.startswith("Thị") for p in people) / len(people)

    assert thi_share(women) > 0.7
    assert thi_share(girls) < 0.4
    assert any(" " in p.middle_name for p in girls)


@pytest.mark.parametrize("n_children", [0, 1, 2, 3, 5, 8])
def test_household_ages_are_consistent(n_children):
    generator = PeopleGenerator(n_children)
    for _ in range(300):
        father, mother, children = generator.household(n_children)

        assert len(children) == n_children
        assert (father.sex, mother.sex) == ("M", "F")
        births = [child.date_of_birth for child in children]
        assert births == sorted(births)
        for child in children:
            assert 18 <= age_on(mother.date_of_birth, child.date_of_birth) <= 45
            assert age_on(father.date_of_birth, child.date_of_birth) >= 20
            assert 0 <= age_on(child.date_of_birth, TODAY) <= 15
        if not children:
            assert 18 <= age_on(mother.date_of_birth, TODAY) <= 45
        assert mother.date_of_birth >= father.date_of_birth


def test_household_children_take_the_fathers_family_name():
    generator = PeopleGenerator(21)
    mother_names_differ = 0
    for _ in range(200):
        father, mother, children = generator.household(3)

        assert {child.family_name for child in children} == {father.family_name}
        mother_names_differ += mother.family_name != father.family_name
    # The mother's family name is drawn on its own, so it usually differs from the father's.
    assert mother_names_differ > 100


def test_household_siblings_are_at_least_a_year_apart():
    generator = PeopleGenerator(22)
    for _ in range(300):
        _, _, children = generator.household(4)
        births = [child.date_of_birth.toordinal() for child in children]

        assert all(later - earlier >= 365 for earlier, later in itertools.pairwise(births))


def test_phone_is_ten_digits_with_a_real_prefix():
    generator = PeopleGenerator(5)
    phones = [generator.phone() for _ in range(2000)]

    for phone in phones:
        assert re.fullmatch(r"0\d{9}", phone), phone
        assert phone[:3] in MOBILE_PREFIXES
    assert len(set(phones)) > 1990


def test_full_name_has_no_double_or_edge_spaces():
    for person in PeopleGenerator(14).people(20_000):
        full_name = person.full_name

        assert "  " not in full_name
        assert full_name == full_name.strip()
        assert full_name.split() == " ".join(names_of(person)).split()


def test_full_name_skips_an_empty_middle_name():
    person = Person("Lê", "", "Duẩn", "M", date(1907, 4, 7))

    assert person.full_name == "Lê Duẩn"


def test_some_people_have_no_middle_name():
    people = list(PeopleGenerator(15).people(20_000))

    assert any(p.middle_name == "" for p in people)


def test_person_is_frozen_and_slotted():
    person = PeopleGenerator().person()

    with pytest.raises(AttributeError):
        person.given_name = "Other"
    assert not hasattr(person, "__dict__")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sex": "X"},
        {"sex": "m"},
        {"family_name": "  "},
        {"born_between": (date(2020, 1, 2), date(2020, 1, 1))},
    ],
)
def test_invalid_arguments_are_rejected(kwargs):
    with pytest.raises(ValueError):
        PeopleGenerator().person(**kwargs)


def test_invalid_adult_ages_and_household_size_are_rejected():
    generator = PeopleGenerator()

    with pytest.raises(ValueError):
        generator.adult(min_age=40, max_age=30)
    with pytest.raises(ValueError):
        generator.household(-1)


def test_years_before_handles_29_february():
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)
    assert years_before(date(2024, 2, 29), 4) == date(2020, 2, 29)
