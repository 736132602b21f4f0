"""vCards come back as they were read: the card is patched, never regenerated (issue 12, 3 and 5).

Each test reads a real-export fixture (or a line in an exporter's style), imports it, exports it
again, and checks the bytes other programs see: our reader, vobject (what Radicale and other
Python servers use) and Mozilla's ical.js (what Thunderbird uses).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
import vobject

from companion.domain.contact_card import ContactKind, ContactLabel, NameParts
from companion.domain.people import Person
from companion.interop.detect import FileKind
from companion.interop.vcard_details import contact_labels, name_parts_of
from companion.interop.vcard_read import read_vcards
from companion.interop.vcard_write import VCardVersion, write_vcards
from companion.services.people.contacts_reading import plan_contacts_import
from companion.services.people.people_import import (
    PeopleDecision,
    apply_people_import,
    plan_people_import,
)
from companion.storage.codec import from_document
from companion.storage.store import Store
from tests.support.icaljs import parse_text_with_icaljs, parse_with_icaljs

FIXTURES = Path(__file__).parents[2] / "fixtures" / "people"
REVISED = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)


def _imported(store: Store, file_name: str) -> dict[str, Person]:
    data = (FIXTURES / file_name).read_bytes()
    plan = plan_contacts_import(store, data, file_name=file_name, kind=FileKind.VCARD)
    apply_people_import(store, plan, merge_similar_names=False)
    return {person.name: person for person in store.people}


def _card(person: Person, version: VCardVersion) -> list[str]:
    """The unfolded lines of ``person``'s card."""
    text = write_vcards([person], version=version, revised=REVISED).decode()
    return text.replace("\r\n ", "").split("\r\n")


def test_a_fold_right_after_a_blank_keeps_the_blank(core_store: Store) -> None:
    # Given DAVx5's card whose note is folded right after "the " (RFC 6350 3.2)
    jan = _imported(core_store, "nextcloud-davx5-4.0.vcf")["Jan de Vries"]
    # Then unfolding removes the line break and one blank, nothing else
    assert jan.notes.startswith(
        "Maps every canal by bike and talks about the old bridges and the new ferry routes too."
        "\n\nAddress (home): Prinsengracht 263"
    )


def test_tab_and_lf_folds_are_unfolded_too() -> None:
    # Given a card with LF line ends and a tab-indented continuation
    data = b"BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nNOTE:one two \n\tthree  \nEND:VCARD\n"
    # Then the continuation loses only its tab, and trailing blanks of the value stay
    assert read_vcards(data).contacts[0].notes == "one two three  "


@pytest.mark.parametrize("version", list(VCardVersion))
def test_uids_are_written_back_exactly_as_read(core_store: Store, version: VCardVersion) -> None:
    # Given DAVx5's "urn:uuid:" UID, an upper-case UUID and Apple's upper-case UID
    people = _imported(core_store, "nextcloud-davx5-4.0.vcf")
    people.update(_imported(core_store, "apple-icloud-2024.vcf"))
    # When exported
    # Then each card carries the UID it was read with, so a phone sees the same contact
    expected = {
        "Jan de Vries": "UID:urn:uuid:6e1b9f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        "山田 太郎": "UID:2B8F4C1D-9E7A-4F3B-A6C5-D4E3F2A1B0C9",
        "Amélie Dubois": "UID:4E2C7A10-5B6D-4E8F-9A0B-C1D2E3F40516",
    }
    for name, uid in expected.items():
        assert uid in _card(people[name], version)


@pytest.mark.parametrize("version", list(VCardVersion))
def test_structured_names_are_kept_and_never_guessed(
    core_store: Store, version: VCardVersion
) -> None:
    # Given cards with structured names, and people typed into the app without one
    people = _imported(core_store, "nextcloud-davx5-4.0.vcf")
    typed = [Person(name="Jan de Vries"), Person(name="山田 太郎"), Person(name="Ada Lovelace")]
    # Then the cards' N comes back as read
    assert "N:de Vries;Jan;;;" in _card(people["Jan de Vries"], version)
    assert "N:山田;太郎;;;" in _card(people["山田 太郎"], version)
    # And a name without N is never split at a guessed family name: it is the given name
    assert [_card(person, version)[5] for person in typed] == [
        "N:;Jan de Vries;;;",
        "N:;山田 太郎;;;",
        "N:;Ada Lovelace;;;",
    ]
    # And once the person is renamed in the app the old parts no longer apply
    renamed = dataclasses.replace(people["Jan de Vries"], name="Jan-Willem de Vries")
    assert "N:;Jan-Willem de Vries;;;" in _card(renamed, version)


