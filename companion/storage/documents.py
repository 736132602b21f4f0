"""Stored documents that refuse to be changed in place.

The journal records exactly the documents a write puts, so a document changed in place after it
was stored would differ from what the journal (and, after a crash, the store) holds. Every
document the store hands out is frozen: mappings and lists refuse changes and ``TypeError``
names the rule. ``dict(document)`` / ``list(value)`` give ordinary copies to edit.

A write freezes its documents on the way in. Documents read from disk are frozen when first
handed out, a whole table at once (or one document, for one record): a start that reads only
some fields of the big tables (Home) never copies their 40,000 documents, a third of loading
them. What reads fields hands out frozen values only (``read_only``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any, NoReturn

from companion.storage.codec import carries_defaults, without_defaults
from companion.storage.stored_records import TABLE_RECORDS

_RULE = "stored documents are never changed in place: put a new document instead"


def _refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise TypeError(_RULE)


class FrozenDocument(dict[str, Any]):
    """A read-only ``dict`` (still a ``dict``: orjson and the codec read it as one)."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        # copy, deepcopy and pickle rebuild it whole instead of item by item.
        return (FrozenDocument, (dict(self),))


class FrozenList(list[Any]):
    """A read-only ``list``."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = clear = extend = insert = pop = remove = reverse = sort = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenList, (list(self),))


#: Values that are immutable already: left as they are (most of a document).
_SCALARS = frozenset({str, int, float, bool, type(None), FrozenDocument, FrozenList})
#: One shared empty list: most list fields are empty, and an empty frozen list can be shared.
_EMPTY = FrozenList()
_set_item = dict.__setitem__


def freeze(value: Any) -> Any:
    """``value`` with every mapping and list inside it made read-only (a copy)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if isinstance(value, dict):
        return _frozen_dict(value)
    if isinstance(value, list | tuple):
        return _frozen_list(value) if value else _EMPTY
    return value


def _frozen_dict(value: dict[str, Any]) -> FrozenDocument:
    # Copied whole at C speed, then only the values that are containers replaced: a document is
    # mostly strings, and visiting each in Python made loading a store about twice as slow.
    frozen = FrozenDocument(value)
    if _SCALARS.issuperset(map(type, value.values())):  # no container inside, checked at C speed
        return frozen
    for key, item in value.items():
        kind = type(item)
        if kind is list:  # the usual container, often empty: no call for those
            _set_item(frozen, key, _frozen_list(item) if item else _EMPTY)
        elif kind not in _SCALARS:
            _set_item(frozen, key, freeze(item))
    return frozen


def _frozen_list(value: list[Any] | tuple[Any, ...]) -> FrozenList:
    frozen = FrozenList(value)
    if _SCALARS.issuperset(map(type, value)):  # a list of strings, checked at C speed
        return frozen
    for position, item in enumerate(value):
        if type(item) not in _SCALARS:
            list.__setitem__(frozen, position, freeze(item))
    return frozen


@contextmanager
def collector_held(*, lasting: bool = False) -> Iterator[None]:
    """Hold off the cyclic collector while documents are made (they make no reference cycle,
    and it would walk the growing heap again and again meanwhile).

    ``lasting``: what was made lives as long as the process (the window's store): it is set
    apart from the collector's walks for good (``gc.freeze``) before the collector runs again.
    Otherwise its first pass walks every new document once (about 20 ms at 10,000 people)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        if lasting:
            gc.freeze()
    finally:
        if collecting:
            gc.enable()


def freeze_tables(tables: dict[str, dict[str, Any]]) -> None:
    """Freeze every document of ``tables`` (as read from disk), replacing them in place.

    Tables written with every field (a store migrated from the previous release, a restored
    backup) are shortened on the way, as ``shorten_parsed`` does: what is then written (the
    migration's or the restore's full write) is the shorter form already."""
    with collector_held():
        for name, table in list(tables.items()):
            record_type = TABLE_RECORDS.get(name)
            if record_type is not None and _written_with_defaults(record_type, table):
                tables[name] = {
                    key: freeze(
                        without_defaults(record_type, document)
                        if isinstance(document, dict)
                        else document
                    )
                    for key, document in table.items()
                }
                continue
            tables[name] = dict(zip(table, map(freeze, table.values()), strict=True))


def shorten_parsed(tables: dict[str, dict[str, Any]]) -> set[str]:
    """Shorten, and freeze where they stand, the tables just parsed whose documents still
    carry fields at their default (written before those were left out:
    ``codec.without_defaults``); returns their names, so the store can be written again in the
    shorter form. The other tables are left as parsed, for ``freeze_table`` to freeze when they
    are first handed out (``AtomicStorage``).
    """
    shortened: set[str] = set()
    with collector_held():
        for name, table in tables.items():
            record_type = TABLE_RECORDS.get(name)
            if record_type is not None and _written_with_defaults(record_type, table):
                shortened.add(name)
                for key, document in table.items():
                    table[key] = freeze(without_defaults(record_type, document))
    return shortened


def freeze_table(table: dict[str, Any], *, lasting: bool = False) -> None:
    """Freeze the documents of ``table`` not frozen yet, each replaced in its slot.

    In place (same keys: the table is not resized), so each parsed document is freed at once
    and its memory serves the next frozen copy: a new table beside the old one held both copies
    of the largest table at once. ``lasting``: see ``collector_held``.
    """
    with collector_held(lasting=lasting):
        for key, document in table.items():
            if type(document) is not FrozenDocument:
                table[key] = freeze(document)


def frozen_in_place(table: dict[str, Any], key: str) -> Any:
    """The document ``key`` of ``table``, frozen (and left frozen in its slot); None if absent."""
    document = table.get(key)
    if document is None or type(document) is FrozenDocument:
        return document
    frozen = freeze(document)
    table[key] = frozen
    return frozen


def all_immutable(values: Iterable[Any]) -> bool:
    """Whether every one of ``values`` is immutable already (checked at C speed)."""
    return _SCALARS.issuperset(map(type, values))


def read_only(value: Any) -> Any:
    """``value`` as it may leave the store: itself when immutable, else a frozen copy."""
    return value if type(value) in _SCALARS else freeze(value)


#: Documents looked at to tell a table written with every field: all of them were, or none
#: (the journal's few newer ones aside), and looking at every document costs a fifth of a load.
_SAMPLE = 8


def _written_with_defaults(record_type: type[Any], table: dict[str, Any]) -> bool:
    return any(
        carries_defaults(record_type, document)
        for document in islice(table.values(), _SAMPLE)
        if isinstance(document, dict)
    )
