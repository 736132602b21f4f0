"""What a contact card said beyond a person's own fields, kept so it can be written back.

A phone, a server or another address book gives a card far more than Common Ground shows: the
card's UID, the structured name (vCard ``N``), how each email, phone and link is labelled
(cell, work, preferred, Apple's ``item1.`` groups), and properties the app does not manage at
all (addresses, anniversaries, ``X-…`` extensions, ``RELATED``, ``CLIENTPIDMAP``). Keeping them
on the person lets an export — and later a sync — patch what the app manages and leave the rest
as it was, instead of regenerating a poorer card.

All of it is optional: a person made in the app, or stored before these fields existed, has
none of it, and the writers fall back to what the person's own fields say. It is stored as
plain strings (the card's own lines), which cost little to store and load for ten thousand
people; the types here are how the vCard modules read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ContactKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LINK = "link"


@dataclass(frozen=True, slots=True, kw_only=True)
class NameParts:
    """A card's structured name (vCard ``N``) as read, with the name it was read with.

    Each part keeps a list of values joined by commas, as the card had them ("Ann,Marie").
    After the person is renamed the parts no longer describe them (``applies_to``). Stored on
    the person as ``structured_name`` (``stored``/``from_stored``).
    """

    family: str = ""
    given: str = ""
    additional: str = ""
    prefixes: str = ""
    suffixes: str = ""
    name: str = ""

    def applies_to(self, name: str) -> bool:
        return self.name == name

    def parts(self) -> tuple[str, str, str, str, str]:
        return (self.family, self.given, self.additional, self.prefixes, self.suffixes)

    def stored(self) -> tuple[str, ...]:
        return (*self.parts(), self.name)

    @classmethod
    def from_stored(cls, stored: tuple[str, ...]) -> NameParts | None:
        if len(stored) != 6:
            return None
        family, given, additional, prefixes, suffixes, name = stored
        return cls(
            family=family,
            given=given,
            additional=additional,
            prefixes=prefixes,
            suffixes=suffixes,
            name=name,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactLabel:
    """How a card labelled one of the person's emails, phones or links.

    ``value`` is the entry of ``Person.emails``/``phones``/``links`` it describes; a label
    whose value the person no longer has is ignored. ``property`` is the card property when it
    is not the usual one (``IMPP``, ``X-SOCIALPROFILE``); ``types`` are as written, without
    "pref", which ``pref`` holds (1 = most preferred, 0 = not said). ``params`` are the other
    parameters as written (``X-SERVICE-TYPE=Skype``) and ``written`` the value as the card
    wrote it when that differs from what an export would write (``tel:+39…``,
    ``x-apple:mimi.ink``).
    """

    kind: ContactKind
    value: str
    property: str = ""
    types: tuple[str, ...] = ()
    pref: int = 0
    group: str = ""
    params: tuple[str, ...] = ()
    written: str = ""

    def is_plain(self) -> bool:
        """True when the label says nothing the bare value does not (no need to keep it)."""
        return not (
            self.property or self.types or self.pref or self.group or self.params or self.written
        )
