"""The content lines of the fields a card carries for a person, patched onto what was read.

Where the person came from a card, what the card said is written back: its UID, its
structured name while the person keeps that name, each email's, phone's and link's types,
preference, group and property, its ``ORG`` with departments while the organisation is
unchanged, and every property the app does not manage (``vcard_kept``). What the user changed
in the app replaces the card's value; what they added is written plainly.
"""

from __future__ import annotations

import re
import uuid

from vobject.base import ParseError, parseLine

from companion.domain.contact_card import ContactKind, ContactLabel
from companion.domain.people import Person
from companion.interop.vcard_details import contact_labels, name_parts_of
from companion.interop.vcard_kept import property_name, writable
from companion.interop.vcard_params import label_params
from companion.interop.vcard_text import (
    VCardVersion,
    escape_component,
    escape_structured,
    escape_text,
    uri_text,
)
from companion.interop.vcard_values import organization_text, uri_from_iri

VCARD_SOURCE_PREFIX = "vcard:"
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
# "twitter: ana" (service, colon, blank, user name without blanks).
_PROFILE_WITHOUT_ADDRESS = re.compile(r"(?P<service>[A-Za-z][\w.+-]*): (?P<user>\S+)")


def card_uid(person: Person) -> str:
    """The card's UID exactly as read; else a card it was merged from; else the person's id."""
    if person.uid:
        return person.uid
    for source in person.source_ids:
        if source.startswith(VCARD_SOURCE_PREFIX) and len(source) > len(VCARD_SOURCE_PREFIX):
            return source[len(VCARD_SOURCE_PREFIX) :]
    try:
        return str(uuid.UUID(hex=person.id))
    except ValueError:
        return person.id


def name_parts(name: str) -> tuple[str, str, str]:
    """(family, given, suffix) for a name read without a structured name.

    Which word is the family name cannot be told from the name alone ("Jan de Vries",
    "山田 太郎", "Nagy Péter"), so the whole name is the given name; only "Family, Given"
    written with a comma is split, and "Zoë O'Brien, Jr." keeps "Jr." as the suffix.
    """
    before, comma, after = name.partition(",")
    suffix = after.strip() if comma and after.strip().rstrip(".").casefold() in _SUFFIXES else ""
    if comma and not suffix and before.strip() and after.strip():
        return before.strip(), after.strip(), ""
    return "", (before.strip() if suffix else name.strip()), suffix


def name_line(person: Person) -> str:
    kept = name_parts_of(person)
    if kept is not None:
        return "N:" + ";".join(escape_component(part) for part in kept.parts())
    family, given, suffix = name_parts(person.name)
    family, given, suffix = (escape_structured(part) for part in (family, given, suffix))
    return f"N:{family};{given};;;{suffix}"


def contact_lines(person: Person, version: VCardVersion) -> tuple[list[str], set[str]]:
    """The ``EMAIL``, ``TEL`` and link lines, and the groups (``item1``) they use."""
    v4 = version is VCardVersion.V4
    labels = contact_labels(person) if person.contact_labels else {}
    lines: list[str] = []
    groups: set[str] = set()
    for kind, values in (
        (ContactKind.EMAIL, person.emails),
        (ContactKind.PHONE, person.phones),
        (ContactKind.LINK, person.links),
    ):
        for value in values:
            label = labels.get((kind, value)) or ContactLabel(kind=kind, value=value)
            if label.is_plain() and kind is ContactKind.LINK:
                lines.append(_plain_link_line(value))
                continue
            if label.group:
                groups.add(label.group)
            lines.append(_labelled_line(label, v4=v4))
    return lines, groups


def plain_contact_line(kind: ContactKind, value: str, *, version: str) -> str:
    """The line an export writes for ``value`` when the card said nothing more about it."""
    if kind is ContactKind.LINK:
        return _plain_link_line(value)
    if kind is ContactKind.PHONE:
        return f"TEL:{escape_text(value)}"
    if version == "4.0":
        return f"EMAIL:{escape_text(value)}"
    return f"EMAIL;TYPE=INTERNET:{escape_text(value)}"


def _labelled_line(label: ContactLabel, *, v4: bool) -> str:
    group = f"{label.group}." if label.group else ""
    if label.kind is ContactKind.EMAIL:
        params = label_params(label, v4=v4, default_types=() if v4 else ("INTERNET",))
        return f"{group}EMAIL{params}:{label.written or escape_text(label.value)}"
    if label.kind is ContactKind.PHONE:
        written = label.written
        if not v4 and written.lower().startswith("tel:"):
            written = ""  # a tel: URI is 4.0's form; 3.0 holds the number as text
        return f"{group}TEL{label_params(label, v4=v4)}:{written or escape_text(label.value)}"
    name = label.property or "URL"
    if name == "SOCIALPROFILE" and not v4:
        name = "X-SOCIALPROFILE"  # RFC 9554 is for 4.0; 3.0 readers know Apple's name
    value = label.written or uri_from_iri(label.value)
    return f"{group}{name}{label_params(label, v4=v4)}:{uri_text(value)}"


