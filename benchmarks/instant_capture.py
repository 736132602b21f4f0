"""``companion capture`` from a desktop shortcut: process start to a visible dialog (Xvfb).

The app runs on an X server (Xvfb) over the encrypted store; each run starts the ``companion
capture`` command the way a shortcut does and takes the time from just before the process starts to
the dialog's first paint in the running app (it notes that moment itself, see
``companion/ui/capture/capture_probe.py``). The baseline is a bare PySide6 window started the same
way, from process start to its own first paint. Goal (issue 17): within half the baseline.
"""

from __future__ import annotations

import os
import select
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from figures import Row
from process_benchmarks import BARE_WINDOW, child_environment
from workspace import Workspace

from companion.instance_wire import socket_address

TIMEOUT_S = 60.0
GOAL_RATIO = 0.5


def _start_xvfb(log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Xvfb on a free display; it writes the number to ``-displayfd`` once it is ready."""
    read_fd, write_fd = os.pipe()
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten",
             "tcp"],
            pass_fds=(write_fd,),
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    os.close(write_fd)
    received = b""
    deadline = time.monotonic() + TIMEOUT_S
    while not received.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([read_fd], [], [], 1.0)
        if ready:
            chunk = os.read(read_fd, 64)
            if not chunk:
                break
            received += chunk
    os.close(read_fd)
    if not received.strip():
        process.kill()
        raise RuntimeError("Xvfb did not start")
    return process, int(received.strip())


def _capture_command(folder: Path) -> list[str]:
    """The installed ``companion`` script when it goes through the launcher, as a shortcut."""
    script = Path(sys.executable).with_name("companion")
    if script.exists() and "companion.launcher" in script.read_text(errors="replace"):
        return [str(script), "--data-dir", str(folder), "capture"]
    return [sys.executable, "-m", "companion.launcher", "--data-dir", str(folder), "capture"]


def _lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _shown_after(log: Path, count: int) -> float:
    """Wait for line ``count`` of the probe's log; the time it names."""
    deadline = time.monotonic() + TIMEOUT_S
    while len(lines := _lines(log)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError("quick capture was never shown")
        time.sleep(0.001)
    return float(lines[count - 1].split()[0])


def _wait_for_socket(path: Path, app: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not path.exists():
        if app.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the app did not start listening")
        time.sleep(0.01)


def _capture_ms(folder: Path, env: dict[str, str], log: Path, count: int) -> float:
    started = time.time()
    subprocess.run(
        _capture_command(folder), env=env, stdin=subprocess.DEVNULL, capture_output=True,
        timeout=TIMEOUT_S, check=True,
    )  # fmt: skip
    return (_shown_after(log, count) - started) * 1000


def _bare_ms(env: dict[str, str]) -> float:
    started = time.time()
    finished = subprocess.run(
        [sys.executable, str(BARE_WINDOW), "--print-shown"], env=env, capture_output=True,
        text=True, timeout=TIMEOUT_S, check=True,
    )  # fmt: skip
    return (float(finished.stdout.split()[0]) - started) * 1000


def instant_capture_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    if shutil.which("Xvfb") is None:
        return [_row(None, None, runs, "not measured: Xvfb is not installed (apt install xvfb)")]
    xvfb, display = _start_xvfb(workspace.folder / "xvfb.log")
    log = workspace.folder / "capture-shown.log"
    env = child_environment(workspace)
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=f":{display}", COMPANION_CAPTURE_SHOWN_LOG=str(log))
    folder = workspace.sealed_copy("instant-capture")
    app = subprocess.Popen(
        [sys.executable, "-m", "companion.cli", "--data-dir", str(folder)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        # Only once the app listens: a capture sent earlier would start a second app.
        _wait_for_socket(Path(socket_address(folder)), app)
        _capture_ms(folder, env, log, 1)
        _capture_ms(folder, env, log, 2)
        bare_env = dict(env)
        _bare_ms(bare_env)
        ours: list[float] = []
        bare: list[float] = []
        for run in range(runs):
            # Interleaved, so a busy moment on the machine hits both sides alike.
            ours.append(_capture_ms(folder, env, log, 3 + run))
            bare.append(_bare_ms(bare_env))
    except (RuntimeError, subprocess.SubprocessError) as error:
        return [_row(None, None, runs, f"not measured: {error}")]
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
        xvfb.terminate()
        xvfb.wait(timeout=30)
    return [
        _row(
            statistics.median(ours),
            statistics.median(bare),
            runs,
            "process start to the dialog painted in the running app, under Xvfb; the client "
            "imports no Qt",
        )
    ]


def _row(ours: float | None, bare: float | None, runs: int, note: str) -> Row:
    return Row(
        name="companion capture to dialog shown",
        unit="ms",
        ours=ours,
        baseline=bare,
        baseline_name="bare PySide6 window: process start to painted",
        runs=runs,
        budget="≤ half the baseline",
        within_budget=None if ours is None or not bare else ours <= GOAL_RATIO * bare,
        note=note,
    )
