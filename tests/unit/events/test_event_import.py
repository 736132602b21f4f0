"""Importing events: the preview, dedup on re-import, keeping the user's edits, all or nothing."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.domain.events import EventStatus, PrepPlan, Reflection
from companion.interop.errors import FormatError
from companion.services.data.importing import import_file
from companion.services.events.event_import import (
    EventImportPlan,
    EventImportSummary,
    ImportCancelled,
    ImportDecision,
    apply_event_import,
    plan_event_import,
)
from companion.storage.store import Store
from tests.unit.formats.test_ics_parsing import generated_calendar

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ics"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _plan(store: Store, name: str, **options: object) -> EventImportPlan:
    data = (FIXTURES / name).read_bytes()
    return plan_event_import(store, data, file_name=name, now=NOW, **options)  # type: ignore[arg-type]


def _import(store: Store, name: str) -> EventImportSummary:
    return apply_event_import(store, _plan(store, name))


def _decisions(plan: EventImportPlan) -> list[ImportDecision]:
    return [item.decision for item in plan.items]


def test_plan_lists_adds_and_skips_and_writes_nothing(core_store: Store) -> None:
    # Given an empty store
    before = core_store.path.read_bytes()
    # When a Meetup export is planned
    plan = _plan(core_store, "meetup.ics")
    # Then two events would be added and the cancelled one skipped, in file order
    assert _decisions(plan) == [ImportDecision.ADD, ImportDecision.ADD, ImportDecision.SKIP]
    assert (plan.added, plan.updated, plan.skipped) == (2, 0, 1)
    assert [item.line for item in plan.items] == [26, 43, 55]
    assert plan.rejected[0].reason == "the organizer cancelled it"
    # And nothing was written
    assert len(core_store.events) == 0
    assert core_store.path.read_bytes() == before


def test_apply_writes_the_plan_and_reports_the_changes(core_store: Store) -> None:
    summary = _import(core_store, "meetup.ics")
    assert (summary.added, summary.updated, summary.skipped) == (2, 0, 0)
    assert len(summary.problems) == 1  # the cancelled event, reported rather than counted
    assert summary.changes.added["events"] == {event.id for event in core_store.events}
    assert summary.problems == (
        "line 55, “Cancelled: Wingspan evening”: the organizer cancelled it",
    )
    assert {event.source_uid for event in core_store.events} == {
        "event_300000001@meetup.com",
        "event_300000002@meetup.com",
    }


@pytest.mark.parametrize(
    "name", ["meetup.ics", "eventbrite.ics", "google.ics", "outlook.ics", "broken-events.ics"]
)
def test_reimporting_the_same_file_adds_nothing(core_store: Store, name: str) -> None:
    # Given a file imported once
    first = _import(core_store, name)
    assert first.added > 0
    count = len(core_store.events)
    # When it is imported again
    plan = _plan(core_store, name)
    summary = apply_event_import(core_store, plan)
    # Then every event is skipped as unchanged and nothing new is stored
    assert plan.added == plan.updated == 0
    assert (summary.added, summary.updated) == (0, 0)
    assert summary.skipped == len(plan.items) - len(plan.rejected)
    assert len(core_store.events) == count
    assert summary.changes.empty


def test_changed_event_updates_source_fields_and_keeps_the_users(core_store: Store) -> None:
    # Given an imported event the user prepared for, went to and reflected on
    _import(core_store, "meetup.ics")
    stored = next(e for e in core_store.events if e.source_uid == "event_300000001@meetup.com")
    mine = dataclasses.replace(
        stored,
        status=EventStatus.GOING,
        prep=PrepPlan(intention="Ask about their favourite game"),
        reflection=Reflection(felt_natural=5),
        interests=("board-games",),
    )
    core_store.events.put(mine)
    # When the organizer moved it and the new export is imported
    data = (FIXTURES / "meetup.ics").read_bytes().replace(b"20260312T19", b"20260313T19")
    data = data.replace(b"20260312T22", b"20260313T22")
    plan = plan_event_import(
        core_store,
        data,
        file_name="meetup.ics",
        now=NOW,
        infer_interests=lambda categories, title, description: ("strategy-games",),
    )
    # Then the moved event is updated, and so is the other one (it had no interests yet)
    assert _decisions(plan) == [ImportDecision.UPDATE, ImportDecision.UPDATE, ImportDecision.SKIP]
    summary = apply_event_import(core_store, plan)
    assert (summary.added, summary.updated, summary.skipped) == (0, 2, 0)
    other = next(e for e in core_store.events if e.id != stored.id)
    assert other.interests == ("strategy-games",)
    # And the moved one keeps what the user set: status, preparation, reflection, interests
    updated = core_store.events.get(stored.id)
    assert updated is not None
    assert updated.start == datetime(2026, 3, 13, 18, 0, tzinfo=UTC)
    assert updated.status is EventStatus.GOING
    assert updated.prep.intention == "Ask about their favourite game"
    assert updated.reflection == Reflection(felt_natural=5)
    assert updated.interests == ("board-games",)
    assert len(core_store.events) == 2


def test_event_without_uid_is_matched_by_its_web_address(core_store: Store) -> None:
    # Given the Eventbrite event without UID, imported once
    _import(core_store, "eventbrite.ics")
    # When its title changed in a newer export
    data = (
        (FIXTURES / "eventbrite.ics")
        .read_bytes()
        .replace(b"SUMMARY:Paper Reading Group:", b"SUMMARY:Paper Reading Group (new room):")
    )
    plan = plan_event_import(core_store, data, file_name="eventbrite.ics", now=NOW)
    # Then it is an update of the same event, not a second one
    assert plan.updated == 1 and plan.added == 0
    apply_event_import(core_store, plan)
    assert len(core_store.events) == 2


def test_event_without_uid_or_url_is_matched_by_title_and_start(core_store: Store) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260310T180000Z\r\n"
        b"SUMMARY:Repair caf\xc3\xa9\r\nDESCRIPTION:Bring broken toasters\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    apply_event_import(core_store, plan_event_import(core_store, data, file_name="a", now=NOW))
    changed = data.replace(b"toasters", b"lamps")
    plan = plan_event_import(core_store, changed, file_name="a", now=NOW)
    assert _decisions(plan) == [ImportDecision.UPDATE]
    assert plan.items[0].existing is not None


def test_interests_are_inferred_from_categories_title_and_description(core_store: Store) -> None:
    seen: list[tuple[tuple[str, ...], str, str]] = []

    def infer(categories: tuple[str, ...], title: str, description: str) -> tuple[str, ...]:
        seen.append((categories, title, description))
        return ("climbing",) if "Climbing" in categories else ()

    plan = _plan(core_store, "google.ics", infer_interests=infer)
    climbing = [item for item in plan.items if item.title == "Climbing night"]
    assert climbing and all(
        item.event is not None and item.event.interests == ("climbing",) for item in climbing
    )
    assert (("Sport", "Climbing"), "Climbing night", climbing[0].event.description) in seen  # type: ignore[union-attr]


def test_same_event_twice_in_one_file_is_added_once(core_store: Store) -> None:
    block = (
        b"BEGIN:VEVENT\r\nUID:dup\r\nDTSTART:20260310T180000Z\r\nSUMMARY:Twice\r\nEND:VEVENT\r\n"
    )
    data = b"BEGIN:VCALENDAR\r\n" + block + block + b"END:VCALENDAR\r\n"
    plan = plan_event_import(core_store, data, file_name="dup.ics", now=NOW)
    assert _decisions(plan) == [ImportDecision.ADD, ImportDecision.SKIP]
    assert plan.items[1].reason == "the file has this event twice; the first one is used"


def test_user_overrides_leave_out_an_event_or_add_an_update_as_new(core_store: Store) -> None:
    # Given a plan with two additions
    plan = _plan(core_store, "meetup.ics")
    # When the user unticks the first one in the preview
    summary = apply_event_import(core_store, plan, decisions_override={0: ImportDecision.SKIP})
    # Then only the second is stored, and the first is reported as left out
    assert (summary.added, summary.skipped) == (1, 1)
    assert "left out in the preview" in summary.problems[0]
    # And an update can be imported as a separate new event
    _import(core_store, "meetup.ics")
    stored = next(e for e in core_store.events if e.source_uid == "event_300000001@meetup.com")
    core_store.events.put(dataclasses.replace(stored, status=EventStatus.SKIPPED, title="Old"))
    plan = _plan(core_store, "meetup.ics")
    assert plan.items[0].decision is ImportDecision.UPDATE
    summary = apply_event_import(core_store, plan, decisions_override={0: ImportDecision.ADD})
    assert summary.added == 1
    copies = [e for e in core_store.events if e.source_uid == "event_300000001@meetup.com"]
    assert sorted(e.status for e in copies) == [EventStatus.CONSIDERING, EventStatus.SKIPPED]


def test_recurring_occurrences_are_separate_events_and_reimport_is_stable(
    core_store: Store,
) -> None:
    summary = _import(core_store, "google.ics")
    climbing = [e for e in core_store.events if e.title == "Climbing night"]
    assert summary.added == len(core_store.events) == len(climbing) + 2
    assert all("#" in event.source_uid for event in climbing)


def test_manual_event_with_the_same_title_and_start_is_not_touched(core_store: Store) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260310T180000Z\r\nSUMMARY:Game night\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    from companion.domain.events import Event

    core_store.events.put(Event(title="Game night", start=datetime(2026, 3, 10, 18, tzinfo=UTC)))
    plan = plan_event_import(core_store, data, file_name="x.ics", now=NOW)
    assert _decisions(plan) == [ImportDecision.ADD]


def test_unreadable_file_raises_and_plans_nothing(core_store: Store) -> None:
    with pytest.raises(FormatError):
        plan_event_import(core_store, b"\x00junk" * 100, file_name="junk.ics", now=NOW)


def test_failed_write_changes_nothing(core_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a plan, and a store whose write fails halfway
    plan = _plan(core_store, "outlook.ics")

    def broken_put_many(records: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(core_store.events, "put_many", broken_put_many)
    # When it is applied, the error comes through and nothing is stored
    with pytest.raises(OSError, match="disk full"):
        apply_event_import(core_store, plan)
    assert len(core_store.events) == 0


def test_planning_can_be_cancelled(core_store: Store) -> None:
    with pytest.raises(ImportCancelled):
        plan_event_import(
            core_store,
            generated_calendar(500),
            file_name="big.ics",
            now=NOW,
            should_cancel=lambda: True,
        )
    assert len(core_store.events) == 0


def test_twenty_thousand_events_import_in_one_write(core_store: Store, tmp_path: Path) -> None:
    # Given a 20,000-event file
    path = tmp_path / "big.ics"
    path.write_bytes(generated_calendar(20_000))
    # When it is imported through the generic importer
    summary = import_file(core_store, path, now=NOW)
    # Then every event is stored
    assert summary.added == len(core_store.events) == 20_000
    assert isinstance(summary, EventImportSummary) and summary.problems == ()
