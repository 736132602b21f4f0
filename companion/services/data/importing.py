"""Import a file of any supported kind, recognised by its content; all or nothing."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from companion.domain.limits import MAX_IMPORT_BYTES
from companion.i18n import _
from companion.interop.errors import FormatError
from companion.interop.text_decoding import decode_text
from companion.services.clock import system_clock
from companion.services.data.backup import ImportSummary
from companion.services.data.formats import detect_format, text_suffixes
from companion.services.data.formats_entry import FileFormat, ImportRequest
from companion.services.errors import ImportFailed

if TYPE_CHECKING:
    from companion.services.events.event_import import InferInterests
from companion.storage.backups import Backups, Snapshot, SnapshotReason
from companion.storage.store import Store
from companion.storage.store_file import Tables

_T = TypeVar("_T")

# Beside each snapshot's data file (storage/backups.py): its sealed date, reason and counts.
_SNAPSHOT_META_SUFFIX = ".meta"
# Opened without blocking: a file swapped for a FIFO after the check below must not hang the
# open (a FIFO's read end opens at once with O_NONBLOCK). No effect on a regular file.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def _not_a_file(mode: int) -> str | None:
    """Why a file of ``mode`` is not read ("a named pipe…"); ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("this is a folder, not a file")
    if stat.S_ISFIFO(mode):
        return _("this is a named pipe (FIFO), not a file; only regular files are imported")
    if stat.S_ISSOCK(mode):
        return _("this is a socket, not a file; only regular files are imported")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("this is a device, not a file; only regular files are imported")
    return _("this is not a regular file; only regular files are imported")


def _too_large(limit: int) -> str:
    return _("the file is larger than {limit} MB, the most one import reads").format(
        limit=limit // (1024 * 1024)
    )


def read_import_file(path: Path, *, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    FIFOs, devices (``/dev/zero``) and sockets are refused before they are opened, and again
    by what was opened; reading stops at ``limit`` whatever the file's size claims (a file can
    grow while it is read). Raises ``ImportFailed`` with the reason.
    """
    try:
        reason = _not_a_file(path.stat().st_mode)
        if reason is not None:
            raise ImportFailed(path, reason)
        descriptor = os.open(path, _OPEN_FLAGS)
        try:
            status = os.fstat(descriptor)
            reason = _not_a_file(status.st_mode)
            if reason is not None:
                raise ImportFailed(path, reason)
            return _read_at_most(descriptor, limit, size_hint=status.st_size, path=path)
        finally:
            os.close(descriptor)
    except FileNotFoundError as error:
        raise ImportFailed(path, _("no such file")) from error
    except IsADirectoryError as error:
        raise ImportFailed(path, _("this is a folder, not a file")) from error
    except PermissionError as error:
        raise ImportFailed(path, _("permission denied")) from error
    except OSError as error:
        raise ImportFailed(path, error.strerror or str(error)) from error


def check_import_path(path: Path) -> None:
    """Raise ``ImportFailed`` when ``path`` is missing or no regular file; opens nothing.

    For the sender of a forwarded import: a typo or a FIFO is answered at once, rather than
    after the imports the running app is busy with.
    """
    try:
        reason = _not_a_file(path.stat().st_mode)
    except FileNotFoundError as error:
        raise ImportFailed(path, _("no such file")) from error
    except PermissionError as error:
        raise ImportFailed(path, _("permission denied")) from error
    except OSError:
        return  # the import proper names it, with the same reading rules
    if reason is not None:
        raise ImportFailed(path, reason)


def read_import_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of ``path`` to guess its kind; empty when it is no regular
    file or cannot be read (the import proper then names the problem). Never blocks."""
    try:
        if _not_a_file(path.stat().st_mode) is not None:
            return b""
        descriptor = os.open(path, _OPEN_FLAGS)
        try:
            if _not_a_file(os.fstat(descriptor).st_mode) is not None:
                return b""
            return os.read(descriptor, size)
        finally:
            os.close(descriptor)
    except OSError:
        return b""


