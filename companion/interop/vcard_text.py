"""The text layer of a vCard: versions, escaping, and folding lines at 75 octets."""

from __future__ import annotations

from enum import StrEnum

#: RFC 6350 section 3.2 and RFC 2426 section 2.6: lines SHOULD be at most 75 octets.
MAX_LINE_OCTETS = 75
CRLF = "\r\n"


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


def fold_line(line: str) -> str:
    """``line`` folded into CRLF-separated pieces of at most 75 octets, each UTF-8 whole.

    A continuation starts with one space, which counts towards its 75 octets. Folding splits
    between characters only (never inside a UTF-8 sequence), and the reader removes exactly
    the line break and that one space, so blanks at a fold survive.
    """
    if len(line) <= MAX_LINE_OCTETS // 4 or len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
        return line + CRLF
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces) + CRLF
