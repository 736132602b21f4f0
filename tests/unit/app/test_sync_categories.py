"""Interests and a phone's contact groups on a card's CATEGORIES, against Radicale and Xandikos:
interests go out as the user sees them and come back as the same interest whatever language
either side ran in; a phone's groups stay groups (tags), never guessed into interests; group
cards are never people, and every card's groups survive the round trips unchanged."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.i18n.languages import activate
from companion.services.profile.interests import add_custom_interest, builtin_catalogue
from companion.services.sync.sync_accounts import add_account
from companion.services.sync.sync_categories import card_categorizer
from companion.services.sync.sync_round import RoundSummary, run_round_here
from companion.storage.store import Store
from tests.support.dav_phone import Phone
from tests.support.radicale_server import PASSWORD, USER, running_radicale
from tests.support.xandikos_server import running_xandikos

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def at(hours: int) -> datetime:
    return NOW + timedelta(hours=hours)


@pytest.fixture(params=["radicale", "xandikos"])
def account(
    request: pytest.FixtureRequest, core_store: Store, tmp_path: Path
) -> Iterator[SyncAccount]:
    if request.param == "radicale":
        with running_radicale(tmp_path) as (radicale, _allowed):
            radicale.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
            added, _changes = add_account(
                core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=NOW
            )
            yield added
    else:
        with running_xandikos(tmp_path) as (xandikos, _allowed):
            added, _changes = add_account(
                core_store, "Phone", url=xandikos.url, user=USER, password=PASSWORD, now=NOW
            )
            yield added


@pytest.fixture
def phone(account: SyncAccount) -> Phone:
    return Phone(account.address_book)


def sync(store: Store, account: SyncAccount, now: datetime) -> RoundSummary:
    summary, _changes = run_round_here(store, account, now=now)
    assert summary.problem == "", summary.problem
    return summary


def categories(text: str) -> list[str]:
    return [line.split(":", 1)[1] for line in text.split("\r\n") if "CATEGORIES" in line]


def only(store: Store) -> Person:
    (person,) = store.people
    return person


def test_given_the_app_in_german_when_an_interest_goes_out_then_the_card_says_it_in_german(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    activate("de")
    core_store.people.put(Person(name="Ana López", interests=("hiking", "photography")))
    sync(core_store, account, at(0))
    _href, text = phone.card_named("Ana López")
    assert categories(text) == ["Wandern,Fotografie"]


def test_given_a_card_sent_in_german_when_it_comes_back_to_the_app_in_english_then_same_interests(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    # Given Ana's interests sent while the app was in German
    activate("de")
    core_store.people.put(
        Person(name="Ana López", interests=("hiking",), tags=("Kletterhalle Nord",))
    )
    sync(core_store, account, at(0))
    # When the app runs in English, and the phone edits her card (the categories untouched)
    activate("en")
    href, text = phone.card_named("Ana López")
    phone.put(href, text.replace("FN:Ana López", "FN:Ana López Ruiz"))
    summary = sync(core_store, account, at(1))
    # Then she came in with the same interest and tag: no "Wandern" tag, no new interest
    ana = only(core_store)
    assert (summary.people_in, ana.name) == (1, "Ana López Ruiz")
    assert (ana.interests, ana.tags) == (("hiking",), ("Kletterhalle Nord",))
    assert list(core_store.interests) == []


def test_given_cards_sent_in_english_when_the_language_changes_then_no_card_is_sent_again(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    core_store.people.put_many(
        [Person(name=f"Person {number}", interests=("hiking",)) for number in range(5)]
    )
    sync(core_store, account, at(0))
    before = phone.cards()
    activate("de")
    summary = sync(core_store, account, at(1))
    assert (summary.people_in, summary.people_out) == (0, 0)
    assert phone.cards() == before


def test_given_an_own_interest_when_it_goes_out_and_comes_back_then_it_is_the_same_interest(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    changes = add_custom_interest(core_store, "Urban sketching")
    (slug,) = changes.added["interests"]
    core_store.people.put(Person(name="Ben Okafor", interests=(slug,)))
    sync(core_store, account, at(0))
    href, text = phone.card_named("Ben Okafor")
    assert categories(text) == ["Urban sketching"]
    phone.put(href, text.replace("FN:Ben Okafor", "FN:Ben O."))
    sync(core_store, account, at(1))
    assert (only(core_store).interests, only(core_store).tags) == ((slug,), ())
    assert [interest.label for interest in core_store.interests] == ["Urban sketching"]


# A contact as DAVx⁵ writes it with "groups as categories" (vCard 3, ez-vcard).
DAVX5_CARD = """BEGIN:VCARD
VERSION:3.0
PRODID:ez-vcard 0.11.3
UID:4b5e2a46-1f3c-4b8e-9d1e-7c2a5e2b9f10
FN:Carla Díaz
N:Díaz;Carla;;;
TEL;TYPE=cell:+49 170 1234567
CATEGORIES:Family,Running club,Photography
REV:20270228T183012Z
END:VCARD"""

# Groups as separate cards: vCard 4 (Nextcloud, DAVx⁵ "groups as separate vCards") and Apple's.
GROUP_V4 = """BEGIN:VCARD
VERSION:4.0
PRODID:-//Sabre//Sabre VObject 4.5.4//EN
UID:6f0b2b9e-7bd4-4c0e-8a2d-1f7e1c3b2a55
KIND:group
FN:Book club
N:Book club;;;;
MEMBER:urn:uuid:4b5e2a46-1f3c-4b8e-9d1e-7c2a5e2b9f10
REV:20270228T183100Z
END:VCARD"""

GROUP_APPLE = """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iOS 17.2//EN
N:Neighbours
FN:Neighbours
X-ADDRESSBOOKSERVER-KIND:group
X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:4b5e2a46-1f3c-4b8e-9d1e-7c2a5e2b9f10
REV:2027-02-28T18:32:00Z
UID:8d2c4a1e-3f5b-4c6d-9e7f-0a1b2c3d4e5f
END:VCARD"""


def test_given_a_phone_contact_in_groups_when_it_comes_in_then_groups_stay_tags_and_survive(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    # Given a contact whose phone writes its groups as categories, one of them an interest
    phone.put("carla.vcf", DAVX5_CARD)
    # When it comes in
    sync(core_store, account, at(0))
    # Then only the category that *is* an interest became one; the groups are kept as tags
    carla = only(core_store)
    assert carla.interests == ("photography",)
    assert carla.tags == ("Family", "Running club")
    # And when she is edited here, her card still carries every group, exactly
    core_store.people.put(dataclasses.replace(carla, job_title="Nurse"))
    sync(core_store, account, at(1))
    _href, text = phone.card_named("Carla Díaz")
    assert "TITLE:Nurse" in text
    assert sorted(categories(text)[0].split(",")) == ["Family", "Photography", "Running club"]


def test_given_group_cards_when_synced_then_no_one_is_added_and_they_stay_untouched(
    core_store: Store, account: SyncAccount, phone: Phone
) -> None:
    # Given the contact and two group cards on the server
    phone.put("carla.vcf", DAVX5_CARD)
    phone.put("book-club.vcf", GROUP_V4)
    phone.put("neighbours.vcf", GROUP_APPLE)
    before = phone.cards()
    # When two rounds run, with an edit here in between
    first = sync(core_store, account, at(0))
    core_store.people.put(dataclasses.replace(only(core_store), job_title="Nurse"))
    sync(core_store, account, at(1))
    # Then the groups are no people here, and their cards are exactly as they were
    assert [person.name for person in core_store.people] == ["Carla Díaz"]
    assert first.people_in == 1
    after = phone.cards()
    groups = [href for href in before if not href.endswith("carla.vcf")]
    assert {href: after[href] for href in groups} == {href: before[href] for href in groups}


def test_given_group_names_when_categorized_then_only_exact_interest_names_are_interests() -> None:
    categorize = card_categorizer(builtin_catalogue().interests)
    assert categorize(("Family", "Book club", "wandern", "HIKING", "Fotografie")) == (
        ("hiking", "photography"),
        ("Family", "Book club"),
    )
