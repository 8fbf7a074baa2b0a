"""Deterministic synthetic Vietnamese people for demo data and benchmarks.

Standard library only, so seed scripts, benchmarks and tests can use it without Django. A
``PeopleGenerator`` owns its ``random.Random``: the same seed gives the same people in any process,
whatever else touches the global random state. ``people(n)`` yields exactly what ``n`` calls of
``person()`` would, so a benchmark and a fixture built from one seed describe the same population.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

# A fixed reference day rather than date.today(): a seed must give the same people on any day.
DEFAULT_TODAY = date(2026, 11, 28)

# A child is a person under 16 (Law on Children 102/2016/QH13, Art. 1).
CHILD_AGE_LIMIT = 16

# Naming fashion and the sex ratio at birth both changed around the mid-2000s: people born since
# then get the modern tables, older people the traditional ones.
MODERN_FROM = date(2005, 1, 1)

# Share of boys, indexed by "born on or after MODERN_FROM". GSO reports a sex ratio at birth of
# about 112 boys per 100 girls since the late 2000s (sex-selective births): 112 / 212 = 0.528.
# Older cohorts were born near the natural 105 and men die younger, so adults are close to parity.
MALE_SHARE = (0.5, 112 / 212)

# Siblings born less than a year apart are rare enough to look like a data error in a demo.
MIN_SIBLING_GAP = timedelta(days=365)

# Viettel, Vinaphone and MobiFone prefixes: together they carry nearly all mobile subscribers.
# fmt: off
MOBILE_PREFIXES = (
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",  # Viettel
    "088", "091", "094", "081", "082", "083", "084", "085",  # Vinaphone
    "089", "090", "093", "070", "076", "077", "078", "079",  # MobiFone
)
# fmt: on


def _table(text: str) -> tuple[tuple[str, float], ...]:
    """Parse "Name weight, Two Words weight, ..."; "-" stands for an empty name."""
    rows = []
    for item in text.split(","):
        name, _, weight = item.strip().rpartition(" ")
        rows.append(("" if name == "-" else name, float(weight)))
    return tuple(rows)


# Shares in percent. The ten largest and the Nghệ An names follow the project's domain reference
# (../shared/domain/README.md, section 7 "Names"): Nguyễn 38, Trần 11, Lê 9.5, Phạm 7,
# Hoàng/Huỳnh 5, Vũ/Võ 4, Đặng 2, Bùi 2, and Hồ, Phan, Thái, Đinh in Nghệ An. Huỳnh and Võ are
# the southern forms of Hoàng and Vũ, so each pair shares its reference figure. The tail is an
# estimate sized so the table sums to 100.
FAMILY_NAMES = _table("""
    Nguyễn 38, Trần 11, Lê 9.5, Phạm 7, Hoàng 3, Huỳnh 2, Vũ 2, Võ 2, Đặng 2, Bùi 2,
    Hồ 2, Phan 2, Thái 1, Đinh 1.5,
    Đỗ 1.4, Ngô 1.3, Dương 1, Trương 0.9, Đoàn 0.8, Trịnh 0.8, Cao 0.7, Đào 0.7, Hà 0.7,
    Lương 0.6, Mai 0.6, Lý 0.5, Lâm 0.5, Chu 0.5, Lưu 0.5, Tô 0.4, Văn 0.4, Thân 0.3, Tạ 0.3,
    Kiều 0.3, Quách 0.3, Phùng 0.3, Nghiêm 0.2, Nông 0.2, Triệu 0.2, Giang 0.2, Tăng 0.1,
    Từ 0.1, Doãn 0.1, Khổng 0.1
""")

# Middle and given names: relative weights, estimated from common usage (no official statistics
# exist). "Văn" and "Thị" dominate older generations; parents now favour names such as Gia, Bảo,
# Khánh, sometimes two middle words, and fewer girls get "Thị".
MALE_MIDDLE_TRADITIONAL = _table("""
    Văn 45, Đức 8, Hữu 6, Đình 6, Minh 5, Quang 5, Công 5, Xuân 4, Thành 3, Trọng 3, Ngọc 2,
    Anh 2, Bá 2, Tiến 2, Mạnh 2, Thanh 2, Sỹ 1, Hồng 1, Duy 1, Việt 1, - 1
