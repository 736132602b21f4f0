"""vCard export: what other address books read back from our cards."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.domain.people import Person
from companion.interop.vcard_write import (
    MAX_LINE_OCTETS,
    VCardVersion,
    card_uid,
    escape_structured,
    escape_text,
    fold_line,
    name_parts,
    write_vcards,
)
from tests.support.icaljs import parse_text_with_icaljs

REVISED = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
PHOTO = "data:image/jpeg;base64," + "/9j/4AAQSkZJRgABAQ" * 20


def _ada() -> Person:
    return Person(
        name="Ada Lovelace",
        emails=("ada@example.org", "countess@example.net"),
        phones=("+44 20 7946 0018",),
        links=("https://example.org/ada",),
        organization="Analytical Engines; Ltd",
        job_title="Programmer, first",
        birthday="1815-12-10",
        interests=("board-games", "ai"),
        tags=("friends",),
        working_on="Notes on the engine",
        looking_for="A patron",
        notes="Met at the salon.\nLikes poetry, maths; and horses \\ ok",
        photo=PHOTO,
        source_ids=("vcard:ABC-123",),
    )


def _labels(slug: str) -> str:
    return {"board-games": "Board games", "ai": "Artificial intelligence"}.get(slug, slug)


def _read(data: bytes) -> list[vobject.base.Component]:
    return list(vobject.readComponents(data.decode("utf-8")))


@pytest.mark.parametrize("version", list(VCardVersion))
def test_card_round_trips_through_vobject(version: VCardVersion) -> None:
    # Given a person with every field filled
    person = _ada()
    # When it is written and read back by vobject
    [card] = _read(write_vcards([person], version=version, interest_label=_labels, revised=REVISED))
    # Then the names, contact details, birthday and categories come back the same
    assert card.version.value == version.value
    assert card.fn.value == "Ada Lovelace"
    # And, with no structured name read from a card, N holds the whole name as given name
    assert card.n.value.family == ""
    assert card.n.value.given == "Ada Lovelace"
    assert [line.value for line in card.email_list] == list(person.emails)
    assert [line.value for line in card.tel_list] == list(person.phones)
    assert card.url.value == "https://example.org/ada"
    assert card.org.value == ["Analytical Engines; Ltd"]
    assert card.title.value == "Programmer, first"
    assert card.categories.value == ["Board games", "Artificial intelligence", "friends"]
    assert card.uid.value == "ABC-123"
    assert card.note.value.startswith("Met at the salon.\nLikes poetry, maths; and horses \\ ok")
    assert "Working on: Notes on the engine" in card.note.value
    assert "Looking for: A patron" in card.note.value
    expected_birthday = "18151210" if version is VCardVersion.V4 else "1815-12-10"
    assert card.bday.value == expected_birthday


def test_version_4_writes_rfc_6350_forms() -> None:
    # Given a person without a birth year
    person = Person(name="Grace", birthday="--12-09", photo=PHOTO)
    # When it is written as vCard 4.0
    text = write_vcards([person], version=VCardVersion.V4, revised=REVISED).decode()
    unfolded = text.replace("\r\n ", "")
    # Then the birthday has no year, the photo is a data URI and REV is a basic timestamp
    assert "\r\nBDAY:--1209\r\n" in unfolded
    assert "\r\nPHOTO:" + PHOTO.replace(",", "\\,", 1) + "\r\n" in unfolded
    assert "\r\nREV:20260301T123000Z\r\n" in unfolded
    # And a one-word name still has N (given name only) and FN
    assert "\r\nN:;Grace;;;\r\n" in unfolded
    assert "\r\nFN:Grace\r\n" in unfolded


def test_version_3_writes_apple_and_google_forms() -> None:
    # Given a person without a birth year and with a photo
    person = Person(name="Grace Hopper", birthday="--12-09", photo=PHOTO, emails=("g@x.org",))
    # When it is written as vCard 3.0
    text = write_vcards([person], version=VCardVersion.V3, revised=REVISED).decode()
    unfolded = text.replace("\r\n ", "")
    # Then the birthday has no year, with Apple's parameter beside it, and the photo is
    # inline base64
    assert "\r\nBDAY;X-APPLE-OMIT-YEAR=1604:--12-09\r\n" in unfolded
    base64 = PHOTO.split(",", 1)[1]
    assert f"\r\nPHOTO;ENCODING=b;TYPE=JPEG:{base64}\r\n" in unfolded
    assert "\r\nEMAIL;TYPE=INTERNET:g@x.org\r\n" in unfolded
    assert "\r\nREV:2026-03-01T12:30:00Z\r\n" in unfolded
    # And vobject decodes the photo
    [card] = _read(text.encode())
    assert card.photo.value.startswith(b"\xff\xd8\xff\xe0")


@pytest.mark.parametrize(
    "name",
    [
        "Zoë 🦊 Ångström " * 6,
        "مريم الخوارزمي",
        "שָׁלוֹם עֲלֵיכֶם",
        "👩🏽‍💻" * 30,
        "山田 太郎" * 12,
    ],
)
@pytest.mark.parametrize("version", list(VCardVersion))
def test_long_and_wide_text_folds_on_character_boundaries(name: str, version: VCardVersion) -> None:
    # Given names and notes in many scripts, longer than a line
    person = Person(name=name.strip(), notes=("Ü, ; \\ 😀\n" * 200).strip())
    # When written
    data = write_vcards([person], version=version, revised=REVISED)
    # Then every line is CRLF-terminated, at most 75 octets, and valid UTF-8 on its own
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= MAX_LINE_OCTETS
        line.decode("utf-8")
    # And vobject reads back the exact name and notes
    [card] = _read(data)
    assert card.fn.value == person.name
    assert card.note.value == person.notes


def test_fold_line_keeps_short_lines_and_counts_the_leading_space() -> None:
    # Given a line of exactly 75 octets and one of 76
    # When folded
    # Then the first stays whole and the second continues with a space on a 2-octet line
    assert fold_line("x" * 75) == "x" * 75 + "\r\n"
    assert fold_line("x" * 76) == "x" * 75 + "\r\n x\r\n"
    assert fold_line("é" * 40) == "é" * 37 + "\r\n " + "é" * 3 + "\r\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \tÄअa😀-"), min_size=70, max_size=400))
def test_a_fold_never_leaves_a_line_of_blanks_when_it_can_be_avoided(value: str) -> None:
    # Given a note line with runs of blanks anywhere (trailing ones too)
    line = "NOTE:" + value
    # When folded
    folded = fold_line(line)
    pieces = folded.removesuffix("\r\n").split("\r\n")
    # Then unfolding gives the line back exactly, every physical line fits in 75 octets
    assert "".join(piece.removeprefix(" ") if at else piece for at, piece in enumerate(pieces)) == (
        line
    )
    assert all(len(piece.encode("utf-8")) <= MAX_LINE_OCTETS for piece in pieces)
    # And no continuation holds only blanks (Radicale deletes such lines before reading a
    # card) unless the line has a run of blanks longer than a whole line
    if "  " * 38 not in value.replace("\t", " "):
        assert all(piece.strip(" \t") for piece in pieces[1:])


def test_trailing_blanks_of_a_note_are_not_folded_onto_a_line_of_their_own() -> None:
    # Given the note Hypothesis found losing a blank on Radicale (the fold fell after its first
    # trailing space, so the second space made a line of its own)
    line = "NOTE:aÄaÄÄÄÄअअaÄÄÄÄÄ\\n\\nLooking for: aaaaaÄÄÄÄÄÄÄÄÄ  "
    # When folded
    pieces = fold_line(line).removesuffix("\r\n").split("\r\n")
    # Then the blanks stay with the text before them
    assert pieces[-1].strip()
    assert pieces[-1].endswith("Ä  ")


def test_escaping_covers_backslash_comma_and_newlines_and_semicolons_only_in_parts() -> None:
    # A single text value leaves ";" bare (ical.js would keep a backslash before it); a part
    # of N or ORG escapes it, or it would split the part
    assert escape_text("a\\b,c;d\r\ne\rf\ng") == "a\\\\b\\,c;d\\ne\\nf\\ng"
    assert escape_structured("a,b;c") == "a\\,b\\;c"


def test_name_parts_never_guess_which_word_is_the_family_name() -> None:
    # Given names whose family name cannot be told from the words (no structured N read)
    # Then only "Family, Given" is split; anything else is the given name, whole
    assert name_parts("Müller, Jürgen") == ("Müller", "Jürgen", "")
    assert name_parts("Zoë O'Brien, Jr.") == ("", "Zoë O'Brien", "Jr.")
    assert name_parts("Jan de Vries") == ("", "Jan de Vries", "")
    assert name_parts("山田 太郎") == ("", "山田 太郎", "")
    assert name_parts("山田太郎") == ("", "山田太郎", "")


def test_uid_is_stable_and_prefers_the_imported_card() -> None:
    # Given a person made here and one imported from a card
    made_here = Person(name="A", id="0123456789abcdef0123456789abcdef")
    imported = Person(name="B", source_ids=("linkedin:x", "vcard:urn:uuid:42"))
    # Then the first's UID is its id as a UUID, the second's the card's own UID
    assert card_uid(made_here) == "01234567-89ab-cdef-0123-456789abcdef"
    assert card_uid(imported) == "urn:uuid:42"


def test_many_cards_in_one_file_keep_their_order() -> None:
    # Given three people
    people = [Person(name=f"Person {number}") for number in range(3)]
    # When written together
    cards = _read(write_vcards(people, revised=REVISED))
    # Then there is a card per person, in order
    assert [card.fn.value for card in cards] == ["Person 0", "Person 1", "Person 2"]


@pytest.mark.parametrize("version", list(VCardVersion))
def test_round_trip_through_our_own_vcard_reader(version: VCardVersion) -> None:
    # Given a person with every field, and one without a birth year, written as vCards
    from companion.interop.vcard_read import read_vcards

    people = [_ada(), Person(name="Grace Hopper", birthday="--12-09", emails=("g@x.org",))]
    data = write_vcards(people, version=version, interest_label=_labels, revised=REVISED)
    # When our importer's reader reads them
    parsed = read_vcards(data)
    # Then nothing is rejected and names, contacts, birthday, categories and photo come back
    assert parsed.rejected == ()
    ada, grace = parsed.contacts
    assert (ada.name, ada.emails, ada.phones) == ("Ada Lovelace", _ada().emails, _ada().phones)
    assert ada.links == _ada().links
    assert (ada.organization, ada.job_title) == (_ada().organization, _ada().job_title)
    assert ada.birthday == "1815-12-10"
    assert ada.categories == ("Board games", "Artificial intelligence", "friends")
    assert ada.photo == PHOTO
    assert ada.notes.startswith(_ada().notes)
    assert ada.source_id == "vcard:ABC-123"
    assert grace.birthday == "--12-09"


@pytest.mark.parametrize("version", list(VCardVersion))
def test_icaljs_reads_a_card_with_every_field_as_written(
    version: VCardVersion, tmp_path: Path
) -> None:
    # Given a person with every field filled, one without a birth year, and a web address
    # with non-ASCII letters
    people = [
        dataclasses.replace(_ada(), links=("https://example.org/ada", "https://bücher.example/ü")),
        Person(name="Grace Hopper", birthday="--12-09", emails=("g@x.org",)),
    ]
    data = write_vcards(people, version=version, interest_label=_labels, revised=REVISED)
    # When Mozilla's ical.js (Thunderbird's parser) reads the file
    ada, grace = parse_text_with_icaljs(data.decode(), tmp_path, suffix=".vcf")
    # Then it reads every value as the app has it
    assert ada.first("fn") == "Ada Lovelace"
    assert ada.first("n") == ["", "Ada Lovelace", "", "", ""]
    assert ada.first("uid") == "ABC-123"
    assert ada.values("email") == ["ada@example.org", "countess@example.net"]
    assert ada.values("tel") == ["+44 20 7946 0018"]
    assert ada.values("url") == [
        "https://example.org/ada",
        "https://xn--bcher-kva.example/%C3%BC",
    ]
    assert ada.first("org") == "Analytical Engines; Ltd"
    assert ada.first("title") == "Programmer, first"
    assert ada.values("categories") == ["Board games", "Artificial intelligence", "friends"]
    assert ada.first("note").startswith("Met at the salon.\nLikes poetry, maths; and horses \\ ok")
    assert ada.first("bday") == "1815-12-10"
    expected_photo = PHOTO if version is VCardVersion.V4 else PHOTO.split(",", 1)[1]
    assert ada.first("photo") == expected_photo
    assert grace.first("bday") == "--12-09"
