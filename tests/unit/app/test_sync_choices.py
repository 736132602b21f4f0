"""What the user picks for a sync account, the words for what is sent, and who is "new from
your phone" — the services behind Preferences > Sync and Home."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.people import Encounter, Person
from companion.domain.sync_accounts import Collection, SyncAccount, calendars_to_read
from companion.services.sync.phone_arrivals import event_of_day, new_from_phone, record_met
from companion.services.sync.sync_accounts import update_choices
from companion.storage.store import Store
from companion.ui.sync.sync_section import what_is_sent
from tests.support.fake_sync_round import put_account

TODAY = date(2027, 3, 1)


def test_the_main_calendar_is_read_until_the_user_picks() -> None:
    calendars = (
        Collection("/alice/holidays/", "Holidays"),
        Collection("/alice/personal/", "Personal"),
        Collection("/alice/birthdays/", "Contact birthdays"),
    )
    account = SyncAccount(
        name="Phone", url="https://dav.example.org/", user="a", calendars=calendars
    )
    assert calendars_to_read(account) == ("/alice/personal/",)


def test_choices_are_stored_and_only_what_the_server_offers_can_be_chosen(
    core_store: Store,
) -> None:
    account = put_account(core_store, calendars=(Collection("/a/personal/", "Personal"),))
    updated, changes = update_choices(
        core_store, account.id, share_notes=True, chosen_calendars=("/a/personal/",)
    )
    assert updated.share_notes and updated.share_interests
    assert updated.chosen_calendars == ("/a/personal/",)
    assert updated.delete_on_server is None  # not asked yet: untouched
    assert changes.touches("sync_accounts")
    with pytest.raises(ValidationError):
        update_choices(core_store, account.id, chosen_calendars=("/elsewhere/",))
    with pytest.raises(ValidationError):
        update_choices(core_store, account.id, address_book="/not/offered/")


def test_the_sentence_says_what_goes_where() -> None:
    account = SyncAccount(
        name="Phone", url="https://dav.example.org/dav/", user="alice", address_book="/dav/c/"
    )
    assert what_is_sent(account) == (
        "Names, phones, emails, links, organisations, job titles, birthdays, photos and "
        "interests (as categories) go to dav.example.org. Contacts added or changed on the phone "
        "come in. Not read from there: changes to a contact's note made on the phone, while "
        "“Also sync my notes” is off. Your notes and encounters stay on this computer."
    )


def test_without_an_address_book_the_sentence_says_people_are_not_synced() -> None:
    account = SyncAccount(name="Phone", url="https://dav.example.org/dav/", user="alice")
    assert what_is_sent(account).startswith(
        "No address book is chosen: people are not synced with dav.example.org."
    )


def test_new_from_phone_lists_recent_arrivals_not_yet_met_newest_first(
    core_store: Store,
) -> None:
    account = put_account(core_store)
    ana = Person(name="Ana", arrived_from=account.id, arrived_on=TODAY)
    ben = Person(name="Ben", arrived_from=account.id, arrived_on=TODAY - timedelta(days=2))
    old = Person(name="Old", arrived_from=account.id, arrived_on=TODAY - timedelta(days=30))
    met = Person(name="Met", arrived_from=account.id, arrived_on=TODAY - timedelta(days=1))
    here = Person(name="Made here")
    for person in (ana, ben, old, met, here):
        core_store.people.put(person)
    core_store.encounters.put(Encounter(person_id=met.id, on=TODAY))
    assert [arrival.person.name for arrival in new_from_phone(core_store, TODAY)] == [
        "Ana",
        "Ben",
    ]


def test_someone_deleted_again_on_the_phone_is_no_longer_new_from_it(core_store: Store) -> None:
    # Given Ana, who came in from the phone today, and whose card was then deleted there
    account = put_account(core_store)
    ana = Person(
        name="Ana", arrived_from=account.id, arrived_on=TODAY, removed_from=(account.name,)
    )
    ben = Person(name="Ben", arrived_from=account.id, arrived_on=TODAY)
    core_store.people.put(ana)
    core_store.people.put(ben)
    # Then Home does not offer her as met: only Ben is new from the phone
    assert [arrival.person.name for arrival in new_from_phone(core_store, TODAY)] == ["Ben"]


def test_the_event_of_the_day_is_the_one_that_started_last_and_met_is_logged_there(
    core_store: Store,
) -> None:
    morning = Event(title="Breakfast talk", start=datetime(2027, 3, 1, 8, tzinfo=UTC))
    evening = Event(title="Go club", start=datetime(2027, 3, 1, 19, tzinfo=UTC))
    other = Event(title="Yesterday", start=datetime(2027, 2, 28, 19, tzinfo=UTC))
    for event in (morning, evening, other):
        core_store.events.put(event)
    assert event_of_day([morning, evening, other], TODAY) == evening
    assert event_of_day([other], TODAY) is None
    account = put_account(core_store)
    ana = Person(name="Ana", arrived_from=account.id, arrived_on=TODAY)
    core_store.people.put(ana)
    [arrival] = new_from_phone(core_store, TODAY)
    assert arrival.event == evening
    changes = record_met(core_store, arrival, today=TODAY)
    assert changes.touches("encounters")
    assert new_from_phone(core_store, TODAY) == []


def test_the_window_names_the_accounts_table_as_the_service_does() -> None:
    from companion.services.sync.sync_accounts import SYNC_ACCOUNTS_TABLE
    from companion.ui.sync.sync_controller import ACCOUNTS_TABLE

    assert ACCOUNTS_TABLE == SYNC_ACCOUNTS_TABLE


def test_sync_in_the_window_loads_no_http_stack_at_start() -> None:
    import subprocess
    import sys

    code = (
        "import sys, companion.ui.sync.sync_wiring; "
        "print(sorted(m for m in sys.modules if m.startswith(('niquests', 'companion.remote'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


def test_new_from_phone_decodes_only_the_people_that_came_from_a_phone(
    core_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given many people made here, their encounters, and one person from the phone
    from companion.storage import repositories

    account = put_account(core_store)
    here = [Person(name=f"Here {n}") for n in range(50)]
    core_store.people.put_many(here)
    core_store.encounters.put_many([Encounter(person_id=person.id, on=TODAY) for person in here])
    core_store.people.put(Person(name="Ana", arrived_from=account.id, arrived_on=TODAY))
    core_store.people.clear_cache()
    core_store.encounters.clear_cache()
    decoded: list[type] = []
    decode = repositories.from_document  # type: ignore[attr-defined]

    def counting(record_type: type, document: dict[str, object]) -> object:
        decoded.append(record_type)
        return decode(record_type, document)

    monkeypatch.setattr(repositories, "from_document", counting)
    # When Home asks what is new from the phone
    arrivals = new_from_phone(core_store, TODAY)
    # Then Ana is listed, and none of the people made here nor their encounters was decoded
    assert [arrival.person.name for arrival in arrivals] == ["Ana"]
    assert decoded.count(Person) == 1
    assert Encounter not in decoded
