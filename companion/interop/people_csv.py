"""Read people from CSV: LinkedIn's ``Connections.csv`` and any other table with a column mapping.

LinkedIn writes a "Notes:" preamble before the header and dates like ``12 Mar 2024``; it is
recognised by its header and mapped without asking. Other tables (Google, Outlook, Thunderbird,
a spreadsheet of one's own) get a guessed mapping the user can correct; the delimiter (comma,
semicolon, tab) and the encoding are detected.
"""

from __future__ import annotations

import csv
import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from companion.domain.contact_keys import (
    folded_name_key,
    former_folded_name_key,
    normalize_email,
    phone_match_key,
)
from companion.domain.limits import MAX_PEOPLE
from companion.i18n import N_, _
from companion.interop.csv_columns import ContactField, guess_mapping, has_name
from companion.interop.csv_dates import parse_date, slashed_date_order
from companion.interop.errors import FormatError
from companion.interop.import_limits import too_many_people
from companion.interop.parsed_contacts import (
    ContactsImportCancelled,
    ParsedContact,
    ParsedContacts,
    Progress,
    RejectedRecord,
    ShouldCancel,
    own_record_id,
)
from companion.interop.text_decoding import decode_text, split_lines

LINKEDIN_PREFIX = "linkedin:"
CSV_PREFIX = "csv:"
_LINKEDIN_HEADER = ("first name", "last name", "url")
_HEADER_SEARCH_LINES = 30
_REPORT_EVERY = 250
# Google Contacts CSV puts several values in one cell: "a@x.org ::: b@y.org".
_MULTI_VALUE = re.compile(r"\s*:::\s*")
_CATEGORY_SEPARATORS = re.compile(r"\s*(?::::|;|,)\s*")
_SYSTEM_LABELS = frozenset({"mycontacts", "* mycontacts"})
# The csv module refuses a field over 128 KiB (``csv.field_size_limit``), which a long note
# pasted into a spreadsheet passes easily; reading allows this much per field, and a row with
# a bigger one is rejected alone. The limit is process-wide, hence the lock.
MAX_FIELD_CHARS = 16 * 1024 * 1024
_FIELD_LIMIT_LOCK = threading.Lock()
# What we put before a cell a spreadsheet would run as a formula (people_csv_write.safe_cell).
_FORMULA_GUARD = re.compile(r"'(?=[=@+\-\t\r])")
_TEXT_AS_WRITTEN = frozenset(
    {ContactField.NOTES, ContactField.WORKING_ON, ContactField.LOOKING_FOR}
)


@dataclass(frozen=True, slots=True)
class CsvTable:
    """The header and rows of a CSV file; ``rows`` hold (line number, cells)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str
    encoding: str
    linkedin: bool = False
    #: Rows the csv module could not split (a field over ``MAX_FIELD_CHARS``).
    rejected: tuple[RejectedRecord, ...] = ()

    @property
    def known_layout(self) -> bool:
        """LinkedIn's export or our own: mapped without asking the user."""
        return self.linkedin or ContactField.RECORD_ID in self.guessed_mapping()

    def guessed_mapping(self) -> tuple[ContactField, ...]:
        return guess_mapping(self.headers)

    def sample(self, column: int, count: int = 3) -> tuple[str, ...]:
        """The first non-empty values of a column, for the mapping step."""
        values = [cells[column] for _line, cells in self.rows if column < len(cells)]
        return tuple(value for value in values if value.strip())[:count]


def read_csv_table(data: bytes) -> CsvTable:
    """Decode and split a CSV file; raises ``FormatError`` when it is no readable table."""
    decoded = decode_text(data)
    if decoded.text.count("\n") > MAX_PEOPLE + 1 and _more_rows_than(decoded.text, MAX_PEOPLE + 1):
        # Counted before the text is split into lines and cells: refused at the cost of its text.
        raise FormatError(too_many_people())
    lines = split_lines(decoded.text)
    header_index, linkedin = _find_header(lines)
    # Kept as lines: one string of the whole text, then a StringIO of it (4 bytes a
    # character), cost a 20 MB file some 150 MB.
    body = lines[header_index:]
    delimiter = "," if linkedin else _delimiter(body)
    with _field_limit(MAX_FIELD_CHARS):
        headers, rows, rejected = _split_rows(body, delimiter, first_line=header_index + 1)
    if len([header for header in headers if header]) < 1:
        raise FormatError(_("the file has no header row"))
    return CsvTable(headers, tuple(rows), delimiter, decoded.encoding, linkedin, tuple(rejected))


def _more_rows_than(text: str, limit: int) -> bool:
    """True when ``text`` has more than ``limit`` non-blank records (the header included)."""

    def pieces() -> Iterator[str]:
        start = 0
        while start < len(text):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end + 1
            yield text[start:end]
            start = end

    count = 0
    try:
        with _field_limit(MAX_FIELD_CHARS):
            for cells in csv.reader(pieces()):
                count += any(cell.strip() for cell in cells)
                if count > limit:
                    return True
    except csv.Error:
        return False  # the reading proper names the row that cannot be split
    return False


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    with _FIELD_LIMIT_LOCK:
        previous = csv.field_size_limit()
        csv.field_size_limit(max(previous, limit))
        try:
            yield
        finally:
            csv.field_size_limit(previous)


