"""``make bench``: Common Ground against its baselines on a synthetic store.

Prints one table; every figure is a median of several runs after a warm-up, next to a baseline
measured in the same run (stock TinyDB with ``JSONStorage`` on the same documents, or a bare
PySide6 window), and the budget from DESIGN.md. No figure is asserted anywhere: this reports.
Storage figures come for a plain and an AES-GCM encrypted copy of the store; the app itself
always runs encrypted (keychain or passphrase), so its starts are measured on encrypted copies,
unlocked through the test keyring backend, never the user's keychain (see ``workspace.py``).

    python benchmarks/run.py            # full size: 10,000 people, 1,000 events, 30,000 encounters
    python benchmarks/run.py --quick    # a tenth of the size, fewer runs: a smoke check
    python benchmarks/run.py --json figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from capture import capture_rows
from duplicates import duplicates_rows
from events_page import events_page_rows
from feeds import feeds_rows
from figures import Row, table
from generate import OUT_DIR, Scale, ensure_store
from hostile_inputs import hostile_rows
from ics_import import ics_rows
from inference_quality import inference_rows
from instant_capture import instant_capture_rows
from people_page import people_page_rows
from prep import prep_rows
from process_benchmarks import cold_start_rows, store_memory_row
from promise_counts import promise_counts_rows
from recurrence_bombs import recurrence_rows
from store_benchmarks import open_rows, search_rows, write_rows
from sync import PEOPLE as SYNC_PEOPLE
from sync import sync_rows
from vcard_import import vcard_rows
from workspace import Workspace
from write_scaling import write_scaling_rows

FULL_RUNS = 7
QUICK_RUNS = 3
QUICK_SCALE = 0.1
SECTIONS = (
    "cold-start",
    "write",
    "write-scaling",
    "search",
    "open",
    "memory",
    "ics",
    "events-page",
    "capture",
    "instant-capture",
    "prep",
    "people-page",
    "duplicates",
    "vcard",
    "promise-counts",
    "feeds",
    "sync",
    "hostile",
    "recurrence",
    "inference",
)


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller store, fewer runs")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the figures here")
    parser.add_argument("--runs", type=int, help="measured runs per figure (after a warm-up)")
    parser.add_argument("--scale", type=float, help="store size relative to 10,000 people")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=SECTIONS,
        help="leave a section out (repeatable)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=OUT_DIR,
        help="cache of generated stores (default: benchmarks/out)",
    )
    return parser.parse_args(argv)


def _sections(
    options: argparse.Namespace,
) -> list[tuple[str, Callable[[Workspace, int], list[Row]]]]:
    every: list[tuple[str, Callable[[Workspace, int], list[Row]]]] = [
        ("cold-start", lambda space, runs: cold_start_rows(space, runs=runs)),
        ("write", lambda space, runs: write_rows(space, runs=runs)),
        ("write-scaling", lambda space, runs: write_scaling_rows(runs=runs)),
        ("search", lambda space, runs: search_rows(space, runs=runs)),
        ("open", lambda space, runs: open_rows(space, runs=runs)),
        ("memory", lambda space, runs: [store_memory_row(space, runs=runs)]),
        ("ics", lambda space, runs: ics_rows(runs=runs)),
        ("events-page", lambda space, runs: events_page_rows(runs=runs)),
        ("capture", lambda space, runs: capture_rows(space, runs=runs)),
        ("instant-capture", lambda space, runs: instant_capture_rows(space, runs=runs)),
        ("prep", lambda space, runs: prep_rows(runs=runs)),
        ("people-page", lambda space, runs: people_page_rows(space, runs=runs)),
        ("duplicates", lambda space, runs: duplicates_rows(space, runs=runs)),
        ("vcard", lambda space, runs: vcard_rows(runs=runs)),
        ("promise-counts", lambda space, runs: promise_counts_rows(space, runs=runs)),
        ("feeds", lambda space, runs: feeds_rows(runs=runs)),
        (
            "sync",
            lambda _space, runs: sync_rows(
                runs=runs, people=SYNC_PEOPLE if not options.quick else SYNC_PEOPLE // 10
            ),
        ),
        ("hostile", lambda space, runs: hostile_rows(space, runs=min(runs, 3))),
        ("recurrence", lambda space, runs: recurrence_rows(runs=runs)),
        ("inference", lambda _space, runs: inference_rows(runs=runs)),
    ]
    return [(name, section) for name, section in every if name not in options.skip]


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    runs = options.runs or (QUICK_RUNS if options.quick else FULL_RUNS)
    factor = options.scale if options.scale is not None else (QUICK_SCALE if options.quick else 1)
    scale = Scale().scaled(factor)
    generated = ensure_store(scale, out_dir=options.out, log=True)
    options.out.mkdir(parents=True, exist_ok=True)
    workspace = Workspace(
        generated=generated, folder=Path(tempfile.mkdtemp(prefix="run-", dir=options.out))
    )
    rows: list[Row] = []
    started = time.perf_counter()
    try:
        for name, section in _sections(options):
            print(f"measuring {name} …", file=sys.stderr, flush=True)
            rows.extend(section(workspace, runs))
    finally:
        shutil.rmtree(workspace.folder, ignore_errors=True)
    print(
        f"Common Ground benchmarks: {scale.people} people, {scale.events} events, "
        f"{scale.encounters} encounters, {scale.promises} promises; median of {runs} runs; "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    print(table(rows))
    elapsed = time.perf_counter() - started
    print(f"\n(measured in {elapsed:.0f} s; ratio = Common Ground / baseline, below 1 is better)")
    if options.json:
        options.json.write_text(
            json.dumps(
                {
                    "scale": {
                        "people": scale.people,
                        "events": scale.events,
                        "encounters": scale.encounters,
                        "offers": scale.promises,
                    },
                    "runs": runs,
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "rows": [row.as_json() for row in rows],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
