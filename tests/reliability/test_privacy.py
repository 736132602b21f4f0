"""Nothing under the data folder reveals a person's name, and only the user can read it."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from companion import settings
from companion.domain.people import Encounter, Person
from companion.storage.backups import Backups, SnapshotReason
from companion.storage.vault import open_store
from tests.reliability.conftest import PASSPHRASE, always

UNIQUE_NAME = "Zbigniewa Quillfeather-Oyelaran"


def test_no_plaintext_name_with_keychain(folder: Path, dict_keyring: object) -> None:
    _assert_name_never_in_plaintext(folder)


def test_no_plaintext_name_with_passphrase(folder: Path, no_keyring: object) -> None:
    _assert_name_never_in_plaintext(folder)


def _assert_name_never_in_plaintext(folder: Path) -> None:
    # Given a person with a unique name, an encounter note, a backup and saved settings
    store, key = open_store(folder, always(PASSPHRASE))
    with store:
        person = Person(name=UNIQUE_NAME, notes=f"{UNIQUE_NAME} builds kites")
        store.people.put(person)
        store.encounters.put(
            Encounter(person_id=person.id, on=date.today(), note=f"Talked with {UNIQUE_NAME}")
        )
        assert key is not None
        Backups(folder, key.cipher()).snapshot(SnapshotReason.MANUAL)
    settings.save(settings.Settings(), folder / "settings.json")
    # Then no file under the folder holds the name in any common encoding
    needles = [UNIQUE_NAME.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
    needles.append(b"Quillfeather")
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for needle in needles:
                assert needle not in content, f"{path} reveals the name"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_folder_and_files_are_private(folder: Path, dict_keyring: object) -> None:
    store, key = open_store(folder, always(None))
    with store:
        store.people.put(Person(name="Ada"))
        assert key is not None
        Backups(folder, key.cipher()).snapshot(SnapshotReason.MANUAL)
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{path} has mode {oct(mode)}"
