"""Writing the store in parts gives exactly the file that sealing it in one piece would."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.storage import encryption
from companion.storage.atomic import atomic_write_parts
from companion.storage.ciphers import PlainCipher
from companion.storage.encryption import AesGcmCipher, Binding, Role, new_data_key, new_key_id
from companion.storage.table_layout import decode_tables, encode_table_parts, encode_tables

TABLES = {
    "people": {str(n): {"id": str(n), "name": f"Person {n}", "notes": "ü" * n} for n in range(50)},
    "events": {},
    "_meta": {"schema": {"schema_version": 2}},
}
STORE = Binding(Role.STORE, 7)


def test_the_parts_join_into_the_encoded_tables() -> None:
    assert b"".join(encode_table_parts(TABLES)) == encode_tables(TABLES)
    assert decode_tables(b"".join(encode_table_parts(TABLES))) == TABLES


def test_sealed_in_parts_opens_like_sealed_whole(tmp_path: Path) -> None:
    # Given an encrypted store written part by part
    cipher = AesGcmCipher(new_data_key(), new_key_id())
    target = tmp_path / "store.json"
    atomic_write_parts(target, cipher.seal_parts(encode_table_parts(TABLES), STORE))
    # Then it opens with the one-piece reader, and has the one-piece layout and size
    sealed = target.read_bytes()
    assert decode_tables(cipher.open(sealed, STORE)) == TABLES
    assert len(sealed) == len(cipher.seal(encode_tables(TABLES), STORE))


def test_a_changed_byte_of_a_file_sealed_in_parts_is_detected() -> None:
    cipher = AesGcmCipher(new_data_key(), new_key_id())
    sealed = bytearray(b"".join(cipher.seal_parts(encode_table_parts(TABLES), STORE)))
    sealed[len(sealed) // 2] ^= 1
    with pytest.raises(ValueError, match="damaged"):
        cipher.open(bytes(sealed), STORE)


def test_plain_parts_are_the_plain_file(tmp_path: Path) -> None:
    target = tmp_path / "plain.json"
    atomic_write_parts(target, PlainCipher().seal_parts(encode_table_parts(TABLES), STORE))
    assert target.read_bytes() == encode_tables(TABLES)


def test_parts_longer_than_a_slice_are_sealed_in_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given slices far smaller than a table
    monkeypatch.setattr(encryption, "SEAL_SLICE", 7)
    cipher = AesGcmCipher(new_data_key(), new_key_id())
    # When the tables are sealed part by part / Then they open whole
    sealed = b"".join(cipher.seal_parts(encode_table_parts(TABLES), STORE))
    assert decode_tables(cipher.open(sealed, STORE)) == TABLES
