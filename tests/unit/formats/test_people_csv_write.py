"""CSV export: one row per person that spreadsheets and Google Contacts read as intended."""

from __future__ import annotations

import csv
import io
from datetime import date

from companion.domain.people import Person
from companion.interop.people_csv_write import (
    BOM,
    ID_HEADER,
    LABEL_SEPARATOR,
    headers,
    safe_cell,
    write_people_csv,
)


def _rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_person_with_numbered_contact_columns() -> None:
    # Given one person with two emails and one with none
    people = [
        Person(
            name="Ada Lovelace",
            emails=("ada@example.org", "countess@example.net"),
            phones=("+44 20 7946 0018",),
            organization="Engines",
            job_title="Programmer",
            birthday="--12-10",
            interests=("board-games",),
            tags=("friends",),
            first_met=date(2026, 1, 5),
        ),
        Person(name="Grace"),
    ]
    # When exported
    data = write_people_csv(people, interest_label=lambda slug: "Board games")
    # Then the header has as many email columns as needed, and each person one row
    header = data.decode().split("\r\n", 1)[0].split(",")
    assert header == headers(emails=2, phones=1, links=1)
    first, second = _rows(data)
    assert first["Name"] == "Ada Lovelace"
    assert (first["First Name"], first["Last Name"]) == ("Ada Lovelace", "")
    assert first["E-mail 1 - Value"] == "ada@example.org"
    assert first["E-mail 2 - Value"] == "countess@example.net"
    assert first["Phone 1 - Value"] == "+44 20 7946 0018"
    assert first["Labels"] == LABEL_SEPARATOR.join(["Board games", "friends"])
    assert first["Birthday"] == " --12-10"
    assert first["First Met"] == "2026-01-05"
    assert first[ID_HEADER] == people[0].id
    assert second["Name"] == "Grace"
    assert second["E-mail 2 - Value"] == ""


def test_notes_with_line_breaks_and_quotes_stay_one_cell() -> None:
    # Given notes with line breaks (both kinds), commas, quotes and non-Latin text
    notes = 'Line one\r\nline "two", with commas\nمرحبا 😀'
    # When exported
    data = write_people_csv([Person(name="Zoë", notes=notes)])
    # Then the file has CRLF row ends, and reading it back gives one row with the note whole
    assert data.count(b"\r\n") == 2
    [row] = _rows(data)
    assert row["Notes"] == notes.replace("\r\n", "\n")
    assert row["Name"] == "Zoë"


def test_byte_order_mark_is_optional() -> None:
    # Given the same person exported with and without a byte order mark
    person = Person(name="Jürgen")
    with_bom = write_people_csv([person], bom=True)
    without = write_people_csv([person])
    # Then only the first starts with the UTF-8 BOM and both are otherwise the same
    assert with_bom.startswith(BOM.encode("utf-8"))
    assert not without.startswith(BOM.encode("utf-8"))
    assert with_bom[3:] == without


def test_formulas_are_neutralised_but_phone_numbers_are_not() -> None:
    # Given cells that a spreadsheet would run as formulas, and phone numbers
    # Then formulas get an apostrophe and phone numbers stay as they are
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert safe_cell("+49 (0)170 123-45 67") == "+49 (0)170 123-45 67"
    assert safe_cell("-") == "-"
    assert safe_cell("plain") == "plain"


def test_an_empty_export_still_has_the_header() -> None:
    data = write_people_csv([])
    assert data.decode() == ",".join(headers()) + "\r\n"
