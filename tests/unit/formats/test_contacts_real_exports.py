"""Contacts files shaped like today's real exports, written from the specifications and the
exporters' known habits rather than from our own writer: what a new user brings on day one."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
import vobject

from companion.domain.people import Person
from companion.interop.detect import FileKind
from companion.interop.errors import FormatError
from companion.interop.parsed_contacts import ParsedContact
from companion.interop.people_csv import read_csv_contacts, read_csv_table
from companion.interop.people_csv_write import write_people_csv
from companion.interop.text_decoding import split_lines
from companion.interop.vcard_read import read_vcards
from companion.interop.vcard_write import VCardVersion, write_vcards
from companion.services.data.importing import import_files
from companion.services.errors import ImportFailed
from companion.services.people.contacts_reading import plan_contacts_import
from companion.services.people.people_import import PeopleDecision, apply_people_import
from companion.storage.backups import Backups
from companion.storage.ciphers import PlainCipher
from companion.storage.store import Store

FIXTURES = Path(__file__).parents[2] / "fixtures" / "people"


def _read(file_name: str) -> tuple[dict[str, ParsedContact], list[str]]:
    parsed = read_vcards((FIXTURES / file_name).read_bytes())
    return (
        {contact.name: contact for contact in parsed.contacts},
        [rejected.describe() for rejected in parsed.rejected],
    )


def test_apple_icloud_export_skips_the_group_card_and_keeps_company_and_photo() -> None:
    # Given an iCloud export: a company card (N:;;;;), a person with a multi-kilobyte folded
    # PNG photo, social profiles and escaped notes, and a contact group card
    people, rejected = _read("apple-icloud-2024.vcf")
    # Then the group is skipped with its line and reason, not imported as a person
    assert set(people) == {"Globex Corporation", "Amélie Dubois"}
    assert rejected == ["line 121 (Friends): a contact group, not a person"]
    # And the company card keeps its details
    company = people["Globex Corporation"]
    assert company.emails == ("info@globex.example",)
    assert company.phones == ("+44 20 7946 0958",)
    # And the person's photo is the whole image, the profiles and the note are decoded
    amelie = people["Amélie Dubois"]
    header, _comma, payload = amelie.photo.partition(",")
    assert header == "data:image/png;base64"
    assert base64.b64decode(payload).startswith(b"\x89PNG\r\n\x1a\n")
    assert len(payload) > 4000
    assert amelie.links == ("http://twitter.com/amelie_draws", "instagram: mimi.ink")
    assert amelie.birthday == "--02-14"
    assert amelie.notes.startswith(
        "Sketchbook swap at the zine fair\nWants intros to printmakers, riso studios\nPath: C:\\art"
    )


def test_nextcloud_and_monica_cards_with_groups_and_unicode_separators() -> None:
    # Given Nextcloud and Monica (Sabre) 4.0 cards: a note holding U+2028 and NEL copied from
    # a web page, a KIND:group card, and Monica's escaped quotes
    people, rejected = _read("nextcloud-monica-groups.vcf")
    # Then both people are read; the note's separators do not cut the card in two
    assert set(people) == {"Zoë Hartmann", "Chidi Anagonye"}
    assert rejected == ["line 17 (Book club): a contact group, not a person"]
    zoe = people["Zoë Hartmann"]
    assert "climbs on Tuesdays" in zoe.notes and "and Thursdays" in zoe.notes
    assert zoe.phones == ("+49-151-2345678",)
    assert zoe.photo.startswith("data:image/png;base64,iVBOR")
    assert zoe.categories == ("Board games", "Hiking")
    assert people["Chidi Anagonye"].notes == 'Says "ethics" is a verb'


def test_a_file_of_only_group_cards_is_refused_with_the_reason() -> None:
    # Given a file holding nothing but a contact group
    data = b"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Book club\r\nEND:VCARD\r\n"
    # When it is read / Then nobody is offered and the message says why
    with pytest.raises(FormatError, match="a contact group, not a person"):
        read_vcards(data)


def test_quoted_printable_soft_breaks_followed_by_an_indent() -> None:
    # Given an old phone's 2.1 card in ISO-8859-1 whose quoted-printable note breaks lines
    # with "=" and indents the next line
    people, rejected = _read("android-2.1-indented-soft-breaks.vcf")
    # Then the soft breaks vanish without leaving "=" behind
    assert rejected == []
    assert people["Jürgen Müller"].notes == "Wohnt in der Großen Allee, München"


def test_lines_split_only_at_line_ends_not_at_unicode_separators() -> None:
    # Given text with CRLF, CR and LF line ends and separators inside a line
    text = "a\u2028b\r\nc\x85d\re\x0cf\ng\n"
    # When it is split / Then only the three line ends count
    assert split_lines(text) == ["a\u2028b", "c\x85d", "e\x0cf", "g"]


def test_csv_cell_with_a_line_separator_stays_in_its_row() -> None:
    # Given a spreadsheet export whose note holds U+2028 (pasted from a web page)
    data = "Name,Notes\r\nAna López,first\u2028second\r\nBo Li,plain\r\n".encode()
    # When it is read
    parsed = read_csv_contacts(read_csv_table(data))
    # Then both rows are people and the note is whole
    assert [(contact.name, contact.line) for contact in parsed.contacts] == [
        ("Ana López", 2),
        ("Bo Li", 3),
    ]
    assert parsed.contacts[0].notes == "first\u2028second"


def test_reimport_does_not_let_a_merged_in_card_overwrite_the_person(core_store: Store) -> None:
    # Given a person, and a company card sharing their switchboard number: the first import
    # adds the card as a possible duplicate (same phone, another name), never a merge
    person = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Layla Haddad\r\nORG:Open Data Lab\r\n"
    person += b"TEL:+44 20 7946 0958\r\nUID:layla\r\nEND:VCARD\r\n"
    company = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Globex\r\nORG:Globex;\r\n"
    company += b"X-ABShowAs:COMPANY\r\nTEL:+44 20 7946 0958\r\nUID:globex\r\nEND:VCARD\r\n"
    for name, data in (("person.vcf", person), ("company.vcf", company)):
        plan = plan_contacts_import(core_store, data, file_name=name, kind=FileKind.VCARD)
        apply_people_import(core_store, plan)
    before = core_store.people.all()
    # When the company file is imported again
    plan = plan_contacts_import(core_store, company, file_name="company.vcf", kind=FileKind.VCARD)
    summary = apply_people_import(core_store, plan)
    # Then nothing changes: the organisation stays the person's own
    assert (summary.added, summary.updated) == (0, 0)
    assert [item.decision for item in plan.items] == [PeopleDecision.SKIP]
    assert core_store.people.all() == before
    assert sorted(person.organization for person in before) == ["Globex", "Open Data Lab"]


def test_a_failed_import_leaves_the_backups_alone(core_store: Store, tmp_path: Path) -> None:
    # Given a store with a person and one backup already made
    good = tmp_path / "good.vcf"
    good.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lopez\r\nEND:VCARD\r\n")
    backups = Backups(core_store.path.parent, PlainCipher())
    import_files(core_store, [good], backups=backups)
    kept = [snapshot.id for snapshot in backups.list()]
    assert len(kept) == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Name,Email\r\nBo,bo@example.org\x00\r\n")
    # When a broken file is imported
    with pytest.raises(ImportFailed) as caught:
        import_files(core_store, [good, bad], backups=backups)
    # Then the message names the line, and no snapshot was added (none pushed out either)
    assert "line 2: the file contains NUL bytes" in str(caught.value)
    assert [snapshot.id for snapshot in backups.list()] == kept


@pytest.mark.parametrize("version", list(VCardVersion))
def test_exported_links_are_uris_and_profiles_without_address_survive(
    version: VCardVersion,
) -> None:
    # Given a person with a web link and a profile known only by user name (from Apple)
    person = Person(
        name="Astrid Lindqvist",
        links=("https://astrid.example/blog", "twitter: astridplays", "xmpp:astrid@jabber.example"),
    )
    # When it is exported
    data = write_vcards([person], version=version, revised=datetime(2024, 5, 1, tzinfo=UTC))
    card = vobject.readOne(data.decode())
    # Then every URL is a URI without blanks (RFC 6350 6.7.8), vobject reads the card
    urls = [line.value for line in card.contents.get("url", [])]
    assert urls == ["https://astrid.example/blog", "xmpp:astrid@jabber.example"]
    assert not any(" " in url for url in urls)
    # And reading the card back gives the same links
    assert read_vcards(data).contacts[0].links == person.links


def test_csv_round_trip_keeps_cells_that_start_like_a_guarded_formula() -> None:
    # Given notes a spreadsheet would run, and one that already starts with an apostrophe
    person = Person(name="Ana López", notes="'=) see you", working_on="=SUM(A1:A3)")
    phone_person = Person(
        name="Bo Li", phones=("+49 30 1234567",), looking_for="-cmd|' /C calc'!A0"
    )
    # When they are exported to CSV and read back
    data = write_people_csv([person, phone_person])
    contacts = read_csv_contacts(read_csv_table(data)).contacts
    # Then formulas are neutralised in the file, phone numbers stay readable
    text = data.decode()
    assert "'=SUM(A1:A3)" in text and "'-cmd|" in text and ",+49 30 1234567," in text
    # And every value comes back exactly
    assert contacts[0].notes == "'=) see you"
    assert contacts[0].working_on == "=SUM(A1:A3)"
    assert contacts[1].looking_for == "-cmd|' /C calc'!A0"
    assert contacts[1].phones == ("+49 30 1234567",)
