"""Domain records to JSON-ready documents and back, driven by the dataclass type hints.

Datetimes are stored as ISO 8601 with their UTC offset, dates as ISO dates, enums by value,
tuples as lists and nested records as objects. A field is stored under its name, or under the
key its ``stored_as`` metadata gives (a name changed in code, never on disk). Unknown keys are
ignored so that an older app can read documents a newer one added fields to (within the same
schema version).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
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


def to_document(record: object) -> dict[str, Any]:
    """A JSON-ready dict of ``record`` (a domain dataclass instance)."""
    return {
        stored_key(field): _encode(getattr(record, field.name))
        for field in dataclasses.fields(record)  # type: ignore[arg-type]
    }


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_document(value)
    return value


def from_document(cls: type[Record], document: Any) -> Record:
    """Build a ``cls`` record from a stored document, validating every field."""
    if not isinstance(document, dict):
        raise DecodeError(
            _("expected an object, found {kind}").format(kind=type(document).__name__)
        )
    hints = _hints(cls)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = stored_key(field)
        if key not in document:
            continue
        try:
            values[field.name] = _decode(hints[field.name], document[key])
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


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        if value is None:
            return None
        return _decode(options[0], value)
    if origin is tuple:
        if not isinstance(value, list):
            raise TypeError(_("expected a list"))
        item_hint = typing.get_args(hint)[0]
        return tuple(_decode(item_hint, item) for item in value)
    if hint is datetime:
        if not isinstance(value, str):
            raise TypeError(_("expected a date and time"))
        return datetime.fromisoformat(value)
    if hint is date:
        if not isinstance(value, str):
            raise TypeError(_("expected a date"))
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_document(hint, value)
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError(_("expected true or false"))
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(_("expected a whole number"))
        return value
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(_("expected text"))
        return value
    return value
