"""The store file: its tables sealed in one blob, bound to the journal generation they
belong to; read back with the journal beside it replayed (``load_state``).

Written whole and atomically at compaction (``write_store_file``); backups read their snapshots
through the same reader with ``Role.BACKUP``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.i18n import _
from companion.storage.atomic import atomic_write_parts
from companion.storage.ciphers import Cipher
from companion.storage.encryption import Binding, Role, describe_mismatch
from companion.storage.errors import StoreCorruptError
from companion.storage.journal import (
    JournalContents,
    JournalDamage,
    apply_entry,
    journal_path,
    read_journal,
)
from companion.storage.table_layout import decode_tables, encode_table_parts

Tables = dict[str, dict[str, Any]]

#: Top-level key of the store file holding the journal generation (not a TinyDB table).
_GENERATION_KEY = "_journal"
_BLANK_CHECK_BYTES = 4096


@dataclass(frozen=True, slots=True)
class _Base:
    tables: Tables
    generation: int
    #: Written before bindings (or before encryption): rewrite at the next write.
    legacy: bool


def _read_base(path: Path, cipher: Cipher, role: Role) -> _Base | None:
    try:
        # Only a small file can be blank: a big one is not read twice.
        blank = path.stat().st_size < _BLANK_CHECK_BYTES and not path.read_bytes().strip()
        if not blank:
            binding, plaintext = cipher.open_file(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreCorruptError(path, error.strerror or str(error)) from error
    except ValueError as error:
        raise StoreCorruptError(path, str(error)) from error
    if blank:
        raise StoreCorruptError(path, _("the file is empty"))
    try:
        if binding is not None and binding.role is not role:
            raise StoreCorruptError(
                path, describe_mismatch(binding, Binding(role, binding.generation))
            )
        tables = decode_tables(plaintext)
    except ValueError as error:
        raise StoreCorruptError(
            path, _("it is not valid data ({detail})").format(detail=str(error))
        ) from error
    finally:
        plaintext.close()
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(document, dict) for document in table.values())
        for table in tables.values()
    ):
        raise StoreCorruptError(path, _("its structure is not that of a Common Ground store"))
    marker = tables.pop(_GENERATION_KEY, {}).get("state", {})
    generation = marker.get("generation", 0) if isinstance(marker, dict) else 0
    generation = generation if isinstance(generation, int) else 0
    if binding is not None and role is Role.STORE and binding.generation != generation:
        raise StoreCorruptError(path, _("its parts do not belong together"))
    legacy = binding is None and cipher.authenticates
    return _Base(tables, generation, legacy)


def write_store_file(path: Path, cipher: Cipher, tables: Tables, generation: int) -> None:
    """Replace the store file atomically with ``tables`` as ``generation`` (sealed and bound)."""
    content = {**tables, _GENERATION_KEY: {"state": {"generation": generation}}}
    binding = Binding(Role.STORE, generation)
    atomic_write_parts(path, cipher.seal_parts(encode_table_parts(content), binding))


def read_tables(path: Path, cipher: Cipher, role: Role = Role.STORE) -> Tables | None:
    """The tables of a store (or, with ``role=Role.BACKUP``, snapshot) file alone, without
    its journal; ``None`` if there is none."""
    base = _read_base(path, cipher, role)
    return None if base is None else base.tables


def read_generation(path: Path, cipher: Cipher) -> int | None:
    """The generation of the store file at ``path`` (``None`` when it cannot be read)."""
    try:
        base = _read_base(path, cipher, Role.STORE)
    except StoreCorruptError:
        return None
    return None if base is None else base.generation


@dataclass(frozen=True, slots=True)
class StoredState:
    """What is on disk: the tables with the journal replayed, and where the journal stands."""

    tables: Tables | None
    generation: int
    #: The journal to append to (``None``: the next write compacts and starts a new one).
    journal: JournalContents | None
    #: Written in an older layout: the next write rewrites it (upgrade at compaction).
    legacy: bool = False
    #: What a damaged journal could not give back (every entry that verified was replayed).
    damage: JournalDamage | None = None


def load_state(path: Path, cipher: Cipher) -> StoredState:
    base = _read_base(path, cipher, Role.STORE)
    if base is None:
        return StoredState(None, 0, None)
    tables, generation = base.tables, base.generation
    journal = read_journal(journal_path(path), cipher, generation)
    if journal is None or journal.generation < generation:
        # Older: left by a crash right after a compaction, already folded into the store.
        return StoredState(tables, generation, None, legacy=base.legacy)
    if journal.generation > generation:
        raise StoreCorruptError(
            path,
            _(
                "it is older than the journal of changes beside it (generation {store}, journal "
                "{journal}): an older copy of the file may have been put in its place"
            ).format(store=generation, journal=journal.generation),
        )
    for entry in journal.entries:
        apply_entry(tables, entry)
    appendable = not (base.legacy or journal.legacy or journal.damage)
    return StoredState(
        tables,
        generation,
        journal if appendable else None,
        legacy=base.legacy or journal.legacy,
        damage=journal.damage,
    )
