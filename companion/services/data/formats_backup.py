"""The complete JSON backup: what ``import`` restores losslessly."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from companion.i18n import N_
from companion.interop.detect import Sniffed
from companion.services.data.formats_entry import (
    Export,
    ExportedFile,
    FileFormat,
    Holds,
    ImportRequest,
    Staged,
)

if TYPE_CHECKING:
    from companion.services.data.backup import ImportSummary
    from companion.services.data.exporting import ExportOptions
    from companion.storage.store import Store


def _recognise(sniffed: Sniffed) -> bool:
    return sniffed.head.startswith(b"{") and b"COMMON-GROUND-BACKUP" in sniffed.head


def _read(_store: Store, data: bytes, _request: ImportRequest) -> object:
    # Parsing and checking every record is the slow part; the merge needs the store as it is.
    from companion.services.data.backup import validated_tables

    return validated_tables(data)


def _merge(store: Store, tables: object) -> ImportSummary:
    from companion.services.data.backup import merge_backup

    assert isinstance(tables, dict)
    return merge_backup(store, tables)


_STAGED = Staged(_read, _merge)


def _write(store: Store | None, _options: ExportOptions | None, now: datetime) -> ExportedFile:
    # No options: written without importing the other formats' writers (~200 ms).
    from companion.services.data.backup import export_backup, export_empty_backup

    if store is None:
        return ExportedFile(export_empty_backup(clock=lambda: now), 0)
    return ExportedFile(export_backup(store, clock=lambda: now), len(store.people))


JSON_BACKUP = FileFormat(
    name="json",
    label=N_("Common Ground backups"),
    suffixes=(".json",),
    holds=Holds.BACKUP,
    recognise=_recognise,
    import_at_once=_STAGED.at_once,
    staged=_STAGED,
    # Binary or not, a .json that is no backup is told so (the backup reader says why).
    text=False,
    export=Export(
        write=_write,
        choice=N_("Complete backup, not encrypted (.json)"),
        hint=N_(
            "Everything you recorded, readable by other programs. Import it again to restore it, "
            "here or on another computer."
        ),
        help=N_("the complete backup that import restores"),
        file_stem="common-ground-backup",
    ),
)
