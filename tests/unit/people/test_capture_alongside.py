"""Captures never get lost: two in a row, and one made while an import is being previewed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from companion.services.events.event_import import apply_event_import, plan_event_import
from companion.services.people.capture import capture_encounter
from companion.storage.store import Store

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
MEETUP = Path(__file__).parents[1] / "fixtures" / "ics" / "meetup.ics"


def _names_on_disk(folder: Path) -> set[str]:
    with Store.open(folder, read_only=True) as reopened:
        return {person.name for person in reopened.people}


def test_two_quick_captures_in_a_row_both_land(core_store: Store, core_data_dir: Path) -> None:
    # When two captures follow each other at once
    capture_encounter(core_store, name="Ada", promised="Send the paper", today=TODAY)
    capture_encounter(core_store, name="Grace", note="Compilers", today=TODAY)

    # Then both people, both encounters and the promise are on disk
    assert _names_on_disk(core_data_dir) == {"Ada", "Grace"}
    with Store.open(core_data_dir, read_only=True) as reopened:
        assert len(reopened.encounters) == 2
        assert [promise.text for promise in reopened.promises] == ["Send the paper"]


def test_a_capture_while_an_import_is_previewed_lands_with_the_import(
    core_store: Store, core_data_dir: Path
) -> None:
    # Given an import that has been read and is waiting in its preview
    plan = plan_event_import(core_store, MEETUP.read_bytes(), file_name=MEETUP.name, now=NOW)
    planned_events = plan.added + plan.updated

    # When a quick capture is saved meanwhile, and then the import is confirmed
    capture_encounter(core_store, name="Ada", today=TODAY)
    apply_event_import(core_store, plan)

    # Then the capture and the imported events are both on disk
    assert planned_events > 0
    assert _names_on_disk(core_data_dir) == {"Ada"}
    with Store.open(core_data_dir, read_only=True) as reopened:
        assert len(reopened.events) == planned_events
