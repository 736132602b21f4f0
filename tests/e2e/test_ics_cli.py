"""``companion import FILE.ics`` then ``companion export --format json``, as a user runs them."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import folder_state, parse_backup

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
FIXTURES = Path(__file__).parent.parent / "unit" / "fixtures" / "ics"


def _copy(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(FIXTURES / name, folder / name))


def _exported_events(companion_cli: Cli) -> dict[str, dict[str, object]]:
    result = companion_cli("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    tables = parse_backup(result.stdout)["tables"]
    assert isinstance(tables, dict)
    events = tables.get("events", {})
    assert isinstance(events, dict)
    return events


def test_import_ics_then_export_json(companion_cli: Cli, tmp_path: Path) -> None:
    # Given a Meetup export with two events and one cancelled event
    meetup = _copy("meetup.ics", tmp_path / "files")
    # When it is imported
    result = companion_cli("import", meetup)
    # Then one summary line says what happened
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{meetup}: 2 added, 0 updated, 0 skipped as duplicates\n"
    assert "Traceback" not in result.stderr
    # And the JSON export holds both events with their source and times
    events = _exported_events(companion_cli)
    by_uid = {event["source_uid"]: event for event in events.values()}
    assert set(by_uid) == {"event_300000001@meetup.com", "event_300000002@meetup.com"}
    games = by_uid["event_300000001@meetup.com"]
    assert games["title"] == "Strategy Games Night: Catan, Terraforming Mars, and more"
    assert games["source"] == "ics:meetup"
    assert games["organizer"] == "Berlin Board Gamers"
    assert str(games["start"]).startswith("2026-03-12T19:00:00")


def test_reimport_adds_nothing(companion_cli: Cli, tmp_path: Path) -> None:
    # Given an imported Outlook export
    outlook = _copy("outlook.ics", tmp_path / "files")
    assert companion_cli("import", outlook).returncode == 0
    first = _exported_events(companion_cli)
    # When the same file is imported again
    result = companion_cli("import", outlook)
    # Then both events are skipped and the store holds the same events
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{outlook}: 0 added, 0 updated, 2 skipped as duplicates\n"
    assert _exported_events(companion_cli) == first


def test_truncated_calendar_exits_2_naming_file_and_line(
    companion_cli: Cli, tmp_path: Path, data_dir: Path
) -> None:
    # Given a store with events, and a calendar cut off in the middle of an event
    assert companion_cli("import", _copy("eventbrite.ics", tmp_path / "files")).returncode == 0
    before = folder_state(data_dir)
    cut = tmp_path / "files" / "cut.ics"
    cut.write_bytes((FIXTURES / "meetup.ics").read_bytes()[:1500])
    # When it is imported
    result = companion_cli("import", cut)
    # Then it fails with status 2, one line naming the file, the line and the problem
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [message] = result.stderr.strip().splitlines()
    assert str(cut) in message
    assert "line " in message and "END:VCALENDAR is missing" in message
    assert message.endswith("Nothing was imported.")
    assert folder_state(data_dir) == before


def test_skipped_events_are_listed_on_stderr(companion_cli: Cli, tmp_path: Path) -> None:
    # Given a calendar with readable and broken events
    broken = _copy("broken-events.ics", tmp_path / "files")
    # When it is imported
    result = companion_cli("import", broken)
    # Then the readable ones are stored and each skipped one gets a line on stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{broken}: 2 added, 0 updated, 0 skipped as duplicates\n"
    assert "line 10, “Event with a nonsense date”" in result.stderr
    assert "line 15, “Event without a start”" in result.stderr
    assert "line 25, “Broken repeat rule”" in result.stderr
