"""Writes a synthetic population register, a noisy local extract and the true answer.

    .venv/bin/python bench/linkage_data.py --register 1000000 --local 100000 --out var/bench/linkage

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
    args = parser.parse_args()
    began = time.perf_counter()
    dataset = synthetic.generate(args.register, args.local, args.seed)
    synthetic.write(dataset, Path(args.out))
    print(
        f"register {len(dataset.register):,}, local {len(dataset.children):,} "
        f"in {time.perf_counter() - began:.1f} s → {args.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
