"""Time and peak memory of ``companion import`` for each file of the hostile-input table.

The suite (``tests/e2e/test_hostile_inputs.py``) checks what each import answers; this measures
what it costs: the whole command as a user runs it, into an empty data folder, with its peak
resident memory from ``/usr/bin/time`` or ``wait4``. The baseline is the same command importing
an ordinary two-card vCard file. Run alone: ``.venv/bin/python benchmarks/hostile_inputs.py``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from figures import Row
from generate import REPO_ROOT
from process_benchmarks import Finished, child_environment, run_measured
from workspace import Workspace

from tests.support.hostile_files import HOSTILE_FILES

TIME_BUDGET_S = 5.0
MEMORY_BUDGET_MIB = 200.0
_ORDINARY = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:grace@example.org\r\nEND:VCARD\r\n"
)


def _import(path: Path, *, folder: Path, env: dict[str, str], runs: int) -> list[Finished]:
    """``runs`` imports of ``path``, each into a fresh, empty data folder."""
    measured = []
    for run in range(runs):
        data_dir = folder / f"data-{run}"
        shutil.rmtree(data_dir, ignore_errors=True)
        command = [sys.executable, "-m", "companion.cli", "--data-dir", str(data_dir)]
        measured.append(
            run_measured([*command, "import", str(path)], env=env, log=folder / f"run-{run}.log")
        )
        shutil.rmtree(data_dir, ignore_errors=True)
    return measured


def _median_ms(runs: list[Finished]) -> float:
    return statistics.median(run.seconds * 1000 for run in runs)


def _peak_mib(runs: list[Finished]) -> float | None:
    peaks = [run.peak_mib for run in runs if run.peak_mib is not None]
    return max(peaks) if peaks else None


def hostile_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    """Two rows per hostile file (time, peak memory) against an ordinary file's import."""
    if os.name != "posix":
        return []
    env = child_environment(workspace)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(REPO_ROOT), env.get("PYTHONPATH"))))
    root = Path(tempfile.mkdtemp(prefix="hostile-", dir=workspace.folder))
    try:
        ordinary_path = root / "ordinary.vcf"
        ordinary_path.write_text(_ORDINARY, encoding="utf-8")
        ordinary = _import(ordinary_path, folder=root, env=env, runs=runs)
        ordinary_ms, ordinary_mib = _median_ms(ordinary), _peak_mib(ordinary)
        rows: list[Row] = []
        for index, hostile in enumerate(HOSTILE_FILES):
            folder = root / f"file-{index}"
            folder.mkdir()
            measured = _import(hostile.make(folder), folder=folder, env=env, runs=runs)
            statuses = sorted({run.status for run in measured})
            note = f"exit {', '.join(map(str, statuses))} (table: {hostile.exit_code})"
            milliseconds, mib = _median_ms(measured), _peak_mib(measured)
            rows.append(
                Row(
                    name=f"hostile import, time: {hostile.name}",
                    unit="ms",
                    ours=milliseconds,
                    baseline=ordinary_ms,
                    baseline_name="import of a 2-card vCard",
                    runs=runs,
                    budget=f"< {TIME_BUDGET_S:.0f} s",
                    within_budget=milliseconds < TIME_BUDGET_S * 1000,
                    note=note,
                )
            )
            rows.append(
                Row(
                    name=f"hostile import, peak memory: {hostile.name}",
                    unit="MiB",
                    ours=mib,
                    baseline=ordinary_mib,
                    baseline_name="import of a 2-card vCard",
                    runs=runs,
                    budget=f"< {MEMORY_BUDGET_MIB:.0f} MiB",
                    within_budget=None if mib is None else mib < MEMORY_BUDGET_MIB,
                )
            )
            shutil.rmtree(folder, ignore_errors=True)
        return rows
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    from figures import table
    from generate import OUT_DIR, Scale, ensure_store

    scratch = Path(tempfile.mkdtemp(prefix="hostile-run-", dir=OUT_DIR))
    try:
        space = Workspace(
            generated=ensure_store(Scale().scaled(0.01), out_dir=OUT_DIR), folder=scratch
        )
        print(table(hostile_rows(space, runs=3)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
