"""Two sync accounts on one address book (the same server added twice, or a phone's and a
laptop's account on one Nextcloud): each person is linked once per account, a card deleted on
the server through one account is not written back by the other, and nobody is doubled."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.services.sync.phone_arrivals import new_from_phone
from companion.services.sync.sync_accounts import add_account, update_choices
from companion.services.sync.sync_round import RoundSummary, run_round_here
from companion.storage.store import Store
from tests.support.dav_phone import Phone
from tests.support.radicale_server import PASSWORD, USER, running_radicale
from tests.support.xandikos_server import running_xandikos

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def at(hours: int) -> datetime:
    return NOW + timedelta(hours=hours)


@pytest.fixture(params=["radicale", "xandikos"])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "radicale":
        with running_radicale(tmp_path) as (radicale, _allowed):
            radicale.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
            yield radicale.url
    else:
        with running_xandikos(tmp_path) as (xandikos, _allowed):
            yield xandikos.url


@pytest.fixture
def accounts(core_store: Store, server_url: str) -> tuple[SyncAccount, SyncAccount]:
    first, _ = add_account(
        core_store, "Phone", url=server_url, user=USER, password=PASSWORD, now=NOW
    )
    second, _ = add_account(
        core_store, "Laptop", url=server_url, user=USER, password=PASSWORD, now=NOW
    )
    assert first.address_book == second.address_book
    return first, second


def sync(store: Store, account: SyncAccount, now: datetime) -> RoundSummary:
    summary, _changes = run_round_here(store, account, now=now)
    assert summary.problem == "", summary.problem
    return summary


def names(store: Store) -> list[str]:
    return sorted(person.name for person in store.people)


def card_names(phone: Phone) -> list[str]:
    found = []
    for text in phone.cards().values():
        found += [line[3:] for line in text.split("\r\n") if line.startswith("FN:")]
    return sorted(found)


def phone_card(uid: str, name: str) -> str:
    return f"BEGIN:VCARD\nVERSION:3.0\nUID:{uid}\nFN:{name}\nN:{name};;;;\nEND:VCARD"


def test_given_two_accounts_on_one_book_when_both_sync_then_nobody_is_doubled(
    core_store: Store, accounts: tuple[SyncAccount, SyncAccount]
) -> None:
    phone_account, laptop = accounts
    phone = Phone(phone_account.address_book)
    core_store.people.put_many([Person(name="Ana López"), Person(name="Ben Okafor")])
    phone.put("carla.vcf", phone_card("carla-1", "Carla Díaz"))
    sync(core_store, phone_account, at(0))
    sync(core_store, laptop, at(1))
    sync(core_store, phone_account, at(2))
    sync(core_store, laptop, at(3))
    assert names(core_store) == ["Ana López", "Ben Okafor", "Carla Díaz"]
    assert card_names(phone) == ["Ana López", "Ben Okafor", "Carla Díaz"]


def test_given_a_card_deleted_on_the_phone_when_both_sync_then_neither_writes_it_back(
    core_store: Store, accounts: tuple[SyncAccount, SyncAccount]
) -> None:
    phone_account, laptop = accounts
    phone = Phone(phone_account.address_book)
    sync(core_store, phone_account, at(0))
    sync(core_store, laptop, at(1))
    core_store.people.put(Person(name="Dana Wu"))
    sync(core_store, phone_account, at(2))
    href, _text = phone.card_named("Dana Wu")
    phone.delete(href)
    sync(core_store, phone_account, at(3))
    sync(core_store, laptop, at(4))
    sync(core_store, phone_account, at(5))
    assert card_names(phone) == []
    assert names(core_store) == ["Dana Wu"]


def test_given_a_deleted_card_when_the_account_that_never_linked_it_syncs_first_then_no_card(
    core_store: Store, accounts: tuple[SyncAccount, SyncAccount]
) -> None:
    # Given Dana sent through the phone's account only, and her card deleted on the phone
    phone_account, laptop = accounts
    phone = Phone(phone_account.address_book)
    sync(core_store, phone_account, at(0))
    sync(core_store, laptop, at(1))
    core_store.people.put(Person(name="Dana Wu"))
    sync(core_store, phone_account, at(2))
    href, _text = phone.card_named("Dana Wu")
    phone.delete(href)
    # When the laptop's account (which never linked her) syncs before the phone's
    laptop_round = sync(core_store, laptop, at(3))
    phone_round = sync(core_store, phone_account, at(4))
    again = sync(core_store, laptop, at(5))
    # Then her card stays deleted, she stays here, shown removed from the phone's account
    assert card_names(phone) == []
    assert (laptop_round.people_out, again.people_out) == (0, 0)
    assert phone_round.removed_on_server == 1
    (dana,) = core_store.people
    assert dana.removed_from == ("Phone",)


def test_given_a_person_linked_by_both_accounts_when_the_card_is_deleted_then_both_drop_the_link(
    core_store: Store, accounts: tuple[SyncAccount, SyncAccount]
) -> None:
    phone_account, laptop = accounts
    phone = Phone(phone_account.address_book)
    core_store.people.put(Person(name="Eli Stone"))
    sync(core_store, phone_account, at(0))
    sync(core_store, laptop, at(1))
    assert sorted(card.account_id for card in core_store.synced_cards.all()) == sorted(
        [phone_account.id, laptop.id]
    )
    href, _text = phone.card_named("Eli Stone")
    phone.delete(href)
    # When both sync, then an edit here
    sync(core_store, laptop, at(2))
    (eli,) = core_store.people
    core_store.people.put(dataclasses.replace(eli, job_title="Teacher"))
    sync(core_store, phone_account, at(3))
    sync(core_store, laptop, at(4))
    # Then nothing wrote the card back, and no link is left
    assert card_names(phone) == []
    assert list(core_store.synced_cards.all()) == []
    assert names(core_store) == ["Eli Stone"]


def test_given_two_books_holding_the_same_people_when_both_sync_then_each_is_here_once(
    core_store: Store, tmp_path: Path
) -> None:
    # Given the phone's book and the laptop's book on one server, with Carla in both
    # (the same email, cards made apart, so different UIDs) and Dana only in the laptop's
    with running_radicale(tmp_path) as (radicale, _allowed):
        radicale.add_collection(f"{USER}/phone", tag="VADDRESSBOOK", name="Phone")
        radicale.add_collection(f"{USER}/laptop", tag="VADDRESSBOOK", name="Laptop")
        first, _ = add_account(
            core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
        )
        second, _ = add_account(
            core_store, "Laptop", url=radicale.url, user=USER, password=PASSWORD, now=NOW
        )
        first, _ = update_choices(core_store, first.id, address_book=_offered(first, "Phone"))
        second, _ = update_choices(core_store, second.id, address_book=_offered(second, "Laptop"))
        carla = "EMAIL:carla@example.org"
        Phone(first.address_book).put(
            "c.vcf", phone_card("carla-phone", "Carla Díaz").replace("END:", f"{carla}\nEND:")
        )
        Phone(second.address_book).put(
            "c.vcf", phone_card("carla-laptop", "Carla Díaz").replace("END:", f"{carla}\nEND:")
        )
        Phone(second.address_book).put("d.vcf", phone_card("dana-1", "Dana Wu"))
        # When both accounts sync, twice
        for hours in range(4):
            sync(core_store, (first, second)[hours % 2], at(hours))
        # Then Carla is here once, linked to both cards; each book has both people once
        assert names(core_store) == ["Carla Díaz", "Dana Wu"]
        carla_here = next(person for person in core_store.people if person.name == "Carla Díaz")
        links = [card for card in core_store.synced_cards.all() if card.person_id == carla_here.id]
        assert len(links) == 2
        assert card_names(Phone(first.address_book)) == ["Carla Díaz", "Dana Wu"]
        assert card_names(Phone(second.address_book)) == ["Carla Díaz", "Dana Wu"]


def _offered(account: SyncAccount, name: str) -> str:
    return next(book.href for book in account.address_books if book.name == name)


def test_a_contact_in_through_one_account_and_deleted_through_the_other_is_not_new(
    core_store: Store, accounts: tuple[SyncAccount, SyncAccount]
) -> None:
    # Given both accounts synced, then Fay added on the phone and come in through the laptop's
    phone_account, laptop = accounts
    phone = Phone(phone_account.address_book)
    sync(core_store, phone_account, at(0))
    sync(core_store, laptop, at(1))
    phone.put("fay.vcf", phone_card("fay-1", "Fay Ito"))
    sync(core_store, laptop, at(2))
    sync(core_store, phone_account, at(3))
    assert [item.person.name for item in new_from_phone(core_store, at(3).date())] == ["Fay Ito"]
    # When her card is deleted on the phone and only the phone's account has seen it yet
    phone.delete(phone.card_named("Fay Ito")[0])
    sync(core_store, phone_account, at(4))
    # Then she is no longer offered as met: the card is gone from that address book
    assert new_from_phone(core_store, at(4).date()) == []


def test_given_a_person_deleted_here_when_one_account_deletes_the_card_then_the_other_lets_it_go(
    core_store: Store, accounts: tuple[SyncAccount, SyncAccount]
) -> None:
    # Given Gil on the book, linked by both accounts; deleting on the server allowed on one only
    phone_account, laptop = accounts
    phone = Phone(phone_account.address_book)
    gil = Person(name="Gil Marr")
    core_store.people.put(gil)
    sync(core_store, phone_account, at(0))
    sync(core_store, laptop, at(1))
    phone_account, _ = update_choices(core_store, phone_account.id, delete_on_server=True)
    # When Gil is deleted here and both accounts sync
    core_store.people.remove(gil.id)
    first = sync(core_store, phone_account, at(2))
    second = sync(core_store, laptop, at(3))
    third = sync(core_store, laptop, at(4))
    # Then the card went through the one account, and the other neither wrote it back nor
    # keeps waiting to delete it
    assert first.deleted_on_server == 1
    assert card_names(phone) == []
    assert (second.people_out, third.people_out, third.kept_on_server) == (0, 0, 0)
    assert list(core_store.synced_cards.all()) == []
