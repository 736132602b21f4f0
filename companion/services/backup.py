"""Full JSON backup: export everything, restore it losslessly, merge by record id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from companion.domain.events import Event
from companion.domain.interests import Interest
from companion.domain.openers import Opener
from companion.domain.people import Encounter, Offer, Person
from companion.domain.profile import Profile
from companion.i18n import _
from companion.interop.errors import FormatError
from companion.interop.json_backup import read_backup, write_backup
from companion.services.changes import ChangeSet
from companion.services.clock import Clock, system_clock
from companion.storage.codec import DecodeError, from_document, to_document
from companion.storage.migrations import SCHEMA_VERSION, migrate, set_schema_version
from companion.storage.store import Store

RECORD_TYPES: dict[str, type[Any]] = {
    "people": Person,
    "events": Event,
    "encounters": Encounter,
    "offers": Offer,
    "openers": Opener,
    "interests": Interest,
    "profile": Profile,
}


KEY_FIELDS = {"interests": "slug"}


@dataclass(frozen=True, slots=True)
class ImportSummary:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    changes: ChangeSet = field(default_factory=ChangeSet)


def export_backup(store: Store, *, clock: Clock = system_clock) -> bytes:
    return write_backup(store.record_tables(), schema_version=SCHEMA_VERSION, exported_at=clock())


def validated_tables(data: bytes) -> dict[str, dict[str, Any]]:
    """The backup's tables brought to the current schema, every record checked.

    Raises ``FormatError`` naming the table and record that is wrong.
    """
    backup = read_backup(data)
    if backup.schema_version > SCHEMA_VERSION:
        raise FormatError(_("this backup was made by a newer Common Ground; please update the app"))
    tables = {name: table for name, table in backup.tables.items() if not name.startswith("_")}
    set_schema_version(tables, backup.schema_version)
    current = migrate(tables)
    records = {name: table for name, table in current.items() if not name.startswith("_")}
    for name, table in records.items():
        record_type = RECORD_TYPES.get(name)
        if record_type is None:
            raise FormatError(_("unknown table “{table}”").format(table=name))
        for key, document in table.items():
            try:
                record = from_document(record_type, document)
                own_key = getattr(record, KEY_FIELDS.get(name, "id"), key)
                if name != "profile" and own_key != key:
                    raise DecodeError(
                        _("its key “{key}” differs from its own id “{own}”").format(
                            key=key, own=own_key
                        )
                    )
                table[key] = to_document(record)
            except DecodeError as error:
                raise FormatError(
                    str(error),
                    location=_("record “{key}” in “{table}”").format(key=key, table=name),
                ) from error
    return records


def import_backup(store: Store, data: bytes) -> ImportSummary:
    """Merge a backup into ``store`` in one all-or-nothing write; same id = same record."""
    incoming = validated_tables(data)
    existing = store.record_tables()
    added: dict[str, set[str]] = {}
    updated: dict[str, set[str]] = {}
    skipped = 0
    to_write: dict[str, dict[str, dict[str, Any]]] = {}
    for name, table in incoming.items():
        current = existing.get(name, {})
        for key, document in table.items():
            if key not in current:
                added.setdefault(name, set()).add(key)
            elif current[key] == document:
                skipped += 1
                continue
            else:
                updated.setdefault(name, set()).add(key)
            to_write.setdefault(name, {})[key] = document
    if to_write:
        with store.batch():
            for name, documents in to_write.items():
                store.put_documents(name, documents)
    return ImportSummary(
        added=sum(len(keys) for keys in added.values()),
        updated=sum(len(keys) for keys in updated.values()),
        skipped=skipped,
        changes=ChangeSet(
            added={name: frozenset(keys) for name, keys in added.items()},
            updated={name: frozenset(keys) for name, keys in updated.items()},
        ),
    )


def export_empty_backup(*, clock: Clock = system_clock) -> bytes:
    """The backup of a store that does not exist yet (nothing recorded so far)."""
    return write_backup({}, schema_version=SCHEMA_VERSION, exported_at=clock())
