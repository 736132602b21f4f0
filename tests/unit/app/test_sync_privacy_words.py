"""The welcome's sentence about where the data lives, once sync accounts exist."""

from __future__ import annotations

from companion.services.sync.privacy_words import where_data_lives
from companion.storage.store import Store
from tests.support.fake_sync_round import put_account


def test_two_accounts_on_one_server_are_named_as_two_accounts(core_store: Store) -> None:
    # Given two accounts (the phone's and the laptop's) on the same server
    put_account(core_store, "Phone")
    put_account(core_store, "Laptop")
    # When the welcome says where the data lives
    sentence = where_data_lives(core_store)
    # Then it speaks of the accounts, and names their one server once
    assert sentence == (
        "Everything you note stays on this computer, except what your sync accounts send to "
        "dav.example.org (Preferences > Sync says what)."
    )


def test_one_account_is_named_as_one(core_store: Store) -> None:
    put_account(core_store, "Phone")
    assert "except what your sync account sends to dav.example.org" in where_data_lives(core_store)
