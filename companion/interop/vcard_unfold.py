"""A vCard file as cards of logical lines: split at ``BEGIN``/``END``, folded lines joined.

Unfolding follows RFC 6350 3.2 and RFC 2425 5.8.1: a line break (CRLF, or a bare LF) followed
by exactly one space or tab is removed, nothing else; blanks before the break belong to the
value. vCard 2.1's quoted-printable soft breaks ("=" at the end of a line) are joined too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from companion.domain.limits import MAX_CARD_LINES
from companion.interop.text_decoding import split_lines


@dataclass(slots=True)
class CardLines:
    """The logical (unfolded) lines of one card, each with the line number it starts on."""

    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    complete: bool = False


def split_cards(text: str) -> Iterator[CardLines]:
    """Cards with unfolded lines; a card cut off by the next BEGIN or the end is incomplete."""
    card: CardLines | None = None
    depth = 0
    for number, raw in enumerate(split_lines(text), start=1):
        if card is not None and card.lines and raw[:1] in (" ", "\t"):
            # Folded line (RFC 6350 3.2, RFC 2425 5.8.1): a line break followed by exactly one
            # blank is removed, nothing else; blanks before the break belong to the value.
            start, previous = card.lines[-1]
            if _continues_quoted_printable(previous):
                # Some 2.1 writers also indent after a quoted-printable soft break ("=").
                previous = previous.rstrip()[:-1]
            card.lines[-1] = (start, previous + raw[1:])
            continue
        if card is not None and card.lines and _continues_quoted_printable(card.lines[-1][1]):
            start, previous = card.lines[-1]
            card.lines[-1] = (start, previous.rstrip()[:-1] + raw)
            continue
        line = raw.strip()
        upper = line.upper()
        if upper == "BEGIN:VCARD":
            if card is not None and (depth or _opens_agent(card)):
                depth += 1  # a card nested in a 2.1 AGENT property: not a person of its own
                continue
            if card is not None:
                yield card  # the previous card never ended
            card = CardLines(line=number)
            continue
        if card is None:
            continue  # text between cards
        if upper == "END:VCARD":
            if depth:
                depth -= 1
                continue
            card.complete = True
            yield card
            card = None
            continue
        if line and not depth and len(card.lines) <= MAX_CARD_LINES:
            # One line past the limit is kept to mark the card as too long (vcard_read).
            card.lines.append((number, raw))
    if card is not None:
        yield card


def _opens_agent(card: CardLines) -> bool:
    return bool(card.lines) and card.lines[-1][1].upper().rstrip().endswith("AGENT:")


def _continues_quoted_printable(line: str) -> bool:
    """vCard 2.1 quoted-printable values end a line with "=" when they go on (a soft break)."""
    if not line.rstrip().endswith("="):
        return False
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head
