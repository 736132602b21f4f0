"""Calendar export: upcoming events with their prep, promises and reconnects as tasks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from companion.domain.events import Event, EventStatus, PrepPlan
from companion.domain.people import FollowUp, Person, Promise, PromiseStatus
from companion.interop.ics_export import EntryKind, entry_uid, own_record
from companion.services.data.exporting import ExportFormat, ExportOptions, export_data
from companion.services.events.event_import import apply_event_import, plan_event_import
from companion.storage.store import Store

NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
TODAY = NOW.date()


def _fill(store: Store) -> dict[str, str]:
    ada = Person(name="Ada Lovelace", follow_up=FollowUp(next_date=date(2026, 5, 10)))
    store.people.put(ada)
    upcoming = Event(
        title="Board game night",
        start=datetime(2026, 5, 3, 19, 0, tzinfo=UTC),
        end=datetime(2026, 5, 3, 22, 0, tzinfo=UTC),
        venue="Café Regenbogen, Berlin",
        url="https://example.org/games",
        description="Bring a game; we have snacks.",
        status=EventStatus.GOING,
        prep=PrepPlan(intention="Meet two new people", offer_notes=("Teach Go",)),
    )
    past = Event(title="Old meetup", start=NOW - timedelta(days=3))
    skipped = Event(title="Skipped", start=NOW + timedelta(days=3), status=EventStatus.SKIPPED)
    store.events.put_many([upcoming, past, skipped])
    promise = Promise(person_id=ada.id, text="Send the paper", due=date(2026, 5, 4))
    no_due = Promise(person_id=ada.id, text="Someday")
    old_done = Promise(
        person_id=ada.id, text="Done long ago", due=date(2025, 1, 1), status=PromiseStatus.DONE
    )
    store.promises.put_many([promise, no_due, old_done])
    return {"ada": ada.id, "event": upcoming.id, "promise": promise.id}


def _calendar(store: Store, **options: bool) -> icalendar.Calendar:
    exported = export_data(
        store, ExportOptions(format=ExportFormat.ICS, **options), clock=lambda: NOW
    )
    assert b"\r\n" in exported.payload
    assert b"\n" not in exported.payload.replace(b"\r\n", b"")
    return icalendar.Calendar.from_ical(exported.payload)


def test_export_has_upcoming_events_with_prep_and_tasks_with_alarms(core_store: Store) -> None:
    # Given an upcoming event with prep, a past and a skipped one, a due promise and a reconnect
    ids = _fill(core_store)
    # When the calendar is exported
    calendar = _calendar(core_store)
    # Then it names its producer and holds only the upcoming event
    assert "Common Ground" in str(calendar["PRODID"])
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Board game night"
    assert str(event["UID"]) == entry_uid(EntryKind.EVENT, ids["event"])
    assert event.decoded("DTSTART") == datetime(2026, 5, 3, 19, 0, tzinfo=UTC)
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "Intention: Meet two new people" in description
    assert "• Teach Go" in description
    assert description.endswith("Bring a game; we have snacks.")
    # And the promise with a due date and the reconnect are tasks with DUE and an alarm
    todos = {str(todo["UID"]): todo for todo in calendar.walk("VTODO")}
    promise = todos[entry_uid(EntryKind.PROMISE, ids["promise"])]
    assert promise.decoded("DUE") == date(2026, 5, 4)
    assert "Send the paper" in str(promise["SUMMARY"])
    [alarm] = promise.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].params["RELATED"] == "END"
    reconnect = todos[entry_uid(EntryKind.RECONNECT, ids["ada"])]
    assert reconnect.decoded("DUE") == date(2026, 5, 10)
    assert reconnect.walk("VALARM")
    # And neither the promise without a date nor the long-closed one is there
    assert len(todos) == 2


def test_tasks_can_be_written_as_all_day_events_for_google(core_store: Store) -> None:
    # Given a store with a promise and a reconnect
    ids = _fill(core_store)
    # When exported with tasks as events
    calendar = _calendar(core_store, ics_tasks_as_events=True, ics_events=False)
    # Then there are no VTODOs, and the promise is an all-day event with an alarm
    assert not calendar.walk("VTODO")
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    promise = events[entry_uid(EntryKind.PROMISE, ids["promise"])]
    assert promise.decoded("DTSTART") == date(2026, 5, 4)
    assert promise.decoded("DTEND") == date(2026, 5, 5)
    assert promise.walk("VALARM")


def test_uids_are_stable_across_exports(core_store: Store) -> None:
    # Given a store, exported twice at different times
    _fill(core_store)
    first = _calendar(core_store)
    later = icalendar.Calendar.from_ical(
        export_data(
            core_store,
            ExportOptions(format=ExportFormat.ICS),
            clock=lambda: NOW + timedelta(hours=1),
        ).payload
    )

    # Then both carry the same UIDs (calendar apps update instead of duplicating)
    def uids(calendar: icalendar.Calendar) -> set[str]:
        return {str(item["UID"]) for item in calendar.walk() if "UID" in item}

    assert uids(first) == uids(later)
    assert all(own_record(uid) is not None for uid in uids(first))


def test_own_record_reads_back_only_our_uids() -> None:
    assert own_record(entry_uid(EntryKind.EVENT, "abc")) == (EntryKind.EVENT, "abc")
    assert own_record("event-abc@example.org") is None
    assert own_record("party-abc@commonground.invalid") is None
    assert own_record("no-at-sign") is None


def test_exported_events_import_into_an_empty_store_once(core_store: Store) -> None:
    # Given a store's calendar export
    _fill(core_store)
    payload = export_data(
        core_store, ExportOptions(format=ExportFormat.ICS), clock=lambda: NOW
    ).payload
    original = next(event for event in core_store.events if event.title == "Board game night")
    # When it is imported into an empty store, twice
    other = Store.open(core_store.folder.parent / "other")
    try:
        first = apply_event_import(
            other, plan_event_import(other, payload, file_name="export.ics", now=NOW)
        )
        second = apply_event_import(
            other, plan_event_import(other, payload, file_name="export.ics", now=NOW)
        )
        # Then the first brings the event with its times and place, the second adds nothing
        assert (first.added, second.added, second.updated) == (1, 0, 0)
        [imported] = other.events.all()
        assert imported.title == original.title
        assert imported.start == original.start
        assert imported.end == original.end
        assert imported.venue == original.venue
        assert imported.url == original.url
    finally:
        other.close()


def test_an_empty_store_exports_an_empty_calendar() -> None:
    # Given no store at all
    # When a calendar is exported
    exported = export_data(None, ExportOptions(format=ExportFormat.ICS), clock=lambda: NOW)
    # Then it is a valid calendar without entries
    calendar = icalendar.Calendar.from_ical(exported.payload)
    assert exported.records == 0
    assert not calendar.walk("VEVENT")


def test_a_calendar_export_imported_back_into_its_own_store_adds_nothing(
    core_store: Store,
) -> None:
    # Given a store's export with promises written as all-day events (the Google option)
    _fill(core_store)
    before = {event.id: event for event in core_store.events}
    payload = export_data(
        core_store,
        ExportOptions(format=ExportFormat.ICS, ics_tasks_as_events=True),
        clock=lambda: NOW,
    ).payload
    # When it is imported into the same store
    summary = apply_event_import(
        core_store, plan_event_import(core_store, payload, file_name="export.ics", now=NOW)
    )
    # Then no event was added or changed, and the reminders were not taken for events
    assert (summary.added, summary.updated) == (0, 0)
    assert {event.id: event for event in core_store.events} == before
