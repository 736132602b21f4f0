"""Write people as CSV: one row per person, for spreadsheets and for Google Contacts.

Decisions (keep them stable; the CSV import maps these headers back):

- Headers are English and never translated: Google Contacts recognises its own English
  headers only, and a file exported in German must import the same way everywhere.
- Header names follow Google Contacts' CSV ("First Name", "E-mail 1 - Value", "Labels", ...),
  which LibreOffice and Excel show as plain columns. Several emails, phones and links go into
  numbered columns ("E-mail 1 - Value", "E-mail 2 - Value", ...) as many as the export needs,
  so each cell holds one value a spreadsheet can sort and filter.
- "Labels" holds our interests (stable English label) and tags, joined with " ::: " as Google
  writes them; "Name" holds the name exactly as stored, so a round trip keeps it whole.
- UTF-8, CRLF between rows (RFC 4180), every cell that needs it quoted: a note with line
  breaks stays one cell. An optional byte order mark makes Excel read the file as UTF-8.
- Birthdays are ISO dates; one without a year is written " --MM-DD" (leading space, so no
  spreadsheet computes it).
- A cell that a spreadsheet would run as a formula (starting with ``=``, ``@``, or ``+``/``-``
  followed by anything but a phone number) gets a leading apostrophe: notes come from other
  people's profiles and must not become formulas on the user's machine.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence

from companion.domain.people import Person
from companion.interop.vcard_details import name_parts_of
from companion.interop.vcard_write import name_parts

BOM = "\ufeff"
LABEL_SEPARATOR = " ::: "
ID_HEADER = "Common Ground ID"

_PHONE_LIKE = re.compile(r"[+\-]?[\d\s()./\-]+")

InterestLabel = Callable[[str], str]


def _numbered(kind: str, count: int) -> list[str]:
    return [f"{kind} {number} - Value" for number in range(1, count + 1)]


def headers(*, emails: int = 1, phones: int = 1, links: int = 1) -> list[str]:
    """The header row for an export needing the given number of columns per kind."""
    return [
        "Name",
        "First Name",
        "Last Name",
        *_numbered("E-mail", emails),
        *_numbered("Phone", phones),
        *_numbered("Website", links),
        "Organization Name",
        "Organization Title",
        "Birthday",
        "Labels",
        "Working On",
        "Looking For",
        "First Met",
        "Notes",
        ID_HEADER,
    ]


def safe_cell(value: str) -> str:
    """``value`` with a leading apostrophe if a spreadsheet would take it for a formula."""
    if not value:
        return value
    first = value[0]
    if first in "=@\t\r" or (first in "+-" and not _PHONE_LIKE.fullmatch(value)):
        return "'" + value
    if first == "'" and value[1:2] and value[1] in "=@+-\t\r":
        # Already starts like a guarded cell ("'=)"): the import takes one apostrophe off.
        return "'" + value
    return value


def _padded(values: Sequence[str], count: int) -> list[str]:
    return [safe_cell(value) for value in values] + [""] * (count - len(values))


def _split_name(person: Person) -> tuple[str, str]:
    """(first, last) as the vCard's ``N`` has them: the card's own structured name while the
    person keeps that name, else the whole name as the first name (never a guess)."""
    kept = name_parts_of(person)
    if kept is not None and (kept.given or kept.family):
        first = " ".join(part for part in (kept.given, kept.additional) if part)
        return first, kept.family
    last, first, _suffix = name_parts(person.name)
    return first, last


def _birthday(value: str) -> str:
    # "--04-12" (no year) is a formula to Excel (it shows -8); a leading space keeps it text.
    return " " + value if value.startswith("--") else value


def _cell_text(text: str) -> str:
    # Line breaks inside a cell are LF for Excel and LibreOffice alike.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def write_people_csv(
    people: Iterable[Person], *, interest_label: InterestLabel = str, bom: bool = False
) -> bytes:
    everyone = list(people)
    emails = max((len(person.emails) for person in everyone), default=1) or 1
    phones = max((len(person.phones) for person in everyone), default=1) or 1
    links = max((len(person.links) for person in everyone), default=1) or 1
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers(emails=emails, phones=phones, links=links))
    for person in everyone:
        first, last = _split_name(person)
        labels = [interest_label(slug) for slug in person.interests]
        labels.extend(tag for tag in person.tags if tag not in labels)
        writer.writerow(
            [
                safe_cell(person.name),
                safe_cell(first),
                safe_cell(last),
                *_padded(person.emails, emails),
                *_padded(person.phones, phones),
                *_padded(person.links, links),
                safe_cell(person.organization),
                safe_cell(person.job_title),
                _birthday(person.birthday),
                safe_cell(LABEL_SEPARATOR.join(labels)),
                safe_cell(_cell_text(person.working_on)),
                safe_cell(_cell_text(person.looking_for)),
                person.first_met.isoformat() if person.first_met else "",
                safe_cell(_cell_text(person.notes)),
                # Our ids never start like a formula, but one from an older import might.
                safe_cell(person.id),
            ]
        )
    text = buffer.getvalue()
    return ((BOM if bom else "") + text).encode("utf-8")
