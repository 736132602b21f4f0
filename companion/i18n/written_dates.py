"""Dates written as text, read in one place: typed by the user, or found in CSV and vCard files.

- ``read_iso``: ISO 8601 as files write it ("2024-03-12", "20240312", "2024-03-12T10:00",
  "--03-12" for a day without year). Accepted everywhere, in every language.
- ``read_file_date``: what contact exports write besides ISO: "12 Mar 2024" (LinkedIn),
  "12.04.1975", and "04/12/1990" in the order the caller decided for the whole file.
- ``read_timestamp``: a moment as vCard's REV/CREATED write it, basic or extended form, with
  or without a zone ("20270228T183012Z", "2027-02-28T18:32:00.000Z", "...+01:00").
- ``read_typed_date``: a date the user typed. ISO always; otherwise the order of the user's
  short date pattern, from Babel (``babel.dates.parse_date``): "1/12/2026" is 12 January in
  the US and 1 December in Britain. Dots are written day first in every locale that writes
  them, so "1.12." is 1 December whatever the locale. Without a year, the next such day.

Every text date in the app goes through here (a test keeps ``strptime`` and date patterns out
of other modules); dates the app stored itself are read back with ``date.fromisoformat``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache

from companion.domain.folding import fold
from companion.i18n.formats import date_pattern_locales

_ISO = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:[T ].*)?")
_DAY_MONTH_NAME_YEAR = re.compile(r"(\d{1,2})\.?\s+([^\W\d]+)\.?,?\s+(\d{4})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# Typed: two or three numbers with one kind of separator ("1/12", "1-12-26", "1.12.2026").
_TYPED_NUMBERS = re.compile(r"(\d{1,4})([./-])(\d{1,2})(?:\2(\d{2}|\d{4})?)?")
# Month names are read in these languages whatever the interface language: exports and
# people write the words they think in.
_MONTH_NAME_LOCALES = ("en", "de", "fr", "es", "it", "nl", "pt")


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A day as text gives it: the year may be missing ("--03-12", "12.3.")."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        if not (1 <= self.month <= 12 and 1 <= self.day <= 31):
            raise ValueError(f"no such day: {self.month}/{self.day}")

    def text(self) -> str:
        """``"YYYY-MM-DD"``, or ``"--MM-DD"`` without a year (vCard's form)."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _written(year: int | None, month: int, day: int) -> WrittenDate | None:
    try:
        return WrittenDate(month=month, day=day, year=year)
    except ValueError:
        return None


def read_iso(text: str) -> WrittenDate | None:
    """``text`` as an ISO 8601 date (a time after it is ignored); ``None`` when it is not one."""
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return None
    year = None if match[1] == "--" else int(match[1])
    return _written(year, int(match[2]), int(match[3]))


_TIMESTAMP = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?"
)


def read_timestamp(text: str) -> datetime | None:
    """``text`` as an aware moment (basic or extended ISO 8601 form); ``None`` for a date
    alone or anything unreadable. A time without a zone is the local time."""
    found = _TIMESTAMP.fullmatch(text.strip())
    if found is None:
        return None
    year, month, day, hour, minute, second, zone = found.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if zone is None:
        return moment.astimezone()
    if zone == "Z":
        return moment.replace(tzinfo=UTC)
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    if offset >= timedelta(hours=24):
        return None
    return moment.replace(tzinfo=timezone(-offset if zone[0] == "-" else offset))


