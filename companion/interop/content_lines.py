"""Content lines folded at 75 octets, as vCard (RFC 6350 3.2) and iCalendar (RFC 5545 3.1)
both write them: what we send to a server and what other apps read back."""

from __future__ import annotations

#: Lines SHOULD be at most 75 octets (RFC 6350 section 3.2, RFC 2426 2.6, RFC 5545 3.1).
MAX_LINE_OCTETS = 75
CRLF = "\r\n"


def fold_line(line: str) -> str:
    """``line`` folded into CRLF-separated pieces of at most 75 octets, each UTF-8 whole.

    A continuation starts with one space, which counts towards its 75 octets. Folding splits
    between characters only (never inside a UTF-8 sequence), and the reader removes exactly
    the line break and that one space, so blanks at a fold survive.

    Where it can, a fold falls between two characters that are not blanks: Radicale deletes
    every line holding only blanks before it reads a card (a continuation made of the trailing
    spaces of a note lost them), and a server that trims lines would lose a blank left at the
    end of a piece.
    """
    if len(line) <= MAX_LINE_OCTETS // 4 or len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
        return line + CRLF
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        while current and size + width > limit:
            cut = _fold_point(current, char)  # at least 1: every round ends a piece
            pieces.append("".join(current[:cut]))
            current, limit = current[cut:], MAX_LINE_OCTETS - 1
            size = sum(len(kept.encode("utf-8")) for kept in current)
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces) + CRLF


_BLANKS = frozenset(" \t")


def _fold_point(piece: list[str], following: str) -> int:
    """Where to end a full ``piece`` (``following`` comes after it): the last place between two
    characters that are not blanks, else the last place before one that is not, else its end."""
    after = [*piece[1:], following]
    for place in range(len(piece), 0, -1):
        if after[place - 1] not in _BLANKS and piece[place - 1] not in _BLANKS:
            return place
    for place in range(len(piece), 0, -1):
        if after[place - 1] not in _BLANKS:
            return place
    return len(piece)


def refolded(text: bytes) -> bytes:
    """``text`` (UTF-8 content lines, as a library folded them) folded again by ``fold_line``.

    ``icalendar`` folds at 75 octets wherever that falls: the trailing blanks of a description
    could make a continuation line of their own, which Radicale deletes."""
    lines: list[str] = []
    for line in text.decode("utf-8").split(CRLF):
        if line[:1] in {" ", "\t"} and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return "".join(fold_line(line) for line in lines).encode("utf-8")
