"""Domain records to JSON-ready documents and back, driven by the dataclass type hints.

Datetimes are stored as ISO 8601 with their UTC offset, dates as ISO dates, enums by value,
tuples as lists and nested records as objects. A field is stored under its name, or under the
key its ``stored_as`` metadata gives (a name changed in code, never on disk). Unknown keys are
ignored so that an older app can read documents a newer one added fields to (within the same
schema version).

A field equal to its default (an empty text or list, ``None``, ``False``, a default nested
record) is left out of the document: a missing key means the default, wherever documents are
read. At 10,000 people that is a fifth less to parse and ~10 MiB less held for the whole
session. Documents written before, with every field, read the same; ``with_defaults`` gives
the document with every field (what ``to_document`` wrote before) where a stable form is
needed, such as a fingerprint.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache, partial
from typing import Any, TypeVar

from companion.domain.errors import ValidationError
from companion.domain.stored_names import stored_key
from companion.i18n import _

Record = TypeVar("Record")


class DecodeError(ValueError):
    """A document does not describe a valid record; the message says which field and why."""


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


#: Marks a field that is always written (no default, or one that differs each time).
_ALWAYS: Any = object()


def to_document(record: object) -> dict[str, Any]:
    """A JSON-ready dict of ``record`` (a domain dataclass instance), without the fields that
    equal their default."""
    document: dict[str, Any] = {}
    for name, key, default in _writer(type(record)):  # type: ignore[arg-type]
        value = _encode(getattr(record, name))
        if default is _ALWAYS or type(value) is not type(default) or value != default:
            document[key] = value
    return document


def to_full_document(record: object) -> dict[str, Any]:
    """A JSON-ready dict of ``record`` with every field, nested records too (the documents
    written before defaults were left out)."""
    return {
        stored_key(field): _encode(getattr(record, field.name), full=True)
        for field in dataclasses.fields(record)  # type: ignore[arg-type]
    }


def _encode(value: Any, *, full: bool = False) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(item, full=full) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_full_document(value) if full else to_document(value)
    return value


def _stable_default(field: dataclasses.Field[Any]) -> Any:
    """The field's default, or ``_ALWAYS`` when it has none or a new one each time (ids)."""
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        first, second = field.default_factory(), field.default_factory()
        if first == second:
            return first
    return _ALWAYS


