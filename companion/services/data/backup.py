"""Full JSON backup: export everything, restore it losslessly, merge by record id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from companion.domain.events import Event
from companion.domain.interests import Interest
from companion.domain.limits import (
    MAX_BACKUP_RECORDS,
    MAX_VALUE_LENGTH,
    MAX_VALUES_PER_PERSON,
    is_record_id,
    name_control_character,
)
from companion.domain.openers import Opener
from companion.domain.people import Encounter, Person, Promise
from companion.domain.profile import Profile
from companion.i18n import _
from companion.interop.errors import FormatError
from companion.interop.import_limits import (
    control_character,
    invalid_id,
    too_many_records,
    too_many_values,
    value_too_long,
)
from companion.interop.json_backup import read_backup, write_backup
from companion.services.changes import ChangeSet
from companion.services.clock import Clock, system_clock
from companion.storage.codec import DecodeError, from_document, to_document, with_defaults
from companion.storage.migrations import SCHEMA_VERSION, migrate, set_schema_version
from companion.storage.store import Store

RECORD_TYPES: dict[str, type[Any]] = {
    "people": Person,
    "events": Event,
    "encounters": Encounter,
    "offers": Promise,
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
    # Every field written, as the backup always had them: the store leaves defaults out, but
    # a file read by people and other tools keeps its shape.
    tables = {
        name: (
            {key: with_defaults(RECORD_TYPES[name], doc) for key, doc in table.items()}
            if name in RECORD_TYPES
            else table
        )
        for name, table in store.record_tables().items()
    }
    return write_backup(tables, schema_version=SCHEMA_VERSION, exported_at=clock())


def validated_tables(data: bytes) -> dict[str, dict[str, Any]]:
    """The backup's tables brought to the current schema, every record checked.

    Raises ``FormatError`` naming the table and record that is wrong.
    """
    backup = read_backup(data)
    if backup.schema_version > SCHEMA_VERSION:
        raise FormatError(_("this backup was made by a newer Common Ground; please update the app"))
    tables = {name: table for name, table in backup.tables.items() if not name.startswith("_")}
    check_backup_limits(tables)
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


# Fields holding the ids of other records (``source_ids`` name records elsewhere: not ours).
_REFERENCE_FIELDS = frozenset({"person_id", "event_id", "event_ids", "opener_ids", "person_ids"})


def check_backup_limits(tables: dict[str, dict[str, Any]]) -> None:
    """Refuse, before anything is decoded, a backup past a limit or with a hostile value.

    A backup is restored whole or not at all, so one bad record refuses the file (named):
    more records than one import takes, an id that is no id (``=HYPERLINK(…)``, 5 MB long),
    a NUL anywhere, a control character in a name, too many addresses for one person.
    """
    for name, table in tables.items():
        limit = MAX_BACKUP_RECORDS.get(name)
        if limit is not None and len(table) > limit:
            raise FormatError(too_many_records(name, limit))
        for key, document in table.items():
            try:
                _check_record(name, key, document)
            except FormatError as error:
                where = (
                    _("record “{key}” in “{table}”").format(key=key, table=name)
                    if is_record_id(key)
                    else _("a record in “{table}”").format(table=name)
                )
                raise FormatError(error.message, location=where) from None


def _check_record(table: str, key: str, document: dict[str, Any]) -> None:
    if table not in ("profile", "interests") and not is_record_id(key):
        raise FormatError(invalid_id(key))
    for field_name, value in document.items():
        if field_name in _REFERENCE_FIELDS or (field_name == "id" and table != "profile"):
            for reference in value if isinstance(value, list) else [value]:
                if reference is not None and not is_record_id(reference):
                    raise FormatError(invalid_id(str(reference)))
    if _holds_nul(document):
        raise FormatError(control_character("U+0000"))
    if table == "people":
        name = document.get("name")
        code = name_control_character(name) if isinstance(name, str) else None
        if code is not None:
            raise FormatError(control_character(code))
        for kind in ("emails", "phones", "links"):
            values = document.get(kind)
            if isinstance(values, list) and len(values) > MAX_VALUES_PER_PERSON:
                raise FormatError(too_many_values(kind, len(values)))
        for kind in ("emails", "phones", "links", "tags", "interests", "source_ids"):
            values = document.get(kind)
            if isinstance(values, list) and any(
                isinstance(value, str) and len(value) > MAX_VALUE_LENGTH for value in values
            ):
                raise FormatError(value_too_long())


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\0" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def import_backup(store: Store, data: bytes) -> ImportSummary:
    """Merge a backup into ``store`` in one all-or-nothing write; same id = same record."""
    return merge_backup(store, validated_tables(data))


def merge_backup(store: Store, incoming: dict[str, dict[str, Any]]) -> ImportSummary:
    """Merge the checked tables of a backup (``validated_tables``) into ``store``."""
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
            elif _same(name, current[key], document):
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


def _same(table: str, stored: dict[str, Any], incoming: dict[str, Any]) -> bool:
    """The same record: a stored document may still carry the default fields that newer
    documents leave out."""
    if stored == incoming:
        return True
    record_type = RECORD_TYPES.get(table)
    return record_type is not None and with_defaults(record_type, stored) == with_defaults(
        record_type, incoming
    )


def export_empty_backup(*, clock: Clock = system_clock) -> bytes:
    """The backup of a store that does not exist yet (nothing recorded so far)."""
    return write_backup({}, schema_version=SCHEMA_VERSION, exported_at=clock())
