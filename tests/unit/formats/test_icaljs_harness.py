"""The ical.js harness itself: it reads what a real client reads and fails on what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.icaljs import IcalJsRejected, parse_text_with_icaljs


def test_given_a_folded_vcard_when_icaljs_reads_it_then_the_fold_loses_only_crlf_and_one_blank(
    tmp_path: Path,
) -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jan de Vries\r\nN:de Vries;Jan;;;\r\n"
        "NOTE:and the\r\n  new one\r\nEND:VCARD\r\n"
    )
    [card] = parse_text_with_icaljs(text, tmp_path, suffix=".vcf")
    assert card.name == "vcard"
    assert card.first("note") == "and the new one"
    assert card.first("n") == ["de Vries", "Jan", "", "", ""]


def test_given_an_all_day_event_when_icaljs_reads_it_then_it_is_a_date(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
        "DTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270116\r\nSUMMARY:Day\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [calendar] = parse_text_with_icaljs(text, tmp_path, suffix=".ics")
    [event] = calendar.children("vevent")
    [start] = event.all("dtstart")
    assert start["type"] == "date"
    assert start["values"] == ["2027-01-16"]


def test_given_garbage_when_icaljs_reads_it_then_the_harness_fails(tmp_path: Path) -> None:
    with pytest.raises(IcalJsRejected, match=r"ical\.js rejects"):
        parse_text_with_icaljs("garbage", tmp_path, suffix=".ics")
