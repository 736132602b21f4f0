"""Due dates as people say them: "Fri", "next week", "in 3 days", "morgen", or a date.

English and German words are understood whatever the interface language, because people type
the words they think in. A date is read by ``i18n.written_dates`` (ISO, or the order of the
user's date pattern). Days are counted from ``today``, which the caller passes in.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from companion.domain.errors import ValidationError
from companion.domain.folding import fold
from companion.i18n import _
from companion.i18n.written_dates import read_typed_date

_WEEKDAYS = {
    # Monday is 0, as in date.weekday(); folded (so "nächste" is "nachste").
    0: ("monday", "mon", "montag", "mo"),
    1: ("tuesday", "tue", "tues", "dienstag", "di"),
    2: ("wednesday", "wed", "mittwoch", "mi"),
    3: ("thursday", "thu", "thur", "thurs", "donnerstag", "do"),
    4: ("friday", "fri", "freitag", "fr"),
    5: ("saturday", "sat", "samstag", "sonnabend", "sa"),
    6: ("sunday", "sun", "sonntag", "so"),
}
_WEEKDAY_BY_WORD = {word: day for day, words in _WEEKDAYS.items() for word in words}
_FIXED = {
    "today": 0,
    "heute": 0,
    "tomorrow": 1,
    "morgen": 1,
    "day after tomorrow": 2,
    "ubermorgen": 2,
}
_NEXT = r"(?:next|this|coming|nachste[nrs]?|kommende[nrs]?|diese[nrs]?|am)"
_UNITS = {
    "day": 1,
    "days": 1,
    "d": 1,
    "tag": 1,
    "tage": 1,
    "tagen": 1,
    "week": 7,
    "weeks": 7,
    "w": 7,
    "woche": 7,
    "wochen": 7,
}
_MONTH_WORDS = ("month", "months", "monat", "monate", "monaten")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "einem": 1, "einer": 1, "ein": 1, "eine": 1}
_NEXT_WEEK = re.compile(rf"^{_NEXT} (?:week|woche)$")
_NEXT_MONTH = re.compile(rf"^{_NEXT} (?:month|monat)$")
_NEXT_WEEKDAY = re.compile(rf"^(?:{_NEXT} )?([a-z]+)\.?$")
_IN_AMOUNT = re.compile(r"^(?:in )?(\d{1,3}|[a-z]+) ?([a-z]+)$")


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


def _next_weekday(today: date, weekday: int) -> date:
    """The next such day after today (a "Fri" said on a Friday means the one in a week)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _relative(words: str, today: date) -> date | None:
    if words in _FIXED:
        return today + timedelta(days=_FIXED[words])
    if _NEXT_WEEK.match(words):
        # "Next week" is a promise for that week: due on its Monday, so it shows all week.
        return today + timedelta(days=7 - today.weekday())
    if _NEXT_MONTH.match(words):
        return _add_months(today, 1)
    weekday = _NEXT_WEEKDAY.match(words)
    if weekday and weekday.group(1) in _WEEKDAY_BY_WORD:
        return _next_weekday(today, _WEEKDAY_BY_WORD[weekday.group(1)])
    amount = _IN_AMOUNT.match(words)
    if amount:
        number_text, unit = amount.groups()
        number = int(number_text) if number_text.isdigit() else _NUMBER_WORDS.get(number_text)
        if number is None:
            return None
        if unit in _UNITS:
            return today + timedelta(days=number * _UNITS[unit])
        if unit in _MONTH_WORDS:
            return _add_months(today, number)
    return None


def parse_due(text: str, today: date) -> date | None:
    """The date ``text`` means, counted from ``today``; ``None`` when ``text`` is empty.

    Raises:
        ValidationError: the text is not a date this function understands.
    """
    cleaned = " ".join(fold(text).replace(",", " ").split())
    if not cleaned:
        return None
    found = read_typed_date(cleaned, today=today) or _relative(cleaned, today)
    if found is None:
        raise ValidationError(
            _("“{text}” is not a date. Try “Fri”, “next week”, “in 3 days” or 2026-12-01.").format(
                text=text.strip()
            ),
            field="due",
        )
    return found
