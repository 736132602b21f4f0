"""``companion events`` lists events with ids; ``prep`` takes a piece of a title (issue 17)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.events import Event
from companion.storage.store import Store

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
SOON = datetime.now(UTC) + timedelta(days=2)


def _store(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.events.put_many(
            [
                Event(id="past", title="Go club night", start=SOON - timedelta(days=30)),
                Event(id="soon", title="Go club night", start=SOON),
                Event(id="climb", title="Climbing social", start=SOON + timedelta(days=7)),
            ]
        )


def test_events_are_listed_with_ids_and_dates(companion_cli: Cli, data_dir: Path) -> None:
    # Given three events, one of them past
    _store(data_dir)
    # When they are listed
    result = companion_cli("events")
    # Then each line starts with the id, then the date, then the title, oldest first
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["past", "soon", "climb"]
    assert lines[2].split("\t")[2] == "Climbing social"
    assert str(SOON.year) in lines[1].split("\t")[1]
    # When only upcoming ones are asked for
    upcoming = companion_cli("events", "--upcoming")
    # Then the past one is left out
    assert [line.split("\t")[0] for line in upcoming.stdout.splitlines()] == ["soon", "climb"]


def test_events_in_german_dates_come_from_babel(companion_cli: Cli, data_dir: Path) -> None:
    # Given an event in December / When listed in German
    with Store.open(data_dir) as store:
        store.events.put(
            Event(id="x", title="Adventsmarkt", start=datetime(2026, 12, 5, 17, tzinfo=UTC))
        )
    result = companion_cli("--locale", "de", "events")
    # Then the date is written the German way
    assert result.returncode == 0, result.stderr
    assert "05.12.2026" in result.stdout


def test_prep_takes_a_unique_piece_of_a_title(companion_cli: Cli, data_dir: Path) -> None:
    # Given the events / When prep is given a piece of one title only
    _store(data_dir)
    result = companion_cli("prep", "climb")
    # Then that event's card is printed
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Climbing social\n")


def test_prep_with_an_ambiguous_piece_lists_the_matches(companion_cli: Cli, data_dir: Path) -> None:
    # Given two "Go club night" events / When prep is given "go club"
    _store(data_dir)
    result = companion_cli("prep", "go club")
    # Then it exits 2, naming both with their ids, and prints no card
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "matches several events" in result.stderr
    assert "past\t" in result.stderr and "soon\t" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Auckland", "UTC"])
def test_an_all_day_event_keeps_its_day_in_every_time_zone(
    companion_cli: Cli, data_dir: Path, zone: str
) -> None:
    # Given an all-day event on December 8 (stored from midnight, as imports store them)
    with Store.open(data_dir) as store:
        store.events.put(
            Event(
                id="hike",
                title="Advent hike",
                start=datetime(2026, 12, 8, tzinfo=UTC),
                all_day=True,
            )
        )
    # When the events are listed in a time zone behind or ahead of UTC
    result = companion_cli("events", env={"TZ": zone})
    # Then the event is on its own day, said to last all day, with no time
    assert result.returncode == 0, result.stderr
    when = result.stdout.split("\t")[1]
    assert when == "Dec 8, 2026, all day"
