"""Benchmarks that start processes: cold start to the main window, and peak memory.

Every process is started the same way for Common Ground and for its baseline, in the same run,
and waited for with ``os.wait4`` so its own peak resident memory comes back with it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from figures import Row, median_ms
from workspace import PASSPHRASE, Workspace

from companion.storage import keys
from companion.storage.keys import KeyMode, PassphrasePrompt

HERE = Path(__file__).resolve().parent
BARE_WINDOW = HERE / "bare_window.py"
MEMORY_CHILD = HERE / "memory_child.py"
KEYCHAIN_CHILD = HERE / "keychain_child.py"
COLD_START_RATIO_BUDGET = 3.0
#: DESIGN.md: cold start to data shown within 4x a bare window; < 170 MiB once settled.
DATA_SHOWN_RATIO_BUDGET = 4.0
MEMORY_BUDGET_MIB = 200.0
SETTLED_MEMORY_BUDGET_MIB = 170.0
TIMEOUT_S = 60.0
#: The page whose first show ``--quit-when-toured`` is reported for (the largest).
PEOPLE_PAGE = "people"
#: As the People page open row (people_page.py).
FIRST_SHOW_BUDGET_MS = 200.0


@dataclass(frozen=True, slots=True)
class Finished:
    seconds: float
    status: int
    peak_mib: float | None
    output: str


def _peak_mib(max_rss: int) -> float:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    return max_rss / 1024 / (1024 if sys.platform == "darwin" else 1)


TIME_PROGRAM = Path("/usr/bin/time")


def run_measured(command: list[str], *, env: dict[str, str], log: Path) -> Finished:
    """Run ``command`` to its end: wall time, exit status, peak memory, what it printed.

    Linux carries a process's peak RSS across ``exec``, and Python starts children with
    ``vfork``: a child's own ``ru_maxrss`` would include this (large) benchmark process. So
    ``/usr/bin/time`` (a tiny C program) starts the command and reports its peak instead.
    """
    peak_file = log.with_suffix(".peak")
    peak_file.unlink(missing_ok=True)
    if TIME_PROGRAM.exists():
        command = [str(TIME_PROGRAM), "-q", "-f", "%M", "-o", str(peak_file), *command]
    with log.open("w+b") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
        )
        if hasattr(os, "wait4"):
            deadline = start + TIMEOUT_S
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    process.kill()
                    _, status, usage = os.wait4(process.pid, 0)
                    break
                time.sleep(0.002)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            peak: float | None = _peak_mib(usage.ru_maxrss)
        else:
            try:
                process.wait(TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            seconds = time.perf_counter() - start
            peak = None
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if peak_file.exists():
        # GNU time prints the peak in KiB on its last line (after "Command exited ..." if any).
        peak = int(peak_file.read_text(encoding="utf-8").split()[-1]) / 1024
    return Finished(seconds, process.returncode, peak, text)


def child_environment(workspace: Workspace, *, passphrase: bool = False) -> dict[str, str]:
    """Offscreen Qt, config/cache folders inside the workspace, and the test keychain."""
    env = workspace.child_environment(passphrase=passphrase)
    runtime = workspace.folder / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    # As installed, Python keeps the app's compiled bytecode: a start that compiled every module
    # again (PYTHONDONTWRITEBYTECODE, set in some shells) would measure the compiler, a quarter
    # of a second. The cache lives in the workspace, filled by the warm-up start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(workspace.folder / "pycache"),
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(workspace.folder / "config"),
        XDG_CACHE_HOME=str(workspace.folder / "cache"),
        XDG_STATE_HOME=str(workspace.folder / "state"),
        XDG_RUNTIME_DIR=str(runtime),
    )
    return env


def _companion_command() -> list[str]:
    script = Path(sys.executable).with_name("companion")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "companion.cli"]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:160] if lines else "no output"


@dataclass(slots=True)
class _Starts:
    """One way of starting the app: its data folder, environment, and the runs so far."""

    label: str
    mode: KeyMode
    env: dict[str, str]
    folder: Path
    #: ``--quit-when-shown`` (window painted) or ``--quit-when-ready`` (data loaded and shown).
    flag: str = "--quit-when-ready"
    runs: list[Finished] = field(default_factory=list)
    problem: str = ""

    def command(self) -> list[str]:
        return [*_companion_command(), self.flag, "--data-dir", str(self.folder)]

    def fresh_folder(self, workspace: Workspace) -> None:
        # Every start finds the folder as the last close left it, with no lock.
        workspace.sealed_copy(self.folder.name, self.mode)

    def start(self, log: Path) -> Finished:
        finished = run_measured(self.command(), env=self.env, log=log)
        if finished.status != 0 and not self.problem:
            self.problem = (
                f"not measured: `companion {self.flag}` exited with status "
                f"{finished.status} ({_last_line(finished.output)})"
            )
        return finished

    def median_ms(self) -> float | None:
        if self.problem or not self.runs:
            return None
        return statistics.median(run.seconds * 1000 for run in self.runs)

    def median_mib(self) -> float | None:
        return None if self.problem else _median_peak(self.runs)


def cold_start_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    """Start to main window painted on the encrypted store, and the window process's peak
    memory, vs a bare window: with the data key in the keychain, and behind a passphrase."""
    log = workspace.folder / "cold-start.log"
    bare = [sys.executable, str(BARE_WINDOW)]
    bare_env = child_environment(workspace)
    shown = _Starts(
        "shown",
        KeyMode.KEYCHAIN,
        child_environment(workspace),
        workspace.sealed_copy("cold-start-shown", KeyMode.KEYCHAIN),
        flag="--quit-when-shown",
    )
    keychain = _Starts(
        "keychain",
        KeyMode.KEYCHAIN,
        child_environment(workspace),
        workspace.sealed_copy("cold-start-keychain", KeyMode.KEYCHAIN),
    )
    passphrase = _Starts(
        "passphrase",
        KeyMode.PASSPHRASE,
        child_environment(workspace, passphrase=True),
        workspace.sealed_copy("cold-start-passphrase", KeyMode.PASSPHRASE),
    )
    settled = _Starts(
        "settled",
        KeyMode.KEYCHAIN,
        child_environment(workspace),
        workspace.sealed_copy("cold-start-settled", KeyMode.KEYCHAIN),
        flag="--quit-when-settled",
    )
    toured = _Starts(
        "toured",
        KeyMode.KEYCHAIN,
        child_environment(workspace),
        workspace.sealed_copy("cold-start-toured", KeyMode.KEYCHAIN),
        flag="--quit-when-toured",
    )
    starts = (shown, keychain, passphrase, settled, toured)
    # Warm-up: the first start of each fills the OS file cache.
    bare_first = run_measured(bare, env=bare_env, log=log)
    for way in starts:
        way.start(log)
    bare_runs: list[Finished] = []
    for _ in range(runs):
        # Interleaved, so a busy moment on the machine hits every side alike.
        bare_runs.append(run_measured(bare, env=bare_env, log=log))
        for way in starts:
            if not way.problem:
                way.fresh_folder(workspace)
                way.runs.append(way.start(log))
    bare_problem = (
        "" if bare_first.status == 0 else f"bare window failed ({_last_line(bare_first.output)})"
    )
    bare_ms = statistics.median(run.seconds * 1000 for run in bare_runs)
    bare_mib = _median_peak(bare_runs)
    keychain_ms = keychain.median_ms()
    passphrase_ms = passphrase.median_ms()
    unlock_note = f"; deriving the key alone takes {_unlock_ms(workspace):.0f} ms here"
    if keychain_ms is not None and passphrase_ms is not None:
        unlock_note += (
            f"; {passphrase_ms - keychain_ms:+.0f} ms against the keychain start, whose key a "
            "forked child reads meanwhile"
        )
    keychain_note = "ru_maxrss, keychain start" + _keychain_child_note(workspace, runs=runs)

    def start_row(name: str, way: _Starts, note: str, *, budget: float | None) -> Row:
        """``budget``: the ratio to the bare window DESIGN.md allows (None: a figure only)."""
        ours = way.median_ms()
        ratio = None if ours is None else ours / bare_ms
        return Row(
            name=name,
            unit="ms",
            ours=ours,
            baseline=bare_ms,
            baseline_name="bare PySide6 QMainWindow",
            runs=runs,
            budget=f"<= {budget:.0f}x" if budget is not None else "",
            within_budget=None if ratio is None or budget is None else ratio <= budget,
            note=bare_problem or way.problem or note,
        )

    def memory_row(name: str, way: _Starts, note: str, *, budget: float = MEMORY_BUDGET_MIB) -> Row:
        ours = way.median_mib()
        return Row(
            name=name,
            unit="MiB",
            ours=ours,
            baseline=bare_mib,
            baseline_name="bare PySide6 QMainWindow",
            runs=runs,
            budget=f"< {budget:.0f} MiB",
            within_budget=None if ours is None else ours < budget,
            note=note if not way.problem else "see cold start",
        )

    return [
        start_row(
            "cold start to window shown",
            shown,
            "the window with menus and navigation is painted, then the data loads into it; wall "
            "time from spawn to exit, QT_QPA_PLATFORM=offscreen",
            budget=COLD_START_RATIO_BUDGET,
        ),
        start_row(
            "cold start to data shown",
            keychain,
            "encrypted store, data key from the keychain (the test keyring backend, a JSON file:"
            " a real Secret Service answers over D-Bus, which adds its own time). An unencrypted"
            " cold start cannot be measured through the app: it encrypts a plain store on its "
            "first open",
            budget=DATA_SHOWN_RATIO_BUDGET,
        ),
        start_row(
            "cold start to data shown, passphrase",
            passphrase,
            "encrypted store, key unwrapped with COMPANION_PASSPHRASE (Scrypt, N=2^16, r=8, p=2)"
            + unlock_note,
            budget=None,
        ),
        memory_row("peak memory, window process", keychain, keychain_note),
        memory_row(
            "peak memory, window (passphrase)",
            passphrase,
            "ru_maxrss, passphrase start (Scrypt takes 64 MiB briefly; keyring is not loaded)",
        ),
        memory_row(
            "peak memory, settled",
            settled,
            "ru_maxrss once the idle work is done too: the Ctrl+K index of people, notes, "
            "events and openers built, and the day's backup written",
            budget=SETTLED_MEMORY_BUDGET_MIB,
        ),
        memory_row(
            "peak memory, every page visited",
            toured,
            "ru_maxrss of a start that shows Events, People, Openers and Promises once after "
            "the data (each built on its first show), then settles as above",
        ),
        _first_show_row(toured, PEOPLE_PAGE, bare_ms=bare_ms),
    ]


def _first_show_row(way: _Starts, page: str, *, bare_ms: float) -> Row:
    """How long the window took to show ``page`` the first time in the toured starts: its
    modules imported, widgets and controller built over the store, shown and painted."""
    from companion.ui.shell.bench_hooks import TOURED

    shown = [
        float(words[2])
        for run in way.runs
        for words in (line.split() for line in run.output.splitlines())
        if len(words) == 4 and words[0] == TOURED and words[1] == page
    ]
    ours = None if way.problem or not shown else statistics.median(shown)
    return Row(
        name=f"first show of {page.capitalize()} in the window",
        unit="ms",
        ours=ours,
        # No bare page exists in a window start: the yardstick is the bare window's whole start.
        baseline=bare_ms,
        baseline_name="bare PySide6 QMainWindow, cold start",
        runs=len(shown),
        budget=f"< {FIRST_SHOW_BUDGET_MS:.0f} ms",
        within_budget=None if ours is None else ours < FIRST_SHOW_BUDGET_MS,
        note=way.problem
        or "a click on People in the navigation after a start at Home: the page's modules "
        "imported, built over the store, shown, painted (budget as People page open)",
    )


def _keychain_child_note(workspace: Workspace, *, runs: int) -> str:
    """What the child that reads the data key costs, for the window process's memory row.

    On Linux the window forks it before Qt loads (``storage/keychain_prefetch.py``): it alone
    imports keyring. ``/usr/bin/time`` reports the larger of a process's peak and its reaped
    children's, so the row above is the window's own; the child's peak is measured apart.
    """
    folder = workspace.sealed_copy("cold-start-keychain-child", KeyMode.KEYCHAIN)
    # Not "<log>.peak": run_measured writes the window process's own peak there.
    peak_file = workspace.folder / "keychain-child-peak.txt"
    command = [
        sys.executable,
        str(KEYCHAIN_CHILD),
        str(peak_file),
        "--quit-when-ready",
        "--data-dir",
        str(folder),
    ]
    peaks: list[float] = []
    for _ in range(runs):
        peak_file.unlink(missing_ok=True)
        finished = run_measured(
            command, env=child_environment(workspace), log=workspace.folder / "keychain-child.log"
        )
        if finished.status != 0 or not peak_file.exists():
            return f"; the keychain child could not be measured ({_last_line(finished.output)})"
        peaks.append(int(peak_file.read_text(encoding="utf-8")) / 1024)
    peak = statistics.median(peaks)
    if peak == 0:
        return "; keyring is loaded in the window process (no keychain child on this platform)"
    return (
        "; the data key is read by a short-lived child forked before Qt loads, which alone "
        f"imports keyring: its own peak is {peak:.0f} MiB (ru_maxrss, counting the pages it "
        "shares copy-on-write with the window), and it has ended before the data is decrypted"
    )


def _unlock_ms(workspace: Workspace) -> float:
    """``keys.unlock`` of the passphrase copy, in this process: the Scrypt derivation."""
    folder = workspace.sealed_copy("unlock", KeyMode.PASSPHRASE)

    def ask(prompt: PassphrasePrompt) -> str:
        return PASSPHRASE

    return median_ms(lambda: keys.unlock(folder, ask), runs=3, warm_up=0)


def _median_peak(runs: list[Finished]) -> float | None:
    peaks = [run.peak_mib for run in runs if run.peak_mib is not None]
    return statistics.median(peaks) if peaks else None


def store_memory_row(workspace: Workspace, *, runs: int) -> Row:
    """Peak memory of a process that opens the store and searches it, vs stock TinyDB."""
    env = child_environment(workspace)
    log = workspace.folder / "memory.log"
    folder = workspace.sealed_copy("memory")
    baseline = workspace.baseline_copy("memory")
    ours = [sys.executable, str(MEMORY_CHILD), "companion", str(folder)]
    stock = [sys.executable, str(MEMORY_CHILD), "tinydb", str(baseline)]
    ours_runs = [run_measured(ours, env=env, log=log) for _ in range(runs)]
    stock_runs = [run_measured(stock, env=env, log=log) for _ in range(runs)]
    failed = [run for run in ours_runs + stock_runs if run.status != 0]
    ours_mib = _median_peak(ours_runs)
    return Row(
        name="peak memory, open store + search",
        unit="MiB",
        ours=ours_mib,
        baseline=_median_peak(stock_runs),
        baseline_name="TinyDB JSONStorage + regex query",
        runs=runs,
        budget=f"< {MEMORY_BUDGET_MIB:.0f} MiB",
        within_budget=None if ours_mib is None else ours_mib < MEMORY_BUDGET_MIB,
        note=(
            f"a child failed: {_last_line(failed[0].output)}"
            if failed
            else "encrypted store, unlocked through the (test) keychain"
        ),
    )