def test_types_preference_groups_and_unknown_parameters_are_written_back(
    core_store: Store,
) -> None:
    # Given DAVx5's and Apple's cards with typed, preferred and grouped emails and phones
    people = _imported(core_store, "nextcloud-davx5-4.0.vcf")
    people.update(_imported(core_store, "apple-quirks.vcf"))
    jan, astrid = people["Jan de Vries"], people["Astrid Lindqvist"]
    # When exported as 4.0
    v4 = _card(jan, VCardVersion.V4)
    # Then types, PREF and unknown parameters are as read, the address too
    assert "EMAIL;TYPE=work;PREF=1;PID=1.1:jan.devries@example.nl" in v4
    assert "EMAIL;TYPE=home:jan@thuis.example" in v4
    assert "TEL;TYPE=cell;PREF=1:+31 6 23456789" in v4
    assert "TEL;TYPE=work,voice:+31 20 555 0100" in v4
    assert "ADR;TYPE=home:;;Prinsengracht 263;Amsterdam;;1016 GV;Nederland" in v4
    # And as 3.0 the preference is a type, INTERNET is added, 4.0-only parameters are left out
    v3 = _card(jan, VCardVersion.V3)
    assert "EMAIL;TYPE=INTERNET,work,PREF:jan.devries@example.nl" in v3
    assert "TEL;TYPE=cell,PREF:+31 6 23456789" in v3
    # And Apple's grouped email keeps its group and label, its chat addresses their service
    apple = _card(astrid, VCardVersion.V3)
    assert "item1.EMAIL;TYPE=INTERNET,PREF:astrid@nordicgames.example" in apple
    assert "item1.X-ABLabel:_$!<Other>!$_" in apple
    assert "IMPP;TYPE=HOME,PREF;X-SERVICE-TYPE=Skype:skype:astrid.lindqvist" in apple
    assert "item2.ADR;type=HOME;type=pref:;;Storgatan 12;Stockholm;;114 51;Sweden" in apple
    assert "item2.X-ABADR:se" in apple


def test_a_deleted_email_takes_its_apple_label_with_it(core_store: Store) -> None:
    # Given Apple's card whose first email has a label in its group
    astrid = _imported(core_store, "apple-quirks.vcf")["Astrid Lindqvist"]
    # When the user removes that email
    changed = dataclasses.replace(astrid, emails=astrid.emails[1:])
    lines = _card(changed, VCardVersion.V3)
    # Then the label goes too, while other groups stay
    assert "item1.X-ABLabel:_$!<Other>!$_" not in lines
    assert "item3.X-ABLabel:_$!<Anniversary>!$_" in lines


def test_organisation_units_are_kept_until_the_user_changes_the_organisation(
    core_store: Store,
) -> None:
    # Given a card with an organisation and a department
    jan = _imported(core_store, "nextcloud-davx5-4.0.vcf")["Jan de Vries"]
    assert jan.organization == "Stichting Open Kaart, Kartografie"
    # Then ORG is written back with its parts
    assert "ORG:Stichting Open Kaart;Kartografie" in _card(jan, VCardVersion.V4)
    # And after the user changes it, their organisation is written instead
    moved = dataclasses.replace(jan, organization="Kadaster; Delft")
    lines = _card(moved, VCardVersion.V4)
    assert "ORG:Kadaster\\; Delft" in lines
    assert not any(line.startswith("ORG:Stichting") for line in lines)


@pytest.mark.parametrize("version", list(VCardVersion))
def test_unknown_properties_are_written_back_where_the_version_has_them(
    core_store: Store, version: VCardVersion
) -> None:
    # Given DAVx5's card with RELATED, CLIENTPIDMAP, a chat address and an X- property
    jan = _imported(core_store, "nextcloud-davx5-4.0.vcf")["Jan de Vries"]
    lines = _card(jan, version)
    # Then the X- property and the chat address come back in both versions
    assert "X-PHONETIC-LAST-NAME:de Fries" in lines
    assert "IMPP;X-SERVICE-TYPE=Matrix:matrix:u/jan:example.org" in lines
    # And the 4.0-only properties only in 4.0
    v4_only = [
        "RELATED;TYPE=spouse:urn:uuid:0c9e8d7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f",
        "CLIENTPIDMAP:1;urn:uuid:3df403f4-5924-4bb7-b077-3c711d9eb34b",
    ]
    for line in v4_only:
        assert (line in lines) is (version is VCardVersion.V4)


