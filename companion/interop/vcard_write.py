"""Write people as vCards: 4.0 (RFC 6350) or 3.0 (RFC 2426, for older phones and importers).

Written by hand rather than through vobject so every byte is ours to check: CRLF line ends,
lines folded at 75 octets without ever splitting a UTF-8 sequence, text escaped (``\\``, ``,``,
``;``, newlines), and the quirks the common importers expect:

- ``N`` and ``FN`` on every card (3.0 requires both; Google and Apple show ``FN``).
- ``CATEGORIES`` carries our interests by their stable English catalogue label (or the label the
  user typed) followed by the tags: Google and Apple show them as labels/groups, and importing
  the file again maps the labels back onto the catalogue.
- A birthday without a year: 4.0 writes ``--MMDD``; 3.0 writes Apple's ``1604-MM-DD`` with
  ``X-APPLE-OMIT-YEAR=1604`` (Apple Contacts reads it as "no year").
- ``PHOTO``: 4.0 a ``data:`` URI; 3.0 ``ENCODING=b;TYPE=JPEG`` with the bare base64.
- ``UID`` is stable: the UID of the card a person came from, else the person's own id, so
  exporting again updates the same contact where an importer matches by UID (Apple, Nextcloud).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import StrEnum

from companion import APP_NAME, __version__
from companion.domain.people import Person
from companion.i18n import N_, _

#: RFC 6350 section 3.2 and RFC 2426 section 2.6: lines SHOULD be at most 75 octets.
MAX_LINE_OCTETS = 75
CRLF = "\r\n"
VCARD_SOURCE_PREFIX = "vcard:"
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
PRODID_START = f"-//{APP_NAME}//"
PRODID = f"{PRODID_START}Companion {__version__}//EN"
# "twitter: ana" (service, colon, blank, user name without blanks).
_PROFILE_WITHOUT_ADDRESS = re.compile(r"(?P<service>[A-Za-z][\w.+-]*): (?P<user>\S+)")


class VCardVersion(StrEnum):
    V4 = "4.0"
    V3 = "3.0"


InterestLabel = Callable[[str], str]
"""Slug → the label to write in ``CATEGORIES``."""


def escape_text(value: str) -> str:
    """A text value as RFC 6350 section 3.4 (and RFC 2426 section 4) escape it."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _uri(value: str) -> str:
    """URI values are not escaped (RFC 6350 section 4), but a line break would end the line."""
    return "".join(value.split("\r\n")).replace("\n", "").replace("\r", "")


def fold_line(line: str) -> str:
    """``line`` folded into CRLF-separated pieces of at most 75 octets, each UTF-8 whole.

    A continuation starts with one space, which counts towards its 75 octets.
    """
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


def card_uid(person: Person) -> str:
    for source in person.source_ids:
        if source.startswith(VCARD_SOURCE_PREFIX) and len(source) > len(VCARD_SOURCE_PREFIX):
            return source[len(VCARD_SOURCE_PREFIX) :]
    try:
        return str(uuid.UUID(hex=person.id))
    except ValueError:
        return person.id


def name_parts(name: str) -> tuple[str, str, str]:
    """(family, given, suffix) for ``N``: "Last, First" as written, else the last word is the
    family name; "Zoë O'Brien, Jr" keeps "Jr" as the suffix. A one-word name (or one in a
    script written without spaces) goes into the given name.
    """
    before, comma, after = name.partition(",")
    suffix = after.strip() if comma and after.strip().rstrip(".").casefold() in _SUFFIXES else ""
    if comma and not suffix:
        return before.strip(), after.strip(), ""
    words = before.split()
    if len(words) < 2:
        return "", before.strip(), suffix
    return words[-1], " ".join(words[:-1]), suffix


_WORKING_ON = N_("Working on: {text}")
_LOOKING_FOR = N_("Looking for: {text}")


def note_text(person: Person) -> str:
    """The notes, then what they are working on and looking for (vCard has no such fields)."""
    parts = [person.notes.strip()] if person.notes.strip() else []
    if person.working_on.strip():
        parts.append(_(_WORKING_ON).format(text=person.working_on.strip()))
    if person.looking_for.strip():
        parts.append(_(_LOOKING_FOR).format(text=person.looking_for.strip()))
    return "\n\n".join(parts)


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
            found[field] = rest[best + length :].strip()
            rest = rest[:best]
    return rest.strip(), found.get("working_on", ""), found.get("looking_for", "")