def _read_at_most(descriptor: int, limit: int, *, size_hint: int, path: Path) -> bytes:
    """Read to the end, or fail once more than ``limit`` bytes came.

    The first read asks for the size the file claims (plus one byte, to see the end), so a
    normal file is read in one call into one buffer, without a second copy.
    """
    parts: list[bytes] = []
    received = 0
    wanted = min(max(size_hint, 0) + 1, limit + 1)
    while True:
        chunk = os.read(descriptor, max(wanted, 1))
        if not chunk:
            break
        parts.append(chunk)
        received += len(chunk)
        if received > limit:
            raise ImportFailed(path, _too_large(limit))
        wanted = min(4 * 1024 * 1024, limit + 1 - received)
    return parts[0] if len(parts) == 1 else b"".join(parts)


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """One file read and matched against the store, ready to be written (``apply_file``)."""

    path: Path
    file_format: FileFormat
    request: ImportRequest
    #: What the format's ``Staged.plan`` gave.
    plan: object = None
    #: A format without a staged import: its bytes, imported whole by ``apply_file``.
    data: bytes = field(default=b"", repr=False)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """Every file of one import, planned in order (each against the ones before it)."""

    files: tuple[PlannedFile, ...]
    #: The plan already written on the scratch store it was made on: the documents it puts,
    #: by table, and what each file gave. ``None`` when it must be applied to the store itself
    #: (it removes documents).
    written: WrittenPlan | None = None


@dataclass(frozen=True, slots=True)
class WrittenPlan:
    """What applying an ``ImportPlan`` puts in a store unchanged since the plan was made."""

    documents: dict[str, dict[str, Any]]
    results: tuple[tuple[Path, ImportSummary], ...]


def plan_file(
    store: Store,
    path: Path,
    *,
    now: datetime | None = None,
    infer_interests: InferInterests | None = None,
) -> PlannedFile:
    """Read, recognise and match ``path`` against ``store``, writing nothing.

    Raises ``ImportFailed`` when the file cannot be imported (its reason in the message).
    """
    data = read_import_file(path)
    file_format = detect_format(data, file_name=path.name)
    if file_format is None:
        raise _unreadable(path, data)
    request = ImportRequest(
        file_name=path.name, now=now or system_clock(), infer_interests=infer_interests
    )
    if file_format.staged is None:
        return PlannedFile(path, file_format, request, data=data)
    try:
        return PlannedFile(
            path, file_format, request, file_format.staged.plan(store, data, request)
        )
    except FormatError as error:
        raise ImportFailed(path, str(error)) from error


def _unreadable(path: Path, data: bytes) -> ImportFailed:
    if not data.strip():
        return ImportFailed(path, _("the file is empty"))
    if path.suffix.lower() in text_suffixes():
        try:
            # A contacts or calendar file by its name that is no text: say what is wrong and
            # where ("NUL bytes … line 3") rather than only that its kind is unknown.
            decode_text(data)
        except FormatError as error:
            return ImportFailed(path, str(error))
    return ImportFailed(
        path, _("this is not a file Common Ground can read (a backup .json, .ics, .vcf or .csv)")
    )


def apply_file(store: Store, planned: PlannedFile) -> ImportSummary:
    """Write what ``plan_file`` planned, in one change; ``ImportFailed`` changes nothing."""
    file_format = planned.file_format
    try:
        if file_format.staged is None:
            return file_format.import_at_once(store, planned.data, planned.request)
        return file_format.staged.apply(store, planned.plan)
    except FormatError as error:
        raise ImportFailed(planned.path, str(error)) from error


def import_file(
    store: Store,
    path: Path,
    *,
    now: datetime | None = None,
    infer_interests: InferInterests | None = None,
) -> ImportSummary:
    """Import ``path`` into ``store``; raises ``ImportFailed`` and changes nothing on error.

    Calendars (``.ics``) skip the events they cannot give and say which in the summary's
    ``problems`` (an ``EventImportSummary``); ``now`` decides which occurrences of a
    repeating event are imported.
    """
    return apply_file(store, plan_file(store, path, now=now, infer_interests=infer_interests))


