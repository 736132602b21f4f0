"""Write people as vCards: 4.0 (RFC 6350) or 3.0 (RFC 2426, for older phones and importers).

Written by hand rather than through vobject so every byte is ours to check: CRLF line ends,
lines folded at 75 octets without ever splitting a UTF-8 sequence, text escaped (``\\``, ``,``,
newlines; ``;`` only inside ``N`` and ``ORG``), and the quirks the common importers expect:

- ``N`` and ``FN`` on every card (3.0 requires both; Google and Apple show ``FN``). ``N`` is the
  card's own structured name when the person came from a card; otherwise the whole name is the
  given name (the family name cannot be told from the name alone).
- ``CATEGORIES`` carries our interests by their stable English catalogue label (or the label the
  user typed) followed by the tags: Google and Apple show them as labels/groups, and importing
  the file again maps the labels back onto the catalogue.
- A birthday without a year: 4.0 writes ``--MMDD``; 3.0 ``--MM-DD`` with Apple's parameter
  (``vcard_write_fields.birthday_line`` says why).
- ``PHOTO``: 4.0 a ``data:`` URI (comma escaped for vobject); 3.0 ``ENCODING=b;TYPE=JPEG``.
- ``UID`` is stable: the UID of the card a person came from exactly as read, else the person's
  own id, so exporting again updates the same contact where an importer matches by UID.
- What the card a person came from said beyond their fields is written back
  (``vcard_write_fields``): the card is patched, not regenerated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from vobject.base import parseLine

from companion import APP_NAME, __version__
from companion.domain.people import Person
from companion.i18n import N_, _
from companion.interop.vcard_text import (
    CRLF,
    MAX_LINE_OCTETS,
    VCardVersion,
    escape_structured,
    escape_text,
    fold_line,
)
from companion.interop.vcard_values import address_line, split_unescaped
from companion.interop.vcard_write_fields import (
    VCARD_SOURCE_PREFIX,
    birthday_line,
    card_uid,
    contact_lines,
    name_line,
    name_parts,
    organization_and_kept,
    photo_line,
)

__all__ = [
    "CRLF",
    "MAX_LINE_OCTETS",
    "PRODID",
    "PRODID_START",
    "VCARD_SOURCE_PREFIX",
    "InterestLabel",
    "VCardVersion",
    "card_lines",
    "card_uid",
    "escape_structured",
    "escape_text",
    "fold_line",
    "name_parts",
    "note_text",
    "split_note_text",
    "write_vcards",
]

PRODID_START = f"-//{APP_NAME}//"
PRODID = f"{PRODID_START}Companion {__version__}//EN"

InterestLabel = Callable[[str], str]
"""Slug → the label to write in ``CATEGORIES``."""

_WORKING_ON = N_("Working on: {text}")
_LOOKING_FOR = N_("Looking for: {text}")


def note_text(person: Person) -> str:
    """The notes, then what they are working on and looking for (vCard has no such fields).

    Nothing is stripped: ``split_note_text`` gives each part back exactly.
    """
    parts = [person.notes] if person.notes else []
    if person.working_on:
        parts.append(_(_WORKING_ON).format(text=person.working_on))
    if person.looking_for:
        parts.append(_(_LOOKING_FOR).format(text=person.looking_for))
    return "\n\n".join(parts)


def _without_card_details(note: str, person: Person) -> str:
    """The note without the lines reading the card added for its addresses and nickname.

    Those properties are written back as they were read (``kept_properties``); leaving their
    copy in the note too would change the card on every round trip (a server would see an
    edit no one made). Only the block the reader appended, unchanged, is taken off.
    """
    details: list[str] = []
    for kept in person.kept_properties:
        try:
            name, params, value, _group = parseLine(kept.split("\r\n")[0])
        except Exception:  # a kept line is written back as it is; nothing to take off then
            continue
        name = name.upper()
        if name == "ADR" and (address := address_line(value or "", params or [])):
            details.append(address)
        elif name == "NICKNAME" and value and value.strip() != person.name:
            nickname = ", ".join(part for part in split_unescaped(value, ",") if part)
            details.insert(0, _("Nickname: {name}").format(name=nickname))
    block = "\n".join(details)
    if not details or not note.endswith(block):
        return note
    return note[: -len(block)].removesuffix("\n\n")


def split_note_text(note: str) -> tuple[str, str, str]:
    """``note_text`` undone: (notes, working on, looking for) of a note we wrote.

    The labels are recognised in English and in the language in use, since the export may have
    been written in either.
    """
    rest = note
    found: dict[str, str] = {}
    for field, label in (("looking_for", _LOOKING_FOR), ("working_on", _WORKING_ON)):
        best = -1
        length = 0
        for prefix in {_(label).split("{text}")[0], label.split("{text}")[0]}:
            if not prefix.strip():
                continue
            at = 0 if rest.startswith(prefix) else -1
            later = rest.rfind("\n\n" + prefix)
            if later >= 0:
                at, prefix = later, "\n\n" + prefix
            if at > best or (at == best == 0):
                best, length = at, len(prefix)
        if best >= 0:
            found[field] = rest[best + length :]
            rest = rest[:best]
    return rest, found.get("working_on", ""), found.get("looking_for", "")


def _revision(at: datetime, version: VCardVersion) -> str:
    utc = at.astimezone(UTC)
    if version is VCardVersion.V4:
        return "REV:" + utc.strftime("%Y%m%dT%H%M%SZ")
    return "REV:" + utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def card_lines(
    person: Person, *, version: VCardVersion, interest_label: InterestLabel, revised: datetime
) -> list[str]:
    """The unfolded content lines of one card."""
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{version.value}",
        f"PRODID:{PRODID}",
        f"UID:{escape_text(card_uid(person))}",
        f"FN:{escape_text(person.name)}",
        name_line(person),
    ]
    contacts, groups = contact_lines(person, version)
    lines.extend(contacts)
    organization, kept = organization_and_kept(person, version, groups)
    if organization:
        lines.append(organization)
    if person.job_title:
        lines.append(f"TITLE:{escape_text(person.job_title)}")
    birthday = birthday_line(person, version)
    if birthday:
        lines.append(birthday)
    categories = [interest_label(slug) for slug in person.interests]
    categories.extend(tag for tag in person.tags if tag not in categories)
    if categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(label) for label in categories))
    note = _without_card_details(note_text(person), person)
    if note:
        lines.append(f"NOTE:{escape_text(note)}")
    photo = photo_line(person, version)
    if photo:
        lines.append(photo)
    lines.extend(kept)
    lines.append(_revision(revised, version))
    lines.append("END:VCARD")
    return lines


def write_vcards(
    people: Iterable[Person],
    *,
    version: VCardVersion = VCardVersion.V4,
    interest_label: InterestLabel = str,
    revised: datetime,
) -> bytes:
    """One vCard file (UTF-8, CRLF) with a card per person, in the order given."""
    text = "".join(
        fold_line(line)
        for person in people
        for line in card_lines(
            person, version=version, interest_label=interest_label, revised=revised
        )
    )
    return text.encode("utf-8")
