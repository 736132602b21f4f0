"""Dates in CSV files: ISO, LinkedIn's ``12 Mar 2024``, German ``12.04.1975`` and ``04/12/1990``.

``04/12/1990`` is 4 December in the UK and 12 April in the US. One order is chosen for the whole
file from all its dates (a first number from 13 to 31 settles day first), else from the user's
region, and the import preview says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from companion.domain.date_range import EARLIEST_BIRTHDAY_YEAR
from companion.i18n import _
from companion.i18n.formats import region_writes_day_first
from companion.i18n.written_dates import WrittenDate, read_file_date, slashed_numbers
from companion.interop.csv_columns import ContactField

if TYPE_CHECKING:
    from companion.interop.people_csv import CsvTable

_DATE_FIELDS = (ContactField.BIRTHDAY, ContactField.FIRST_MET, ContactField.CONNECTED_ON)


@dataclass(frozen=True, slots=True)
class DateOrder:
    """How the file's ``04/12/1990`` dates are read, and what decided it."""

    day_first: bool
    #: A date of the file that settled it ("25/12/1980"), or "" when the locale did.
    evidence: str = ""

    def describe(self) -> str:
        """One line for the preview and the command line."""
        if self.evidence:
            return (
                _("Dates like 04/12/1990 were read day first, as “{date}” in the file shows.")
                if self.day_first
                else _("Dates like 04/12/1990 were read month first, as “{date}” shows.")
            ).format(date=self.evidence)
        return (
            _("Dates like 04/12/1990 were read day first, as your region writes them.")
            if self.day_first
            else _("Dates like 04/12/1990 were read month first, as your region writes them.")
        )


def slashed_date_order(
    table: CsvTable, fields: tuple[ContactField, ...], *, locale_day_first: bool | None = None
) -> DateOrder | None:
    """Day or month first for the whole file, or ``None`` when it has no ``a/b/yyyy`` dates.

    A first number from 13 to 31 in any date settles day first, a second one month first;
    when no date settles it (or they disagree) the user's locale decides.
    """
    columns = [index for index, field in enumerate(fields) if field in _DATE_FIELDS]
    day_evidence = month_evidence = ""
    found = False
    for _line, cells in table.rows:
        for column in columns:
            value = cells[column].strip() if column < len(cells) else ""
            numbers = slashed_numbers(value)
            if numbers is None:
                continue
            found = True
            first, second = numbers
            if 13 <= first <= 31 and second <= 12:
                day_evidence = day_evidence or value
            elif 13 <= second <= 31 and first <= 12:
                month_evidence = month_evidence or value
    if not found:
        return None
    if day_evidence and not month_evidence:
        return DateOrder(day_first=True, evidence=day_evidence)
    if month_evidence and not day_evidence:
        return DateOrder(day_first=False, evidence=month_evidence)
    if locale_day_first is None:
        locale_day_first = region_writes_day_first()
    return DateOrder(day_first=locale_day_first)


def parse_date(text: str, *, birthday: bool = False, day_first: bool = False) -> str:
    """``"YYYY-MM-DD"`` (or ``"--MM-DD"`` for a birthday without year), ``""`` if unreadable.

    Reads ISO dates, ``12 Mar 2024`` (LinkedIn), ``12.04.1975`` (German) and ``4/12/1990``
    (month first, or day first with ``day_first``; a first number over 12 is always a day).
    """
    found = read_file_date(text, day_first=day_first)
    if found is None:
        return ""
    if found.year is None or found.year in (0, 1604) or found.year < EARLIEST_BIRTHDAY_YEAR:
        return WrittenDate(month=found.month, day=found.day).text() if birthday else ""
    return found.text()
