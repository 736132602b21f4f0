"""Encryption at rest: keychain or passphrase, switching between them, wrong keys, tampering."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion import paths
from companion.domain.people import Person
from companion.storage import keys
from companion.storage.encryption import AesGcmCipher, Binding, Role, new_data_key, new_key_id
from companion.storage.errors import StoreCorruptError
from companion.storage.keys import (
    AskPassphrase,
    KeyMissingError,
    KeyMode,
    PassphraseNeeded,
    WrongPassphraseError,
)
from companion.storage.vault import open_store
from tests.reliability.conftest import PASSPHRASE, DictKeyring, always

ASK_DEFAULT: AskPassphrase = always(PASSPHRASE)


def _add_person(folder: Path, name: str, ask: AskPassphrase = ASK_DEFAULT) -> str:
    store, _key = open_store(folder, ask)
    with store:
        person = Person(name=name)
        store.people.put(person)
    return person.id


def _names(folder: Path, ask: AskPassphrase = ASK_DEFAULT) -> set[str]:
    store, _key = open_store(folder, ask, read_only=True)
    with store:
        return {person.name for person in store.people}


def test_cipher_round_trip_and_tamper_detection() -> None:
    # Given a cipher and a sealed message
    cipher = AesGcmCipher(new_data_key(), new_key_id())
    binding = Binding(Role.STORE, 3)
    sealed = cipher.seal(b"secret notes", binding)
    # Then it opens again, and any flipped bit is detected
    assert cipher.open(sealed, binding) == b"secret notes"
    for index in range(len(sealed)):
        for bit in range(8):
            damaged = bytearray(sealed)
            damaged[index] ^= 1 << bit
            with pytest.raises(ValueError):
                cipher.open(bytes(damaged), binding)


def test_a_blob_opens_only_where_it_belongs() -> None:
    # Given a journal entry sealed for generation 2, position 5
    cipher = AesGcmCipher(new_data_key(), new_key_id())
    sealed = cipher.seal(b"change", Binding(Role.ENTRY, 2, 5))
    # Then it does not open as another entry, another generation or another role
    for elsewhere in (Binding(Role.ENTRY, 2, 4), Binding(Role.ENTRY, 3, 5), Binding(Role.STORE, 2)):
        with pytest.raises(ValueError):
            cipher.open(sealed, elsewhere)
    assert cipher.open_bound(sealed) == (Binding(Role.ENTRY, 2, 5), b"change")


def test_other_key_is_reported_as_such() -> None:
    sealed = AesGcmCipher(new_data_key(), new_key_id()).seal(b"x", Binding(Role.STORE))
    with pytest.raises(ValueError, match="different key"):
        AesGcmCipher(new_data_key(), new_key_id()).open(sealed, Binding(Role.STORE))


def test_keychain_holds_the_key_when_there_is_one(folder: Path, dict_keyring: DictKeyring) -> None:
    # Given a working keychain, When a store is created
    person_id = _add_person(folder, "Ada", ask=always(None))
    # Then the key went to the keychain, no passphrase was needed, and the data reads back
    assert keys.key_mode(folder) is KeyMode.KEYCHAIN
    assert len(dict_keyring.secrets) == 1
    store, _key = open_store(folder, always(None))
    with store:
        assert store.people.get(person_id) is not None


def test_fail_and_null_keyrings_fall_back_to_a_passphrase(folder: Path, no_keyring: object) -> None:
    # Given no usable keychain, When a store is created with a passphrase
    _add_person(folder, "Grace")
    # Then the key is wrapped by the passphrase and the same passphrase opens it
    assert keys.key_mode(folder) is KeyMode.PASSPHRASE
    assert _names(folder) == {"Grace"}


def test_no_passphrase_available_creates_nothing(folder: Path, no_keyring: object) -> None:
    with pytest.raises(PassphraseNeeded):
        open_store(folder, always(None))
    assert not paths.store_file(folder).exists()


def test_wrong_passphrase_says_so_and_touches_nothing(folder: Path, no_keyring: object) -> None:
    _add_person(folder, "Grace")
    before = paths.store_file(folder).read_bytes()
    with pytest.raises(WrongPassphraseError):
        open_store(folder, always("not the passphrase"))
    assert paths.store_file(folder).read_bytes() == before


def test_deleted_keychain_entry_is_a_clear_error_and_no_overwrite(
    folder: Path, dict_keyring: DictKeyring
) -> None:
    _add_person(folder, "Ada", ask=always(None))
    before = paths.store_file(folder).read_bytes()
    # When the key disappears from the keychain
    dict_keyring.secrets.clear()
    with pytest.raises(KeyMissingError, match="keychain"):
        open_store(folder, always(None))
    # Then the data file is untouched
    assert paths.store_file(folder).read_bytes() == before


def test_missing_key_file_is_a_clear_error(folder: Path, no_keyring: object) -> None:
    _add_person(folder, "Grace")
    keys.key_file(folder).unlink()
    with pytest.raises(KeyMissingError):
        open_store(folder, always(PASSPHRASE))


def test_change_passphrase_keeps_the_data(folder: Path, no_keyring: object) -> None:
    _add_person(folder, "Grace")
    store, key = open_store(folder, always(PASSPHRASE))
    with store:
        assert key is not None
        keys.use_passphrase(folder, key, "a brand new passphrase")
    assert _names(folder, always("a brand new passphrase")) == {"Grace"}
    with pytest.raises(WrongPassphraseError):
        open_store(folder, always(PASSPHRASE))


def test_move_between_keychain_and_passphrase(folder: Path, dict_keyring: DictKeyring) -> None:
    _add_person(folder, "Ada", ask=always(None))
    store, key = open_store(folder, always(None))
    with store:
        assert key is not None
        # When moving to a passphrase, the keychain entry goes away
        key = keys.use_passphrase(folder, key, PASSPHRASE)
        assert dict_keyring.secrets == {}
        # And back again
        keys.use_keychain(folder, key)
    assert keys.key_mode(folder) is KeyMode.KEYCHAIN
    assert _names(folder, always(None)) == {"Ada"}


def test_plain_store_from_before_encryption_is_encrypted_on_open(
    folder: Path, dict_keyring: DictKeyring
) -> None:
    # Given a store written without encryption
    from companion.storage.store import Store

    with Store.open(folder) as plain:
        plain.people.put(Person(name="Katherine Johnson"))
    assert b"Katherine" in paths.store_file(folder).read_bytes()
    # When it is opened through the vault
    store, _key = open_store(folder, always(None))
    store.close()
    # Then it is encrypted and still complete
    assert b"Katherine" not in paths.store_file(folder).read_bytes()
    assert _names(folder, always(None)) == {"Katherine Johnson"}


def test_plaintext_in_place_of_an_encrypted_store_is_refused(
    folder: Path, dict_keyring: DictKeyring
) -> None:
    _add_person(folder, "Ada", ask=always(None))
    paths.store_file(folder).write_bytes(b'{"_meta": {}, "people": {}}')
    with pytest.raises(StoreCorruptError, match="not encrypted"):
        open_store(folder, always(None))


def test_tampered_store_is_detected_and_not_overwritten(
    folder: Path, dict_keyring: DictKeyring
) -> None:
    _add_person(folder, "Ada", ask=always(None))
    path = paths.store_file(folder)
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0x40
    path.write_bytes(bytes(damaged))
    with pytest.raises(StoreCorruptError, match="damaged or changed"):
        open_store(folder, always(None))
    assert path.read_bytes() == bytes(damaged)
