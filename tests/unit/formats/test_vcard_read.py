"""Reading vCards as Google, Apple, Android, Nextcloud and Monica write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.domain.contact_keys import (
    folded_name_key,
    name_blocking_keys,
    normalize_email,
    normalize_phone,
    phones_match,
)
from companion.interop.errors import FormatError
from companion.interop.parsed_contacts import ParsedContact
from companion.interop.vcard_read import read_vcards

FIXTURES = Path(__file__).parents[2] / "fixtures" / "people"


def _by_name(file_name: str) -> dict[str, ParsedContact]:
    parsed = read_vcards((FIXTURES / file_name).read_bytes())
    return {contact.name: contact for contact in parsed.contacts}


def test_contact_keys_ignore_case_accents_order_and_phone_format() -> None:
    # Given two spellings of the same contact details / Then they share keys
    assert normalize_email(" Ana.Lopez@Example.ORG ") == "ana.lopez@example.org"
    assert normalize_phone("+49 (0)170 123-45 67") == "+4901701234567"
    assert phones_match("+49 170 1234567", "0170/1234567", region="DE")
    assert not phones_match("12345", "12345")  # too short to compare safely
    assert folded_name_key("Müller, Jürgen") == folded_name_key("jurgen MULLER")
    assert name_blocking_keys("John Smyth") == name_blocking_keys("Jon Smith")


def test_google_contacts_groups_labels_categories_and_escaped_urls() -> None:
    # Given a Google Contacts export / When it is read
    people = _by_name("google-contacts.vcf")
    ana = people["Ana López"]
    # Then the escaped colons are undone, myContacts is dropped, the web photo is not fetched
    assert ana.links == ("https://ana.example.org/blog", "http://www.linkedin.com/in/analopez")
    assert ana.categories == ("starred", "Climbing")
    assert ana.photo == ""
    assert ana.notes == (
        "Met at the bouldering meetup.\nLikes board games, too.\n\n"
        "Address (home): Hauptstraße 5, 10115 Berlin, Germany"
    )
    assert ana.birthday == "1990-04-12"
    assert people["Tom Becker"].organization == "Becker & Söhne GmbH, Engineering"
    # And a card with only an email is named by it
    assert "noname@example.com" in people


def test_apple_contacts_types_birthday_without_year_and_folded_photo() -> None:
    # Given an Apple Contacts export / When it is read
    chidi = _by_name("apple-contacts.vcf")["Chidi Okafor"]
    # Then the year placeholder means "no year" and the folded base64 photo is kept
    assert chidi.birthday == "--04-12"
    assert chidi.photo.startswith("data:image/jpeg;base64,/9j/")
    assert chidi.emails == ("chidi@example.net", "c.okafor@uni.example.edu")
    assert "http://twitter.com/chidiokafor" in chidi.links


def test_android_quoted_printable_with_soft_line_breaks() -> None:
    # Given an Android 2.1 export with quoted-printable UTF-8 / When it is read
    people = _by_name("android-2.1.vcf")
    # Then the name and the note spread over soft line breaks are decoded
    juergen = people["Jürgen Müller"]
    assert "Fahrrädern" in juergen.notes and "Repair-Café" in juergen.notes
    assert juergen.photo.startswith("data:image/jpeg;base64,")
    assert people["Linh Nguyen"].phones == ("0151 44455566",)


def test_nextcloud_and_monica_4_0() -> None:
    # Given vCard 4.0 cards / When they are read
    people = _by_name("nextcloud-4.0.vcf")
    sofia = people["Sofia Rossi"]
    # Then tel: URIs, data: photos, social profiles and categories come through
    assert sofia.phones == ("+39-333-123-4567",)
    assert sofia.photo.startswith("data:image/png;base64,")
    assert sofia.links == ("https://mastodon.social/@sofia",)
    assert sofia.categories == ("Board games", "Photography", "Friends")
    assert sofia.birthday == "--06-30"
    assert sofia.source_id == "vcard:3f1c2a9e-6b1d-4c55-9e1f-1a2b3c4d5e6f"
    assert people["Kenji Watanabe"].birthday == "1992-11-03"


def test_one_broken_card_does_not_sink_the_file() -> None:
    # Given a file with good cards between broken ones / When it is read
    parsed = read_vcards((FIXTURES / "one-broken-card.vcf").read_bytes())
    # Then the good ones are read and each broken one is named with its line
    assert [contact.name for contact in parsed.contacts] == ["Good One", "Good Two"]
    described = [rejected.describe() for rejected in parsed.rejected]
    assert described[0].startswith("line 9 (Broken Line): this line cannot be read")
    assert "line 11: the card has no name" in described[1]
    assert described[2].startswith("line 15 (Cut Off): the card has no END:VCARD")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"BEGIN:VCARD\nVERSION:3.0\nFN:A\x00B\nEND:VCARD\n", "NUL"),
        (bytes(range(256)) * 8, "NUL"),
        (b"hello, world\n", "no contact cards"),
        (b"BEGIN:VCARD\nVERSION:3.0\nbroken\nEND:VCARD\n", "no card could be read"),
    ],
)
def test_unreadable_files_get_a_clear_message(data: bytes, message: str) -> None:
    # Given a file that holds no readable card / When it is read / Then FormatError says why
    with pytest.raises(FormatError, match=message):
        read_vcards(data)


def test_utf16_and_latin1_vcards_are_decoded() -> None:
    # Given the same card in UTF-16 (with BOM) and in Latin-1
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Brontë\r\nEND:VCARD\r\n"
    for data in (card.encode("utf-16"), card.encode("latin-1")):
        # When it is read / Then the accents survive
        assert read_vcards(data).contacts[0].name == "Zoë Brontë"


def test_same_card_without_uid_gets_the_same_source_id() -> None:
    # Given a card without UID / When it is read twice / Then the source id is stable
    data = b"BEGIN:VCARD\nVERSION:2.1\nN:Doe;Jane\nEMAIL:JANE@x.org\nEND:VCARD\n"
    first, second = read_vcards(data).contacts[0], read_vcards(data).contacts[0]
    assert first.source_id == second.source_id != ""
    assert first.name == "Jane Doe"


def test_outlook_2_1_windows_1252_quoted_printable_and_address() -> None:
    # Given Outlook's vCard 2.1 in Windows-1252, quoted-printable with soft line breaks
    people = _by_name("outlook-2.1-windows-1252.vcf")
    # When read / Then umlauts, the department, the note's line breaks and the address survive
    juergen = people["Jürgen Müller"]
    assert juergen.organization == "Bäckerei Müller, Vertrieb"
    assert juergen.notes == (
        "Trifft man im Café am Markt.\nMag Schach und Grünkohl.\n\n"
        "Address (work): Marienplatz 1, 80331 München, Bayern, Deutschland"
    )
    assert juergen.phones == ("+49 (89) 3456789", "0171 2345678")
    assert "Zoë Brontë" in people


def test_utf16_file_with_bom_and_crlf_from_windows() -> None:
    # Given a Windows Contacts export in UTF-16 LE with a byte order mark
    people = _by_name("windows-contacts-utf16.vcf")
    # Then every character is read, including names in other scripts
    assert set(people) == {"Chidi Okafor", "中村 春樹"}
    assert people["Chidi Okafor"].notes == "Philosophy teacher. Ðakujem, Łódź."


def test_apple_groups_nickname_social_profiles_chat_and_categories() -> None:
    # Given Apple's card with item groups, X-ABDATE/X-ABRELATEDNAMES and two CATEGORIES lines
    parsed = read_vcards((FIXTURES / "apple-quirks.vcf").read_bytes())
    astrid = parsed.contacts[0]
    # Then the grouped pref email comes first, profiles and chat addresses are links
    assert astrid.emails == ("astrid@nordicgames.example", "astrid.l@example.se")
    assert astrid.links == (
        "twitter: astridplays",
        "http://www.linkedin.com/in/astridlindqvist",
        "skype:astrid.lindqvist",
        "xmpp:astrid@jabber.example",
    )
    assert astrid.organization == "Nordic Games AB, Level Design"
    assert astrid.categories == ("Board games", "Friends", "Stockholm")
    # And the nickname and address are kept in the notes; anniversaries are left out quietly
    assert astrid.notes == "Nickname: Assi\nAddress (home): Storgatan 12, 114 51 Stockholm, Sweden"


def test_card_with_only_an_organisation_and_a_last_card_cut_off() -> None:
    # Given a company card without FN or N, and a last card without END:VCARD
    parsed = read_vcards((FIXTURES / "apple-quirks.vcf").read_bytes())
    # Then the company is named by its organisation, and only the cut-off card is rejected
    assert [contact.name for contact in parsed.contacts] == [
        "Astrid Lindqvist",
        "Makerspace Kreuzberg e.V.",
    ]
    [cut] = parsed.rejected
    assert (cut.line, cut.name) == (35, "Carla Cut")
    assert "END:VCARD" in cut.reason


@pytest.mark.parametrize("line_end", [b"\r\n", b"\n"])
def test_crlf_and_lf_files_read_the_same(line_end: bytes) -> None:
    # Given the same folded card with either line end
    card = b"\n".join(
        [
            b"BEGIN:VCARD",
            b"VERSION:3.0",
            b"FN:Ana L\xc3\xb3pez",
            b"NOTE:A long note that was folded",
            b"  across two lines.",
            b"END:VCARD",
        ]
    ).replace(b"\n", line_end)
    # When read / Then the fold is undone either way
    [ana] = read_vcards(card).contacts
    assert ana.notes == "A long note that was folded across two lines."


def test_our_own_card_gives_back_its_id_and_what_they_work_on() -> None:
    # Given a card we wrote, its UID with the "urn:uuid:" prefix some programs add
    card = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//Common Ground//Companion 1.0//EN\r\n"
        b"UID:urn:uuid:0b5f3c2e-1d4a-4e6f-8a9b-0c1d2e3f4a5b\r\nFN:Ana\r\n"
        b"NOTE:Met at the gym.\\n\\nWorking on: A book\\n\\nLooking for: A publisher\r\n"
        b"END:VCARD\r\n"
    )
    # When read
    [ana] = read_vcards(card).contacts
    # Then the person's id and the fields folded into the note come back
    assert ana.record_id == "0b5f3c2e1d4a4e6f8a9b0c1d2e3f4a5b"
    assert (ana.notes, ana.working_on, ana.looking_for) == (
        "Met at the gym.",
        "A book",
        "A publisher",
    )