def read_file_date(text: str, *, day_first: bool = False) -> WrittenDate | None:
    """A date as contact exports write it; ``None`` when unreadable.

    ISO, "12 Mar 2024", "12.04.1975" (day first) and "4/12/1990": month first, or day first
    with ``day_first``; a first number over 12 is always a day.
    """
    value = text.strip()
    if not value:
        return None
    if (found := read_iso(value)) is not None or _ISO.fullmatch(value):
        return found
    if match := _DAY_MONTH_NAME_YEAR.fullmatch(value):
        month = month_number(match[2])
        return None if month is None else _written(int(match[3]), month, int(match[1]))
    if (match := _DOTTED.fullmatch(value)) and (match[3] is None or len(match[3]) == 4):
        return _written(int(match[3]) if match[3] else None, int(match[2]), int(match[1]))
    if match := _SLASHED.fullmatch(value):
        first, second = int(match[1]), int(match[2])
        swap = first > 12 or (day_first and second <= 12)
        month, day = (second, first) if swap else (first, second)
        return _written(int(match[3]), month, day)
    return None


def slashed_numbers(text: str) -> tuple[int, int] | None:
    """The first two numbers of an "a/b/yyyy" date (whose order a file decides), else ``None``."""
    match = _SLASHED.fullmatch(text.strip())
    return None if match is None else (int(match[1]), int(match[2]))


def read_typed_date(text: str, *, today: date, locale: str | None = None) -> date | None:
    """The day the user means by ``text``; ``None`` when it is no date.

    ``locale``: whose short date pattern orders the numbers (default: the user's region, else
    the interface language). A date without a year is the next such day from ``today``.
    """
    value = " ".join(text.split())
    iso = read_iso(value)
    if iso is not None and iso.year is not None:
        return _day(iso.year, iso.month, iso.day)
    match = _TYPED_NUMBERS.fullmatch(value.rstrip("."))
    if match is None:
        named = _DAY_MONTH_NAME_YEAR.fullmatch(value)  # "3 Jan 2027", "3. Januar 2027"
        month = month_number(named[2]) if named else None
        return None if named is None or month is None else _day(int(named[3]), month, int(named[1]))
    if match[2] == ".":
        locale = "de"  # dotted dates are day first in every locale that writes them
    elif locale is None:
        locale = date_pattern_locales()[0]
    if len(match[1]) == 4:  # "2026/12/01": a year first is followed by month and day anywhere
        return _day(int(match[1]), int(match[3]), int(match[4])) if match[4] else None
    if match[4] is not None:
        return _babel_date(value.rstrip("."), locale)
    if len(match[1]) > 2:
        return None
    first, second = int(match[1]), int(match[3])
    day, month = (first, second) if _day_first(locale) else (second, first)
    found = _day(today.year, month, day)
    if found is not None and found < today:
        found = _day(today.year + 1, month, day)  # "3.1." typed in December: next January
    return found


def month_number(word: str) -> int | None:
    """1–12 for a month's name or abbreviation ("Mar", "März", "mars", "déc."), else ``None``."""
    folded = fold(word).rstrip(".")
    names, prefixes = _month_names()
    return names.get(folded) or prefixes.get(folded[:3])


@cache
def _month_names() -> tuple[dict[str, int], dict[str, int]]:
    """Month names (Babel's, in ``_MONTH_NAME_LOCALES``) and their first three letters, folded.

    A three-letter start that two months share ("jui": juin, juillet) names neither.
    """
    from babel.dates import get_month_names

    names: dict[str, int] = {"sept": 9, "maerz": 3}  # spellings exports use beside Babel's
    prefixes: dict[str, int] = {}
    shared: set[str] = set()
    for locale in _MONTH_NAME_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    folded = fold(name).rstrip(".")
                    names.setdefault(folded, number)
                    if len(folded) >= 3 and prefixes.setdefault(folded[:3], number) != number:
                        shared.add(folded[:3])
    return names, {prefix: number for prefix, number in prefixes.items() if prefix not in shared}


def _babel_date(text: str, locale: str) -> date | None:
    from babel.dates import ParseError, parse_date

    try:
        found = parse_date(text, locale=locale, format="short")
    except (ParseError, ValueError, IndexError):
        return None
    return found


def _day_first(locale: str) -> bool:
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=locale).pattern
    return pattern.index("d") < pattern.index("M") if "d" in pattern and "M" in pattern else True


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
