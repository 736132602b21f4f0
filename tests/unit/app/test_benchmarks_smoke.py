"""The benchmark script runs end to end on a tiny store (figures are reported, never judged)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

from tests.support import network_guard

REPO_ROOT = Path(__file__).resolve().parents[3]
RUN_SCRIPT = REPO_ROOT / "benchmarks" / "run.py"


def test_benchmark_script_reports_every_figure_with_its_baseline(tmp_path: Path) -> None:
    # Given a tiny synthetic store (0.2 % of the real size) generated into a temp folder
    figures_file = tmp_path / "figures.json"
    command = [
        sys.executable,
        str(RUN_SCRIPT),
        "--quick",
        "--scale",
        "0.002",
        "--runs",
        "1",
        "--out",
        str(tmp_path / "out"),
        "--json",
        str(figures_file),
        # The feeds figures need a local HTTP server: test_feeds_benchmark_* runs them here;
        # the sync figures a Radicale: test_sync_benchmark_* does.
        "--skip",
        "feeds",
        "--skip",
        "sync",
    ]
    # When the benchmark script runs every section once
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    # Then it succeeds and prints the table
    assert finished.returncode == 0, finished.stderr
    assert "durable write, encrypted" in finished.stdout
    # And it saved a baseline figure (measured in the same run) for every row
    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    rows = {row["name"]: row for row in figures["rows"]}
    assert {
        "cold start to window shown",
        "cold start to data shown",
        "cold start to data shown, passphrase",
        "durable write, plain",
        "durable write, encrypted",
        "durable write after 1,000 writes",
        "close (compaction), encrypted",
        "search, per keystroke",
        "store open, plain",
        "store open, encrypted",
        "peak memory, open store + search",
    } <= set(rows)
    assert all(row["baseline"] is not None and row["baseline"] > 0 for row in rows.values())
    # And the in-process figures of Common Ground itself were measured, plain and encrypted
    for name in (
        "durable write, plain",
        "durable write, encrypted",
        "store open, encrypted",
        "search, per keystroke",
    ):
        assert rows[name]["ours"] is not None
    # And on Linux the memory note gives the peak of the child that read the data key
    if sys.platform.startswith("linux"):
        assert "its own peak is" in rows["peak memory, window process"]["note"]
    # And the generated store stays in the given folder, not in the repository
    assert any((tmp_path / "out").iterdir())


def test_feeds_benchmark_reports_both_rows_against_a_local_server() -> None:
    # Given the feeds benchmark, whose server only this test's guard lets the client reach
    sys.path.insert(0, str(RUN_SCRIPT.parent))
    try:
        import feeds as feeds_benchmark  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(RUN_SCRIPT.parent))
    with contextlib.ExitStack() as allowed, network_guard.binding_local_server():
        # When it runs once with a few events per feed
        rows = feeds_benchmark.feeds_rows(
            runs=1,
            events_per_feed=5,
            on_server=lambda port: allowed.enter_context(network_guard.allowing("127.0.0.1", port)),
        )
    # Then both rows carry our figure and a baseline measured in the same run
    assert [row.name.split(",")[0] for row in rows] == [
        "feeds: first refresh",
        "feeds: refresh where all 10 answer 304",
    ]
    assert all(row.ours and row.baseline for row in rows)


def test_sync_benchmark_reports_its_rows_against_a_local_radicale() -> None:
    # Given the sync benchmark, whose Radicale process only this test's guard lets us reach
    sys.path.insert(0, str(RUN_SCRIPT.parent))
    try:
        import sync as sync_benchmark  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(RUN_SCRIPT.parent))
    with contextlib.ExitStack() as allowed, network_guard.binding_local_server():
        # When it runs once with a few people
        rows = sync_benchmark.sync_rows(
            runs=1,
            people=5,
            on_server=lambda port: allowed.enter_context(network_guard.allowing("127.0.0.1", port)),
        )
    # Then every row carries our figure, and the rounds against the bare client's
    assert [row.name.split(",")[0] for row in rows] == [
        "sync: first round",
        "sync: first round",
        "sync: incremental round",
        "sync: longest GUI-thread step (plan or apply slice)",
        "sync: longest apply slice",
        "sync: plan (GUI thread)",
        "sync: first round",
    ]
    assert all(row.ours is not None for row in rows)
    assert rows[0].baseline and rows[2].baseline and rows[3].baseline and rows[6].baseline
    # And the uploads say what the server itself spent on each PUT, ours and the bare ones
    assert rows[0].note.count("the server's own: ") == 2
    assert rows[6].note.count("the server's own: ") == 2
