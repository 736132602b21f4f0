"""``companion capture`` from a shortcut: a Qt-free client reaches the running app (issue 17)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from companion import instance_client
from companion.instance_wire import command_line
from companion.services.instance.instance_messages import Command, Request, socket_address
from tests.e2e.test_single_instance import RunningApp, _wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not instance_client.supported(), reason="Qt's sockets are files on Linux"),
]

#: What the client process reports about itself, read back by the test.
CLIENT = """
import sys
from companion.launcher import try_fast_capture
status = try_fast_capture(["capture"])
heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
heavy += [name for name in ("companion.cli", "companion.storage", "companion.ui", "babel",
          "companion.services", "orjson") if name in sys.modules]
print(status, ",".join(heavy))
"""


def _wait_for_lines(log: Path, count: int, timeout: float = 60) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        if len(lines) >= count:
            return lines
        if time.monotonic() > deadline:
            raise AssertionError(f"quick capture was not shown: {lines}")
        time.sleep(0.05)


@pytest.fixture
def running_app(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[RunningApp, Path]]:
    log = tmp_path / "shown.log"
    monkeypatch.setenv("COMPANION_CAPTURE_SHOWN_LOG", str(log))
    app = RunningApp(data_dir)
    # The app listens once its data is open: wait for its socket file.
    _wait_until(lambda: Path(socket_address(data_dir)).exists() or app.process.poll() is not None)
    assert app.process.poll() is None, app.process.communicate()
    yield app, log
    app.stop()


def test_capture_reaches_the_running_app_without_importing_qt(
    running_app: tuple[RunningApp, Path],
) -> None:
    # Given a running app
    app, log = running_app
    # When the shortcut's companion capture runs (the client part, in its own process)
    result = subprocess.run(
        [sys.executable, "-c", CLIENT], capture_output=True, text=True, timeout=60, check=False
    )
    # Then it ends at once with success, having imported neither Qt nor the app's packages
    assert result.returncode == 0, result.stderr
    status, heavy = (
        result.stdout.strip().split(" ", 1)
        if " " in result.stdout.strip()
        else (
            result.stdout.strip(),
            "",
        )
    )
    assert status == "0"
    assert heavy == ""
    # And the running app showed quick capture, as the active window
    (line,) = _wait_for_lines(log, 1)
    assert line.endswith("active=True")
    assert app.process.poll() is None


def test_the_companion_command_takes_the_fast_path(
    running_app: tuple[RunningApp, Path],
    companion_cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    # Given a running app / When `python -m companion.launcher capture` runs twice
    _app, log = running_app
    for time_ in (1, 2):
        result = subprocess.run(
            [sys.executable, "-m", "companion.launcher", "capture"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        # Then the dialog is shown each time (waited for before the second: two wishes that
        # reach an app still opening its data are granted as one, once it is ready)
        assert len(_wait_for_lines(log, time_)) == time_


def test_no_app_means_no_answer_and_the_slow_path(data_dir: Path) -> None:
    # Given no running app / When the client asks / Then nobody answers (the CLI takes over)
    assert instance_client.send(data_dir, "capture") is None


def test_the_quick_client_speaks_the_servers_message_format() -> None:
    # Given the request the quick client sends / Then the app's own encoding is byte for byte it
    assert command_line("capture") == Request(command=Command.CAPTURE).encode()
    assert command_line("raise") == Request(command=Command.RAISE).encode()
