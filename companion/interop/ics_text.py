"""The text of an ``.ics`` file: its encoding, a first check of its structure, and parsing it.

Kept apart from turning components into events (``icalendar_events``) so each stays readable.
"""

from __future__ import annotations

import re

import icalendar

from companion.i18n import _
from companion.interop.errors import FormatError

MAX_BYTES = 100 * 1024 * 1024
MAX_EVENTS = 50_000
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_calendar_text(data: bytes) -> tuple[str, str | None]:
    """The file's text and, when it was not UTF-8, a warning saying how it was read."""
    if len(data) > MAX_BYTES:
        raise FormatError(
            _("the file is too large ({size} MB; at most {limit} MB)").format(
                size=len(data) // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)
            )
        )
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), None
            except UnicodeDecodeError as error:
                raise FormatError(_("the file is damaged: its UTF-16 text is broken")) from error
    if b"\x00" in data[:65536]:
        raise FormatError(_("this is binary data, not a calendar"))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # Old Outlook and some web tools write Windows-1252; Latin-1 decodes any byte.
    for codec, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return text, _(
            "The file is not UTF-8; it was read as {encoding}. Check accented letters."
        ).format(encoding=label)
    raise FormatError(_("the file's text encoding cannot be read"))  # pragma: no cover


def check_structure(text: str) -> list[int]:
    """Line numbers of every ``BEGIN:VEVENT``; raises when this cannot be a calendar."""
    lines = text.splitlines()
    # Content lines only: a folded continuation starts with a space or tab (RFC 5545 3.1).
    filled = [
        (number, line.strip())
        for number, line in enumerate(lines, 1)
        if line.strip() and line[0] not in " \t"
    ]
    if not filled:
        raise FormatError(_("the file is empty"))
    if filled[0][1].upper() != "BEGIN:VCALENDAR":
        raise FormatError(_("this is not a calendar: it does not start with BEGIN:VCALENDAR"))
    if CONTROL_CHARACTERS.search(text[:65536]):
        raise FormatError(_("the file contains binary data, not only calendar text"))
    if filled[-1][1].upper() != "END:VCALENDAR":
        raise FormatError(
            _("the file ends early (END:VCALENDAR is missing); it may be cut off"),
            location=_("line {line}").format(line=filled[-1][0]),
        )
    event_lines = _matched_components(filled)
    if len(event_lines) > MAX_EVENTS:
        raise FormatError(
            _("the file holds {count} events; at most {limit} can be imported at once").format(
                count=len(event_lines), limit=MAX_EVENTS
            )
        )
    return event_lines


def _matched_components(filled: list[tuple[int, str]]) -> list[int]:
    """Check every BEGIN has its END; the line numbers of the ``BEGIN:VEVENT`` lines."""
    event_lines: list[int] = []
    open_components: list[tuple[str, int]] = []
    for number, line in filled:
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            name = upper[6:].strip()
            open_components.append((name, number))
            if name == "VEVENT":
                event_lines.append(number)
        elif upper.startswith("END:"):
            name = upper[4:].strip()
            if not open_components or open_components[-1][0] != name:
                expected = open_components[-1] if open_components else ("", number)
                raise FormatError(
                    _("END:{name} does not close BEGIN:{open} of line {begin}").format(
                        name=name, open=expected[0], begin=expected[1]
                    )
                    if open_components
                    else _("END:{name} without a BEGIN").format(name=name),
                    location=_("line {line}").format(line=number),
                )
            open_components.pop()
    return event_lines


_VTIMEZONE = re.compile(r"^BEGIN:VTIMEZONE\s*$.*?^END:VTIMEZONE\s*$\n?", re.I | re.M | re.S)


def read_calendars(text: str, warnings: list[str]) -> list[icalendar.Calendar]:
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as first_error:  # icalendar raises many types for broken input
        # A broken VTIMEZONE should not cost every event: without the definitions, well-known
        # zone names still resolve and unknown ones fall back to the user's zone.
        without_zones = _VTIMEZONE.sub("", text)
        try:
            if without_zones == text:
                raise first_error
            calendars = icalendar.Calendar.from_ical(without_zones, multiple=True)
        except Exception as error:
            detail = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            raise FormatError(
                _("the calendar's structure is broken ({detail})").format(detail=detail)
            ) from error
        warnings.append(
            _(
                "The file's time zone definitions cannot be read; times in zones without a "
                "well-known name are taken as your local time."
            )
        )
    return [calendar for calendar in calendars if calendar.name == "VCALENDAR"]
