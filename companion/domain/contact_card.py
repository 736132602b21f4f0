"""What a contact card said beyond a person's own fields, kept so it can be written back.

A phone, a server or another address book gives a card far more than Common Ground shows: the
card's UID, the structured name (vCard ``N``), how each email, phone and link is labelled
(cell, work, preferred, Apple's ``item1.`` groups), and properties the app does not manage at
all (addresses, anniversaries, ``X-…`` extensions, ``RELATED``, ``CLIENTPIDMAP``). Keeping them
on the person lets an export — and later a sync — patch what the app manages and leave the rest
as it was, instead of regenerating a poorer card.

All of it is optional: a person made in the app, or stored before these fields existed, has
none of it, and the writers fall back to what the person's own fields say.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar


class ContactKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LINK = "link"


@dataclass(frozen=True, slots=True, kw_only=True)
class NameParts:
    """A card's structured name (vCard ``N``) as read, with the name it was read with.

    Each part keeps a list of values joined by commas, as the card had them ("Ann,Marie").
    After the person is renamed the parts no longer describe them (``applies_to``).
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactLabel:
    """How a card labelled one of the person's emails, phones or links.

    ``value`` is the entry of ``Person.emails``/``phones``/``links`` it describes; a label
    whose value the person no longer has is ignored. ``property`` is the card property when it
    is not the usual one (``IMPP``, ``X-SOCIALPROFILE``); ``types`` are as written, without
    "pref", which ``pref`` holds (1 = most preferred, 0 = not said). ``params`` are the other
    parameters as written (``X-SERVICE-TYPE=Skype``) and ``written`` the value as the card
    wrote it when that differs from ``value`` (``tel:+39…``, ``x-apple:mimi.ink``).
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


@dataclass(frozen=True, slots=True, kw_only=True)
class KeptProperty:
    """One card property the app does not manage, as read: written back unchanged.

    ``line`` is the unfolded content line (``item1.ADR;TYPE=home:;;Elm St 5;…``) and
    ``version`` the vCard version of the card it came from ("3.0", "4.0"; 2.1 lines are kept
    in 3.0 form), so an export in another version leaves out what that version cannot carry.
    """

    line: str
    version: str = ""


class HasCardDetails(Protocol):
    @property
    def uid(self) -> str: ...
    @property
    def source_ids(self) -> tuple[str, ...]: ...
    @property
    def name(self) -> str: ...
    @property
    def name_parts(self) -> NameParts | None: ...
    @property
    def contact_labels(self) -> tuple[ContactLabel, ...]: ...
    @property
    def kept_properties(self) -> tuple[KeptProperty, ...]: ...


def label_for(labels: tuple[ContactLabel, ...], kind: ContactKind, value: str) -> ContactLabel:
    """The label of ``value``, or a plain one when the card said nothing about it."""
    for label in labels:
        if label.kind is kind and label.value == value:
            return label
    return ContactLabel(kind=kind, value=value)


Record = TypeVar("Record", bound=HasCardDetails)


def card_details_filled(merged: Record, incoming: HasCardDetails) -> Record:
    """``merged`` with the card details ``incoming`` adds where ``merged`` has none.

    What the stored person already has wins, so importing the same card again changes nothing.
    """
    changes: dict[str, object] = {}
    # A UID the person already has as a source id is already theirs (exports write it).
    if not merged.uid and incoming.uid and f"vcard:{incoming.uid}" not in merged.source_ids:
        changes["uid"] = incoming.uid
    if (
        merged.name_parts is None
        and incoming.name_parts is not None
        and incoming.name_parts.applies_to(merged.name)
    ):
        changes["name_parts"] = incoming.name_parts
    known = {(label.kind, label.value) for label in merged.contact_labels}
    extra = tuple(
        label for label in incoming.contact_labels if (label.kind, label.value) not in known
    )
    if extra:
        changes["contact_labels"] = (*merged.contact_labels, *extra)
    if not merged.kept_properties and incoming.kept_properties:
        changes["kept_properties"] = incoming.kept_properties
    if not changes:
        return merged
    return dataclasses.replace(merged, **changes)  # type: ignore[type-var]
