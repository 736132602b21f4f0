"""Legacy encodings are read when charset-normalizer is sure, refused (naming one) when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.interop.errors import FormatError
from companion.interop.people_csv import read_csv_contacts, read_csv_table
from companion.interop.text_decoding import decode_text
from companion.interop.vcard_read import read_vcards
from companion.services.data.importing import import_file
from companion.services.errors import ImportFailed
from companion.storage.store import Store

FIXTURES = Path(__file__).parents[2] / "fixtures" / "people"
CYRILLIC_CSV = (
    "Name,Email,Notes\n"
    "Наталья Иванова,nat@example.ru,Встретились на конференции по настольным играм\n"
    "Сергей Петров,sergei@example.ru,Работает над новой игрой\n"
)
JAPANESE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:山田太郎\r\nN:山田;太郎;;;\r\nORG:株式会社サンプル\r\n"
    "NOTE:東京の勉強会で会いました。ボードゲームが好きです。\r\nEND:VCARD\r\n"
)


def test_given_a_windows_1251_csv_when_read_then_the_cyrillic_names_come_through() -> None:
    # Given a CSV Excel saved in Windows-1251 (Cyrillic)
    table = read_csv_table(CYRILLIC_CSV.encode("cp1251"))
    # When its people are read
    parsed = read_csv_contacts(table)
    # Then the names are the Cyrillic ones, not "Íàòàëüÿ"
    assert table.encoding == "cp1251"
    assert [contact.name for contact in parsed.contacts] == ["Наталья Иванова", "Сергей Петров"]
    assert parsed.contacts[1].notes == "Работает над новой игрой"


def test_given_a_shift_jis_vcard_when_read_then_the_japanese_name_comes_through() -> None:
    [contact] = read_vcards(JAPANESE_CARD.encode("shift_jis")).contacts
    assert contact.name == "山田太郎"
    assert contact.organization == "株式会社サンプル"


@pytest.mark.parametrize(
    ("data", "likely"),
    [
        ("Name\nНаталья\n".encode("cp1251"), "cp1251"),
        ("Имя,Email\nНаталья Иванова,nat@example.ru\n".encode("cp1251"), "cp1251"),
        (
            (
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:山田太郎\r\nEND:VCARD\r\n"
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:佐藤花子\r\nEND:VCARD\r\n"
            ).encode("shift_jis"),
            "cp932",
        ),
    ],
)
def test_given_too_little_text_to_tell_when_decoded_then_it_is_refused_naming_the_likely_one(
    data: bytes, likely: str
) -> None:
    with pytest.raises(FormatError, match=f"cannot be told for sure \\(probably {likely},"):
        decode_text(data)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("latin1-contacts.csv", "cp1252"), ("outlook-2.1-windows-1252.vcf", "cp1252")],
)
def test_given_western_legacy_files_when_decoded_then_they_are_still_windows_1252(
    name: str, encoding: str
) -> None:
    decoded = decode_text((FIXTURES / name).read_bytes())
    assert decoded.encoding == encoding
    assert "ü" in decoded.text


def test_given_french_in_windows_1252_when_decoded_then_it_is_not_read_as_central_european() -> (
    None
):
    text = "Name,Notes\nHélène Dubois,très sympa à la conférence\nFrançois Bègue,\n"
    assert decode_text(text.encode("cp1252")).text == text


def test_given_an_undecidable_file_when_imported_then_it_is_refused_and_nothing_stored(
    core_store: Store, tmp_path: Path
) -> None:
    # Given a short Cyrillic CSV whose encoding cannot be told
    path = tmp_path / "kontakty.csv"
    path.write_bytes("Name\nНаталья\n".encode("cp1251"))
    # When it is imported, then the import fails naming the file and the likely encoding
    with pytest.raises(ImportFailed) as caught:
        import_file(core_store, path)
    assert "kontakty.csv" in str(caught.value)
    assert "probably cp1251" in str(caught.value)
    assert len(core_store.people) == 0


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (CYRILLIC_CSV, "cp1251"),
        (CYRILLIC_CSV, "koi8_r"),
        (JAPANESE_CARD, "shift_jis"),
        (JAPANESE_CARD, "euc_jp"),
        ("Name,City\nΓιώργος Παπαδόπουλος,Αθήνα\n", "cp1253"),
        ("Name,Notes\nJürgen Groß,Schachcafé\nZoë Brontë,Fußball\n", "latin-1"),
    ],
)
def test_given_a_legacy_file_when_decoded_then_it_is_right_or_refused_never_mojibake(
    text: str, codec: str
) -> None:
    try:
        decoded = decode_text(text.encode(codec)).text
    except FormatError as error:
        assert "save it as UTF-8" in str(error)
        return
    assert decoded == text
