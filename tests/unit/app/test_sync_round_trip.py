"""Property: any person sent to a real Radicale by one store comes back the same into a fresh
store that syncs with the same address book (every synced field, and their id)."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.services.sync.sync_cards import field_values, synced_fields
from companion.services.sync.sync_round import run_round_here
from companion.storage.store import Store
from tests.support.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale
from tests.unit.formats.test_people_round_trips import people

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
_books = itertools.count()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path_factory.mktemp("radicale")) as (server, _allowed):
        yield server


@contextmanager
def _store_with(account: SyncAccount) -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "data")
        try:
            store.sync_accounts.put(account)
            yield store
        finally:
            store.close()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=people(1))
def test_any_person_synced_out_comes_back_the_same_in_a_fresh_store(
    radicale: RadicaleServer, person: Person
) -> None:
    # Given an account (sharing notes, so every field goes) on an address book of its own
    book = radicale.add_collection(
        f"{USER}/book{next(_books)}", tag="VADDRESSBOOK", name="Contacts"
    )
    account = SyncAccount(
        name="Phone",
        url=radicale.url,
        user=USER,
        address_book=book,
        stored_password=PASSWORD,
        share_notes=True,
    )
    names = synced_fields(account)
    with _store_with(account) as here:
        here.people.put(person)
        sent, _changes = run_round_here(here, account, now=NOW)
        assert (sent.people_out, sent.problem) == (1, "")
        # When a fresh store syncs with the same address book
        with _store_with(account) as elsewhere:
            came, _changes = run_round_here(elsewhere, account, now=NOW)
            # Then the same person is there, field for field, and nothing goes back
            assert (came.people_in, came.people_out, came.problem) == (1, 0, "")
            [back] = elsewhere.people.all()
            assert back.id == person.id
            assert field_values(back, names) == field_values(person, names)
