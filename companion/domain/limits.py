"""How much one import may bring, and what a name or a record id may hold.

The limits are documented (README, "Limits") and generous for real data: a phone's address
book, a ten-year calendar, a backup of a store far beyond the sizes DESIGN.md plans for. A file
past them is hostile or broken; it is refused with its own message before it can cost minutes
or gigabytes. Where a format has records of their own (a vCard's card, a CSV's row) one record
past a per-record limit is rejected alone; a count limit refuses the whole file.
"""

from __future__ import annotations

import re
import unicodedata

#: Bytes read from one import file; reading stops there, whatever the file claims to hold.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
#: People (cards, CSV rows, backup records) in one import.
MAX_PEOPLE = 100_000
#: Events in one import (a calendar's events, or a backup's).
MAX_EVENTS = 50_000
#: Records of the other kinds in one backup.
MAX_BACKUP_RECORDS = {
    "people": MAX_PEOPLE,
    "events": MAX_EVENTS,
    "encounters": 500_000,
    "offers": 100_000,
    "openers": 20_000,
    "interests": 10_000,
    "profile": 10,
}
#: Emails, phones and links of one person (each).
MAX_VALUES_PER_PERSON = 100
#: Characters of one email, phone, link, tag or source id (a vCard UID) of a person.
MAX_VALUE_LENGTH = 2_048
#: Lines of one vCard: a card past this is rejected alone before it is parsed.
MAX_CARD_LINES = 5_000
#: Characters of a record id (ours are 32; older or foreign backups may use a few more).
MAX_ID_LENGTH = 128

# Ids are opaque, but never something a spreadsheet or a terminal would act on: a letter or
# digit first (no "=", "+", "-", "@"), then only these. Our own ids are 32 hex digits.
_RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")
# Explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in a name
# they can make "moc.exe" read as "exe.com" and reorder what follows. Real right-to-left names
# need none of them (the bidi algorithm handles Arabic and Hebrew on its own).
_BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A)],
    None,
)
# Line breaks and tabs in a name (a CSV cell may hold one) become one space.
_BLANKS = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]+")


def is_record_id(value: object) -> bool:
    """True for a usable record id: short, and only letters, digits and ``._:-``."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_ID_LENGTH
        and _RECORD_ID.fullmatch(value) is not None
    )


def neutral_name(name: str) -> str:
    """``name`` without bidi overrides, its line breaks and tabs as spaces, other controls
    removed: what is stored and shown, whatever the source. Never raises (old stores)."""
    if name.isprintable():
        return name  # the usual case: bidi controls and control characters are not printable
    cleaned = _BLANKS.sub(" ", name.translate(_BIDI_CONTROLS))
    if cleaned.isprintable():
        return cleaned
    return "".join(character for character in cleaned if unicodedata.category(character) != "Cc")


def name_control_character(name: str) -> str | None:
    """The first control character of ``name`` that is neither a blank nor a bidi control,
    as "U+0000"; ``None`` when there is none. An import refuses a name holding one."""
    for character in _BLANKS.sub(" ", name):
        if unicodedata.category(character) == "Cc":
            return f"U+{ord(character):04X}"
    return None