def _split_rows(
    body: list[str], delimiter: str, *, first_line: int
) -> tuple[tuple[str, ...], list[tuple[int, tuple[str, ...]]], list[RejectedRecord]]:
    """The header, the rows with the line each starts on, and the rows that could not be split."""
    reader = csv.reader((line + "\n" for line in body), delimiter=delimiter)
    rows: list[tuple[int, tuple[str, ...]]] = []
    rejected: list[RejectedRecord] = []
    headers: tuple[str, ...] = ()
    previous_end = 0
    while True:
        line = first_line + previous_end
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            previous_end = reader.line_num
            if not headers:
                raise FormatError(
                    _("the table cannot be read ({reason})").format(reason=error),
                    location=_("line {line}").format(line=line),
                ) from error
            rejected.append(RejectedRecord(line, "", _too_big(str(error))))
            continue
        previous_end = reader.line_num
        if not headers:
            headers = tuple(cell.strip().lstrip("\ufeff") for cell in cells)
        elif any(cell.strip() for cell in cells):
            rows.append((line, tuple(cells)))
            if len(rows) > MAX_PEOPLE:
                # Stop here: the rest is never split, so a huge file costs little time and memory.
                raise FormatError(too_many_people())
    return headers, rows, rejected


def _too_big(reason: str) -> str:
    if "field limit" in reason:
        return _("a cell is longer than {limit} characters").format(limit=MAX_FIELD_CHARS)
    return _("the row cannot be read ({reason})").format(reason=reason)


def _find_header(lines: list[str]) -> tuple[int, bool]:
    """LinkedIn's header may follow a "Notes:" preamble; other files start with theirs."""
    for index, line in enumerate(lines[:_HEADER_SEARCH_LINES]):
        cells = [cell.strip().strip('"').casefold() for cell in line.lstrip("\ufeff").split(",")]
        if tuple(cells[:3]) == _LINKEDIN_HEADER:
            return index, True
    for index, line in enumerate(lines):
        if line.strip():
            return index, False
    raise FormatError(_("the file is empty"))


