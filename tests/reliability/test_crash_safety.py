"""Acknowledged writes survive kill -9; a crash never leaves a store that will not open."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.storage.encryption import AesGcmCipher, new_data_key, new_key_id
from companion.storage.errors import StoreWriteError
from companion.storage.store import Store
from tests.reliability.crash_harness import run_rounds

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path: Path) -> None:
    # Given a writer that reports each saved person, killed 100 times at random moments
    folder = tmp_path / "data"
    key = (new_data_key(), new_key_id())
    report = run_rounds(folder, rounds=100, cipher_key=key, seed=20261125)
    # Then after every kill the store opened and held every acknowledged write
    assert report.unopenable == []
    assert report.lost == []
    assert report.damaged == []
    assert report.acknowledged > 100
    # And the next writer cleans up temp files a kill left behind
    Store.open(folder, cipher=AesGcmCipher(*key)).close()
    assert not list(folder.glob("*.tmp-*"))


@pytest.fixture
def cipher() -> AesGcmCipher:
    return AesGcmCipher(new_data_key(), new_key_id())


def _disk_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EROFS, errno.EIO])
def test_failed_append_keeps_previous_data(
    folder: Path, cipher: AesGcmCipher, monkeypatch: pytest.MonkeyPatch, failure: int
) -> None:
    # Given a store holding Ada
    with Store.open(folder, cipher=cipher) as store:
        store.people.put(Person(id="ada", name="Ada"))
        before = _disk_files(folder)

        # When the disk fills up (or turns read-only, or fails) during the next write
        def failing_write(descriptor: int, data: bytes) -> int:
            raise OSError(failure, os.strerror(failure))

        monkeypatch.setattr(os, "write", failing_write)
        with pytest.raises(StoreWriteError) as raised:
            store.people.put(Person(id="grace", name="Grace"))
        monkeypatch.undo()

        # Then the message says why, the files are unchanged, and memory matches the disk
        assert os.strerror(failure) in str(raised.value)
        assert "intact" in str(raised.value)
        assert _disk_files(folder) == before
        assert store.people.get("grace") is None
        assert store.people.get("ada") is not None
        # And the store keeps working once the disk is back
        store.people.put(Person(id="grace", name="Grace"))
    with Store.open(folder, cipher=cipher, read_only=True) as reopened:
        assert {person.id for person in reopened.people} == {"ada", "grace"}


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_failed_compaction_keeps_previous_data(
    folder: Path, cipher: AesGcmCipher, monkeypatch: pytest.MonkeyPatch, failure: int
) -> None:
    with Store.open(folder, cipher=cipher) as store:
        store.people.put(Person(id="ada", name="Ada"))
        before = _disk_files(folder)
        real_open = os.open

        def failing_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
            if ".tmp-" in str(path):
                raise OSError(failure, os.strerror(failure))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", failing_open)
        with pytest.raises(StoreWriteError):
            store.compact()
        monkeypatch.undo()
        assert _disk_files(folder) == before
        assert store.people.get("ada") is not None
    assert not list(folder.glob("*.tmp-*"))
