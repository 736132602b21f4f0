"""Reading the server's cards, away from the store (the exchange's worker thread may run it).

What a pulled card says does not depend on the store: its contact, the person the import would
make of it, its content lines. Reading them is most of the cost of a first round, so the
exchange does it, and ``apply_round`` on the GUI thread only matches and writes. The interests
a card's CATEGORIES map to come from the plan (read from the store on its own thread).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from companion.domain.people import Person
from companion.interop.errors import FormatError
from companion.interop.parsed_contacts import ParsedContact, own_record_id
from companion.interop.vcard_read import read_vcards
from companion.interop.vcard_unfold import split_cards
from companion.remote.carddav import FetchedCard
from companion.services.people.people_import import Categorize, plan_people_import

__all__ = ["ReadCard", "read_card", "read_cards"]


@dataclass(frozen=True, slots=True)
class ReadCard:
    """A pulled card as the import reads it; ``problem`` when it cannot be read."""

    contact: ParsedContact | None = None
    person: Person | None = None
    lines: tuple[str, ...] = field(default=(), repr=False)
    problem: str = ""
    #: A contact group's card (``KIND:group``, ``X-ADDRESSBOOKSERVER-KIND:group``): no person.
    group: bool = False


def is_group_card(lines: Sequence[str]) -> bool:
    """Whether the card is a contact group (vCard 4's KIND, or the one Apple's phones write)."""
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon:
            continue
        name = name.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper()
        if name in ("KIND", "X-ADDRESSBOOKSERVER-KIND") and value.strip().lower() == "group":
            return True
    return False


def read_card(body: bytes, categorize: Categorize) -> ReadCard:
    """The card's contact, the person it makes and its content lines (or why it can't be read)."""
    from companion.i18n import _

    text = body.decode("utf-8", "replace")
    cards = split_cards(text)
    first = next(iter(cards), None)
    lines = tuple(line for _number, line in first.lines) if first is not None else ()
    if is_group_card(lines):
        return ReadCard(lines=lines, group=True)
    try:
        parsed = read_vcards(body)
        plan = plan_people_import((), parsed, file_name="", categorize=categorize)
    except FormatError as error:
        return ReadCard(problem=_("A card on the server could not be read: {reason}").format(
            reason=error
        ))  # fmt: skip
    contact = parsed.contacts[0]
    person = plan.items[0].person if plan.items and plan.items[0].person is not None else None
    if person is None:
        return ReadCard(problem=_("A card on the server could not be read: {reason}").format(
            reason=plan.items[0].reason if plan.items else ""
        ))  # fmt: skip
    if contact.record_id and person.id != contact.record_id:
        person = dataclasses.replace(person, id=own_record_id(contact.record_id))
    return ReadCard(contact=contact, person=person, lines=lines)


def read_cards(
    cards: Sequence[FetchedCard], categorize: Categorize | Callable[..., object]
) -> tuple[ReadCard, ...]:
    """Every card of ``cards`` read, in order."""
    return tuple(read_card(card.body, categorize) for card in cards)  # type: ignore[arg-type]