""")
MALE_MIDDLE_MODERN = _table("""
    Văn 14, Minh 12, Đức 9, Gia 8, Bảo 5, Quang 5, Hoàng 5, Anh 4, Nhật 4, Đình 4, Hữu 4,
    Công 3, Thành 3, Tuấn 3, Duy 3, Đăng 3, Xuân 2, Trọng 2, Thiên 2, Khánh 2, Hoàng Minh 1,
    Đức Minh 1, - 0.5
""")
FEMALE_MIDDLE_TRADITIONAL = _table("""
    Thị 78, Ngọc 4, Thu 3, Thanh 3, Hồng 2, Kim 2, Phương 1, Minh 1, Bích 1, Diệu 1, Mai 1,
    Thúy 1, Thị Thu 1, Thị Ngọc 1, Thị Thanh 1, - 0.5
""")
FEMALE_MIDDLE_MODERN = _table("""
    Thị 22, Ngọc 9, Bảo 7, Khánh 7, Minh 6, Phương 6, Thu 4, Thanh 4, Diệu 3, Hà 3, Gia 3,
    An 3, Thị Ngọc 3, Hoài 2, Tuệ 2, Thảo 2, Quỳnh 2, Mai 2, Thị Thu 2, Ngọc Bảo 2, Kim 1,
    Yến 1, Thị Minh 1, Ngọc Khánh 1, - 0.5
""")
MALE_GIVEN_TRADITIONAL = _table("""
    Hùng 6, Tuấn 6, Dũng 5, Hải 5, Thắng 4, Sơn 4, Trung 4, Cường 4, Thành 4, Nam 4, Long 4,
    Minh 4, Anh 4, Tùng 3, Đức 3, Hiếu 3, Đạt 3, Huy 3, Bình 3, Hưng 3, Hoàng 2, Quang 2,
    Phong 2, Lâm 2, Kiên 2, Việt 2, Tú 2, Toàn 2, Hòa 2, Thanh 2, Tiến 2, Quân 2, Vinh 2,
    Khánh 1, Lợi 1, Phúc 1, Bảo 1, Tâm 1, Khang 0.5, Khôi 0.5
""")
MALE_GIVEN_MODERN = _table("""
    Minh 7, Huy 6, Khang 6, Bảo 6, Anh 6, Phúc 5, Khôi 5, Quân 5, Nam 4, Long 4, Đức 4,
    Đạt 4, Khoa 4, An 4, Lâm 3, Phong 3, Duy 3, Nguyên 3, Tuấn 2, Hoàng 2, Sơn 2, Trung 2,
    Hiếu 2, Kiên 2, Tùng 2, Khải 2, Thịnh 2, Lộc 2, Hải 2, Khánh 2, Vũ 2, Hùng 1.5, Dũng 1.5,
    Thắng 1, Vinh 1
""")
FEMALE_GIVEN_TRADITIONAL = _table("""
    Hương 6, Lan 5, Hà 5, Thủy 5, Hằng 5, Trang 5, Hoa 4, Nga 4, Yến 4, Mai 4, Hiền 4,
    Phương 4, Huyền 4, Thảo 4, Anh 4, Linh 4, Hạnh 3, Dung 3, Hồng 3, Nhung 3, Vân 3, Ngọc 3,
    Giang 3, Thúy 3, Oanh 2, Loan 2, Liên 2, Tâm 2, Hòa 2, Quỳnh 2, Lý 1, Chi 1, Ánh 1, Ngân 1,
    Trâm 1, Thư 1
