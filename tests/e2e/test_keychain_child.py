"""The window's data key, read from the keychain by a short-lived child (Linux).

The test keyring backend writes down which process loaded it and read a secret
(``COMPANION_TEST_KEYRING_READERS``): the window process itself must never appear there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.services.data.session import open_session
from companion.services.instance.instance_messages import instance_lock_file
from companion.storage.keys import KeyMode
from tests.support.test_keyring import READERS_FILE_ENV, TestKeyring, read_readers

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked on Linux only"),
]
TIMEOUT_S = 120


def _sealed(data_dir: Path) -> None:
    """A data folder with a store whose key is in the test keychain."""
    with open_session(data_dir, lambda prompt: None) as session:
        assert session.key_mode is KeyMode.KEYCHAIN


def _start(*arguments: str, readers: Path, output: int = subprocess.PIPE) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "companion.cli", *arguments],
        env={**os.environ, READERS_FILE_ENV: str(readers)},
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=output,
        text=True,
    )


def test_the_window_shows_the_data_without_ever_loading_keyring(
    data_dir: Path, test_keyring: TestKeyring, tmp_path: Path
) -> None:
    # Given a store whose key is in the keychain
    _sealed(data_dir)
    readers = tmp_path / "readers"
    # When the window starts and shows the data
    window = _start("--quit-when-ready", readers=readers)
    _out, errors = window.communicate(timeout=TIMEOUT_S)
    # Then it worked, and only a child of the window process loaded keyring and read the key
    assert window.returncode == 0, errors
    entries = read_readers(readers)
    assert [event for event, _pid, _parent in entries] == ["load", "read"]
    assert all(pid != window.pid and parent == window.pid for _event, pid, parent in entries)
    assert "Traceback" not in errors


def test_the_painted_window_alone_and_terminal_commands_fork_nothing(
    data_dir: Path, test_keyring: TestKeyring, tmp_path: Path
) -> None:
    # Given a store whose key is in the keychain
    _sealed(data_dir)
    readers = tmp_path / "readers"
    # When the window only paints (it never unlocks) and an export runs from the terminal
    shown = _start("--quit-when-shown", readers=readers)
    _out, errors = shown.communicate(timeout=TIMEOUT_S)
    assert shown.returncode == 0, errors
    assert read_readers(readers) == []
    export = _start("export", "--format", "json", readers=readers)
    _out, errors = export.communicate(timeout=TIMEOUT_S)
    # Then the painted window never asked the keychain, and the export asked it itself
    assert export.returncode == 0, errors
    assert {(pid, parent) for _event, pid, parent in read_readers(readers)} == {
        (export.pid, os.getpid())
    }


def test_a_second_launch_raises_the_running_window_and_ends_cleanly(
    data_dir: Path, test_keyring: TestKeyring, tmp_path: Path
) -> None:
    # Given a running window on a store whose key is in the keychain
    _sealed(data_dir)
    first = _start(readers=tmp_path / "first", output=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while not instance_lock_file(data_dir).exists() and first.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError("the first window did not start")
            time.sleep(0.05)
        assert first.poll() is None
        # When companion is started again
        readers = tmp_path / "second"
        second = _start(readers=readers)
        out, errors = second.communicate(timeout=TIMEOUT_S)
        # Then it handed over and ended at once and cleanly (its child asked the keychain,
        # which is harmless), and the first window keeps running
        assert second.returncode == 0, errors
        assert (out, errors) == ("", "")
        assert all(parent == second.pid for _event, _pid, parent in read_readers(readers))
        assert first.poll() is None
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=TIMEOUT_S)
