"""The words for an import past one of the limits of ``companion.domain.limits``."""

from __future__ import annotations

from companion.domain.limits import (
    MAX_CARD_LINES,
    MAX_PEOPLE,
    MAX_VALUE_LENGTH,
    MAX_VALUES_PER_PERSON,
)
from companion.i18n import _
from companion.i18n.formats import format_number


def too_many_people(limit: int = MAX_PEOPLE) -> str:
    return _(
        "the file holds more people than one import takes (at most {limit}); "
        "split it into smaller files"
    ).format(limit=format_number(limit))


def too_many_records(table: str, limit: int) -> str:
    return _(
        "the table “{table}” holds more records than one import takes (at most {limit})"
    ).format(table=table, limit=format_number(limit))


def too_many_values(kind: str, count: int, limit: int = MAX_VALUES_PER_PERSON) -> str:
    """``kind`` is "emails", "phones" or "links"."""
    words = {
        "emails": _("{count} email addresses (at most {limit} per person)"),
        "phones": _("{count} phone numbers (at most {limit} per person)"),
        "links": _("{count} links (at most {limit} per person)"),
    }
    return words[kind].format(count=format_number(count), limit=format_number(limit))


def value_too_long(limit: int = MAX_VALUE_LENGTH) -> str:
    return _("an email, phone, link, label or UID is longer than {limit} characters").format(
        limit=format_number(limit)
    )


def too_many_card_lines(limit: int = MAX_CARD_LINES) -> str:
    return _("the card has more than {limit} lines").format(limit=format_number(limit))


def control_character(code: str) -> str:
    """``code`` is "U+0000"."""
    return _("the name holds a control character ({code})").format(code=code)


def invalid_id(value: str) -> str:
    shown = value[:40].encode("unicode_escape").decode("ascii") + ("…" if len(value) > 40 else "")
    return _(
        "“{id}” is not a valid id (letters, digits, “.”, “_”, “:” and “-”, at most 128 characters)"
    ).format(id=shown)
