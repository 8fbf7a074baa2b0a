"""Speed of the synthetic people generator, beside a floor.

The floor draws the same number of names and dates with bare `random.choice`
over the name lists (no frequencies, no sex-dependent tables, no households):
the least work that yields "a person". Reports medians of several runs.

    .venv/bin/python bench/people.py --n 1000000 --runs 5
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from treem.demo.people import PeopleGenerator  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Hồ", "Phan"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Minh"]
GIVEN = ["Anh", "Linh", "Minh", "Huy", "Trang", "Nam", "Hà", "Bảo"]


def floor(n):
    rng = random.Random(1)
    start = date(2010, 1, 1)
    for _ in range(n):
        yield (
            rng.choice(FAMILY),
            rng.choice(MIDDLE),
            rng.choice(GIVEN),
            start + timedelta(days=rng.randrange(5800)),
        )


def timed(make, n):
    began = time.perf_counter()
    count = sum(1 for _ in make(n))
    return count / (time.perf_counter() - began)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ours, base = [], []
    for _ in range(args.runs):
        ours.append(timed(lambda n: PeopleGenerator(1).people(n), args.n))
        base.append(timed(floor, args.n))
    ours_m, base_m = statistics.median(ours), statistics.median(base)
    print(f"people: {args.n:,}  runs: {args.runs}")
    print(f"PeopleGenerator   median {ours_m:>12,.0f} people/s")
    print(f"bare random floor median {base_m:>12,.0f} people/s")
    print(f"ratio (floor / ours) {base_m / ours_m:.2f}x")


if __name__ == "__main__":
    main()
