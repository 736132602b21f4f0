""" "Met at <event>" for a contact new from the phone takes the time the phone made the card
(its CREATED or REV, in the forms iOS, DAVx⁵ and Nextcloud write), not the day the card reached
this computer; against a real Radicale, and the rules themselves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.domain.events import Event
from companion.domain.people import Person
from companion.domain.sync_accounts import SyncAccount
from companion.i18n.written_dates import read_timestamp
from companion.services.sync.card_times import card_made_at
from companion.services.sync.phone_arrivals import event_at, new_from_phone, record_met
from companion.services.sync.sync_accounts import add_account
from companion.services.sync.sync_round import run_round_here
from companion.storage.store import Store
from tests.support.dav_phone import Phone
from tests.support.fake_sync_round import put_account
from tests.support.radicale_server import PASSWORD, USER, running_radicale

SET_UP = datetime(2027, 2, 26, 12, 0, tzinfo=UTC)
#: The laptop was closed over the weekend: the cards come in on Monday.
MONDAY = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
MEETUP = Event(
    title="Design meetup",
    start=datetime(2027, 2, 27, 10, 0, tzinfo=UTC),
    end=datetime(2027, 2, 27, 16, 0, tzinfo=UTC),
)
GO_CLUB = Event(
    title="Go club",
    start=datetime(2027, 2, 27, 18, 30, tzinfo=UTC),
    end=datetime(2027, 2, 27, 20, 30, tzinfo=UTC),
)

# As iOS writes a contact saved on the phone (vCard 3.0, REV in the extended form).
IOS_CARD = """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iOS 17.3//EN
N:Berg;Anna;;;
FN:Anna Berg
TEL;type=CELL;type=VOICE;type=pref:+49 170 7654321
REV:2027-02-27T13:05:41Z
UID:3F2504E0-4F89-11D3-9A0C-0305E82C3301
END:VCARD"""

# As DAVx⁵ uploads one (vCard 4.0 through ez-vcard: REV in the basic form, set on upload).
DAVX5_CARD = """BEGIN:VCARD
VERSION:4.0
UID:b1c3e0f2-6a4d-4f1e-9c2b-7d8e9f0a1b2c
PRODID:DAVx5/4.3.13-ose ez-vcard/0.12.1
FN:Ben Okafor
N:Okafor;Ben;;;
TEL;TYPE=cell:+49 151 2345678
REV:20270227T214502Z
END:VCARD"""

# As Nextcloud's Contacts app makes one (vCard 4.0, REV set on save by ical.js's VCardTime).
NEXTCLOUD_CARD = """BEGIN:VCARD
VERSION:4.0
PRODID:-//Nextcloud Contacts v5.5.3
FN:Carla Díaz
REV:20270227T190211Z
UID:9e4f7c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b
EMAIL;TYPE=HOME:carla@example.org
END:VCARD"""

# Restored from an old backup on the phone: the REV is years old, so it says nothing.
RESTORED_CARD = """BEGIN:VCARD
VERSION:3.0
N:Old;Friend;;;
FN:Old Friend
UID:restored-1
REV:2019-05-04T10:00:00Z
END:VCARD"""


@pytest.fixture
def account(core_store: Store, tmp_path: Path) -> Iterator[SyncAccount]:
    with running_radicale(tmp_path) as (radicale, _allowed):
        radicale.add_collection(f"{USER}/contacts", tag="VADDRESSBOOK", name="Contacts")
        added, _changes = add_account(
            core_store, "Phone", url=radicale.url, user=USER, password=PASSWORD, now=SET_UP
        )
        yield added


def test_given_contacts_made_at_events_when_they_come_in_days_later_then_met_at_those_events(
    core_store: Store, account: SyncAccount
) -> None:
    # Given the weekend's events here, and an account synced before the weekend
    core_store.events.put_many([MEETUP, GO_CLUB])
    summary, _changes = run_round_here(core_store, account, now=SET_UP)
    assert summary.problem == ""
    # When contacts made on the phone at them (and an old one restored) come in on Monday
    phone = Phone(account.address_book)
    for name, text in (
        ("anna.vcf", IOS_CARD),
        ("ben.vcf", DAVX5_CARD),
        ("carla.vcf", NEXTCLOUD_CARD),
        ("old.vcf", RESTORED_CARD),
    ):
        phone.put(name, text)
    summary, _changes = run_round_here(core_store, account, now=MONDAY)
    assert (summary.people_in, summary.problem) == (4, "")
    # Then each is offered as met at the event happening (or just over) when it was made
    arrivals = {item.person.name: item for item in new_from_phone(core_store, MONDAY.date())}
    assert {name: item.event for name, item in arrivals.items()} == {
        "Anna Berg": MEETUP,
        "Ben Okafor": GO_CLUB,  # uploaded 75 minutes after the end: still the Go club
        "Carla Díaz": GO_CLUB,
        "Old Friend": None,  # nothing on when it came in
    }
    assert arrivals["Anna Berg"].day == date(2027, 2, 27)
    assert arrivals["Old Friend"].day == MONDAY.date()
    # And "Met at" logs the encounter on the day they met; they leave the list
    record_met(core_store, arrivals["Anna Berg"], today=MONDAY.date())
    (encounter,) = core_store.encounters
    assert (encounter.on, encounter.event_id) == (date(2027, 2, 27), MEETUP.id)
    left = [item.person.name for item in new_from_phone(core_store, MONDAY.date())]
    assert "Anna Berg" not in left and len(left) == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-02-27T13:05:41Z", datetime(2027, 2, 27, 13, 5, 41, tzinfo=UTC)),
        ("20270227T214502Z", datetime(2027, 2, 27, 21, 45, 2, tzinfo=UTC)),
        ("2027-02-27T19:02:11.000Z", datetime(2027, 2, 27, 19, 2, 11, tzinfo=UTC)),
        (
            "20270227T140000+0100",
            datetime(2027, 2, 27, 14, 0, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2027-02-27T14:00:00-05:00", datetime(2027, 2, 27, 19, 0, tzinfo=UTC)),
        ("2027-02-27", None),
        ("yesterday", None),
        ("20271327T000000Z", None),
    ],
)
def test_card_times_in_every_form_clients_write(value: str, expected: datetime | None) -> None:
    assert read_timestamp(value) == expected


def test_created_wins_over_rev_and_an_unbelievable_time_is_not_taken() -> None:
    arrived = MONDAY
    assert card_made_at(
        ["CREATED:20270227T100000Z", "REV:20270228T100000Z"], arrived=arrived
    ) == datetime(2027, 2, 27, 10, tzinfo=UTC)
    assert card_made_at(["REV;VALUE=timestamp:20270228T100000Z"], arrived=arrived) == datetime(
        2027, 2, 28, 10, tzinfo=UTC
    )
    assert card_made_at(["REV:20270401T100000Z"], arrived=arrived) == arrived  # future
    assert card_made_at(["REV:20190101T100000Z"], arrived=arrived) == arrived  # too old
    assert card_made_at(["FN:Anna"], arrived=arrived) == arrived


def test_the_event_at_a_moment_prefers_the_one_happening_then() -> None:
    conference = Event(
        title="Conference",
        start=datetime(2027, 2, 27, 0, 0, tzinfo=UTC),
        end=datetime(2027, 2, 28, 0, 0, tzinfo=UTC),
        all_day=True,
    )
    events = [conference, MEETUP, GO_CLUB]
    # During the meetup: the meetup (started after the all-day conference's midnight)
    assert event_at(events, datetime(2027, 2, 27, 11, tzinfo=UTC)) == MEETUP
    # Just after the meetup ended: still the meetup
    assert event_at(events, datetime(2027, 2, 27, 17, 30, tzinfo=UTC)) == MEETUP
    # With only the all-day conference on: the conference
    assert event_at([conference, GO_CLUB], datetime(2027, 2, 27, 9, tzinfo=UTC)) == conference
    # Nothing on any more: the last one that started earlier that day
    assert event_at([MEETUP], datetime(2027, 2, 27, 22, tzinfo=UTC)) == MEETUP
    # Before anything that day: none
    assert event_at([GO_CLUB], datetime(2027, 2, 27, 9, tzinfo=UTC)) is None


def test_people_from_before_the_time_was_kept_get_the_event_of_their_day(
    core_store: Store,
) -> None:
    core_store.events.put(GO_CLUB)
    account = put_account(core_store)
    core_store.people.put(
        Person(name="Dana", arrived_from=account.id, arrived_on=date(2027, 2, 27))
    )
    (arrival,) = new_from_phone(core_store, date(2027, 2, 28))
    assert (arrival.event, arrival.day) == (GO_CLUB, date(2027, 2, 27))