def _plain_link_line(link: str) -> str:
    """``URL`` for a web or chat address (non-ASCII characters encoded, RFC 3987 3.1); a
    profile known only by user name ("twitter: ana", read from Apple's cards) is no URI, which
    ``URL`` must hold (RFC 6350 6.7.8): it is written the way Apple writes it, which Apple
    reads and other programs skip.
    """
    match = _PROFILE_WITHOUT_ADDRESS.fullmatch(link.strip())
    if match is None:
        return f"URL:{uri_text(uri_from_iri(link))}"
    service, user = (_param_text(part) for part in match.group("service", "user"))
    return f"X-SOCIALPROFILE;TYPE={service};X-USER={user}:x-apple:{uri_text(match.group('user'))}"


def _param_text(value: str) -> str:
    # Parameter values cannot hold ";", ":", "," or quotes unquoted (RFC 6350 5); user names
    # and service names never need them.
    return "".join(char for char in value if char not in ';:,"')


def organization_and_kept(
    person: Person, version: VCardVersion, used_groups: set[str]
) -> tuple[str | None, list[str]]:
    """The ``ORG`` line, and the kept lines to write back (``vcard_kept.writable``).

    The first kept ``ORG`` is the card's own: written back with its departments while it still
    reads as the person's organisation, replaced by it once the user changed that.
    """
    organization: str | None = None
    others = []
    first_org = True
    for kept in person.kept_properties:
        if first_org and property_name(kept)[1] == "ORG":
            first_org = False
            if _org_value(kept) == person.organization:
                organization = kept
            continue
        others.append(kept)
    if organization is None and person.organization:
        organization = f"ORG:{escape_structured(person.organization)}"
    lines = writable(
        others, read_in=person.card_version, version=version.value, used_groups=used_groups
    )
    return organization, lines


def _org_value(line: str) -> str | None:
    try:
        _name, _params, value, _group = parseLine(line, 0)
    except ParseError:
        return None
    return organization_text(value or "")


def birthday_line(person: Person, version: VCardVersion) -> str | None:
    """``BDAY``; a birthday without a year is ``--MMDD`` (RFC 6350 4.3.1) in 4.0.

    vCard 3.0 has no form for a date without a year. Apple writes the placeholder year 1604
    named in ``X-APPLE-OMIT-YEAR``, and every reader that does not know that parameter shows
    the person as born in 1604 (khard, khal, Thunderbird's birthday calendars, Nextcloud before
    20, the Radicale birthday calendar). We write ISO 8601's truncated ``--MM-DD`` instead,
    which those readers, vobject, ical.js and Google take as a date without a year, and keep
    Apple's parameter beside it for Apple's reader, which keys on it; no reader is told a
    year that is not known.
    """
    value = person.birthday
    if not value:
        return None
    digits = value.replace("-", "")
    month_day = digits[-4:]
    if value.startswith("--"):
        if version is VCardVersion.V4:
            return f"BDAY:--{month_day}"
        return f"BDAY;X-APPLE-OMIT-YEAR=1604:--{month_day[:2]}-{month_day[2:]}"
    if version is VCardVersion.V4:
        return f"BDAY:{digits}"
    return f"BDAY:{digits[:4]}-{digits[4:6]}-{digits[6:]}"


def photo_line(person: Person, version: VCardVersion) -> str | None:
    """``PHOTO``: in 4.0 a ``data:`` URI, in 3.0 ``ENCODING=b`` with the bare base64.

    The data URI's comma is written escaped (``base64\\,``): vobject (Radicale and other
    Python servers) reads ``PHOTO`` as a comma-separated list and keeps only what comes before
    the first unescaped comma, losing the image, while RFC 6350 readers (ical.js, Sabre in
    Nextcloud) unescape ``\\,`` in 4.0 values and get the URI unchanged.
    """
    header, separator, data = person.photo.partition(",")
    if not separator or ";base64" not in header:
        return None
    if version is VCardVersion.V4:
        return f"PHOTO:{uri_text(header)}\\,{uri_text(data)}"
    kind = header.removeprefix("data:").split(";", 1)[0].removeprefix("image/").upper()
    if kind == "JPG":
        kind = "JPEG"
    return f"PHOTO;ENCODING=b;TYPE={kind or 'JPEG'}:{uri_text(data)}"
