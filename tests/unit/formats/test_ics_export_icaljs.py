"""Every calendar we export, read by Mozilla's ical.js (Thunderbird's parser), value by value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.domain.events import Event
from companion.services.data.exporting import ExportFormat, ExportOptions, export_data
from companion.storage.store import Store
from tests.support.icaljs import Component, parse_with_icaljs
from tests.unit.formats.test_ics_export import NOW, _fill

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Exported:
    tasks: Component
    google: Component
    ids: dict[str, str]


@pytest.fixture
def exported(core_store: Store, tmp_path: Path) -> Exported:
    """The store's calendar exported as tasks and as Google's all-day events, read by ical.js."""
    ids = _fill(core_store)
    festival = Event(title="Board game festival", start=datetime(2026, 5, 16, tzinfo=BERLIN),
                     all_day=True)  # fmt: skip
    core_store.events.put(festival)
    paths = {}
    for name, as_events in (("tasks", False), ("google", True)):
        options = ExportOptions(format=ExportFormat.ICS, ics_tasks_as_events=as_events)
        paths[name] = tmp_path / f"{name}.ics"
        paths[name].write_bytes(export_data(core_store, options, clock=lambda: NOW).payload)
    tasks, google = parse_with_icaljs(paths["tasks"], paths["google"])
    return Exported(tasks.components[0], google.components[0], ids)


def _by_summary(calendar: Component, kind: str) -> dict[str, Component]:
    return {child.first("summary"): child for child in calendar.children(kind)}


def test_given_events_with_prep_when_exported_then_icaljs_reads_times_and_the_prep(
    exported: Exported,
) -> None:
    events = _by_summary(exported.tasks, "vevent")
    game_night = events["Board game night"]
    [start] = game_night.all("dtstart")
    assert (start["type"], start["values"]) == ("date-time", ["2026-05-03T19:00:00Z"])
    assert game_night.first("dtend") == "2026-05-03T22:00:00Z"
    description = game_night.first("description")
    assert description.startswith("Intention: Meet two new people")
    assert "• Teach Go" in description and description.endswith("Bring a game; we have snacks.")
    assert game_night.first("location") == "Café Regenbogen, Berlin"
    assert game_night.first("status") == "CONFIRMED"


def test_given_an_all_day_event_when_exported_then_icaljs_reads_dates(
    exported: Exported,
) -> None:
    festival = _by_summary(exported.tasks, "vevent")["Board game festival"]
    [start], [end] = festival.all("dtstart"), festival.all("dtend")
    assert (start["type"], start["values"]) == ("date", ["2026-05-16"])
    assert (end["type"], end["values"]) == ("date", ["2026-05-17"])


def test_given_promises_and_reconnects_when_exported_as_tasks_then_they_are_todos_with_alarms(
    exported: Exported,
) -> None:
    todos = _by_summary(exported.tasks, "vtodo")
    promise = todos["Promise to Ada Lovelace: Send the paper"]
    reconnect = todos["Get back in touch with Ada Lovelace"]
    for todo, due in ((promise, "2026-05-04"), (reconnect, "2026-05-10")):
        [due_property] = todo.all("due")
        assert (due_property["type"], due_property["values"]) == ("date", [due])
        assert todo.first("status") == "NEEDS-ACTION"
        [alarm] = todo.children("valarm")
        assert alarm.first("action") == "DISPLAY"
        [trigger] = alarm.all("trigger")
        assert trigger["values"] == ["PT9H"]
        assert trigger["parameters"] == {"related": "END"}
    assert promise.first("uid") == f"promise-{exported.ids['promise']}@commonground.invalid"


def test_given_the_google_variant_when_exported_then_tasks_are_all_day_events_with_alarms(
    exported: Exported,
) -> None:
    calendar = exported.google
    assert calendar.children("vtodo") == []
    events = _by_summary(calendar, "vevent")
    promise = events["Promise to Ada Lovelace: Send the paper"]
    [start], [end] = promise.all("dtstart"), promise.all("dtend")
    assert (start["type"], start["values"]) == ("date", ["2026-05-04"])
    assert (end["type"], end["values"]) == ("date", ["2026-05-05"])
    assert promise.first("transp") == "TRANSPARENT"
    [alarm] = promise.children("valarm")
    [trigger] = alarm.all("trigger")
    assert trigger["values"] == ["PT9H"] and trigger["parameters"] == {}
    reconnect = events["Get back in touch with Ada Lovelace"]
    assert reconnect.all("dtstart")[0]["values"] == ["2026-05-10"]
    assert events["Board game festival"].all("dtstart")[0]["type"] == "date"