def _birthday(person: Person, version: VCardVersion) -> str | None:
    value = person.birthday
    if not value:
        return None
    digits = value.replace("-", "")
    no_year = value.startswith("--")
    month_day = digits[-4:]
    if version is VCardVersion.V4:
        return f"BDAY:--{month_day}" if no_year else f"BDAY:{digits}"
    if no_year:
        return f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{month_day[:2]}-{month_day[2:]}"
    return f"BDAY:{digits[:4]}-{digits[4:6]}-{digits[6:]}"


def _photo(person: Person, version: VCardVersion) -> str | None:
    header, separator, data = person.photo.partition(",")
    if not separator or ";base64" not in header:
        return None
    if version is VCardVersion.V4:
        return "PHOTO:" + _uri(person.photo)
    kind = header.removeprefix("data:").split(";", 1)[0].removeprefix("image/").upper()
    if kind == "JPG":
        kind = "JPEG"
    return f"PHOTO;ENCODING=b;TYPE={kind or 'JPEG'}:{_uri(data)}"


def _link_line(link: str) -> str:
    """``URL`` for a web or chat address; a profile known only by user name ("twitter: ana",
    read from Apple's cards) is no URI, which ``URL`` must hold (RFC 6350 6.7.8): it is
    written the way Apple writes it, which Apple reads and other programs skip.
    """
    match = _PROFILE_WITHOUT_ADDRESS.fullmatch(link.strip())
    if match is None:
        return f"URL:{_uri(link)}"
    service, user = (_param_text(part) for part in match.group("service", "user"))
    return f"X-SOCIALPROFILE;TYPE={service};X-USER={user}:x-apple:{_uri(match.group('user'))}"


def _param_text(value: str) -> str:
    # Parameter values cannot hold ";", ":", "," or quotes unquoted (RFC 6350 5); user names
    # and service names never need them.
    return "".join(char for char in value if char not in ';:,"')


def _revision(at: datetime, version: VCardVersion) -> str:
    utc = at.astimezone(UTC)
    if version is VCardVersion.V4:
        return "REV:" + utc.strftime("%Y%m%dT%H%M%SZ")
    return "REV:" + utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def card_lines(
    person: Person, *, version: VCardVersion, interest_label: InterestLabel, revised: datetime
) -> list[str]:
    """The unfolded content lines of one card."""
    family, given, suffix = name_parts(person.name)
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{version.value}",
        f"PRODID:{PRODID}",
        f"UID:{escape_text(card_uid(person))}",
        f"FN:{escape_text(person.name)}",
        f"N:{escape_text(family)};{escape_text(given)};;;{escape_text(suffix)}",
    ]
    v4 = version is VCardVersion.V4
    for index, email in enumerate(person.emails):
        if v4:
            lines.append(f"EMAIL{';PREF=1' if index == 0 else ''}:{escape_text(email)}")
        else:
            kinds = "INTERNET,PREF" if index == 0 else "INTERNET"
            lines.append(f"EMAIL;TYPE={kinds}:{escape_text(email)}")
    for index, phone in enumerate(person.phones):
        if v4:
            lines.append(f"TEL{';PREF=1' if index == 0 else ''}:{escape_text(phone)}")
        else:
            kinds = "VOICE,PREF" if index == 0 else "VOICE"
            lines.append(f"TEL;TYPE={kinds}:{escape_text(phone)}")
    lines.extend(_link_line(link) for link in person.links)
    if person.organization:
        lines.append(f"ORG:{escape_text(person.organization)}")
    if person.job_title:
        lines.append(f"TITLE:{escape_text(person.job_title)}")
    birthday = _birthday(person, version)
    if birthday:
        lines.append(birthday)
    categories = [interest_label(slug) for slug in person.interests]
    categories.extend(tag for tag in person.tags if tag not in categories)
    if categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(label) for label in categories))
    note = note_text(person)
    if note:
        lines.append(f"NOTE:{escape_text(note)}")
    photo = _photo(person, version)
    if photo:
        lines.append(photo)
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
