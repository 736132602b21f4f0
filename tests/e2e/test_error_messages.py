"""Errors a user can cause, each in words of its own: never "unexpected problem", never a
traceback, never an untrue message ("There are no backups yet", "wrong passphrase").

Some need a system state a test cannot make as root or without a second disk (a read-only
disk, an unreadable folder, a full disk): those run ``companion.cli.main`` in this process with
the system call failing the way the system would fail it.
"""

from __future__ import annotations

import base64
import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import pytest

from companion import cli
from companion.services.data.importing import import_files
from companion.storage.errors import StoreWriteError
from companion.storage.keys import key_file
from companion.storage.lock import StoreLock
from companion.storage.store import Store
from tests.e2e.conftest import folder_state

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and pipes")


def _clean(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "unexpected problem" not in stderr


@posix_only
def test_backup_list_into_a_pipe_closed_early_is_quiet(
    companion_cli: Cli, core_backup_file: Callable[..., Path], data_dir: Path
) -> None:
    # Given backups to list
    for start in (0, 10, 20):
        assert (
            companion_cli("import", core_backup_file(f"b{start}.json", start=start)).returncode == 0
        )
    # When the list goes to a reader that is gone before it is written (`| head -0`)
    reader, writer = os.pipe()
    os.close(reader)
    try:
        listed = subprocess.run(
            [sys.executable, "-m", "companion.cli", "backup", "list"],
            stdout=writer,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    # Then it ends quietly with status 0
    assert listed.returncode == 0
    assert listed.stderr == ""


def test_an_unknown_backup_id_is_bad_input(
    companion_cli: Cli, core_backup_file: Callable[..., Path]
) -> None:
    assert companion_cli("import", core_backup_file()).returncode == 0
    result = companion_cli("backup", "restore", "20990101-000000-daily")
    assert result.returncode == 2
    assert "There is no backup “20990101-000000-daily”" in result.stderr
    _clean(result.stderr)


@posix_only
def test_a_data_folder_made_read_only_by_the_user_is_refused_not_chmod_ed(
    companion_cli: Cli, core_backup_file: Callable[..., Path], data_dir: Path
) -> None:
    # Given a store whose folder the user made read-only (0500)
    assert companion_cli("import", core_backup_file()).returncode == 0
    before = folder_state(data_dir)
    data_dir.chmod(0o500)
    try:
        # When something is imported
        result = companion_cli("import", core_backup_file("more.json", start=10))
        mode = data_dir.stat().st_mode & 0o777
    finally:
        data_dir.chmod(0o700)
    # Then it is refused with what to do, the permissions are the user's, nothing changed
    assert result.returncode == 1
    assert "permissions are 0500" in result.stderr and "chmod 700" in result.stderr
    _clean(result.stderr)
    assert mode == 0o500
    assert folder_state(data_dir) == before


@posix_only
def test_a_folder_open_to_others_is_still_made_private(companion_cli: Cli, data_dir: Path) -> None:
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    assert companion_cli("export", "--format", "json").returncode == 0
    Store.open(data_dir).close()
    assert data_dir.stat().st_mode & 0o777 == 0o700


def test_a_data_folder_on_a_read_only_disk_says_so(
    data_dir: Path,
    core_backup_file: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a disk that refuses every new file in the data folder
    data_dir.mkdir(mode=0o700)

    def read_only(lock: StoreLock) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(data_dir / "store.lock"))

    monkeypatch.setattr(StoreLock, "acquire", read_only)
    # When something is imported
    status = cli.main(["import", str(core_backup_file())])
    # Then the message says the disk is read-only and what to do
    stderr = capsys.readouterr().err
    assert status == 1
    assert "is on a read-only disk" in stderr and "--data-dir" in stderr
    _clean(stderr)


def test_an_unreadable_backups_folder_is_not_reported_as_no_backups(
    companion_cli: Cli,
    core_backup_file: Callable[..., Path],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given backups in a folder the user may not read
    assert companion_cli("import", core_backup_file()).returncode == 0
    backups = data_dir / "backups"
    assert any(backups.iterdir())
    real_scandir = os.scandir

    def refused(path: object = ".") -> object:
        if Path(str(path)) == backups:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refused)
    # When the backups are listed
    status = cli.main(["backup", "list"])
    # Then the list says why it cannot list them
    out = capsys.readouterr()
    assert status == 1
    assert "There are no backups yet" not in out.out
    assert "backups folder" in out.err and "cannot be read" in out.err
    _clean(out.err)


def test_a_damaged_keys_file_is_not_called_a_wrong_passphrase(
    companion_cli: Cli,
    core_backup_file: Callable[..., Path],
    data_dir: Path,
    request: pytest.FixtureRequest,
) -> None:
    # Given a passphrase-protected store whose keys file has one changed byte in its key id
    request.getfixturevalue("no_keyring")
    passphrase = {"COMPANION_PASSPHRASE": "a long enough passphrase"}
    assert companion_cli("import", core_backup_file(), env=passphrase).returncode == 0
    info = orjson.loads(key_file(data_dir).read_bytes())
    key_id = bytearray(base64.b64decode(info["key_id"]))
    key_id[0] ^= 0x01
    info["key_id"] = base64.b64encode(bytes(key_id)).decode()
    key_file(data_dir).write_bytes(orjson.dumps(info))
    # When the right passphrase is given
    result = companion_cli("export", "--format", "json", env=passphrase)
    # Then the message names the damaged file, not the passphrase
    assert result.returncode == 2
    assert "keys.json is damaged" in result.stderr
    assert "passphrase does not unlock" not in result.stderr
    _clean(result.stderr)


def test_a_full_disk_during_an_import_leaves_no_pre_import_backup(
    data_dir: Path,
    core_backup_file: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a store with data, and a disk that fills up when the import is saved
    assert cli.main(["import", str(core_backup_file())]) == 0
    backups_before = sorted((data_dir / "backups").iterdir())
    real_batch = Store.batch

    @contextmanager
    def full_disk(store: Store) -> Iterator[None]:
        with real_batch(store):
            yield
            cause = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            raise StoreWriteError(store.path, os.strerror(errno.ENOSPC)) from cause

    monkeypatch.setattr(Store, "batch", full_disk)
    capsys.readouterr()
    # When another import is made
    status = cli.main(["import", str(core_backup_file("more.json", start=10))])
    # Then it says the disk is full and nothing changed, and the backup it took is gone again
    stderr = capsys.readouterr().err
    assert status == 1
    assert "No space left on device" in stderr and "previous data is intact" in stderr
    _clean(stderr)
    assert sorted((data_dir / "backups").iterdir()) == backups_before


def test_the_import_service_removes_its_backup_when_the_save_fails(
    data_dir: Path, core_backup_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.storage.backups import Backups
    from companion.storage.ciphers import PlainCipher

    with Store.open(data_dir) as store:
        backups = Backups(data_dir, PlainCipher())
        import_files(store, [core_backup_file()], backups=backups)
        assert len(backups.list()) == 1

        real_batch = Store.batch

        @contextmanager
        def fails_on_save(store: Store) -> Iterator[None]:
            with real_batch(store):
                yield
                raise StoreWriteError(store.path, "No space left on device")

        monkeypatch.setattr(Store, "batch", fails_on_save)
        with pytest.raises(StoreWriteError):
            import_files(store, [core_backup_file("more.json", start=10)], backups=backups)
        assert len(backups.list()) == 1
