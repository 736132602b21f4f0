"""The first one-way push of people into a real Radicale address book: what goes, what stays
private, what is recorded, and that a card changed on the server is never overwritten."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import vobject

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.remote.dav_discovery import new_dav_session
from companion.services.sync.sync_accounts import add_account
from companion.services.sync.sync_push import push_people
from companion.storage.store import Store
from tests.support.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale

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
        core_store, "Home", url=radicale.url, user=USER, password=PASSWORD, now=NOW
    )
    return added


def cards_on_server(radicale: RadicaleServer) -> dict[str, vobject.base.Component]:
    folder = radicale.storage / "collection-root" / USER / "contacts"
    return {
        path.name: vobject.readOne(path.read_text(encoding="utf-8"))
        for path in folder.glob("*.vcf")
    }


def push(store: Store, account: SyncAccount, now: datetime = NOW):  # type: ignore[no-untyped-def]
    session = new_dav_session(USER, PASSWORD)
    try:
        return push_people(store, account, session=session, now=now)
    finally:
        session.close()


def test_given_people_when_pushed_then_each_is_a_vcard_4_without_private_notes(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given two people, one read from a card with a UID and a property the app does not manage
    ana = Person(
        name="Ana López",
        notes="Owes me a book",
        looking_for="a co-founder",
        uid="urn:uuid:5f0a8c3e-1d2b-4c5d-9e8f-0a1b2c3d4e5f",
        kept_properties=("X-PHONETIC-FIRST-NAME:Ana",),
    )
    ben = Person(name="Ben Okafor")
    core_store.people.put_many([ana, ben])
    # When they are pushed
    outcome = push(core_store, account)
    # Then both are on the server as vCard 4.0, Ana's UID and kept property unchanged
    assert (outcome.sent, outcome.unchanged, outcome.refused, outcome.ok) == (2, 0, 0, True)
    cards = {card.fn.value: card for card in cards_on_server(radicale).values()}
    assert set(cards) == {"Ana López", "Ben Okafor"}
    assert cards["Ana López"].version.value == "4.0"
    assert cards["Ana López"].uid.value == ana.uid
    assert cards["Ana López"].contents["x-phonetic-first-name"][0].value == "Ana"
    # And nothing private left the machine
    serialized = "".join(card.serialize() for card in cards.values())
    assert "Owes me a book" not in serialized and "co-founder" not in serialized
    # And each card's place and version are recorded for this account
    status = {card.person_id: card for card in core_store.synced_cards.all()}
    assert set(status) == {ana.id, ben.id}
    assert all(card.href.startswith(account.address_book) and card.etag for card in status.values())
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None and stored.last_sync == NOW and stored.last_error == ""


def test_given_a_pushed_person_when_pushed_again_unchanged_then_nothing_is_sent(
    core_store: Store, account: SyncAccount
) -> None:
    core_store.people.put(Person(name="Ana"))
    push(core_store, account)
    again = push(core_store, account, LATER)
    assert (again.sent, again.unchanged) == (0, 1)


def test_given_a_local_edit_when_pushed_then_the_card_is_replaced_with_if_match(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    ana = Person(name="Ana")
    core_store.people.put(ana)
    push(core_store, account)
    [before] = core_store.synced_cards.all()
    core_store.people.put(dataclasses.replace(ana, job_title="Founder"))
    outcome = push(core_store, account, LATER)
    assert (outcome.sent, outcome.refused) == (1, 0)
    [after] = core_store.synced_cards.all()
    assert after.href == before.href and after.etag != before.etag
    [card] = cards_on_server(radicale).values()
    assert card.title.value == "Founder"


def test_given_a_card_changed_on_the_server_when_pushed_then_it_is_not_overwritten(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    # Given a pushed card that the phone then edited
    ana = Person(name="Ana")
    core_store.people.put(ana)
    push(core_store, account)
    [path] = (radicale.storage / "collection-root" / USER / "contacts").glob("*.vcf")
    path.write_text(
        path.read_text(encoding="utf-8").replace("FN:Ana", "FN:Ana (phone)"), encoding="utf-8"
    )
    # When a local edit is pushed
    core_store.people.put(dataclasses.replace(ana, job_title="Founder"))
    outcome = push(core_store, account, LATER)
    # Then the server refuses (412), the phone's edit stays, and it is counted, not hidden
    assert (outcome.sent, outcome.refused) == (0, 1)
    [card] = cards_on_server(radicale).values()
    assert card.fn.value == "Ana (phone)"


def test_given_a_wrong_password_when_pushing_then_the_round_stops_and_says_so(
    core_store: Store, account: SyncAccount
) -> None:
    core_store.people.put_many([Person(name="Ana"), Person(name="Ben")])
    session = new_dav_session(USER, "wrong")
    outcome = push_people(core_store, account, session=session, now=NOW)
    session.close()
    assert outcome.sent == 0
    assert "did not accept the user name or password" in outcome.problem
    assert core_store.synced_cards.all() == []
    stored = core_store.sync_accounts.get(account.id)
    assert stored is not None and stored.last_error == outcome.problem and stored.last_sync is None


def test_given_pushed_cards_when_the_account_is_removed_then_its_status_goes_too(
    core_store: Store, account: SyncAccount, radicale: RadicaleServer
) -> None:
    from companion.services.sync.sync_accounts import remove_account

    core_store.people.put(Person(name="Ana"))
    push(core_store, account)
    remove_account(core_store, "Home")
    assert core_store.synced_cards.all() == []
    # Nothing on the server is deleted with it
    assert len(cards_on_server(radicale)) == 1
