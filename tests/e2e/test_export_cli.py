"""``companion export --format vcf|csv|ics`` run as a subprocess, and the forwarded request."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from companion.domain.events import Event, EventStatus, PrepPlan
from companion.domain.people import Person, Promise
from companion.interop.json_backup import write_backup
from companion.services.instance.instance_messages import Command, Request, decode_request
from companion.storage.codec import to_document
from companion.storage.migrations import SCHEMA_VERSION

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]


def _backup(path: Path) -> Path:
    """A backup with two people, a promise and an event a year from now."""
    ada = Person(
        name="Ada Lovelace",
        emails=("ada@example.org",),
        phones=("+44 20 7946 0018",),
        birthday="--12-10",
        interests=("board-games",),
        notes="Line one\nline two, with; punctuation",
    )
    zoe = Person(name="Zoë Ångström 🦊", emails=("zoe@example.se",))
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=365)
    event = Event(
        title="Go club",
        start=start,
        end=start + timedelta(hours=2),
        venue="Library",
        status=EventStatus.GOING,
        prep=PrepPlan(intention="Play two games"),
    )
    promise = Promise(person_id=ada.id, text="Send the paper", due=date.today() + timedelta(days=3))
    tables = {
        "people": {person.id: to_document(person) for person in (ada, zoe)},
        "events": {event.id: to_document(event)},
        "offers": {promise.id: to_document(promise)},
    }
    path.write_bytes(
        write_backup(tables, schema_version=SCHEMA_VERSION, exported_at=datetime.now(UTC))
    )
    return path


@pytest.fixture
def filled(companion_cli: Cli, tmp_path: Path) -> Path:
    folder = tmp_path / "D"
    result = companion_cli("--data-dir", folder, "import", _backup(tmp_path / "backup.json"))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcf_to_standard_output(companion_cli: Cli, filled: Path, version: str) -> None:
    # Given a store with two people
    # When they are exported as vCards to standard output
    result = companion_cli(
        "--data-dir", filled, "export", "--format", "vcf", "--vcard-version", version
    )
    # Then vobject reads both cards, in the requested version, sorted by name
    assert result.returncode == 0, result.stderr
    cards = list(vobject.readComponents(result.stdout))
    assert [card.fn.value for card in cards] == ["Ada Lovelace", "Zoë Ångström 🦊"]
    assert {card.version.value for card in cards} == {version}
    assert cards[0].categories.value == ["Board games"]
    assert "not encrypted" in result.stderr


def test_csv_with_bom_to_a_file(companion_cli: Cli, filled: Path, tmp_path: Path) -> None:
    # Given a store with two people
    output = tmp_path / "people.csv"
    # When exported as CSV with a byte order mark into a file
    result = companion_cli("--data-dir", filled, "export", "--format", "csv", "--bom", "-o", output)
    # Then the file starts with the mark and holds a row per person, notes whole
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row["Name"] for row in rows] == ["Ada Lovelace", "Zoë Ångström 🦊"]
    assert rows[0]["Notes"] == "Line one\nline two, with; punctuation"


def test_ics_exports_and_imports_back_without_duplicates(
    companion_cli: Cli, filled: Path, tmp_path: Path
) -> None:
    # Given a store with an upcoming event and a due promise
    output = tmp_path / "calendar.ics"
    # When the calendar is exported
    result = companion_cli("--data-dir", filled, "export", "--format", "ics", "-o", output)
    # Then icalendar reads the event and the promise as a task with a due date and an alarm
    assert result.returncode == 0, result.stderr
    calendar = icalendar.Calendar.from_ical(output.read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Go club"
    [task] = calendar.walk("VTODO")
    assert "DUE" in task
    assert task.walk("VALARM")
    # And importing it into another store gives the event once, however often it is imported
    other = tmp_path / "other"
    first = companion_cli("--data-dir", other, "import", output)
    again = companion_cli("--data-dir", other, "import", output)
    assert first.returncode == 0, first.stderr
    assert again.returncode == 0, again.stderr
    assert "1 added, 0 updated" in first.stdout
    assert "0 added, 0 updated" in again.stdout


def test_export_of_an_empty_folder_creates_no_store(companion_cli: Cli, tmp_path: Path) -> None:
    # Given a folder without a store
    folder = tmp_path / "empty"
    # When people are exported as CSV
    result = companion_cli("--data-dir", folder, "export", "--format", "csv")
    # Then only the header is printed and nothing is created
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Name,First Name,Last Name")
    assert not folder.exists()


def test_unknown_vcard_version_is_bad_input(companion_cli: Cli, tmp_path: Path) -> None:
    result = companion_cli(
        "--data-dir", tmp_path / "D", "export", "--format", "vcf", "--vcard-version", "2.1"
    )
    assert result.returncode == 2
    assert "--vcard-version" in result.stderr


def test_forwarded_export_request_carries_the_options() -> None:
    # Given an export request for a 3.0 vCard file and one for a CSV with BOM
    requests = [
        Request(command=Command.EXPORT, format="vcf", vcard_version="3.0"),
        Request(command=Command.EXPORT, format="csv", bom=True, output=Path("/tmp/out.csv")),
    ]
    # When sent over the socket and read back
    # Then the running instance gets the same options
    assert [decode_request(request.encode()) for request in requests] == requests


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("people4.vcf", ("--format", "vcf", "--vcard-version", "4.0")),
        ("people3.vcf", ("--format", "vcf", "--vcard-version", "3.0")),
        ("people.csv", ("--format", "csv", "--bom")),
    ],
)
def test_people_export_imported_back_adds_nobody(
    companion_cli: Cli, filled: Path, tmp_path: Path, name: str, options: tuple[str, ...]
) -> None:
    # Given the people exported from a store
    output = tmp_path / name
    exported = companion_cli("--data-dir", filled, "export", *options, "-o", output)
    assert exported.returncode == 0, exported.stderr
    # When the file is imported into the same store
    result = companion_cli("--data-dir", filled, "import", output)
    # Then nobody is added or changed
    assert result.returncode == 0, result.stderr
    assert "0 added, 0 merged, 0 updated, 2 skipped" in result.stdout
