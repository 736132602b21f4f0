"""Reading LinkedIn's Connections.csv and other contact tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from companion.interop.csv_columns import ContactField, guess_mapping
from companion.interop.errors import FormatError
from companion.interop.people_csv import (
    MAX_FIELD_CHARS,
    parse_date,
    read_csv_contacts,
    read_csv_table,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "people"


def test_linkedin_connections_with_preamble_and_dates() -> None:
    # Given LinkedIn's export with its "Notes:" preamble / When it is read
    table = read_csv_table((FIXTURES / "linkedin-Connections.csv").read_bytes())
    parsed = read_csv_contacts(table)
    # Then it is recognised, mapped without asking, and every connection is a person
    assert table.linkedin
    assert parsed.source == "LinkedIn"
    ana, priya, marc = parsed.contacts
    assert ana.name == "Ana López" and ana.emails == ("ana.lopez@example.org",)
    assert ana.source_id == "linkedin:https://www.linkedin.com/in/analopez"
    assert "2024-03-12" in ana.notes
    assert priya.organization == "Data, Ethics & Society Lab"
    assert marc.job_title == "Designer, Illustrator"
    assert ana.line == 5


def test_latin1_semicolon_csv_with_german_headers() -> None:
    # Given a German Excel export in Windows-1252 with semicolons / When it is read
    table = read_csv_table((FIXTURES / "latin1-contacts.csv").read_bytes())
    parsed = read_csv_contacts(table)
    # Then the delimiter, the encoding and the columns are recognised
    assert table.delimiter == ";"
    juergen = parsed.contacts[0]
    assert juergen.name == "Jürgen Groß"
    assert juergen.birthday == "1975-04-12"
    assert juergen.organization == "Bäckerei Groß"
    assert parsed.contacts[2].name == "Renée Müller-Lüdenscheidt"


def test_google_and_outlook_headers_are_guessed() -> None:
    # Given the headers of Google's and Outlook's CSV exports / When they are mapped
    google = guess_mapping(("Name", "E-mail 1 - Type", "E-mail 1 - Value", "Group Membership"))
    outlook = guess_mapping(("First Name", "Title", "Job Title", "Mobile Phone", "E-mail Address"))
    # Then values are mapped, type columns left out, and Outlook's salutation is not a job
    assert google == (
        ContactField.NAME,
        ContactField.IGNORE,
        ContactField.EMAIL,
        ContactField.CATEGORIES,
    )
    assert outlook[1] is ContactField.IGNORE and outlook[2] is ContactField.JOB_TITLE


def test_google_multi_values_and_labels() -> None:
    # Given a Google CSV row with two emails and labels in one cell
    data = (
        b"Name,E-mail 1 - Value,Labels\nAna Lopez,a@x.org ::: b@y.org,* myContacts ::: Climbing\n"
    )
    # When it is read
    [ana] = read_csv_contacts(read_csv_table(data)).contacts
    # Then both emails are kept and the system label is dropped
    assert ana.emails == ("a@x.org", "b@y.org")
    assert ana.categories == ("Climbing",)


def test_table_without_name_column_is_refused_clearly() -> None:
    # Given a table whose headers name no name column
    table = read_csv_table(b"foo,bar,baz\n1,2,3\n")
    # When it is read with the guessed mapping / Then the message says what is missing
    with pytest.raises(FormatError, match="no column with names"):
        read_csv_contacts(table)


def test_explicit_mapping_is_used() -> None:
    # Given a table with unrecognisable headers and a mapping chosen by the user
    table = read_csv_table(b"col1;col2\nAna;ana@x.org\n")
    mapping = (ContactField.NAME, ContactField.EMAIL)
    # When it is read / Then the mapping decides
    [ana] = read_csv_contacts(table, mapping).contacts
    assert (ana.name, ana.emails) == ("Ana", ("ana@x.org",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Mar 2024", "2024-03-12"),
        ("1990-04-12", "1990-04-12"),
        ("12.04.1975", "1975-04-12"),
        ("4/12/1990", "1990-04-12"),
        ("25/12/1990", "1990-12-25"),
        ("--04-12", "--04-12"),
        ("not a date", ""),
    ],
)
def test_dates(text: str, expected: str) -> None:
    assert parse_date(text, birthday=True) == expected


def test_five_megabyte_note_is_read_and_left_to_the_row_check() -> None:
    # Given a CSV with a 5 MB note (over the csv module's default field limit)
    data = b'Name,Notes\nAna,"' + b"x" * (5 * 1024 * 1024) + b'"\nBen,ok\n'
    # When it is read / Then both rows are there; the import plan rejects the note (too long)
    parsed = read_csv_contacts(read_csv_table(data))
    assert [len(contact.notes) for contact in parsed.contacts] == [5 * 1024 * 1024, 2]


def test_a_field_over_the_csv_limit_rejects_only_its_row() -> None:
    # Given a CSV whose second row holds a field larger than reading allows
    huge = b"x" * (MAX_FIELD_CHARS + 10)
    data = b'Name,Notes\r\nAna,short\r\nBen,"' + huge + b'"\r\nCleo,fine\r\n'
    # When it is read
    parsed = read_csv_contacts(read_csv_table(data))
    # Then Ana and Cleo are read, and Ben's row is rejected with its line and why
    assert [contact.name for contact in parsed.contacts] == ["Ana", "Cleo"]
    [ben] = parsed.rejected
    assert ben.line == 3 and "a cell is longer than" in ben.reason
    # And the csv module's limit is back where it was
    assert csv.field_size_limit() == 131072


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        (
            "google-contacts-legacy.csv",
            {
                "Ana López": (("ana.lopez@example.org", "ana@home.example"), ("+49 170 1234567",)),
                "Tom Becker": ((), ("030 9876543", "+49 151 2223334")),
            },
        ),
        (
            "google-contacts-2024.csv",
            {
                "Haruki Nakamura": (("haruki@example.jp",), ("+81 90 1234 5678",)),
                "Priya S. Raman": (("priya.raman@example.edu",), ()),
            },
        ),
        (
            "outlook-contacts.csv",
            {
                "Grace Hopper": (
                    ("grace.hopper@example.mil",),
                    ("+1 202 555 0142", "+1 202 555 0199"),
                ),
                "Alan Kay": (("alan@example.com",), ()),
            },
        ),
        (
            "outlook-de-contacts.csv",
            {"Jürgen Groß": (("j.gross@example.de",), ("+49 89 2468101", "0176 55512345"))},
        ),
        (
            "excel-de-semicolon.csv",
            {
                "Renée Müller-Lüdenscheidt": (("renee@example.de",), ("0171 7654321",)),
                "Jonas Weiß": ((), ("+49 30 5556667",)),
            },
        ),
    ],
)
def test_exports_of_google_outlook_and_excel(
    file_name: str, expected: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
) -> None:
    # Given a CSV as the service writes it / When read with the guessed columns
    parsed = read_csv_contacts(read_csv_table((FIXTURES / file_name).read_bytes()))
    # Then each person has their own emails and phones only (no phonetic names, display names,
    # assistant or switchboard numbers)
    assert {c.name: (c.emails, c.phones) for c in parsed.contacts} == expected
    assert not parsed.rejected


def test_google_labels_birthday_without_year_and_address_in_notes() -> None:
    # Given Google's older CSV
    ana, tom = read_csv_contacts(
        read_csv_table((FIXTURES / "google-contacts-legacy.csv").read_bytes())
    ).contacts
    # Then system labels are dropped, the address is a notes line, "--05-06" has no year
    assert ana.categories == ("Climbing", "Starred")
    assert ana.notes.endswith("\n\nAddress: Hauptstraße 5, 10115 Berlin, DE")
    assert ana.line == 2 and tom.line == 6  # Ana's note and address span lines
    assert tom.birthday == "--05-06"


def test_outlook_categories_and_empty_dates() -> None:
    # Given Outlook's CSV with "0/0/00" for no date and ";" between categories
    grace, alan = read_csv_contacts(
        read_csv_table((FIXTURES / "outlook-contacts.csv").read_bytes())
    ).contacts
    # Then the categories are split, the real birthday read and the empty one left out
    assert grace.categories == ("Mentors", "Programming")
    assert grace.job_title == "Rear Admiral" and grace.organization == "Navy Labs, Compilers"
    assert (grace.birthday, alan.birthday) == ("1906-12-09", "")


def test_linkedin_without_preamble_and_without_emails() -> None:
    # Given LinkedIn's export as it is now: header first, the Email column empty
    table = read_csv_table((FIXTURES / "linkedin-no-preamble.csv").read_bytes())
    ana, marc = read_csv_contacts(table).contacts
    # Then it is still recognised and everyone is read by their profile
    assert table.linkedin and table.known_layout
    assert ana.emails == () and ana.source_id == "linkedin:https://www.linkedin.com/in/analopez"
    assert marc.job_title == "Designer, Illustrator"


def test_formula_guard_of_our_export_is_undone() -> None:
    # Given a cell our export guarded against spreadsheets, and a plain semicolon CSV
    table = read_csv_table(b"Name,Notes\r\nAna,'=1+1 is two\r\n")
    # When read / Then the apostrophe we added is gone
    [ana] = read_csv_contacts(table).contacts
    assert ana.notes == "=1+1 is two"


def test_outlook_address_columns_become_notes_lines_in_english_and_german() -> None:
    # Given Outlook exports with an address split over columns, in English and in German
    english = (
        "First Name,Last Name,Business Street,Business City,Business Postal Code,"
        "Business Country/Region,Home Street,Home City\r\n"
        "Grace,Hopper,1 Navy Way,Arlington,22202,USA,,\r\n"
    )
    german = (
        "Vorname,Nachname,Straße privat,Postleitzahl privat,Ort privat\r\n"
        "Jürgen,Groß,Hauptstr. 5,10115,Berlin\r\n"
    )
    [grace] = read_csv_contacts(read_csv_table(english.encode())).contacts
    [jurgen] = read_csv_contacts(read_csv_table(german.encode())).contacts
    # Then each address is one readable line in the notes, with its kind
    assert grace.notes == "Address (work): 1 Navy Way, Arlington, 22202, USA"
    assert jurgen.notes == "Address (home): Hauptstr. 5, 10115, Berlin"


def test_first_and_last_name_columns_keep_the_files_split() -> None:
    # Given Google's columns for given and family name
    table = read_csv_table(
        b"Given Name,Family Name,E-mail 1 - Value\nPriya,Raghunathan,priya@example.org\n"
    )
    # When the row is read
    [priya] = read_csv_contacts(table).contacts
    # Then the whole name is shown, and the split is kept for vCard's N
    assert priya.name == "Priya Raghunathan"
    assert priya.structured_name[:2] == ("Raghunathan", "Priya")


def test_an_outlook_department_follows_the_organisation() -> None:
    table = read_csv_table(
        "First Name,Last Name,Company,Department\nJean,Dupont,Société Générale,R&D\n".encode()
    )
    [jean] = read_csv_contacts(table).contacts
    assert jean.organization == "Société Générale, R&D"
