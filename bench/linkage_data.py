"""Writes a synthetic population register, a noisy local extract and the true answer.

    .venv/bin/python bench/linkage_data.py --register 1000000 --local 100000 --out var/bench/linkage
    .venv/bin/python bench/linkage_data.py --profile ward --register 20000 --local 3000 \
        --out var/bench/linkage-ward

``--profile ward``: a ward's extract (issue 18): 80 % without ID, noisy parents' names and dates.

The generator is ``treem/population/synthetic.py`` (rates of each corruption type there).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from treem.population import synthetic  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--register", type=int, default=1_000_000)
    parser.add_argument("--local", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="var/bench/linkage")
    parser.add_argument("--profile", choices=sorted(synthetic.PROFILES), default="default")
    args = parser.parse_args()
    began = time.perf_counter()
    rates = synthetic.PROFILES[args.profile]
    dataset = synthetic.generate(args.register, args.local, args.seed, rates)
    synthetic.write(dataset, Path(args.out))
    print(
        f"register {len(dataset.register):,}, local {len(dataset.children):,} "
        f"in {time.perf_counter() - began:.1f} s → {args.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
