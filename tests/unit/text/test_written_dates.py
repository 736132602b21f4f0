"""One reader of written dates (issue 18): typed by the user (Babel's patterns, ISO always),
or found in contact files."""

from __future__ import annotations

from datetime import date

import pytest

from companion.i18n.written_dates import (
    WrittenDate,
    month_number,
    read_file_date,
    read_iso,
    read_typed_date,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        # ISO is read in every language
        ("2027-01-15", "en_US", date(2027, 1, 15)),
        ("2027-01-15", "de", date(2027, 1, 15)),
        # Slashes follow the locale's short pattern (Babel): month first in the US…
        ("1/12/2026", "en_US", date(2026, 1, 12)),
        # …day first in Britain and France
        ("1/12/2026", "en_GB", date(2026, 12, 1)),
        ("1/12/2026", "fr", date(2026, 12, 1)),
        ("1/12/26", "en_GB", date(2026, 12, 1)),
        # Dots are day first wherever they are written, whatever the interface
        ("1.12.2026", "en_US", date(2026, 12, 1)),
        ("1.12.2026", "de", date(2026, 12, 1)),
        # Without a year: the next such day ("15.1." in November is next January)
        ("15.1.", "de", date(2027, 1, 15)),
        ("15.1.", "en_US", date(2027, 1, 15)),
        ("12/24", "en_US", date(2026, 12, 24)),
        ("24/12", "en_GB", date(2026, 12, 24)),
        ("26.11.", "de", date(2026, 11, 26)),
        # A year first is followed by month and day in every locale
        ("2026/12/01", "en_US", date(2026, 12, 1)),
        ("2026.12.01", "en_GB", date(2026, 12, 1)),
        # Month names, in the common languages
        ("3 Jan 2027", "en_US", date(2027, 1, 3)),
        ("3. Januar 2027", "en_US", date(2027, 1, 3)),
        ("3 févr. 2027", "de", date(2027, 2, 3)),
    ],
)
def test_a_typed_date_is_read_in_the_users_order(text: str, locale: str, expected: date) -> None:
    assert read_typed_date(text, today=TODAY, locale=locale) == expected


@pytest.mark.parametrize(
    "text", ["", "someday", "32.1.", "2026-13-01", "13/13/2026", "in 3 days", "1.2.3.4", "12/32"]
)
def test_what_is_no_date_is_none(text: str) -> None:
    assert read_typed_date(text, today=TODAY, locale="en_US") is None


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2024-03-12", False, WrittenDate(3, 12, 2024)),
        ("20240312", False, WrittenDate(3, 12, 2024)),
        ("2024-03-12T10:00:00Z", False, WrittenDate(3, 12, 2024)),
        ("--03-12", False, WrittenDate(3, 12)),
        ("12 Mar 2024", False, WrittenDate(3, 12, 2024)),
        ("12 März 2024", False, WrittenDate(3, 12, 2024)),
        ("12 Sept 2024", False, WrittenDate(9, 12, 2024)),
        ("12.04.1975", False, WrittenDate(4, 12, 1975)),
        ("12.04.", False, WrittenDate(4, 12)),
        ("04/12/1990", False, WrittenDate(4, 12, 1990)),
        ("04/12/1990", True, WrittenDate(12, 4, 1990)),
        ("25/12/1990", False, WrittenDate(12, 25, 1990)),
        ("2024-02-30", False, WrittenDate(2, 30, 2024)),  # files are read, the day is kept
        ("2024-13-01", False, None),
        ("12 Foo 2024", False, None),
        ("yesterday", False, None),
    ],
)
def test_dates_in_files(text: str, day_first: bool, expected: WrittenDate | None) -> None:
    assert read_file_date(text, day_first=day_first) == expected


def test_a_written_date_says_itself_as_iso() -> None:
    assert WrittenDate(3, 12, 2024).text() == "2024-03-12"
    assert WrittenDate(3, 12).text() == "--03-12"
    assert read_iso("--0312") == WrittenDate(3, 12)


@pytest.mark.parametrize(
    ("word", "number"),
    [("Mar", 3), ("März", 3), ("maerz", 3), ("mars", 3), ("Dez.", 12), ("juin", 6), ("jui", None)],
)
def test_month_names_in_several_languages(word: str, number: int | None) -> None:
    assert month_number(word) == number


def test_a_stored_birthday_is_shown_with_or_without_its_year() -> None:
    from companion.ui.people.person_timeline import birthday_text

    # Given birthdays as they are stored (with a year, without one, one a file gave wrongly)
    # Then each is shown in words, or as it is when it names no day
    assert birthday_text("1990-04-12") == "April 12, 1990"
    assert birthday_text("--02-29") == "February 29"
    assert birthday_text("1990-02-30") == "1990-02-30"
    assert birthday_text("") == ""