def test_a_3_0_photo_stays_inline_base64_with_the_same_bytes(core_store: Store) -> None:
    # Given Apple's card with an inline PNG
    amelie = _imported(core_store, "apple-icloud-2024.vcf")["Amélie Dubois"]
    original = vobject.readComponents((FIXTURES / "apple-icloud-2024.vcf").read_text())
    image = next(card for card in original if card.fn.value == "Amélie Dubois").photo.value
    # When exported as 3.0 and read by vobject
    [card] = vobject.readComponents(
        write_vcards([amelie], version=VCardVersion.V3, revised=REVISED).decode()
    )
    # Then the photo is the same PNG, inline, typed as PNG
    assert card.photo.params["TYPE"] == ["PNG"]
    assert card.photo.value == image


def test_a_4_0_data_uri_photo_survives_a_vobject_based_server(core_store: Store) -> None:
    # Given DAVx5's card with a data-URI photo, exported as 4.0
    jan = _imported(core_store, "nextcloud-davx5-4.0.vcf")["Jan de Vries"]
    exported = write_vcards([jan], version=VCardVersion.V4, revised=REVISED).decode()
    # When a server built on vobject (Radicale) reads and saves the card again
    saved = vobject.readOne(exported).serialize()
    # Then the image is whole both in the server's copy and when we read that copy back
    assert vobject.readOne(exported).photo.value == jan.photo
    assert read_vcards(saved.encode()).contacts[0].photo == jan.photo


def test_birthdays_without_a_year_are_never_given_one(core_store: Store, tmp_path: Path) -> None:
    # Given a card with a birthday without a year
    jan = _imported(core_store, "nextcloud-davx5-4.0.vcf")["Jan de Vries"]
    assert jan.birthday == "--04-12"
    # When exported as 4.0 and as 3.0
    assert "BDAY:--0412" in _card(jan, VCardVersion.V4)
    v3 = write_vcards([jan], version=VCardVersion.V3, revised=REVISED).decode()
    # Then 3.0 says "no year" to every reader: no placeholder year in the value, and Apple's
    # parameter only as a parameter
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:--04-12" in v3.replace("\r\n ", "").split("\r\n")
    assert "1604-" not in v3
    assert vobject.readOne(v3).bday.value == "--04-12"
    [card] = parse_text_with_icaljs(v3, tmp_path, suffix=".vcf")
    assert card.first("bday") == "--04-12"
    assert read_vcards(v3.encode()).contacts[0].birthday == "--04-12"


def test_apple_placeholder_years_are_read_as_no_year() -> None:
    # Given Apple's two ways of writing "no year"
    people = {
        contact.name: contact
        for contact in read_vcards((FIXTURES / "apple-contacts.vcf").read_bytes()).contacts
    }
    icloud = read_vcards((FIXTURES / "apple-icloud-2024.vcf").read_bytes()).contacts
    # Then neither becomes 1604
    assert people["Chidi Okafor"].birthday == "--04-12"
    assert [contact.birthday for contact in icloud if contact.name == "Amélie Dubois"] == [
        "--02-14"
    ]


@pytest.mark.parametrize("version", list(VCardVersion))
def test_web_addresses_with_non_ascii_are_written_as_uris_and_read_back_for_display(
    core_store: Store, version: VCardVersion
) -> None:
    # Given a card whose URL has non-ASCII letters in host and path
    jan = _imported(core_store, "nextcloud-davx5-4.0.vcf")["Jan de Vries"]
    assert "https://bücher.example/jan/übersicht" in jan.links
    # When exported
    lines = _card(jan, version)
    # Then the URL is a URI (RFC 3987 3.1): IDNA host, percent-encoded path
    assert "URL:https://xn--bcher-kva.example/jan/%C3%BCbersicht" in lines
    assert all(line.isascii() for line in lines if line.startswith("URL"))
    # And reading it back shows the address as the user knows it
    data = write_vcards([jan], version=version, revised=REVISED)
    assert "https://bücher.example/jan/übersicht" in read_vcards(data).contacts[0].links


