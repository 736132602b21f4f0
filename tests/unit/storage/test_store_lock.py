"""One writer per store: a second writer is refused, readers work alongside."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.storage.errors import StoreLockedError, StoreReadOnlyError
from companion.storage.store import Store

# Opens the store for writing, says so, and holds it until its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from companion.storage.store import Store
from companion.domain.people import Person

with Store.open(Path(sys.argv[1])) as store:
    store.people.put(Person(name="Held by another process"))
    print("locked", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def core_lock_holder(core_data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that has the store in ``core_data_dir`` open for writing."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(core_data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready = process.stdout.readline()
    assert ready.strip() == "locked", process.stderr.read() if process.stderr else ""
    yield process
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=30)


def test_second_writer_in_another_process_is_refused(
    core_data_dir: Path, core_lock_holder: subprocess.Popen[str]
) -> None:
    # Given another process writing to the store
    before = (core_data_dir / "store.json").read_bytes()
    # When this process opens it for writing
    with pytest.raises(StoreLockedError) as caught:
        Store.open(core_data_dir)
    # Then the message names the folder and says what to do, and the file is untouched
    assert str(core_data_dir) in str(caught.value)
    assert "Another Common Ground is using the data" in str(caught.value)
    assert (core_data_dir / "store.json").read_bytes() == before


def test_reader_works_while_another_process_writes(
    core_data_dir: Path, core_lock_holder: subprocess.Popen[str]
) -> None:
    # Given another process writing to the store
    # When this process opens it read-only
    with Store.open(core_data_dir, read_only=True) as reader:
        # Then it sees the data and cannot change it
        assert [person.name for person in reader.people] == ["Held by another process"]
        with pytest.raises(StoreReadOnlyError):
            reader.people.put(Person(name="Intruder"))


def test_lock_is_released_when_the_holder_ends(
    core_data_dir: Path, core_lock_holder: subprocess.Popen[str]
) -> None:
    # Given the other process ends (closing its stdin lets it finish)
    assert core_lock_holder.stdin is not None
    core_lock_holder.stdin.close()
    assert core_lock_holder.wait(timeout=30) == 0
    # When this process opens the store / Then it gets it
    with Store.open(core_data_dir) as store:
        assert len(store.people) == 1


def test_lock_is_released_when_the_holder_is_killed(
    core_data_dir: Path, core_lock_holder: subprocess.Popen[str]
) -> None:
    # A crash never leaves a stale lock: the kernel drops it with the process.
    core_lock_holder.kill()
    core_lock_holder.wait(timeout=30)
    with Store.open(core_data_dir) as store:
        assert len(store.people) == 1


def test_second_writer_in_the_same_process_is_refused(core_data_dir: Path) -> None:
    # Given the store open for writing in this process
    with Store.open(core_data_dir):
        # When it is opened for writing a second time / Then that is refused
        with pytest.raises(StoreLockedError):
            Store.open(core_data_dir)
        # And a reader still works
        with Store.open(core_data_dir, read_only=True) as reader:
            assert reader.read_only
    # And once closed, the store opens again
    with Store.open(core_data_dir) as store:
        assert not store.read_only


def test_closing_twice_is_harmless(core_data_dir: Path) -> None:
    store = Store.open(core_data_dir)
    store.close()
    store.close()
    with Store.open(core_data_dir):
        pass
