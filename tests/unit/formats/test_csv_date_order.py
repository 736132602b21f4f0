"""CSV dates like 04/12/1990: one order per file, from its own dates or else the user's region."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.interop.detect import FileKind
from companion.interop.people_csv import read_csv_contacts, read_csv_table
from companion.services.data.importing import import_file
from companion.services.people.contacts_reading import plan_contacts_import
from companion.storage.store import Store

UK = "Name,Birthday\nAda Lovelace,04/12/1990\nAlan Turing,25/12/1980\n"
US = "Name,Birthday\nAda Lovelace,04/12/1990\nAlan Turing,12/25/1980\n"
UNDECIDED = "Name,Birthday\nAda Lovelace,04/12/1990\nAlan Turing,01/02/1980\n"


def _birthdays(text: str, **options: bool) -> tuple[list[str], tuple[str, ...]]:
    parsed = read_csv_contacts(read_csv_table(text.encode()), **options)
    return [contact.birthday for contact in parsed.contacts], parsed.notes


def test_given_a_uk_file_when_read_then_04_12_1990_is_the_fourth_of_december() -> None:
    # Given a file where one date can only be day first, read by a user in the US
    birthdays, notes = _birthdays(UK, locale_day_first=False)
    # Then every date of the file is read day first, and the preview says why
    assert birthdays == ["1990-12-04", "1980-12-25"]
    assert notes == (
        "Dates like 04/12/1990 were read day first, as “25/12/1980” in the file shows.",
    )


def test_given_a_us_file_when_read_by_a_uk_user_then_dates_stay_month_first() -> None:
    birthdays, notes = _birthdays(US, locale_day_first=True)
    assert birthdays == ["1990-04-12", "1980-12-25"]
    assert notes == ("Dates like 04/12/1990 were read month first, as “12/25/1980” shows.",)


@pytest.mark.parametrize(
    ("lang", "expected", "order"),
    [
        ("en_GB.UTF-8", ["1990-12-04", "1980-02-01"], "day first, as your region"),
        ("en_US.UTF-8", ["1990-04-12", "1980-01-02"], "month first, as your region"),
        ("de_DE.UTF-8", ["1990-12-04", "1980-02-01"], "day first, as your region"),
    ],
)
def test_given_a_file_its_dates_do_not_settle_when_read_then_the_region_decides(
    monkeypatch: pytest.MonkeyPatch, lang: str, expected: list[str], order: str
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.setenv("LANG", lang)
    birthdays, notes = _birthdays(UNDECIDED)
    assert birthdays == expected
    assert order in notes[0]


def test_given_a_file_without_slashed_dates_when_read_then_nothing_is_said() -> None:
    birthdays, notes = _birthdays("Name,Birthday\nAda,1990-12-04\nAlan,12.04.1975\n")
    assert birthdays == ["1990-12-04", "1975-04-12"]
    assert notes == ()


def test_given_a_uk_file_when_planned_and_imported_then_preview_and_summary_say_the_order(
    core_store: Store, tmp_path: Path
) -> None:
    plan = plan_contacts_import(core_store, UK.encode(), file_name="uk.csv", kind=FileKind.CSV)
    assert plan.notes and "day first" in plan.notes[0]
    path = tmp_path / "uk.csv"
    path.write_text(UK, encoding="utf-8")
    summary = import_file(core_store, path)
    assert summary.notes == plan.notes  # type: ignore[attr-defined]
    assert sorted(person.birthday for person in core_store.people) == [
        "1980-12-25",
        "1990-12-04",
    ]
