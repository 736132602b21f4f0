"""The complete, versioned JSON backup: every table, as stored, with the schema version.

The envelope is small and stable: ``{"format": "common-ground-backup", "backup_version": 1,
"schema_version": N, "exported_at": ISO, "app_version": V, "tables": {...}}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from companion import __version__
from companion.i18n import _
from companion.interop.errors import FormatError

FORMAT_NAME = "common-ground-backup"
BACKUP_VERSION = 1


@dataclass(frozen=True, slots=True)
class Backup:
    schema_version: int
    tables: dict[str, dict[str, Any]]
    exported_at: str = ""


def write_backup(
    tables: dict[str, dict[str, Any]], *, schema_version: int, exported_at: datetime
) -> bytes:
    envelope = {
        "format": FORMAT_NAME,
        "backup_version": BACKUP_VERSION,
        "schema_version": schema_version,
        "app_version": __version__,
        "exported_at": exported_at.isoformat(),
        "tables": tables,
    }
    return orjson.dumps(envelope, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def read_backup(data: bytes) -> Backup:
    """Parse a backup file; raises ``FormatError`` naming the problem."""
    try:
        envelope = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise FormatError(
            _("not valid JSON ({detail})").format(detail=str(error)),
            location=_("line {line}").format(line=error.lineno),
        ) from error
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT_NAME:
        raise FormatError(_("this is not a Common Ground backup"))
    backup_version = envelope.get("backup_version")
    if not isinstance(backup_version, int) or backup_version > BACKUP_VERSION:
        raise FormatError(_("this backup was made by a newer Common Ground; please update the app"))
    schema_version = envelope.get("schema_version")
    if not isinstance(schema_version, int) or schema_version < 1:
        raise FormatError(_("the backup does not say which data format it holds"))
    tables = envelope.get("tables")
    if not isinstance(tables, dict):
        raise FormatError(_("the backup holds no tables"))
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise FormatError(
                _("the table is damaged"), location=_("table “{table}”").format(table=name)
            )
    exported_at = envelope.get("exported_at", "")
    return Backup(
        schema_version=schema_version,
        tables=tables,
        exported_at=exported_at if isinstance(exported_at, str) else "",
    )
