"""The suite's own environment keeps every test away from the real home, keyring and desktop."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import keyring
from pytestqt.qtbot import QtBot

from companion import paths
from companion.storage import keychain
from tests.conftest import IsolatedEnvironment
from tests.support.test_keyring import TestKeyring

CompanionCli = Callable[..., subprocess.CompletedProcess[str]]
SERVICE = "org.commonground.Companion.test"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_home_and_xdg_folders_are_temporary(
    isolated_env: IsolatedEnvironment, tmp_path: Path
) -> None:
    # Then the home folder and every XDG folder lie inside the test's temporary folder
    assert Path.home() == isolated_env.home
    assert isolated_env.home.is_relative_to(tmp_path)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        assert Path(os.environ[variable]).is_relative_to(isolated_env.home), variable
    # And the runtime folder is private, as Qt requires, with a path short enough for sockets
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o700
    assert len(str(runtime / "org.commonground.Companion-1000.socket")) < 100


def test_the_app_finds_the_test_data_dir(data_dir: Path, tmp_path: Path) -> None:
    # Then the app's one place for paths answers with the test's folder, which does not exist yet
    assert paths.data_dir() == data_dir.resolve()
    assert data_dir.is_relative_to(tmp_path)
    assert not data_dir.exists()


def test_no_desktop_session_is_reachable() -> None:
    # Then Qt is offscreen and neither X, Wayland nor the session bus is reachable
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        assert variable not in os.environ, variable


def test_qt_standard_paths_follow_the_temporary_home(
    qtbot: QtBot, isolated_env: IsolatedEnvironment
) -> None:
    from PySide6.QtCore import QStandardPaths

    # When Qt is asked for the user's folders
    locations = [
        QStandardPaths.writableLocation(location)
        for location in (
            QStandardPaths.StandardLocation.AppDataLocation,
            QStandardPaths.StandardLocation.ConfigLocation,
            QStandardPaths.StandardLocation.RuntimeLocation,
        )
    ]
    # Then they are all temporary ones of this test
    allowed = (isolated_env.home, isolated_env.runtime_dir)
    for location in locations:
        assert any(Path(location).is_relative_to(root) for root in allowed), location


def test_keyring_is_the_test_keyring_shared_with_subprocesses(test_keyring: TestKeyring) -> None:
    # Given a secret stored in the test process
    keyring.set_password(SERVICE, "in-process", "one")
    # When a subprocess reads it and stores another
    child = _python(
        "import keyring\n"
        "backend = keyring.get_keyring()\n"
        f"print(type(backend).__name__, backend.get_password({SERVICE!r}, 'in-process'))\n"
        f"keyring.set_password({SERVICE!r}, 'from-child', 'two')\n"
    )
    # Then both processes used the same test keyring, and the app counts it as a safe one
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["TestKeyring", "one"]
    assert test_keyring.secrets()[SERVICE] == {"in-process": "one", "from-child": "two"}
    assert keychain.safe_backend() is test_keyring


def test_no_keyring_means_no_keychain_in_process_and_in_subprocesses(no_keyring: None) -> None:
    # When the app asks for a keychain
    in_process = keychain.safe_backend()
    child = _python("from companion.storage import keychain\nprint(keychain.safe_backend())")
    # Then there is none, here and in a child
    assert in_process is None
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "None"


def test_companion_cli_runs_the_command_with_overrides(companion_cli: CompanionCli) -> None:
    # When the command runs with a variable removed and stdin text
    result = companion_cli("--version", env={"COMPANION_DATA_DIR": None}, input="")
    # Then it ran as a subprocess of this environment
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Common Ground ")