def import_files(
    store: Store,
    files: list[Path],
    *,
    backups: Backups | None = None,
    infer_interests: InferInterests | None = None,
) -> list[tuple[Path, ImportSummary]]:
    """Import several files as one change: all of them, or (on any error) none.

    Each file is read against the store as the files before it left it; ``write_import``
    takes the snapshot.
    """

    def write() -> list[tuple[Path, ImportSummary]]:
        return [(file, import_file(store, file, infer_interests=infer_interests)) for file in files]

    return write_import(store, backups, write)


def plan_import(tables: Tables, files: list[Path], *, now: datetime) -> ImportPlan:
    """Read and match ``files`` against ``tables`` (a copy from ``Store.tables()``), on any
    thread: the files are planned on a scratch store, each one applied there before the next
    is read, so the plan is the one ``import_files`` would make on a store holding ``tables``.
    ``apply_import`` writes it, on the store's thread."""
    # The scratch store changes the tables it is given in place: what they held before.
    before = {name: dict(table) for name, table in tables.items()}
    scratch = Store.scratch(tables)
    planned: list[PlannedFile] = []
    results: list[tuple[Path, ImportSummary]] = []
    for file in files:
        planned.append(plan_file(scratch, file, now=now))
        results.append((file, apply_file(scratch, planned[-1])))
    # Written here too, so that encoding thousands of records to documents happens on this
    # thread: the store's thread then only puts the documents that changed.
    return ImportPlan(tuple(planned), _written(before, scratch.tables(), results))


def _written(
    before: Tables, after: Tables, results: list[tuple[Path, ImportSummary]]
) -> WrittenPlan | None:
    documents: dict[str, dict[str, Any]] = {}
    for name, table in after.items():
        old = before.get(name, {})
        if old.keys() - table.keys():
            return None
        # Writes replace documents and never change one in place: a new object is a change.
        changed = {key: document for key, document in table.items() if old.get(key) is not document}
        if changed:
            documents[name] = changed
    if before.keys() - after.keys():
        return None
    return WrittenPlan(documents, tuple(results))


def apply_import(
    store: Store, plan: ImportPlan, *, backups: Backups | None = None
) -> list[tuple[Path, ImportSummary]]:
    """Write a plan made by ``plan_import``: one change, all files or (on any error) none.

    Valid only on the store the plan was made from, unchanged since (``Store.revision``):
    otherwise plan again.
    """
    written = plan.written
    if written is None:
        return write_import(
            store, backups, lambda: [(file.path, apply_file(store, file)) for file in plan.files]
        )

    def write() -> list[tuple[Path, ImportSummary]]:
        for name, documents in written.documents.items():
            store.put_documents(name, documents)
        return list(written.results)

    return write_import(store, backups, write)


def write_import(store: Store, backups: Backups | None, write: Callable[[], _T]) -> _T:
    """Every import's write (the command line's, a forwarded one, the window's preview): one
    all-or-nothing change, and a snapshot of the store as it was before, taken inside it.

    The snapshot is written only once ``write`` has succeeded: a failed import leaves the
    backups folder alone too, rather than pushing an older good backup out of the rotation.
    Even a successful import can so be undone from File > Restore from backup.
    """
    # The tables as they are before the import (writes replace documents, never change them
    # in place).
    before = store.tables()
    snapshot = None
    try:
        with store.batch():
            result = write()
            if backups is not None:
                snapshot = backups.snapshot(SnapshotReason.IMPORT, tables=before)
    except BaseException:
        if snapshot is not None:
            # The import was not saved (a full disk, say): a backup "before an import" that
            # never happened would only take the place of a useful one, and the disk space.
            _discard(snapshot)
        raise
    return result


def _discard(snapshot: Snapshot) -> None:
    for path in (snapshot.path, snapshot.path.with_suffix(_SNAPSHOT_META_SUFFIX)):
        with contextlib.suppress(OSError):
            path.unlink()
