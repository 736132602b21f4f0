"""Stored documents that refuse to be changed in place.

The journal records exactly the documents a write puts, so a document changed in place after it
was stored would differ from what the journal (and, after a crash, the store) holds. Every
document in the store is frozen, whether a write put it or it was read from disk: mappings and
lists refuse changes and ``TypeError`` names the rule. ``dict(document)`` / ``list(value)`` give
ordinary copies to edit.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
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
    backup) are shortened on the way, as ``freeze_parsed`` does: what is then written (the
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


def freeze_parsed(tables: dict[str, dict[str, Any]]) -> bool:
    """Freeze the documents of tables just parsed (owned by no one else) where they stand.

    Each document is replaced in its slot (same keys: the table is not resized), so the parsed
    one is freed at once and its memory serves the next frozen copy. A new table beside the
    old one (``freeze_tables``) held both copies of the largest table at once and left ~25 MiB
    of freed, scattered memory behind at 10,000 people.

    A table whose documents still carry fields at their default (written before those were
    left out) is shortened on the way (``codec.without_defaults``); returns whether any was,
    so the store can be written again in the shorter form.
    """
    shortened = False
    with collector_held():
        for name, table in tables.items():
            record_type = TABLE_RECORDS.get(name)
            if record_type is not None and _written_with_defaults(record_type, table):
                shortened = True
                for key, document in table.items():
                    table[key] = freeze(without_defaults(record_type, document))
                continue
            for key, document in table.items():
                if type(document) is not FrozenDocument:
                    table[key] = freeze(document)
    return shortened


#: Documents looked at to tell a table written with every field: all of them were, or none
#: (the journal's few newer ones aside), and looking at every document costs a fifth of a load.
_SAMPLE = 8


def _written_with_defaults(record_type: type[Any], table: dict[str, Any]) -> bool:
    return any(
        carries_defaults(record_type, document)
        for document in islice(table.values(), _SAMPLE)
        if isinstance(document, dict)
    )
