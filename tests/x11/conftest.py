"""A real X display with a system tray, for the tests in ``tests/x11/``.

The session fixture ``x11_display`` starts ``Xvfb`` (it picks a free display number itself, through
``-displayfd``) and ``trayer`` (a small XEmbed tray host), waits until the tray owns the
``_NET_SYSTEM_TRAY_S0`` selection, and stops both at the end of the run.

pytest-qt's one ``QApplication`` runs on the offscreen platform, so Qt code that needs the display
runs in a subprocess: use ``x11_env`` (this test's environment plus ``DISPLAY`` and
``QT_QPA_PLATFORM=xcb``) with ``companion_cli(..., env=x11_env)`` or ``run_qt_script``.

Every test in this folder gets the ``x11`` marker. When Xvfb or trayer is missing the tests FAIL
and name the Debian package, because CI must not skip them silently; a developer without them
can set ``COMPANION_ALLOW_SKIP_X11=1`` to skip instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import IsolatedEnvironment

HERE = Path(__file__).resolve().parent
ALLOW_SKIP_ENV = "COMPANION_ALLOW_SKIP_X11"
STARTUP_TIMEOUT = 30.0
TRAY_SELECTION = b"_NET_SYSTEM_TRAY_S0"
REQUIRED_PROGRAMS = {"Xvfb": "xvfb", "trayer": "trayer"}
TRAYER_ARGUMENTS = (
    "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "24",
    "--transparent", "false", "--expand", "true",
)  # fmt: skip


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.x11)


@dataclass(frozen=True)
class X11Display:
    """A running Xvfb with a tray host on it."""

    number: int
    log_dir: Path

    @property
    def name(self) -> str:
        """The ``DISPLAY`` value, e.g. ``":3"``."""
        return f":{self.number}"

    def screenshot(self, target: Path) -> Path:
        """Save the whole screen as an image (ImageMagick's ``import``), to look at it."""
        subprocess.run(
            ["import", "-display", self.name, "-window", "root", str(target)],
            check=True, timeout=60, stdin=subprocess.DEVNULL, capture_output=True,
        )  # fmt: skip
        return target


def _missing_programs_problem() -> str | None:
    missing = [
        package for program, package in REQUIRED_PROGRAMS.items() if not shutil.which(program)
    ]
    if not missing:
        return None
    return (
        f"the X11 tests need {', '.join(REQUIRED_PROGRAMS)}: install the Debian package(s) "
        f"{' '.join(missing)} (`apt-get install {' '.join(missing)}`, as .ci/run does), "
        f"or set {ALLOW_SKIP_ENV}=1 to skip these tests on this machine"
    )


def _fail_or_skip(problem: str) -> None:
    if os.environ.get(ALLOW_SKIP_ENV) == "1":
        pytest.skip(problem)
    pytest.fail(problem, pytrace=False)


def _log_tail(log: Path) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-20:]) or "(no output)"


def _read_display_number(process: subprocess.Popen[bytes], read_fd: int, log: Path) -> int:
    """Xvfb writes its display number to ``-displayfd`` once it accepts connections."""
    received = b""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not received.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([read_fd], [], [], max(remaining, 0))
        if not ready:
            raise RuntimeError(
                f"Xvfb did not start within {STARTUP_TIMEOUT:.0f} s:\n{_log_tail(log)}"
            )
        chunk = os.read(read_fd, 64)
        if not chunk:
            raise RuntimeError(
                f"Xvfb exited with status {process.wait()} before it was ready:\n{_log_tail(log)}"
            )
        received += chunk
    return int(received.strip())


def _start_xvfb(log_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
    log = log_dir / "xvfb.log"
    read_fd, write_fd = os.pipe()
    try:
        with log.open("wb") as output:
            process = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
                 "-nolisten", "tcp", "-noreset"],
                pass_fds=(write_fd,), stdin=subprocess.DEVNULL, stdout=output, stderr=output,
            )  # fmt: skip
        os.close(write_fd)
        write_fd = -1
        try:
            return process, _read_display_number(process, read_fd, log)
        except BaseException:
            _stop(process)
            raise
    finally:
        os.close(read_fd)
        if write_fd >= 0:
            os.close(write_fd)


class _TrayOwnerProbe:
    """Asks the X server who owns the tray selection, through libX11 (no extra tools needed)."""

    def __init__(self, display: str) -> None:
        library = ctypes.util.find_library("X11") or "libX11.so.6"
        try:
            self._x11 = ctypes.CDLL(library)
        except OSError as error:
            raise RuntimeError(f"libX11 is missing (Debian package libx11-6): {error}") from error
        self._x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x11.XOpenDisplay.restype = ctypes.c_void_p
        self._x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        self._x11.XInternAtom.restype = ctypes.c_ulong
        self._x11.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self._x11.XGetSelectionOwner.restype = ctypes.c_ulong
        self._x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._connection = self._x11.XOpenDisplay(display.encode())
        if not self._connection:
            raise RuntimeError(f"cannot connect to the X display {display}")
        self._atom = self._x11.XInternAtom(self._connection, TRAY_SELECTION, 0)

    def tray_is_owned(self) -> bool:
        return bool(self._x11.XGetSelectionOwner(self._connection, self._atom))

    def close(self) -> None:
        self._x11.XCloseDisplay(self._connection)


def _wait_until(
    condition: Callable[[], bool], *, what: str, alive: subprocess.Popen[bytes]
) -> None:
    # An external process gives no signal when it is ready, so poll (briefly) with a deadline.
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not condition():
        if alive.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with status {alive.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not done within {STARTUP_TIMEOUT:.0f} s")
        time.sleep(0.05)


def _start_trayer(display: str, log_dir: Path) -> subprocess.Popen[bytes]:
    log = log_dir / "trayer.log"
    home = log_dir / "trayer-home"
    home.mkdir(exist_ok=True)
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DISPLAY": display,
                   "HOME": str(home), "LANG": "C.UTF-8"}  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["trayer", *TRAYER_ARGUMENTS], env=environment,
            stdin=subprocess.DEVNULL, stdout=output, stderr=output,
        )  # fmt: skip
    probe = _TrayOwnerProbe(display)
    try:
        _wait_until(probe.tray_is_owned, what="trayer taking the system tray", alive=process)
    except BaseException as error:
        _stop(process)
        raise RuntimeError(f"{error}\n{_log_tail(log)}") from error
    finally:
        probe.close()
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def x11_display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[X11Display]:
    """Xvfb plus trayer for the whole run; fails (or skips, if allowed) when they are missing."""
    problem = _missing_programs_problem()
    if problem:
        _fail_or_skip(problem)
    log_dir = tmp_path_factory.mktemp("x11")
    xvfb, number = _start_xvfb(log_dir)
    display = X11Display(number=number, log_dir=log_dir)
    try:
        trayer = _start_trayer(display.name, log_dir)
    except BaseException:
        _stop(xvfb)
        raise
    try:
        yield display
    finally:
        _stop(trayer)
        _stop(xvfb)


@pytest.fixture
def x11_env(x11_display: X11Display, isolated_env: IsolatedEnvironment) -> dict[str, str]:
    """This test's environment for a subprocess that shows windows on the X display."""
    return {**os.environ, "DISPLAY": x11_display.name, "QT_QPA_PLATFORM": "xcb"}


def run_qt_script(
    script: Path, *args: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run a Python script (typically a small Qt program) with ``env``, capturing its output."""
    return subprocess.run(
        [sys.executable, str(script), *args], env=env, capture_output=True, text=True,
        encoding="utf-8", timeout=timeout, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
