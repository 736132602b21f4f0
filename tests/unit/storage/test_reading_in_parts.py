"""Reading the store decrypts while the file is read and gives each table's bytes back once
parsed: the sealed bytes, the plaintext and the documents are never all held at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.storage.atomic import atomic_write_parts
from companion.storage.documents import FrozenDocument, freeze_table
from companion.storage.encryption import AesGcmCipher, Binding, Role, new_data_key, new_key_id
from companion.storage.plaintext import Plaintext
from companion.storage.table_layout import decode_tables, encode_table_parts, encode_tables

#: Big enough that every table spans several pages and the reader works in several slices.
TABLES: dict[str, dict[str, dict[str, object]]] = {
    "people": {str(n): {"id": str(n), "notes": "ü" * 300, "tags": []} for n in range(4000)},
    "events": {str(n): {"id": str(n), "title": "x" * 200} for n in range(2000)},
    "_meta": {"schema": {"schema_version": 2}},
}
STORE = Binding(Role.STORE, 7)


@pytest.fixture
def sealed(tmp_path: Path) -> tuple[AesGcmCipher, Path]:
    cipher = AesGcmCipher(new_data_key(), new_key_id())
    target = tmp_path / "store.json"
    atomic_write_parts(target, cipher.seal_parts(encode_table_parts(TABLES), STORE))
    return cipher, target


def test_a_file_opened_while_read_gives_what_opening_its_bytes_gives(
    sealed: tuple[AesGcmCipher, Path],
) -> None:
    # Given a store sealed in parts (several MB, so several slices)
    cipher, target = sealed
    # When it is opened straight from the file
    binding, plaintext = cipher.open_file(target)
    # Then binding and bytes are those of the one-piece opener
    with plaintext.view() as view:
        assert (binding, bytes(view)) == cipher.open_bound(target.read_bytes())
    plaintext.close()


@pytest.mark.parametrize("cut", [1, 16, 5000])
def test_a_file_cut_short_is_refused(sealed: tuple[AesGcmCipher, Path], cut: int) -> None:
    cipher, target = sealed
    target.write_bytes(target.read_bytes()[:-cut])
    with pytest.raises(ValueError, match=r"damaged|cut short"):
        cipher.open_file(target)


def test_a_changed_byte_is_refused_before_anything_is_returned(
    sealed: tuple[AesGcmCipher, Path],
) -> None:
    cipher, target = sealed
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    target.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="damaged"):
        cipher.open_file(target)


def test_each_table_is_given_back_once_parsed(sealed: tuple[AesGcmCipher, Path]) -> None:
    # Given the decrypted store in its mapping
    cipher, target = sealed
    _, plaintext = cipher.open_file(target)
    # When its tables are parsed
    assert decode_tables(plaintext) == TABLES
    # Then the pages they were parsed from are returned (an anonymous page given back reads
    # as zeros): only the edges of each table, shared with the next, may stay
    with plaintext.view() as view:
        kept = plaintext.length - bytes(view).count(0)
    plaintext.close()
    assert kept < 4 * 4096


def test_plain_bytes_decode_as_before() -> None:
    assert decode_tables(Plaintext.of(encode_tables(TABLES))) == TABLES


def test_parsed_documents_are_frozen_where_they_stand() -> None:
    # Given tables just parsed
    tables = decode_tables(encode_tables(TABLES))
    people = tables["people"]
    # When they are frozen (as when first handed out)
    for table in tables.values():
        freeze_table(table)
    # Then each table is the same mapping, its documents frozen in their places
    assert tables["people"] is people
    assert all(type(document) is FrozenDocument for document in people.values())
    assert list(people) == list(TABLES["people"])
    with pytest.raises(TypeError):
        people["0"]["notes"] = "changed"
