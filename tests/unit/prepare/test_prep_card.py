"""The prep card as Markdown and as PDF: the same sections, dates in the user's locale."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from companion.domain.events import Event
from companion.domain.opener_suggestion import STAGES
from companion.domain.openers import Opener
from companion.domain.people import Person
from companion.domain.profile import OfferItem, OfferKind
from companion.i18n.languages import activate
from companion.services.prepare.likely_there import LikelyPerson
from companion.services.prepare.prepare import PrepCard, StageSlot

BERLIN = timezone(timedelta(hours=2))


def _card(**values: object) -> PrepCard:
    event = Event(
        title="Game night at the library",
        start=datetime(2026, 6, 12, 17, 0, tzinfo=UTC),
        end=datetime(2026, 6, 12, 20, 0, tzinfo=UTC),
        venue="City library, Main Street 1",
        organizer="Board game club",
        interests=("board-games",),
    )
    slots = tuple(
        StageSlot(
            stage,
            Opener(text=f"Question number {index} about games?", stage=stage),
            pinned=index == 0,
        )
        for index, stage in enumerate(STAGES)
    )
    defaults: dict[str, object] = {
        "event": event,
        "slots": slots,
        "offers": (OfferItem(kind=OfferKind.SKILL, text="Teach Go to beginners"),),
        "offer_notes": ("Lend my copy of Azul",),
        "intention": "Learn how they run playtests",
        "likely_there": (
            LikelyPerson(
                person=Person(name="Zoe Quist"),
                reason="Met at Board game club before",
                met_with_group=True,
                shared_interests=(),
            ),
        ),
        "interest_labels": {"board-games": "Board games"},
    }
    return PrepCard(**{**defaults, **values})  # type: ignore[arg-type]


def test_markdown_has_every_section_in_order() -> None:
    from companion.services.prepare.prep_card import render_markdown

    # When the card is rendered for Berlin time
    text = render_markdown(_card(), tz=BERLIN, locale="en")
    # Then the title, date, venue and each section are there, in reading order
    assert text.startswith("# Game night at the library\n")
    assert "Friday, June 12, 2026, 7:00\u202fPM – 10:00\u202fPM" in text
    assert "City library, Main Street 1" in text
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == ["Openers", "What I can offer here", "Intention", "Likely there"]
    assert "- Open the conversation: Question number 0 about games?" in text
    assert "- Close and follow up: Question number 3 about games?" in text
    assert "Skill: Teach Go to beginners" in text
    assert "Lend my copy of Azul" in text
    assert "Learn how they run playtests" in text
    assert "Zoe Quist — Met at Board game club before" in text


def test_markdown_escapes_what_would_change_its_meaning() -> None:
    from companion.services.prepare.prep_card import render_markdown

    card = _card(intention="Find *the* [link] person #1")
    text = render_markdown(card, tz=UTC, locale="en")
    assert r"Find \*the\* \[link\] person \#1" in text


def test_the_note_on_unmatched_offers_sits_under_the_offers() -> None:
    from companion.services.prepare.prep_card import render_markdown

    # Given a card that lists all my offers because none is about the event
    card = _card(offers_match=False)
    # When it is written as Markdown
    text = render_markdown(card, tz=BERLIN)
    # Then the note saying so comes right after the offers, before the intention
    note = text.index("None of your offers is about this event")
    assert text.index("Teach Go to beginners") < note < text.index("## Intention")


def test_empty_sections_say_so() -> None:
    from companion.services.prepare.prep_card import render_markdown

    card = _card(slots=tuple(StageSlot(stage, None) for stage in STAGES), offers=(), offer_notes=())
    card = PrepCard(event=card.event, slots=card.slots)
    text = render_markdown(card, tz=UTC, locale="en")
    assert "_No openers yet._" in text
    assert "_Nothing noted yet._" in text
    assert "_No one you know yet._" in text


def test_markdown_in_german() -> None:
    from companion.services.prepare.prep_card import render_markdown

    activate("de")
    text = render_markdown(_card(), tz=BERLIN, locale="de")
    assert "Freitag, 12. Juni 2026, 19:00 – 22:00" in text


def _pdf_text(data: bytes) -> str:
    """The text a PDF shows, decoded through its fonts' ToUnicode maps (Qt's PDF output).

    Enough for PDFs ``QPdfWriter`` makes (Identity-H fonts, one glyph per ``<hex> Tj``), so the
    test needs no PDF library.
    """
    objects = {
        int(match.group(1)): match.group(2)
        for match in re.finditer(rb"(\d+) 0 obj\n(.*?)\nendobj", data, re.DOTALL)
    }

    def stream(body: bytes) -> bytes:
        found = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.DOTALL)
        raw = found.group(1) if found else b""
        return zlib.decompress(raw) if b"/FlateDecode" in body else raw

    maps: dict[bytes, dict[int, str]] = {}
    for resource, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        font_object = objects.get(int(number), b"")
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font_object)
        if not to_unicode:
            continue
        cmap = stream(objects[int(to_unicode.group(1))]).decode("latin-1")
        glyphs: dict[int, str] = {}
        for start, _end, values in re.findall(r"<(\w+)> <(\w+)> \[([^\]]*)\]", cmap):
            for offset, value in enumerate(re.findall(r"<(\w+)>", values)):
                glyphs[int(start, 16) + offset] = chr(int(value, 16))
        for code, value in re.findall(r"<(\w{4})> <(\w{4})>\n", cmap):
            glyphs.setdefault(int(code, 16), chr(int(value, 16)))
        maps[resource] = glyphs
    shown: list[str] = []
    for body in objects.values():
        if b"/Length" not in body or b"stream" not in body:
            continue
        try:
            content = stream(body)
        except zlib.error:
            continue
        glyph_map: dict[int, str] = {}
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]+)> Tj", content):
            if token.group(1):
                glyph_map = maps.get(token.group(1), {})
            else:
                hexa = token.group(2).decode()
                for index in range(0, len(hexa), 4):
                    shown.append(glyph_map.get(int(hexa[index : index + 4], 16), ""))
    return re.sub(r"\s+", " ", "".join(shown))


@pytest.mark.usefixtures("qapp")
def test_pdf_is_a4_with_the_card_as_searchable_text() -> None:
    from companion.services.prepare.prep_card import render_html
    from companion.ui.prepare.prep_card_pdf import pdf_bytes

    # When the card is printed to PDF
    data = pdf_bytes(render_html(_card(), tz=BERLIN, locale="en"), title="Game night")
    # Then it is a one-page A4 PDF whose text holds the card
    assert data.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595" in data
    text = _pdf_text(data)
    assert "Game night at the library" in text
    assert "Learn how they run playtests" in text
    assert "Zoe Quist" in text


@pytest.mark.usefixtures("qapp")
def test_the_event_link_is_on_the_markdown_and_the_pdf_card() -> None:
    from dataclasses import replace

    from companion.services.prepare.prep_card import render_html, render_markdown
    from companion.ui.prepare.prep_card_pdf import pdf_bytes

    # Given a card for an event with a web address
    card = _card()
    url = "https://www.meetup.com/board-games/events/42/"
    card = replace(card, event=replace(card.event, url=url))
    # When it is exported, Then both the Markdown and the PDF carry the link
    assert f"<{url}>" in render_markdown(card, tz=BERLIN, locale="en")
    page = render_html(card, tz=BERLIN, locale="en")
    assert f"<a href='{url}'>" in page
    text = _pdf_text(pdf_bytes(page, title="Game night"))
    assert "meetup.com/board-games/events/42" in text


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Game night at the library", "prep-2026-06-12-game-night-at-the-library.md"),
        ("Smørrebrød & Øl – Þórðr’s table", "prep-2026-06-12-smorrebrod-ol-thordr-s-table.md"),
        ("囲碁の会", "prep-2026-06-12-event.md"),
    ],
)
def test_the_suggested_file_name_is_the_one_slug_of_the_title(title: str, name: str) -> None:
    from dataclasses import replace

    from companion.services.prepare.prep_card import card_file_name

    # Given a card for an event with this title
    card = _card()
    card = replace(card, event=replace(card.event, title=title))
    # Then the file name to suggest spells every letter in ASCII, as interest slugs do
    assert card_file_name(card, "md") == name
