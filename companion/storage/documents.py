"""Stored documents that refuse to be changed in place.

The journal records exactly the documents a write puts, so a document changed in place after it
was stored would differ from what the journal (and, after a crash, the store) holds. Every
document that enters the store through a write is frozen: mappings and lists refuse changes and
``TypeError`` names the rule. ``dict(document)`` / ``list(value)`` give ordinary copies to edit.
"""

from __future__ import annotations

from typing import Any, NoReturn

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


def freeze(value: Any) -> Any:
    """``value`` with every mapping and list inside it made read-only (a copy)."""
    if isinstance(value, dict):
        if type(value) is FrozenDocument:
            return value
        return FrozenDocument({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        if type(value) is FrozenList:
            return value
        return FrozenList(freeze(item) for item in value)
    return value
