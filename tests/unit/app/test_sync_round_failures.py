"""A sync round that goes wrong: a wrong password, a web page instead of a server, a server
gone mid-way, and a round cut off before its result was written. Nothing is lost, nothing is
sent twice, and the next round completes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.services.sync.sync_accounts import add_account
from companion.services.sync.sync_round import exchange, plan_round, run_round_here
from companion.storage.store import Store
from tests.support.dav_phone import Phone
from tests.support.radicale_server import (
    PASSWORD,
    USER,
    RadicaleServer,
    closed_port,
    running_radicale,
    running_web_page,
)

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path) as (server, _allowed):
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        yield server


@pytest.fixture
def account(core_store: Store, radicale: RadicaleServer) -> SyncAccount:
    added, _changes = add_account(
        core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
    )
    return added


def test_given_a_round_cut_off_before_it_was_written_when_run_again_then_nobody_is_doubled(
    core_store: Store, account: SyncAccount
) -> None:
    # Given a round that sent its cards but whose process died before writing the result
    core_store.people.put_many([Person(name="Ana López"), Person(name="Ben Okafor")])
    exchanged = exchange(plan_round(core_store, account, now=NOW))
    assert len(exchanged.sent) == 2
    # When the next round runs from the state on disk (which knows nothing of them)
    summary, _changes = run_round_here(core_store, account, now=LATER)
    # Then the cards are recognised as these people: no one added here, none sent twice
    assert summary.problem == ""
    assert sorted(person.name for person in core_store.people) == ["Ana López", "Ben Okafor"]
    assert len(Phone(account.address_book).hrefs()) == 2
    assert len(core_store.synced_cards.all()) == 2


def test_given_a_wrong_password_when_syncing_then_it_says_so_and_changes_nothing(
    core_store: Store, account: SyncAccount
) -> None:
    core_store.people.put(Person(name="Ana López"))
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None
    wrong = dataclasses.replace(stored, in_keychain=False, stored_password="wrong")
    core_store.sync_accounts.put(wrong)
    summary, _changes = run_round_here(core_store, wrong, now=NOW)
    assert "did not accept the user name or password" in summary.problem
    # And how to give the new one, in the window and on the command line
    assert summary.problem == (
        "127.0.0.1 did not accept the user name or password; if it changed, give the new one: "
        "Preferences > Sync > Change Password…, or companion sync password “Phone”."
    )
    assert not summary.offline
    assert core_store.synced_cards.all() == []
    after = core_store.sync_accounts.get(account.id)
    assert after is not None and after.last_error == summary.problem and after.last_sync is None


def test_given_a_web_page_where_the_address_book_was_when_syncing_then_it_is_named(
    core_store: Store, account: SyncAccount
) -> None:
    core_store.people.put(Person(name="Ana López"))
    with running_web_page() as (url, _allowed):
        stored = core_store.sync_accounts.get(account.id)
        assert stored is not None
        moved = dataclasses.replace(stored, address_book=url + "contacts/")
        core_store.sync_accounts.put(moved)
        summary, _changes = run_round_here(core_store, moved, now=NOW)
    assert "no CardDAV or CalDAV server" in summary.problem
    assert [person.name for person in core_store.people] == ["Ana López"]


def test_given_the_server_gone_when_syncing_then_it_is_offline_and_nothing_is_lost(
    core_store: Store, account: SyncAccount
) -> None:
    ana = Person(name="Ana López")
    core_store.people.put(ana)
    run_round_here(core_store, account, now=NOW)
    core_store.people.put(dataclasses.replace(ana, job_title="Founder"))
    with closed_port() as (url, _allowed):
        stored = core_store.sync_accounts.get(account.id)
        assert stored is not None
        gone = dataclasses.replace(stored, address_book=url + "contacts/")
        core_store.sync_accounts.put(gone)
        summary, _changes = run_round_here(core_store, gone, now=LATER)
    assert summary.offline and "Could not reach 127.0.0.1" in summary.problem
    kept = core_store.people.get(ana.id)
    assert kept is not None and kept.job_title == "Founder"
    [status] = core_store.synced_cards.all()
    assert status.person_id == ana.id  # the link survives, so the edit goes out next time


def test_given_the_account_removed_during_the_exchange_when_applied_then_nothing_comes_back(
    core_store: Store, account: SyncAccount
) -> None:
    from companion.services.sync.sync_accounts import remove_account
    from companion.services.sync.sync_round import apply_round

    core_store.people.put(Person(name="Ana López"))
    exchanged = exchange(plan_round(core_store, account, now=NOW))
    remove_account(core_store, "Phone")
    summary, changes = apply_round(core_store, exchanged, now=NOW)
    assert changes.empty and summary.people_out == 0
    assert core_store.sync_accounts.all() == [] and core_store.synced_cards.all() == []
