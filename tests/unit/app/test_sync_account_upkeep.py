"""Keeping a sync account current against a real Radicale: looking again at what the server
offers (a collection added later, one moved or deleted there), a round whose chosen address book
or calendar is gone, and a new password checked before it is kept."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.services.sync.account_upkeep import change_password, look_again
from companion.services.sync.sync_accounts import (
    ServerProblem,
    add_account,
    password_of,
    update_choices,
)
from companion.services.sync.sync_round import run_round_here
from companion.storage.store import Store
from tests.support.dav_phone import Phone
from tests.support.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale
from tests.support.test_keyring import TestKeyring

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
KEYRING_SERVICE = "org.commonground.Companion"


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path) as (server, _allowed):
        server.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        server.add_collection(f"{USER}/personal", tag="VCALENDAR", name="Personal")
        yield server


@pytest.fixture
def account(core_store: Store, radicale: RadicaleServer) -> SyncAccount:
    added, _changes = add_account(
        core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
    )
    return added


def _stored(store: Store, account: SyncAccount) -> SyncAccount:
    found = store.sync_accounts.get(account.id)
    assert found is not None
    return found


def test_given_collections_added_on_the_server_later_when_looking_again_then_they_are_offered(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given an account that chose Contacts, and then a new address book and calendar there
    radicale.add_collection(f"{USER}/work", tag="VADDRESSBOOK", name="Work")
    radicale.add_collection(f"{USER}/holidays", tag="VCALENDAR", name="Holidays")
    # When it looks again
    looked = look_again(core_store, "phone")
    # Then both are offered, the choice stays, and the words say what is new
    stored = _stored(core_store, account)
    assert [book.name for book in stored.address_books] == ["Contacts", "Work"]
    assert [calendar.name for calendar in stored.calendars] == ["Holidays", "Personal"]
    assert stored.address_book == account.address_book
    assert looked.new == ("Work", "Holidays")
    assert "2 address books and 2 calendars" in looked.text()
    assert "New: Work, Holidays." in looked.text()


def test_given_the_address_book_moved_on_the_server_when_looking_again_then_sync_follows_it(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given the chosen address book moved to a new address (same name)
    root = radicale.storage / "collection-root" / USER
    shutil.move(root / "contacts", root / "contacts-2027")
    # When looking again
    looked = look_again(core_store, "Phone")
    # Then the account follows it
    stored = _stored(core_store, account)
    assert stored.address_book == f"{radicale.url}{USER}/contacts-2027/"
    assert looked.book_moved and not looked.book_gone
    assert "moved" in looked.text()
    # And it is not also listed as new and as no longer there
    assert looked.text() == (
        f"127.0.0.1:{radicale.port} offers 1 address book and 1 calendar. "
        "Your address book moved on the server; sync follows it."
    )


def test_given_the_chosen_address_book_deleted_when_a_round_runs_then_it_is_named_and_nothing_lost(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given a first round that linked Ana, then the address book deleted on the server
    core_store.people.put(Person(name="Ana López", notes="Met at the climbing gym"))
    first, _changes = run_round_here(core_store, account, now=NOW)
    assert first.problem == ""
    shutil.rmtree(radicale.storage / "collection-root" / USER / "contacts")
    # When the next round runs
    summary, _changes = run_round_here(core_store, _stored(core_store, account), now=LATER)
    # Then it names the address book and what to do; Ana and her link are kept
    assert "The address book “Contacts” is no longer on 127.0.0.1" in summary.problem
    assert "Look Again" in summary.problem and "companion sync look-again" in summary.problem
    assert _stored(core_store, account).last_error == summary.problem
    (ana,) = core_store.people.all()
    assert ana.notes == "Met at the climbing gym" and ana.removed_from == ()
    assert len(core_store.synced_cards.all()) == 1
    # And looking again says it is gone and chooses none, so the next round sends nothing
    looked = look_again(core_store, "Phone")
    assert looked.book_gone and looked.gone == ("Contacts",)
    assert _stored(core_store, account).address_book == ""
    assert core_store.synced_cards.all() == []


def test_given_a_chosen_calendar_deleted_when_a_round_runs_then_it_is_named(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given the calendar the account reads deleted on the server
    shutil.rmtree(radicale.storage / "collection-root" / USER / "personal")
    # When a round runs
    summary, _changes = run_round_here(core_store, account, now=NOW)
    # Then the problem names the calendar and what to do
    assert "The calendar “Personal” is no longer on 127.0.0.1" in summary.problem
    assert "look-again" in summary.problem


def test_given_another_address_book_chosen_then_the_first_round_links_instead_of_removing(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given Ana synced to Contacts, then a Work book holding her card too, chosen instead
    core_store.people.put(Person(name="Ana López", emails=("ana@example.org",)))
    run_round_here(core_store, account, now=NOW)
    work = radicale.add_collection(f"{USER}/work", tag="VADDRESSBOOK", name="Work")
    (card,) = Phone(account.address_book).cards().values()
    Phone(work).put("ana.vcf", card)
    look_again(core_store, "Phone")
    chosen, _changes = update_choices(core_store, account.id, address_book=work)
    # When a round runs with it
    summary, _changes = run_round_here(core_store, chosen, now=LATER)
    # Then Ana is linked to the Work card: not doubled, not "removed", not new from the phone
    assert summary.problem == ""
    (ana,) = core_store.people.all()
    assert ana.removed_from == () and ana.arrived_from == ""
    assert [row.href.startswith(work) for row in core_store.synced_cards.all()] == [True]


def test_given_a_wrong_new_password_when_changing_then_it_is_refused_and_the_old_one_kept(
    core_store: Store, account: SyncAccount, test_keyring: TestKeyring
) -> None:
    with pytest.raises(ServerProblem) as refused:
        change_password(core_store, "Phone", "not it")
    assert "did not accept the user name or password" in refused.value.message
    assert "not it" not in refused.value.message
    assert password_of(_stored(core_store, account)) == PASSWORD


def test_given_the_password_changed_on_the_server_when_the_new_one_is_given_then_it_is_kept(
    core_store: Store, account: SyncAccount, test_keyring: TestKeyring
) -> None:
    # Given an account whose kept password the server no longer accepts
    test_keyring.set_password(KEYRING_SERVICE, f"sync-account-{account.id}", "old one")
    core_store.sync_accounts.put(
        dataclasses.replace(_stored(core_store, account), last_error="refused")
    )
    # When the right one is given
    changed, _changes = change_password(core_store, "Phone", PASSWORD)
    # Then it is in the keychain, as before, nowhere else, and the old problem is gone
    assert changed.in_keychain and changed.stored_password == ""
    assert test_keyring.get_password(KEYRING_SERVICE, f"sync-account-{account.id}") == PASSWORD
    assert _stored(core_store, account).last_error == ""
    assert PASSWORD not in repr(changed)


@pytest.mark.usefixtures("no_keyring")
def test_given_no_keychain_when_the_password_changes_then_it_stays_in_the_store(
    core_store: Store, radicale: RadicaleServer
) -> None:
    added, _changes = add_account(
        core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
    )
    core_store.sync_accounts.put(dataclasses.replace(added, stored_password="old one"))
    changed, _changes = change_password(core_store, "Phone", PASSWORD)
    assert not changed.in_keychain
    assert _stored(core_store, added).stored_password == PASSWORD


@pytest.mark.parametrize("share_notes", [False, True])
def test_a_note_edited_on_the_phone_comes_in_only_while_notes_are_synced(
    core_store: Store, account: SyncAccount, share_notes: bool
) -> None:
    # Given Ana synced, with the account's notes box as the dialog shows it
    chosen, _changes = update_choices(core_store, account.id, share_notes=share_notes)
    core_store.people.put(Person(name="Ana López", notes="Likes bouldering"))
    run_round_here(core_store, chosen, now=NOW)
    # When the phone edits the note on her card
    phone = Phone(chosen.address_book)
    href, card = phone.card_named("Ana López")
    lines = [line for line in card.split("\r\n") if line and not line.startswith("NOTE")]
    lines.insert(-1, "NOTE:Edited on the phone")
    phone.put(href, "\n".join(lines))
    run_round_here(core_store, _stored(core_store, account), now=LATER)
    # Then the note here changes only with "Also sync my notes" (as what_is_sent says)
    (ana,) = core_store.people.all()
    expected = "Edited on the phone" if share_notes else "Likes bouldering"
    assert ana.notes == expected
