"""The People page's overview: where we met, what we share, last contact, follow-up, promises."""

from __future__ import annotations

from datetime import UTC, date, datetime

from companion.domain.events import Event
from companion.domain.people import Encounter, FollowUp, Person, Promise, PromiseStatus
from companion.services.people.people import people_overview
from companion.services.profile.profile import set_my_interests
from companion.storage.store import Store

TODAY = date(2026, 11, 25)


def _event(event_id: str, title: str) -> Event:
    return Event(id=event_id, title=title, start=datetime(2026, 10, 1, 18, tzinfo=UTC))


def test_a_person_with_history_gets_every_column(core_store: Store) -> None:
    # Given my interests, a person I met at an event, spoke to twice and promised two things
    set_my_interests(core_store, ["climbing", "board-games"])
    core_store.events.put(_event("e1", "Climbing meetup"))
    core_store.people.put(
        Person(
            id="p1",
            name="Ada",
            interests=("chess", "board-games", "climbing"),
            follow_up=FollowUp(cadence_days=30),
        )
    )
    core_store.encounters.put(Encounter(person_id="p1", on=date(2026, 10, 1), event_id="e1"))
    core_store.encounters.put(Encounter(person_id="p1", on=date(2026, 11, 3)))
    core_store.promises.put(Promise(person_id="p1", text="Send the route map"))
    core_store.promises.put(Promise(person_id="p1", text="Lend a book", status=PromiseStatus.DONE))
    core_store.promises.put(Promise(person_id="p1", text="Intro to Ben"))
    # When the overview is built
    [row] = people_overview(core_store, TODAY)
    # Then it names the event, the shared interests in their order, the dates and open promises
    assert row.name == "Ada"
    assert row.met_at == "Climbing meetup"
    assert row.shared_interests == ("board-games", "climbing")
    assert row.last_contact == date(2026, 11, 3)
    assert row.next_follow_up == date(2026, 12, 3)
    assert row.follow_up_due is False
    assert row.open_promises == 2


def test_the_event_on_the_person_wins_over_the_earliest_encounter(core_store: Store) -> None:
    # Given a person whose record names one event and whose encounters name others
    core_store.events.put(_event("e1", "Book club"))
    core_store.events.put(_event("e2", "Game night"))
    core_store.events.put(_event("e3", "Pottery class"))
    core_store.people.put(Person(id="p1", name="Ben", event_ids=("e3",)))
    core_store.people.put(Person(id="p2", name="Cleo"))
    for person_id in ("p1", "p2"):
        core_store.encounters.put(
            Encounter(person_id=person_id, on=date(2026, 9, 2), event_id="e2")
        )
        core_store.encounters.put(
            Encounter(person_id=person_id, on=date(2026, 8, 1), event_id="e1")
        )
    # When the overview is built
    rows = {row.id: row for row in people_overview(core_store, TODAY)}
    # Then the record's event is used, else the event of the earliest encounter
    assert rows["p1"].met_at == "Pottery class"
    assert rows["p2"].met_at == "Book club"


def test_a_person_without_history_has_empty_columns(core_store: Store) -> None:
    # Given a person with nothing but a name, and a fixed follow-up date in the past
    core_store.people.put(Person(id="p1", name="Dana"))
    core_store.people.put(
        Person(id="p2", name="Eli", follow_up=FollowUp(next_date=date(2026, 11, 20)))
    )
    # When the overview is built
    rows = {row.id: row for row in people_overview(core_store, TODAY)}
    # Then nothing is made up, and the past follow-up is due
    dana = rows["p1"]
    assert (dana.met_at, dana.shared_interests, dana.last_contact) == ("", (), None)
    assert (dana.next_follow_up, dana.open_promises, dana.follow_up_due) == (None, 0, False)
    assert rows["p2"].next_follow_up == date(2026, 11, 20)
    assert rows["p2"].follow_up_due is True


def test_encounters_of_a_deleted_event_do_not_name_it(core_store: Store) -> None:
    # Given an encounter at an event that no longer exists
    core_store.people.put(Person(id="p1", name="Finn", event_ids=("gone",)))
    core_store.encounters.put(Encounter(person_id="p1", on=date(2026, 9, 2), event_id="gone"))
    # When the overview is built
    [row] = people_overview(core_store, TODAY)
    # Then where we met is unknown, but the contact still counts
    assert row.met_at == ""
    assert row.last_contact == date(2026, 9, 2)