@pytest.mark.parametrize(
    "notes",
    [
        "Trailing blanks  ",
        "  leading, and ; semicolons \\ backslash: colon\n\nnew paragraph\n",
        "Emoji 👩🏽‍💻 at the fold " + "ü" * 30 + " 🦊" * 20,
        "x" * 74 + " " + "y",
    ],
)
@pytest.mark.parametrize("version", list(VCardVersion))
def test_notes_round_trip_byte_for_byte(
    core_store: Store, notes: str, version: VCardVersion
) -> None:
    # Given a person whose notes have blanks at the ends, escapes, emoji and folds
    person = Person(name="Ana López", notes=notes, working_on="Guide  ", looking_for=" Tea")
    first = write_vcards([person], version=version, revised=REVISED)
    # When the export is imported into an empty store and exported again
    plan = plan_contacts_import(core_store, first, file_name="a.vcf", kind=FileKind.VCARD)
    apply_people_import(core_store, plan)
    [again] = core_store.people.all()
    # Then the fields are equal and the second export is the same bytes
    assert (again.notes, again.working_on, again.looking_for) == (notes, "Guide  ", " Tea")
    assert write_vcards([again], version=version, revised=REVISED) == first


@pytest.mark.parametrize("version", list(VCardVersion))
@pytest.mark.parametrize("file_name", sorted(path.name for path in FIXTURES.glob("*.vcf")))
def test_real_exports_come_back_unchanged(
    core_store: Store, tmp_path: Path, file_name: str, version: VCardVersion
) -> None:
    # Given a real export imported into the store
    people = list(_imported(core_store, file_name).values())
    before = core_store.people.all()
    exported = write_vcards(people, version=version, revised=REVISED)
    # When our export is imported into the same store
    plan = plan_contacts_import(core_store, exported, file_name="again.vcf", kind=FileKind.VCARD)
    summary = apply_people_import(core_store, plan, merge_similar_names=False)
    # Then nothing is added or changed
    assert {item.decision for item in plan.items} == {PeopleDecision.SKIP}
    assert (summary.added, summary.updated) == (0, 0)
    assert core_store.people.all() == before
    # And an empty store given our export exports the same bytes again
    fresh = Store.open(tmp_path / "fresh")
    try:
        plan = plan_contacts_import(fresh, exported, file_name="x.vcf", kind=FileKind.VCARD)
        apply_people_import(fresh, plan, merge_similar_names=False)
        by_order = sorted(
            fresh.people, key=lambda person: [p.name for p in people].index(person.name)
        )
        assert write_vcards(by_order, version=version, revised=REVISED) == exported
    finally:
        fresh.close()


def test_a_merge_fills_in_the_card_details_and_a_second_import_changes_nothing(
    core_store: Store,
) -> None:
    # Given a person typed into the app with the email of a card
    core_store.people.put(Person(name="Jan de Vries", emails=("jan.devries@example.nl",)))
    # When the card is imported (merged by the email)
    jan = _imported(core_store, "nextcloud-davx5-4.0.vcf")["Jan de Vries"]
    # Then the card's UID, structured name, labels and kept properties are filled in
    assert jan.uid == "urn:uuid:6e1b9f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
    assert name_parts_of(jan) == NameParts(family="de Vries", given="Jan", name="Jan de Vries")
    assert contact_labels(jan)[ContactKind.PHONE, "+31 6 23456789"] == ContactLabel(
        kind=ContactKind.PHONE, value="+31 6 23456789", types=("cell",), pref=1
    )
    assert any(kept.startswith("RELATED") for kept in jan.kept_properties)
    assert jan.card_version == "4.0"
    # And importing the card again changes nothing
    before = core_store.people.all()
    _imported(core_store, "nextcloud-davx5-4.0.vcf")
    assert core_store.people.all() == before


def test_a_person_stored_before_card_details_existed_reads_without_a_migration() -> None:
    # Given a stored document from before the card fields
    document = {"id": "0123456789abcdef0123456789abcdef", "name": "Ana", "emails": ["a@x.org"]}
    # When decoded / Then the new fields take their defaults
    person = from_document(Person, document)
    assert (person.uid, person.structured_name, person.contact_labels) == ("", (), ())
    assert (person.kept_properties, person.card_version) == ((), "")


