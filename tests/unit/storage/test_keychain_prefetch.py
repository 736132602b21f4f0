"""The data key read by a forked child at the window's start (``storage/keychain_prefetch``).

Each scenario runs in a fresh process (``tests/support/keychain_prefetch_probe.py``): pytest
must never fork, and only a clean process shows whether ``keyring`` was imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from companion import paths
from companion.storage import keychain_prefetch, keys
from companion.storage.keys import DataKey, KeyMode, PassphrasePrompt
from tests.support.test_keyring import READERS_FILE_ENV, TestKeyring, read_readers

PASSPHRASE = "a passphrase long enough"
CRASHING = "tests.support.test_keyring.CrashingKeyring"
STUCK = "tests.support.test_keyring.StuckKeyring"
NO_KEYCHAIN = "keyring.backends.fail.Keyring"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child is forked on Linux only"
)


def _probe(folder: Path, *options: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.keychain_prefetch_probe", str(folder), *options],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def _ask(passphrase: str | None) -> keys.AskPassphrase:
    def ask(prompt: PassphrasePrompt) -> str | None:
        return passphrase

    return ask


@pytest.fixture
def keychain_folder(data_dir: Path, test_keyring: TestKeyring) -> tuple[Path, DataKey]:
    """A data folder whose key is in the (test) keychain."""
    paths.ensure_private_dir(data_dir)
    key = keys.create_key(data_dir, _ask(None))
    assert key.mode is KeyMode.KEYCHAIN
    return data_dir, key


def test_the_child_reads_the_key_and_this_process_never_loads_keyring(
    keychain_folder: tuple[Path, DataKey], tmp_path: Path
) -> None:
    # Given a folder whose key is in the keychain, and a record of who reads the keychain
    folder, key = keychain_folder
    readers = tmp_path / "readers"
    # When a fresh process starts the prefetch and unlocks
    report = _probe(folder, env={READERS_FILE_ENV: str(readers)})
    # Then a child read the key, the process got it without loading keyring, and no child
    # is left behind
    assert report["started"] is True
    assert report["outcome"] == key.key.hex()
    assert report["keyring_loaded"] is False
    assert len(report["children_after_start"]) == 1
    assert report["children_after_unlock"] == []
    reads = read_readers(readers)
    assert [event for event, _pid, _parent in reads] == ["load", "read"]
    assert all(pid != report["pid"] and parent == report["pid"] for _e, pid, parent in reads)


@pytest.mark.parametrize("child_backend", [CRASHING, NO_KEYCHAIN], ids=["killed", "unavailable"])
def test_without_an_answer_from_the_child_the_key_is_read_in_process(
    keychain_folder: tuple[Path, DataKey], child_backend: str
) -> None:
    # Given a child that dies while asking, or finds no keychain
    folder, key = keychain_folder
    # When the process unlocks
    report = _probe(folder, "--child-backend", child_backend)
    # Then it asked the keychain itself, as before, got the key and reaped the child
    assert report["started"] is True
    assert report["outcome"] == key.key.hex()
    assert report["keyring_loaded"] is True
    assert report["children_after_unlock"] == []


def _forget_secret(key: DataKey, backend: TestKeyring) -> None:
    backend.delete_password("org.commonground.Companion", f"data-key-{key.key_id.hex()}")


def _damage_secret(key: DataKey, backend: TestKeyring) -> None:
    backend.set_password("org.commonground.Companion", f"data-key-{key.key_id.hex()}", "%%%")


@pytest.mark.parametrize(
    ("damage", "env", "message"),
    [
        (_forget_secret, {}, "it is no longer in the system keychain"),
        (_damage_secret, {}, "the keychain entry is damaged"),
        (None, {"PYTHON_KEYRING_BACKEND": NO_KEYCHAIN}, "the system keychain cannot be reached"),
    ],
    ids=["secret-gone", "secret-damaged", "no-keychain"],
)
def test_a_key_that_cannot_be_read_gives_the_same_error_as_without_the_child(
    keychain_folder: tuple[Path, DataKey],
    test_keyring: TestKeyring,
    damage: Any,
    env: dict[str, str],
    message: str,
) -> None:
    # Given a keychain entry that is gone or damaged, or no keychain at all
    folder, key = keychain_folder
    if damage is not None:
        damage(key, test_keyring)
    # When the process unlocks with and without the child
    with_child = _probe(folder, env=env)
    without_child = _probe(folder, "--no-prefetch", env=env)
    # Then the error is word for word the one of the in-process path, and no child is left
    assert with_child["started"] is True
    assert with_child["outcome"] == without_child["outcome"]
    assert with_child["outcome"].startswith("KeyMissingError: ")
    assert message in with_child["outcome"]
    assert with_child["children_after_unlock"] == []


def test_an_answer_for_another_key_id_is_not_used(
    keychain_folder: tuple[Path, DataKey],
) -> None:
    # Given the keys file gets a new key id after the child was started
    folder, key = keychain_folder
    # When the process unlocks
    report = _probe(folder, "--switch-key")
    # Then the new key is read in-process (the child's answer was for the old one), and the
    # child is reaped
    new_key = keys.unlock(folder, _ask(None))
    assert new_key.key != key.key
    assert report["outcome"] == new_key.key.hex()
    assert report["children_after_unlock"] == []


@pytest.mark.parametrize("child_backend", [None, STUCK], ids=["answered", "still-asking"])
def test_a_prefetch_nobody_takes_is_reaped_at_exit(
    keychain_folder: tuple[Path, DataKey], child_backend: str | None
) -> None:
    # Given a start that never unlocks (another instance was raised instead), with a child
    # that answered or one still waiting for the keychain
    folder, _key = keychain_folder
    backend = ["--child-backend", child_backend] if child_backend else []
    # When the process exits
    report = _probe(folder, "--exit-without-unlock", *backend)
    # Then it exits at once and leaves no child, running or zombie
    assert report["started"] is True
    assert len(report["children_after_start"]) == 1
    assert report["children_at_end"] == []


def test_passphrase_mode_does_not_fork(data_dir: Path, no_keyring: None) -> None:
    # Given a folder whose key is wrapped with a passphrase
    paths.ensure_private_dir(data_dir)
    key = keys.create_key(data_dir, _ask(PASSPHRASE))
    assert key.mode is KeyMode.PASSPHRASE
    # When the process starts the prefetch and unlocks
    report = _probe(data_dir, env={"COMPANION_PASSPHRASE": PASSPHRASE})
    # Then no child was started, and the passphrase unlocked it
    assert report["started"] is False
    assert report["children_after_start"] == []
    assert report["outcome"] == key.key.hex()


def test_a_key_moved_behind_a_passphrase_meanwhile_ends_the_child_at_unlock(
    keychain_folder: tuple[Path, DataKey], tmp_path: Path
) -> None:
    # Given the keys file is switched to a passphrase after the child was started
    folder, key = keychain_folder
    elsewhere = paths.ensure_private_dir(tmp_path / "elsewhere")
    keys.use_passphrase(elsewhere, key, PASSPHRASE)
    # When the process unlocks with the passphrase
    report = _probe(
        folder,
        "--replace-keys",
        str(keys.key_file(elsewhere)),
        env={"COMPANION_PASSPHRASE": PASSPHRASE},
    )
    # Then the passphrase opened it, and the child was reaped then, not left to the exit
    assert report["started"] is True
    assert report["outcome"] == key.key.hex()
    assert report["children_after_unlock"] == []
    assert report["keyring_loaded"] is False


def test_a_folder_without_keys_does_not_fork(data_dir: Path) -> None:
    report = _probe(data_dir, "--exit-without-unlock")
    assert report["started"] is False
    assert report["children_after_start"] == []


def test_a_process_with_qt_and_keyring_loaded_never_forks(
    keychain_folder: tuple[Path, DataKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given this pytest process (Qt and keyring loaded, threads running), where a test may
    # call cli.main() for a window
    folder, _key = keychain_folder

    def refuse() -> int:
        raise AssertionError("forked inside pytest")

    monkeypatch.setattr(os, "fork", refuse)
    # When the window path asks for the prefetch
    started = keychain_prefetch.start(folder)
    # Then nothing is forked, and the key is read in-process as before
    assert started is False
    assert keys.unlock(folder, _ask(None)).key == _key.key
