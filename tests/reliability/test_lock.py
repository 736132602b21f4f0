"""Locking a session: the key and every decrypted record leave memory until it is unlocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.services.data.session import open_session
from companion.storage.ciphers import PlainCipher
from companion.storage.errors import StoreLockedByUserError
from companion.storage.keys import PassphraseNeeded, WrongPassphraseError

PASSPHRASE = "correct horse battery staple"


def test_a_locked_session_holds_no_key_and_no_data(folder: Path, no_keyring: object) -> None:
    # Given an open session with a person read (decoded and cached)
    session = open_session(folder, lambda prompt: PASSPHRASE)
    session.store.people.put(Person(id="ada", name="Ada", notes="private notes"))
    assert session.store.people.get("ada") is not None
    # When it is locked
    session.lock()
    # Then no key, no cipher key, no table and no decoded record is left
    assert session.locked and session.key is None and session.backups is None
    assert isinstance(session.store._storage._cipher, PlainCipher)
    assert session.store.tables() == {}
    assert session.store.people.get("ada") is None
    assert session.store.people._decoded == {}
    # And nothing can be written meanwhile
    with pytest.raises(StoreLockedByUserError):
        session.store.people.put(Person(id="eve", name="Eve"))
    # When a wrong passphrase is given, or none, it stays locked
    with pytest.raises(WrongPassphraseError):
        session.unlock(lambda prompt: "not the passphrase")
    with pytest.raises(PassphraseNeeded):
        session.unlock(lambda prompt: None)
    assert session.locked
    # When the right one is given, everything is back and writable
    session.unlock(lambda prompt: PASSPHRASE)
    assert not session.locked
    assert session.store.people.get("ada").notes == "private notes"  # type: ignore[union-attr]
    session.store.people.put(Person(id="bea", name="Bea"))
    session.close()
    with open_session(folder, lambda prompt: PASSPHRASE) as reopened:
        assert {person.id for person in reopened.store.people} == {"ada", "bea"}