""")
FEMALE_GIVEN_MODERN = _table("""
    Anh 9, Linh 7, Ngọc 5, Vy 5, Nhi 5, Hân 5, An 5, Trang 4, Thảo 4, Chi 4, Ngân 4, Thư 4,
    Hà 3, Mai 3, Trâm 3, Quỳnh 3, Giang 3, My 3, Như 3, Uyên 3, Hương 2, Lan 2, Yến 2, Ánh 2,
    Huyền 2, Nhiên 2, Châu 2, Hoa 1, Thủy 1, Hằng 1, Nga 1, Diệp 1, Hiền 1, Hòa 0.5, Thúy 0.5
""")


def _cumulative(rows: Iterable[tuple[object, float]]) -> tuple[tuple, tuple, float, int]:
    """Values, cumulative weights, their total and the last index: what a bisect draw needs."""
    values, weights = zip(*rows, strict=True)
    cum = tuple(accumulate(weights))
    return values, cum, cum[-1], len(cum) - 1


def _name_pairs(middles, givens) -> tuple[tuple, tuple, float, int]:
    """One table of (middle, given) pairs, so a name costs one draw and never repeats a word.

    "Văn Minh Minh" or "Bảo Bảo" would be mistakes no parent makes; dropping those pairs here keeps
    the hot loop free of checks and redraws.
    """
    return _cumulative(
        ((middle, given), wm * wg)
        for middle, wm in middles
        for given, wg in givens
        if given not in middle.split()
    )


_FAMILY = _cumulative(FAMILY_NAMES)
# Indexed [sex]["born on or after MODERN_FROM"].
_NAMES = {
    "M": (
        _name_pairs(MALE_MIDDLE_TRADITIONAL, MALE_GIVEN_TRADITIONAL),
        _name_pairs(MALE_MIDDLE_MODERN, MALE_GIVEN_MODERN),
    ),
    "F": (
        _name_pairs(FEMALE_MIDDLE_TRADITIONAL, FEMALE_GIVEN_TRADITIONAL),
        _name_pairs(FEMALE_MIDDLE_MODERN, FEMALE_GIVEN_MODERN),
    ),
}


@dataclass(frozen=True, slots=True)
class Person:
    family_name: str
    middle_name: str
    given_name: str
    sex: str  # "M" or "F"
    date_of_birth: date

    @property
    def full_name(self) -> str:
        if self.middle_name:
            return f"{self.family_name} {self.middle_name} {self.given_name}"
        return f"{self.family_name} {self.given_name}"


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(born: date, day: date) -> int:
    """Age in completed years on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@lru_cache(maxsize=64)
def _date_pool(first: date, last: date) -> tuple[date, ...]:
    # Every day of the range built once: a draw is then one index, with no date arithmetic, and
    # persons born on the same day share one date object.
    start = first.toordinal()
    return tuple(map(date.fromordinal, range(start, last.toordinal() + 1)))