@cache
def _writer(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """Each field's name, stored key and encoded default (``_ALWAYS``: always written).

    Only defaults of the JSON kinds that compare exactly are left out: a float's ``-0.0``
    equals ``0.0`` but is not the same value, so floats are always written.
    """
    plan = []
    for field in dataclasses.fields(cls):
        default = _stable_default(field)
        if default is not _ALWAYS:
            default = _encode(default)
            if not isinstance(default, str | int | list | dict | type(None)):
                default = _ALWAYS
        plan.append((field.name, stored_key(field), default))
    return tuple(plan)


@cache
def stored_defaults(cls: type) -> dict[str, Any]:
    """What a missing key of a ``cls`` document stands for: each defaulted field's stored key
    and its default as ``to_full_document`` writes it."""
    return {
        stored_key(field): _encode(default, full=True)
        for field in dataclasses.fields(cls)
        if (default := _stable_default(field)) is not _ALWAYS
    }


def with_defaults(cls: type, document: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` (of a ``cls`` record) with every field written, nested records too: the
    same dict as ``to_full_document`` of the record it describes, whichever way it was stored.
    """
    filled = {**stored_defaults(cls), **document}
    for key, fill in _fillers(cls):
        value = filled.get(key)
        if value is not None:
            filled[key] = fill(value)
    return filled


def without_defaults(cls: type, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (of a ``cls`` record) as ``to_document`` writes it now: the fields equal
    to their default left out, nested records too. Documents written before (every field
    present) shrink; others come back as they are (the same object)."""
    shorter: dict[str, Any] | None = None
    for key, default, strip in _strippers(cls):
        if key not in document:
            continue
        value = document[key]
        if strip is not None and value is not None:
            stripped = strip(value)
            if stripped is not value:
                shorter = dict(document) if shorter is None else shorter
                shorter[key] = value = stripped
        if default is not _ALWAYS and type(value) is type(default) and value == default:
            shorter = dict(document) if shorter is None else shorter
            del shorter[key]
    # Built again (not left with keys deleted): a dict keeps the size it once had.
    return document if shorter is None else dict(shorter)


def carries_defaults(cls: type, document: dict[str, Any]) -> bool:
    """Whether ``document`` holds a field at its default (written before they were left out)."""
    return without_defaults(cls, document) is not document


@cache
def _strippers(cls: type) -> tuple[tuple[str, Any, Convert | None], ...]:
    hints = _hints(cls)
    return tuple((key, default, _stripper(hints[name])) for name, key, default in _writer(cls))


def _stripper(hint: Any) -> Convert | None:
    return _nested(hint, without_defaults)


def _nested(hint: Any, on_record: Callable[[type, Any], Any]) -> Convert | None:
    """What applies ``on_record`` to the records inside a value of type ``hint`` (None: none)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        return _nested(options[0], on_record) if len(options) == 1 else None
    if origin is tuple:
        inner = _nested(typing.get_args(hint)[0], on_record)
        return None if inner is None else partial(_each, inner)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return partial(_on_record, on_record, hint)
    return None


def _on_record(on_record: Callable[[type, Any], Any], cls: type, value: Any) -> Any:
    return on_record(cls, value) if isinstance(value, dict) else value


def _each(convert: Convert, value: Any) -> Any:
    if not isinstance(value, list):
        return value
    converted = [convert(item) for item in value]
    return (
        value if all(new is old for new, old in zip(converted, value, strict=True)) else converted
    )


@cache
def _fillers(cls: type) -> tuple[tuple[str, Convert], ...]:
    """The fields holding nested records, with what fills in their missing keys."""
    fillers = []
    hints = _hints(cls)
    for field in dataclasses.fields(cls):
        fill = _filler(hints[field.name])
        if fill is not None:
            fillers.append((stored_key(field), fill))
    return tuple(fillers)


def _filler(hint: Any) -> Convert | None:
    return _nested(hint, with_defaults)


def from_document(cls: type[Record], document: Any) -> Record:
    """Build a ``cls`` record from a stored document, validating every field."""
    if not isinstance(document, dict):
        raise DecodeError(
            _("expected an object, found {kind}").format(kind=type(document).__name__)
        )
    values: dict[str, Any] = {}
    for name, key, convert in _plan(cls):  # type: ignore[arg-type]
        if key not in document:
            continue
        try:
            values[name] = convert(document[key])
        except (TypeError, ValueError) as error:
            raise DecodeError(
                _("field “{field}”: {reason}").format(field=key, reason=error)
            ) from error
    try:
        return cls(**values)
    except ValidationError as error:
        raise DecodeError(str(error)) from error
    except TypeError as error:
        raise DecodeError(_("missing fields ({detail})").format(detail=error)) from error


Convert = Callable[[Any], Any]


@cache
def _plan(cls: type) -> tuple[tuple[str, str, Convert], ...]:
    """Each field of ``cls`` with its stored key and converter, worked out once from the type
    hints: reading 10,000 records otherwise asks ``typing`` the same questions hundreds of
    thousands of times."""
    hints = _hints(cls)
    return tuple(
        (field.name, stored_key(field), _converter(hints[field.name]))
        for field in dataclasses.fields(cls)
    )


def _converter(hint: Any) -> Convert:
    """The function that reads a stored value of type ``hint`` (raising ``TypeError`` or
    ``ValueError`` when it is not one)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        return partial(_optional, _converter(options[0]))
    if origin is tuple:
        return partial(_tuple, _converter(typing.get_args(hint)[0]))
    if hint is datetime:
        return _datetime
    if hint is date:
        return _date
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return partial(from_document, hint)
    return _FLAT.get(hint, _as_is)


def _optional(convert: Convert, value: Any) -> Any:
    return None if value is None else convert(value)


def _tuple(convert: Convert, value: Any) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise TypeError(_("expected a list"))
    return tuple(convert(item) for item in value)


def _datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError(_("expected a date and time"))
    return datetime.fromisoformat(value)


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise TypeError(_("expected a date"))
    return date.fromisoformat(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(_("expected text"))
    return value


def _whole_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(_("expected a whole number"))
    return value


def _truth(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(_("expected true or false"))
    return value


def _as_is(value: Any) -> Any:
    return value


_FLAT: dict[Any, Convert] = {str: _text, int: _whole_number, bool: _truth}
