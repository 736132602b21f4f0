"""The card details kept on a person, read back from their stored lines, and merged.

A person keeps the lines of their card that label an email, phone or link (``TEL;TYPE=cell;
PREF=1:…``) rather than a parsed copy: strings cost little to store and load. Reading such a
line gives the same value and label the import gave (``contact_from_property`` is the one
interpretation both use).
"""

from __future__ import annotations

import dataclasses

from vobject.base import ParseError, parseLine

from companion.domain.contact_card import ContactKind, ContactLabel, NameParts
from companion.domain.contact_keys import normalize_email
from companion.domain.people import Person
from companion.interop.vcard_params import read_label
from companion.interop.vcard_text import escape_text
from companion.interop.vcard_values import (
    Params,
    decode_value,
    iri_from_uri,
    link,
    unescape,
    uri_from_iri,
)

LINK_PROPERTIES = frozenset({"URL", "SOCIALPROFILE", "X-SOCIALPROFILE", "IMPP"})
_VCARD_SOURCE = "vcard:"


def contact_value(name: str, params: Params, value: str) -> tuple[ContactKind, str, str] | None:
    """(kind, value, written) of an ``EMAIL``, ``TEL`` or link property, or None.

    ``value`` is decoded (quoted-printable undone) but not unescaped; ``written`` is the value
    as the card wrote it when an export would write it otherwise ("" when the same). None when
    the property gives nothing (no digits in a phone, an unreadable email).
    """
    if name == "EMAIL":
        email = unescape(value).strip()
        if email[:7].lower() == "mailto:":
            email = email[7:]
        if not normalize_email(email):
            return None
        return ContactKind.EMAIL, email, "" if value == escape_text(email) else value
    if name == "TEL":
        phone = unescape(value).strip()
        if phone[:4].lower() == "tel:":
            phone = phone[4:]
        if not any(char.isdigit() for char in phone):
            return None
        return ContactKind.PHONE, phone, "" if value == escape_text(phone) else value
    if name in LINK_PROPERTIES:
        address = unescape(value).strip()
        found = iri_from_uri(address if name == "URL" else link(value, params))
        if not found:
            return None
        # Only a value written otherwise than the export would write it is kept as written.
        return ContactKind.LINK, found, "" if address == uri_from_iri(found) else address
    return None


def contact_from_property(
    name: str, params: Params, value: str, *, group: str = ""
) -> ContactLabel | None:
    """The email, phone or link a property gives, with its label (``contact_value``)."""
    found = contact_value(name, params, value)
    if found is None:
        return None
    kind, text, written = found
    return read_label(
        kind,
        text,
        params,
        property_name=name if kind is ContactKind.LINK and name != "URL" else "",
        group=group,
        written=written,
    )


def label_of_line(line: str) -> ContactLabel | None:
    try:
        name, params, value, group = parseLine(line, 0)
    except ParseError:
        return None
    params = params or []
    return contact_from_property(
        name.upper(), params, decode_value(value or "", params), group=group or ""
    )


def contact_labels(person: Person) -> dict[tuple[ContactKind, str], ContactLabel]:
    """The person's kept labels by (kind, value); the first line for a value wins."""
    labels: dict[tuple[ContactKind, str], ContactLabel] = {}
    for line in person.contact_labels:
        label = label_of_line(line)
        if label is not None:
            labels.setdefault((label.kind, label.value), label)
    return labels


def name_parts_of(person: Person) -> NameParts | None:
    """The card's structured name, while it still describes the person's name."""
    parts = NameParts.from_stored(person.structured_name)
    return parts if parts is not None and parts.applies_to(person.name) else None


def card_details_filled(merged: Person, incoming: Person) -> Person:
    """``merged`` with the card details ``incoming`` adds where ``merged`` has none.

    What the stored person already has wins, so importing the same card again changes nothing.
    """
    changes: dict[str, object] = {}
    # A UID the person already has as a source id is already theirs (exports write it).
    if (
        not merged.uid
        and incoming.uid
        and f"{_VCARD_SOURCE}{incoming.uid}" not in merged.source_ids
    ):
        changes["uid"] = incoming.uid
    if not merged.structured_name and incoming.structured_name:
        parts = NameParts.from_stored(incoming.structured_name)
        if parts is not None and parts.applies_to(merged.name):
            changes["structured_name"] = incoming.structured_name
    if incoming.contact_labels:
        known = contact_labels(merged)
        extra = tuple(
            line
            for line in incoming.contact_labels
            if (label := label_of_line(line)) is not None and (label.kind, label.value) not in known
        )
        if extra:
            changes["contact_labels"] = (*merged.contact_labels, *extra)
    if not merged.kept_properties and incoming.kept_properties:
        changes["kept_properties"] = incoming.kept_properties
        changes["card_version"] = incoming.card_version
    if not changes:
        return merged
    return dataclasses.replace(merged, **changes)  # type: ignore[arg-type]
