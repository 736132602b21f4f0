"""The text layer of a vCard: versions, escaping, and folding lines at 75 octets
(``content_lines``)."""

from __future__ import annotations

from enum import StrEnum

from companion.interop.content_lines import CRLF, MAX_LINE_OCTETS, fold_line

__all__ = [
    "CRLF",
    "MAX_LINE_OCTETS",
    "VCardVersion",
    "escape_component",
    "escape_structured",
    "escape_text",
    "fold_line",
    "uri_text",
]


class VCardVersion(StrEnum):
    V4 = "4.0"
    V3 = "3.0"


def escape_text(value: str) -> str:
    """A single text value (``FN``, ``NOTE``, ``TITLE``, a category) escaped: backslash, comma
    and line breaks (RFC 6350 3.4).

    A semicolon is left as it is: RFC 6350 lets it stand outside compound values, and
    Mozilla's ical.js (Thunderbird) reads ``\\;`` in such a value as a backslash and a
    semicolon. Every reader we know (vobject, Sabre, Apple, Google) takes a bare one as text.
    """
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def escape_structured(value: str) -> str:
    """One part of a compound value (``N``, ``ORG``) holding a single value: semicolons and
    commas escaped too."""
    return escape_component(value).replace(",", "\\,")


def escape_component(value: str) -> str:
    """One part of a structured value (``N``, ``ORG``) whose commas separate a list of values:
    everything escaped but the comma."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def uri_text(value: str) -> str:
    """URI values are not escaped (RFC 6350 section 4), but a line break would end the line."""
    return "".join(value.split("\r\n")).replace("\n", "").replace("\r", "")
