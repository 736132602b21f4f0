"""The real program as a subprocess: ``--smoke-test`` and ``--quit-when-shown``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.storage.store import Store
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS

pytestmark = pytest.mark.e2e


def _companion(
    *args: str, data_dir: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "COMPANION_DATA_DIR": str(data_dir),
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "companion.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_smoke_test_passes_without_touching_the_data_dir(tmp_path: Path) -> None:
    # Given a data folder and a place for the screenshot
    data_dir = tmp_path / "data"
    screenshot = tmp_path / "smoke.png"
    # When the smoke test runs
    result = _companion(
        "--smoke-test", data_dir=data_dir, extra_env={"COMPANION_SMOKE_PNG": str(screenshot)}
    )
    # Then every check passed, one line each, and the real data folder was not used
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("ok: ") for line in lines), result.stdout
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    assert not data_dir.exists()


def test_quit_when_shown_exits_cleanly_after_the_first_paint(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = _companion("--quit-when-shown", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    # The window is painted before any data is read (the data loads right after).
    assert not (data_dir / "store.json").exists()


def test_quit_when_ready_exits_cleanly_once_the_data_is_loaded(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = _companion("--quit-when-ready", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    # Qt's offscreen platform notes each size change of a shown window (pages arrive after the
    # first paint); nothing else may be printed.
    problems = [line for line in result.stderr.splitlines() if OFFSCREEN_SIZE_HINTS not in line]
    assert problems == []
    # The window opened the store (and saved its layout on the way out).
    assert (data_dir / "store.json").is_file()
    assert (data_dir / "settings.json").is_file()


def test_a_locked_store_gives_a_clear_failure(tmp_path: Path) -> None:
    # Given another process holds the store
    data_dir = tmp_path / "data"
    with Store.open(data_dir):
        # When an unattended start (benchmark) is made on the same folder
        result = _companion("--quit-when-ready", data_dir=data_dir)
    # Then it fails with one clear line, no traceback and no message box waiting for a click
    assert result.returncode == 1
    assert "Another Common Ground is using the data" in result.stderr
    assert "Traceback" not in result.stderr


# Runs the window app in a child: a real event loop that quits inside this test process would
# leave Qt's offscreen platform unable to activate the windows of later tests.
_WINDOW_APP_WITH_RECORDED_MESSAGES = """
import argparse, sys
from PySide6.QtWidgets import QMessageBox
def record(parent, title, text, *rest):
    print("critical:", text)
    return QMessageBox.StandardButton.Ok
QMessageBox.critical = record
from companion.app import run_app
options = argparse.Namespace(background=False, smoke_test=False, quit_when_shown=False)
sys.exit(run_app(options, data_dir=__import__("pathlib").Path(sys.argv[1]), locale_requested="en"))
"""


@pytest.mark.skipif(os.name != "posix", reason="folder permissions are POSIX")
def test_a_data_folder_without_write_rights_is_explained_in_a_box(tmp_path: Path) -> None:
    # Given a data folder the user made read-only (0500), and a message box that records
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    data_dir.chmod(0o500)
    # When the window app starts on it
    result = _run_window_script(_WINDOW_APP_WITH_RECORDED_MESSAGES, data_dir)
    # Then a box says what is wrong and what to do, the app ends with status 1, and the
    # folder's permissions are as the user left them
    assert result.returncode == 1, result.stderr
    shown = [line for line in result.stdout.splitlines() if line.startswith("critical:")]
    assert len(shown) == 1 and "chmod 700" in shown[0], result.stdout
    assert "Traceback" not in result.stderr
    assert data_dir.stat().st_mode & 0o777 == 0o500


def test_quit_when_toured_shows_every_page_once_then_quits(tmp_path: Path) -> None:
    # Given a data folder
    data_dir = tmp_path / "data"
    # When the benchmark start that visits every page runs
    result = _companion("--quit-when-toured", data_dir=data_dir)
    # Then it showed each page once, in the navigation's order, said how long each took, and
    # quit cleanly once settled
    assert result.returncode == 0, result.stderr
    toured = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("toured")]
    assert toured == ["home", "events", "people", "openers", "promises"]
    problems = [line for line in result.stderr.splitlines() if OFFSCREEN_SIZE_HINTS not in line]
    assert problems == []


# The modules a start to the data shown has loaded, printed as it exits.
_START_LISTING_MODULES = """
import atexit, sys
atexit.register(lambda: print("\\n".join(sorted(sys.modules))))
from companion.cli import main
sys.exit(main(["--quit-when-ready", "--data-dir", sys.argv[1]]))
"""


def test_a_start_at_home_loads_none_of_the_other_pages_or_the_dialogs(tmp_path: Path) -> None:
    # Given a data folder
    data_dir = tmp_path / "data"
    # When the window starts and shows the data (at Home)
    result = _run_window_script(_START_LISTING_MODULES, data_dir)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "companion.ui.home.home_page" in loaded
    # Then the other pages and the dialogs wait until they are first shown or opened
    later = [
        *(
            f"companion.ui.{page}.{page}_{part}"
            for page in ("events", "people", "openers", "promises")
            for part in ("page", "controller")
        ),
        "companion.ui.capture.capture_dialog",
        "companion.ui.capture.log_met_dialog",
        "companion.ui.search.search_dialog",
        "companion.ui.settings.profile_dialog",
        "companion.ui.settings.welcome",
        "companion.ui.shell.about_dialog",
        "companion.ui.settings.preferences_dialog",
        # Nor what only a passphrase or a damaged store needs
        "companion.ui.shell.passphrase_dialog",
        "companion.ui.shell.recovery",
        # Nor is what only a command, a first use or the network needs
        "companion.cli_feeds",
        "companion.cli_sync",
        "companion.services.data.formats",
        "companion.services.search.everything_search",
        "companion.ui.importing.restore_flow",
        "companion.ui.shell.forwarded_imports",
        "companion.ui.feeds.subscriptions_dialog",
        "companion.ui.people.person_commands",
        "companion.services.people.log_met",
        "companion.remote.feed_http",
    ]
    assert sorted(loaded.intersection(later)) == []


def _run_window_script(script: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run by a fresh interpreter with ``data_dir`` as its argument, offscreen."""
    return subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


_START_THAT_BREAKS = """
import sys
from companion.ui.shell import window_controller

def broken(*args, **kwargs):
    raise RuntimeError("a bug in building the window")

window_controller.MainWindowController.__init__ = broken
from companion.cli import main
sys.exit(main(["--quit-when-ready", "--data-dir", sys.argv[1]]))
"""


def test_a_start_broken_by_a_bug_says_so_and_ends(tmp_path: Path) -> None:
    # Given a window whose building fails with an unforeseen error after its first paint
    data_dir = tmp_path / "data"
    # When the window app starts
    result = _run_window_script(_START_THAT_BREAKS, data_dir)
    # Then it ends with status 1, says where the details are, and shows no traceback
    assert result.returncode == 1, result.stderr
    assert "errors.log" in result.stderr
    assert "Traceback" not in result.stderr
    # And the log names the failure and where it happened (never its message: no personal data)
    logged = (data_dir / "errors.log").read_text(encoding="utf-8")
    assert "start failed" in logged and "RuntimeError" in logged and "_connect" in logged
