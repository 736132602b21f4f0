"""Reading LinkedIn's Connections.csv and other contact tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.interop.csv_columns import ContactField, guess_mapping
from companion.interop.errors import FormatError
from companion.interop.people_csv import parse_date, read_csv_contacts, read_csv_table

FIXTURES = Path(__file__).parent.parent / "fixtures" / "people"


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


def test_huge_field_gives_a_clear_message() -> None:
    # Given a CSV with a 5 MB note / When it is read / Then a FormatError names the line
    data = b'Name,Notes\nAna,"' + b"x" * (5 * 1024 * 1024) + b'"\n'
    with pytest.raises(FormatError, match="line"):
        read_csv_table(data)