class PeopleGenerator:
    """Synthetic Vietnamese people, deterministic for a seed.

    Draws are made in a fixed order per person, so adding a call changes only what follows it.
    """

    def __init__(self, seed: int = 0, *, today: date = DEFAULT_TODAY) -> None:
        self.today = today
        self._random = random.Random(seed)
        # Under 16: born after the day 16 years ago, up to today included.
        self.child_range = (years_before(today, CHILD_AGE_LIMIT) + timedelta(days=1), today)

    def person(
        self,
        *,
        sex: str | None = None,
        born_between: tuple[date, date] | None = None,
        family_name: str | None = None,
    ) -> Person:
        """One person; born uniformly in ``born_between`` (inclusive), by default a child."""
        return next(self.people(1, sex=sex, born_between=born_between, family_name=family_name))

    def child(self, *, sex: str | None = None, family_name: str | None = None) -> Person:
        """A child: born within the last 16 years of ``today``."""
        return self.person(sex=sex, family_name=family_name)

    def adult(self, sex: str | None = None, min_age: int = 20, max_age: int = 55) -> Person:
        """An adult aged ``min_age`` to ``max_age`` (completed years) on ``today``."""
        if not 0 <= min_age <= max_age:
            raise ValueError(f"invalid age range {min_age}-{max_age}")
        first = years_before(self.today, max_age + 1) + timedelta(days=1)
        return self.person(sex=sex, born_between=(first, years_before(self.today, min_age)))

    def people(
        self,
        n: int,
        *,
        sex: str | None = None,
        born_between: tuple[date, date] | None = None,
        family_name: str | None = None,
    ) -> Iterator[Person]:
        """``n`` persons, lazily; arguments as for ``person``."""
        first, last = born_between or self.child_range
        if first > last:
            raise ValueError(f"empty birth range {first} to {last}")
        pool = _date_pool(first, last)
        size = len(pool)
        draw = self._random.random
        births = (pool[int(draw() * size)] for _ in range(n))
        return self._named(births, sex, family_name)

    def household(self, n_children: int) -> tuple[Person, Person, list[Person]]:
        """Father, mother and ``n_children`` children, eldest first.

        The children are under 16 and carry the father's family name; the mother keeps her own and
        is 18 to 45 (completed years) at each birth, or today when there are none; the father is
        at least her age, usually about three years older, and at least 20 at the first birth,
        the legal age of marriage for men.
        """
        if n_children < 0:
            raise ValueError("n_children must not be negative")
        rng = self._random
        first, last = (d.toordinal() for d in self.child_range)
        gap = MIN_SIBLING_GAP.days
        if n_children > 1:
            gap = min(gap, (last - first) // (n_children - 1))
        # Sorted uniform offsets plus i * gap: uniform among birth orders that keep the gap.
        slack = last - first - gap * max(n_children - 1, 0)
        offsets = sorted(rng.randint(0, slack) for _ in range(n_children))
        births = [date.fromordinal(first + off + i * gap) for i, off in enumerate(offsets)]
        eldest, youngest = (births[0], births[-1]) if births else (self.today, self.today)

        mother_born = self._birth_day(
            years_before(youngest, 46) + timedelta(days=1),
            years_before(eldest, 18),
            mode=years_before(eldest, 25),  # near the usual age at a first birth
        )
        father_last = min(mother_born, years_before(eldest, 20))
        father_born = self._birth_day(
            years_before(father_last, 10), father_last, mode=years_before(mother_born, 3)
        )
        father = next(self._named([father_born], "M", None))
        mother = next(self._named([mother_born], "F", None))
        children = list(self._named(births, None, father.family_name))
        return father, mother, children

    def phone(self) -> str:
        """A Vietnamese mobile number: 10 digits, no spaces, e.g. "0912345678"."""
        rng = self._random
        return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"

    def _birth_day(self, first: date, last: date, *, mode: date) -> date:
        lo, hi = first.toordinal(), last.toordinal()
        peak = min(max(mode.toordinal(), lo), hi)
        return date.fromordinal(int(self._random.triangular(lo, hi, peak)))

    def _named(
        self, births: Iterable[date], sex: str | None, family_name: str | None
    ) -> Iterator[Person]:
        if sex not in (None, "M", "F"):
            raise ValueError(f'sex must be "M", "F" or None, not {sex!r}')
        if family_name is not None:
            family_name = unicodedata.normalize("NFC", family_name.strip())
            if not family_name:
                raise ValueError("family_name must not be blank")
        return self._generate(births, sex, family_name)

    def _generate(
        self, births: Iterable[date], sex: str | None, family_name: str | None
    ) -> Iterator[Person]:
        # The hot loop: bisect over precomputed cumulative weights, as random.choices does inside,
        # without building a list per call; every name and lookup table bound to a local.
        draw = self._random.random
        families, family_cum, family_total, family_hi = _FAMILY
        names = _NAMES
        male_share = MALE_SHARE
        modern_from = MODERN_FROM
        for born in births:
            modern = born >= modern_from
            s = sex or ("M" if draw() < male_share[modern] else "F")
            if family_name is None:
                family = families[bisect(family_cum, draw() * family_total, 0, family_hi)]
            else:
                family = family_name
            pairs, cum, total, hi = names[s][modern]
            middle, given = pairs[bisect(cum, draw() * total, 0, hi)]
            yield Person(family, middle, given, s, born)
