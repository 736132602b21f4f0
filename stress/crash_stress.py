"""Long crash run: kill a writer with SIGKILL many times and check no acknowledged write is lost.

    .venv/bin/python stress/crash_stress.py --rounds 1000

The test suite runs 100 rounds of the same harness (tests/reliability/test_crash_safety.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.crash_harness import run_rounds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--max-delay",
        type=float,
        default=0.15,
        help="longest time a writer runs before it is killed (seconds)",
    )
    options = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        report = run_rounds(
            Path(folder) / "data", options.rounds, seed=options.seed, max_delay=options.max_delay
        )
    elapsed = time.perf_counter() - started
    print(
        f"rounds: {report.rounds}  acknowledged writes: {report.acknowledged}  "
        f"lost: {len(report.lost)}  store failed to open: {len(report.unopenable)}  "
        f"opened only by recovering a damaged journal: {len(report.damaged)}  "
        f"({elapsed:.0f} s)"
    )
    for problem in [*report.unopenable, *report.lost, *report.damaged][:20]:
        print("  ", problem)
    return 0 if not report.lost and not report.unopenable and not report.damaged else 1


if __name__ == "__main__":
    sys.exit(main())