@pytest.mark.parametrize("version", list(VCardVersion))
def test_icaljs_reads_the_patched_cards_of_every_real_export(
    core_store: Store, tmp_path: Path, version: VCardVersion
) -> None:
    # Given every real export imported, and the people exported again
    for path in sorted(FIXTURES.glob("*.vcf")):
        _imported(core_store, path.name)
    people = sorted(core_store.people, key=lambda person: person.name)
    out = tmp_path / f"people-{version.value}.vcf"
    out.write_bytes(write_vcards(people, version=version, revised=REVISED))
    # When Thunderbird's parser reads the file
    [parsed] = parse_with_icaljs(out)
    # Then it sees every card, and the kept details as they were read
    names = [card.first("fn") for card in parsed.components]
    assert names == [person.name for person in people]
    cards = {card.first("fn"): card for card in parsed.components}
    jan = cards["Jan de Vries"]
    assert jan.first("uid") == "urn:uuid:6e1b9f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
    assert jan.first("n") == ["de Vries", "Jan", "", "", ""]
    assert jan.first("org") == ["Stichting Open Kaart", "Kartografie"]
    assert jan.first("bday") == "--04-12"
    [work_email] = [p for p in jan.all("email") if p["values"] == ["jan.devries@example.nl"]]
    assert "work" in str(work_email["parameters"]["type"])
    assert jan.first("note").startswith("Maps every canal by bike and talks about the old")
    assert "bridges and the new ferry routes too." in jan.first("note")
    assert "https://xn--bcher-kva.example/jan/%C3%BCbersicht" in jan.values("url")
    assert jan.first("x-phonetic-last-name") == "de Fries"
    assert (jan.first("related") is not None) is (version is VCardVersion.V4)
    assert jan.first("photo").startswith(
        "data:image/png;base64," if version is VCardVersion.V4 else "iVBOR"
    )
    assert cards["山田 太郎"].first("n") == ["山田", "太郎", "", "", ""]
    assert cards["山田 太郎"].first("note") == "囲碁クラブで会った; 毎週木曜日."


@pytest.mark.parametrize("version", list(VCardVersion))
def test_a_birthday_the_app_cannot_read_and_a_second_org_stay_on_the_card(
    version: VCardVersion,
) -> None:
    # Given a 4.0 card with a birthday given as text and two organisations
    data = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\r\nBDAY;VALUE=text:circa 1980\r\n"
        b"ORG:Open Data Lab\r\nORG:Chess Club;Youth\r\nEND:VCARD\r\n"
    )
    plan = plan_people_import([], read_vcards(data), file_name="a.vcf")
    [ana] = [item.person for item in plan.items if item.person is not None]
    # When exported / Then the app shows no birthday and the first organisation, and the card
    # keeps the text birthday (4.0 only has text dates) and both organisations
    assert (ana.birthday, ana.organization) == ("", "Open Data Lab")
    lines = _card(ana, version)
    assert ("BDAY;VALUE=text:circa 1980" in lines) is (version is VCardVersion.V4)
    assert [line for line in lines if line.startswith("ORG")] == [
        "ORG:Open Data Lab",
        "ORG:Chess Club;Youth",
    ]


@pytest.mark.parametrize("version", list(VCardVersion))
def test_addresses_and_nicknames_shown_in_the_notes_do_not_change_the_cards_note(
    core_store: Store, version: VCardVersion
) -> None:
    # Given a card with a nickname, a work address and a note of its own
    card = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:1234\r\nFN:Ngozi Okafor\r\n"
        b"N:Okafor;Ngozi;;;\r\nNICKNAME:Ngo\r\n"
        b"ADR;TYPE=work:;;12 Awolowo Road;Ikoyi;Lagos;;Nigeria\r\n"
        b"NOTE:Met at the fintech meetup\r\nEND:VCARD\r\n"
    )
    plan = plan_contacts_import(core_store, card, file_name="n.vcf", kind=FileKind.VCARD)
    apply_people_import(core_store, plan, merge_similar_names=False)
    [ngozi] = core_store.people
    # When it is exported: the app shows the address and nickname with the notes
    assert "Address (work): 12 Awolowo Road" in ngozi.notes
    lines = _card(ngozi, version)
    # Then the card's note is the card's note, and the address and nickname are their own lines
    assert [line for line in lines if line.startswith("NOTE")] == ["NOTE:Met at the fintech meetup"]
    assert any(line.startswith("ADR") for line in lines)
    assert "NICKNAME:Ngo" in lines
