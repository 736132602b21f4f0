"""Numbered schema migrations: each step turns the raw tables of version N into N + 1.

Steps work on plain dicts (never on domain classes, which only know the newest shape), so an
old store can always be brought forward. Add a step, bump ``SCHEMA_VERSION``, add a test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables], Tables]

META_TABLE = "_meta"
META_KEY = "schema"
SCHEMA_VERSION = 3


def _as_list(value: Any) -> list[Any]:
    """A version-1 single value as a list. Non-text is kept so validation names the record."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    return [value]


def _v1_to_v2(tables: Tables) -> Tables:
    """Version 1 held one ``email`` and one ``phone`` per person; people have several."""
    people = tables.get("people", {})
    for document in people.values():
        document.setdefault("emails", _as_list(document.pop("email", None)))
        document.setdefault("phones", _as_list(document.pop("phone", None)))
    return tables


def _v2_to_v3(tables: Tables) -> Tables:
    """Version 3 may leave out a field equal to its default (``codec.to_document``).

    Nothing to change: a version-2 document with every field is a valid version-3 one. The
    number moves so that an older app, whose raw readers would take a left-out field as
    ``None`` (an open promise read as not open), refuses the store as made by a newer version
    instead of misreading it.
    """
    return tables


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3}


def schema_version(tables: Tables) -> int:
    """The version recorded in the store; a store without one is version 1."""
    meta = tables.get(META_TABLE, {}).get(META_KEY, {})
    version = meta.get("schema_version", 1) if isinstance(meta, dict) else 1
    return version if isinstance(version, int) else 1


def set_schema_version(tables: Tables, version: int) -> None:
    tables.setdefault(META_TABLE, {})[META_KEY] = {"schema_version": version}


def migrate(tables: Tables, *, to_version: int = SCHEMA_VERSION) -> Tables:
    """Apply every step from the store's version up to ``to_version``; returns new tables."""
    version = schema_version(tables)
    current: Tables = {
        name: {key: dict(doc) for key, doc in table.items()} for name, table in tables.items()
    }
    while version < to_version:
        current = MIGRATIONS[version](current)
        version += 1
        set_schema_version(current, version)
    return current
