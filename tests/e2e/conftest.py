"""Fixtures for the end-to-end tests of the ``companion`` command (run as a subprocess).

The suite-wide ``tests/conftest.py`` gives every test its own home, data dir and test keyring,
and the ``companion_cli`` fixture; these add backup files and a process holding the store lock.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from companion.domain.events import Event
from companion.domain.people import Person
from companion.interop.json_backup import write_backup
from companion.storage.codec import to_full_document
from companion.storage.migrations import SCHEMA_VERSION

# Takes the store's writer lock, says so, and keeps it until its stdin closes.
LOCK_HOLDER = """
import sys
from pathlib import Path
from companion.storage.lock import StoreLock

with StoreLock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def backup_bytes(*, people: int = 2, events: int = 1, start: int = 0) -> bytes:
    """A valid backup of ``people`` people and ``events`` events with stable ids (every field
    written, as the app exports them)."""
    tables: dict[str, dict[str, object]] = {"people": {}, "events": {}}
    for index in range(start, start + people):
        person = Person(
            name=f"Person {index}",
            id=f"person{index:027d}",
            emails=(f"p{index}@example.org",),
            first_met=date(2024, 5, 1),
        )
        tables["people"][person.id] = to_full_document(person)
    for index in range(start, start + events):
        event = Event(
            title=f"Event {index}",
            id=f"event{index:028d}",
            start=datetime(2024, 5, 1, 18, 0, tzinfo=UTC),
        )
        tables["events"][event.id] = to_full_document(event)
    return write_backup(
        tables, schema_version=SCHEMA_VERSION, exported_at=datetime(2024, 6, 1, tzinfo=UTC)
    )


@pytest.fixture
def core_backup_file(tmp_path: Path) -> Callable[..., Path]:
    """``make(name, people=2, events=1, start=0)``: write a valid backup file and return it."""

    def make(name: str = "backup.json", **counts: int) -> Path:
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(backup_bytes(**counts))
        return path

    return make


@pytest.fixture
def core_bad_file(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """``make(name, content)``: write a file that is not importable and return it."""

    def make(name: str, content: bytes) -> Path:
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path

    return make


@pytest.fixture
def core_locked_store(data_dir: Path) -> Iterator[Path]:
    """Another process holds the writer lock of ``data_dir`` for the duration of the test."""
    data_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    assert process.stdout.readline().strip() == "locked"
    yield data_dir
    process.stdin.close()
    process.wait(timeout=30)


def parse_backup(text: str) -> dict[str, object]:
    value = orjson.loads(text)
    assert isinstance(value, dict)
    return value


def folder_state(folder: Path) -> dict[str, bytes]:
    """The store's own files in ``folder`` with their bytes.

    Left out: the lock file (it holds nothing) and the ``backups/`` folder, where the app may
    take a safety copy before an import.
    """
    if not folder.exists():
        return {}
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != "store.lock"
    }
