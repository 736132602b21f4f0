"""Two real processes: a running ``companion`` and the commands forwarded to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest

from companion.services.instance.instance_messages import instance_lock_file

RunCli = Callable[..., subprocess.CompletedProcess[str]]
START_TIMEOUT_S = 60


def _wait_until(condition: Callable[[], bool], timeout: float = START_TIMEOUT_S) -> None:
    """Poll an outside process's state (pytest-qt's waitUntil needs our own event loop)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the running app")
        time.sleep(0.05)


class RunningApp:
    def __init__(self, data_dir: Path, *arguments: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "companion.cli", *arguments],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # The app takes the instance lock, then opens the store, then answers requests; a
        # forwarded command waits for it to listen, so the lock file is enough to go on.
        _wait_until(
            lambda: instance_lock_file(data_dir).exists() or self.process.poll() is not None
        )
        assert self.process.poll() is None, self.process.communicate()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture
def start_app(data_dir: Path) -> Iterator[Callable[..., RunningApp]]:
    started: list[RunningApp] = []

    def start(*arguments: str) -> RunningApp:
        app = RunningApp(data_dir, *arguments)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()


def _names(export_text: str) -> set[str]:
    tables = orjson.loads(export_text)["tables"]
    return {person["name"] for person in tables.get("people", {}).values()}


def test_import_and_export_go_through_the_running_app(
    start_app: Callable[..., RunningApp],
    companion_cli: RunCli,
    core_backup_file: Callable[..., Path],
    tmp_path: Path,
) -> None:
    # Given a running app, which holds the store
    start_app()
    backup = core_backup_file(people=3)
    # When a file is imported from the terminal
    imported = companion_cli("import", backup)
    # Then the running app did it and the terminal shows its report
    assert imported.returncode == 0, imported.stderr
    assert "4 added" in imported.stdout  # three people and one event
    # And an export from the terminal sees what was just imported, on stdout or into a file
    exported = companion_cli("export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert _names(exported.stdout) == {"Person 0", "Person 1", "Person 2"}
    assert "not encrypted" in exported.stderr
    written = companion_cli("export", "--format", "json", "-o", "out.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert _names((tmp_path / "out.json").read_text(encoding="utf-8")) == {
        "Person 0",
        "Person 1",
        "Person 2",
    }


def test_a_bad_import_is_reported_with_the_usual_exit_status(
    start_app: Callable[..., RunningApp], companion_cli: RunCli, tmp_path: Path
) -> None:
    start_app()
    # When a missing file is imported while the app runs
    result = companion_cli("import", tmp_path / "missing.json")
    # Then the terminal gets the same message and exit status as without the app
    assert result.returncode == 2
    assert "missing.json" in result.stderr
    assert "Nothing was imported" in result.stderr


def test_a_second_launch_raises_the_first_and_exits(
    start_app: Callable[..., RunningApp], companion_cli: RunCli
) -> None:
    app = start_app()
    # When companion is started again, and companion capture is run
    second = companion_cli(timeout=30)
    capture = companion_cli("capture", timeout=30)
    # Then both hand over to the running app and end successfully; the first keeps running
    assert second.returncode == 0, second.stderr
    assert capture.returncode == 0, capture.stderr
    assert app.process.poll() is None


def test_capture_starts_the_app_when_none_runs(
    start_app: Callable[..., RunningApp], companion_cli: RunCli
) -> None:
    # When companion capture is run with no app running
    app = start_app("capture")
    # Then it became the running app (exports are answered by it)
    exported = companion_cli("export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert app.process.poll() is None


def test_a_killed_app_leaves_a_lock_the_next_start_recovers(
    start_app: Callable[..., RunningApp],
    companion_cli: RunCli,
    core_backup_file: Callable[..., Path],
    data_dir: Path,
) -> None:
    # Given a running app that imported a file
    first = start_app()
    assert companion_cli("import", core_backup_file(people=2)).returncode == 0
    # When it is killed outright
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=30)
    # Then its lock file is left behind
    assert instance_lock_file(data_dir).exists()
    # And the next start takes over and serves the data that was saved
    second = start_app()
    exported = companion_cli("export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert _names(exported.stdout) == {"Person 0", "Person 1"}
    assert companion_cli(timeout=30).returncode == 0
    assert second.process.poll() is None


def test_without_a_running_app_the_cli_works_on_its_own(
    companion_cli: RunCli, core_backup_file: Callable[..., Path], data_dir: Path
) -> None:
    # When import and export run with no app
    assert companion_cli("import", core_backup_file(people=1)).returncode == 0
    exported = companion_cli("export", "--format", "json")
    # Then they work directly, and leave no instance lock behind
    assert _names(exported.stdout) == {"Person 0"}
    assert not instance_lock_file(data_dir).exists()


def test_contacts_import_and_vcard_export_go_through_the_running_app(
    start_app: Callable[..., RunningApp], companion_cli: RunCli
) -> None:
    # Given a running app
    start_app()
    contacts = Path(__file__).parents[1] / "fixtures" / "people" / "google-contacts.vcf"
    # When a vCard file is imported from the terminal, twice
    first = companion_cli("import", contacts)
    again = companion_cli("import", contacts)
    # Then the running app added the people once, and a vCard export from the terminal has them
    assert first.returncode == 0, first.stderr
    assert "3 added" in first.stdout
    assert "0 added" in again.stdout
    exported = companion_cli("export", "--format", "vcf")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.count("BEGIN:VCARD") == 3