def _delimiter(body: list[str]) -> str:
    sample = "\n".join(body[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        header = body[0] if body else ""
        return max(",;\t|", key=header.count)


def read_csv_contacts(
    table: CsvTable,
    mapping: tuple[ContactField, ...] | None = None,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    locale_day_first: bool | None = None,
) -> ParsedContacts:
    """The people of ``table`` by ``mapping`` (default: LinkedIn's, else the guessed one).

    Dates like ``04/12/1990`` are read in one order for the whole file (``slashed_date_order``);
    ``locale_day_first`` decides when the file does not (default: the user's locale).

    Raises ``FormatError`` when no column holds names, or no row gives a person.
    """
    fields = mapping if mapping is not None else table.guessed_mapping()
    if not has_name(fields):
        raise FormatError(
            _(
                "no column with names was recognised (headers: {headers}); "
                "name a column “Name” or “First Name”/“Last Name”"
            ).format(headers=", ".join(table.headers[:12]))
        )
    contacts: list[ParsedContact] = []
    rejected: list[RejectedRecord] = list(table.rejected)
    prefix = LINKEDIN_PREFIX if table.linkedin else CSV_PREFIX
    order = slashed_date_order(table, fields, locale_day_first=locale_day_first)
    for index, (line, cells) in enumerate(table.rows):
        if index % _REPORT_EVERY == 0:
            if should_cancel is not None and should_cancel():
                raise ContactsImportCancelled()
            if progress is not None:
                progress(index, len(table.rows))
        contact = _contact(
            line,
            cells,
            fields,
            prefix=prefix,
            linkedin=table.linkedin,
            day_first=order is not None and order.day_first,
        )
        if isinstance(contact, RejectedRecord):
            rejected.append(contact)
        else:
            contacts.append(contact)
    if progress is not None:
        progress(len(table.rows), len(table.rows))
    if not contacts:
        if rejected:
            raise FormatError(
                _("no row could be read; the first problem: {problem}").format(
                    problem=rejected[0].describe()
                )
            )
        raise FormatError(_("the table has a header but no people"))
    rejected.sort(key=lambda record: record.line)
    source = "LinkedIn" if table.linkedin else "CSV"
    notes = (order.describe(),) if order is not None else ()
    return ParsedContacts(tuple(contacts), tuple(rejected), source=source, notes=notes)


#: Outlook's address columns, by the kind of address they make up ("" for other addresses).
_ADDRESS_PART_KINDS = {
    ContactField.ADDRESS_WORK: N_("work"),
    ContactField.ADDRESS_HOME: N_("home"),
    ContactField.ADDRESS_OTHER: "",
}


def _contact(
    line: int,
    cells: tuple[str, ...],
    fields: tuple[ContactField, ...],
    *,
    prefix: str,
    linkedin: bool,
    day_first: bool = False,
) -> ParsedContact | RejectedRecord:
    values: dict[ContactField, list[str]] = {}
    for field, cell in zip(fields, cells, strict=False):
        # Notes keep their blanks (the user's text, exactly as exported); other cells are
        # trimmed.
        text = cell if field in _TEXT_AS_WRITTEN and cell.strip() else cell.strip()
        if text[:1] == "'":
            text = _FORMULA_GUARD.sub("", text, count=1)
        if text and field is not ContactField.IGNORE:
            values.setdefault(field, []).append(text)

    def first(field: ContactField) -> str:
        return values.get(field, [""])[0]

    def many(field: ContactField) -> list[str]:
        return [part for value in values.get(field, []) for part in _MULTI_VALUE.split(value)]

    name = " ".join(first(ContactField.NAME).split())
    given, middle, family = (
        " ".join(first(part).split())
        for part in (ContactField.FIRST_NAME, ContactField.MIDDLE_NAME, ContactField.LAST_NAME)
    )
    if not name:
        name = " ".join(part for part in (given, middle, family) if part)
    # The file's own split into given and family name, as a vCard's N keeps it (so an export
    # writes N:Raghunathan;Priya, never the whole name as a first name).
    structured = (family, given, middle, "", "", name) if given and family else ()
    emails = [email for email in many(ContactField.EMAIL) if normalize_email(email)]
    if not name:
        name = emails[0] if emails else ""
    if not name:
        return RejectedRecord(line, "", _("the row has no name"))
    if len(name) > 200:
        return RejectedRecord(line, name[:40] + "…", _("the name is longer than 200 characters"))
    links = many(ContactField.LINK)
    notes = "\n\n".join(values.get(ContactField.NOTES, []))
    addresses = [
        _("Address: {address}").format(
            address=", ".join(line.strip() for line in value.splitlines() if line.strip())
        )
        for value in many(ContactField.ADDRESS)
    ]
    for field, kind in _ADDRESS_PART_KINDS.items():
        address_parts = values.get(field, [])
        if address_parts:
            address = ", ".join(part for part in address_parts if part)
            addresses.append(
                _("Address ({kind}): {address}").format(kind=_(kind), address=address)
                if kind
                else _("Address: {address}").format(address=address)
            )
    if addresses:
        notes = "\n\n".join(part for part in (notes, "\n".join(addresses)) if part)
    connected = parse_date(first(ContactField.CONNECTED_ON), day_first=day_first)
    if connected:
        remark = (
            _("Connected on LinkedIn on {date}.") if linkedin else _("Connected on {date}.")
        ).format(date=connected)
        notes = f"{notes}\n\n{remark}".strip()
    categories = [
        label.lstrip("* ").strip()
        for value in values.get(ContactField.CATEGORIES, [])
        for label in _CATEGORY_SEPARATORS.split(value)
        if label.strip() and label.strip().casefold() not in _SYSTEM_LABELS
    ]
    record_id = own_record_id(first(ContactField.RECORD_ID))
    former_key = ""
    if record_id:
        key = record_id
    elif linkedin and links:
        key = links[0].strip().rstrip("/")
    else:
        first_email = normalize_email(emails[0]) if emails else ""
        phones = many(ContactField.PHONE)
        first_phone = phone_match_key(phones[0]) if phones else ""
        identity = f"{folded_name_key(name)}\n{first_email}\n{first_phone}"
        key = hashlib.sha1(identity.encode()).hexdigest()[:16]
        if former_name := former_folded_name_key(name):
            former_identity = f"{former_name}\n{first_email}\n{first_phone}"
            former_key = hashlib.sha1(former_identity.encode()).hexdigest()[:16]
    return ParsedContact(
        name=name,
        line=line,
        emails=tuple(emails),
        phones=tuple(
            phone for phone in many(ContactField.PHONE) if any(c.isdigit() for c in phone)
        ),
        links=tuple(links),
        organization=", ".join(
            part
            for part in (first(ContactField.ORGANIZATION), first(ContactField.DEPARTMENT))
            if part.strip()
        ),
        job_title=first(ContactField.JOB_TITLE),
        birthday=parse_date(first(ContactField.BIRTHDAY), birthday=True, day_first=day_first),
        categories=tuple(categories),
        notes=notes,
        working_on="\n\n".join(values.get(ContactField.WORKING_ON, [])),
        looking_for="\n\n".join(values.get(ContactField.LOOKING_FOR, [])),
        first_met=parse_date(first(ContactField.FIRST_MET), day_first=day_first),
        source_id=prefix + key,
        former_source_id=prefix + former_key if former_key else "",
        record_id=record_id,
        structured_name=structured,
    )
