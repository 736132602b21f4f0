"""``companion prep``: the prep card of an event, as Markdown or PDF, from a terminal."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.events import Event, PrepPlan
from companion.domain.profile import OfferItem, OfferKind, Profile
from companion.storage.store import Store
from tests.unit.prepare.test_prep_card import _pdf_text

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
SOON = datetime.now(UTC) + timedelta(days=2)


def _store_with_events(data_dir: Path) -> tuple[Event, Event]:
    soon = Event(
        id="soon",
        title="Game night at the library",
        start=SOON,
        venue="City library",
        interests=("board-games",),
        prep=PrepPlan(intention="Learn how they run playtests"),
    )
    later = Event(id="later", title="Climbing social", start=SOON + timedelta(days=7))
    with Store.open(data_dir) as store:
        store.profile.put(
            Profile(
                interests=("board-games",),
                offers=(OfferItem(kind=OfferKind.SKILL, text="Teach Go", interests=()),),
            )
        )
        store.events.put_many([soon, later])
    return soon, later


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_markdown_of_the_next_event_by_default(companion_cli: Cli, data_dir: Path) -> None:
    _store_with_events(data_dir)
    result = companion_cli("prep")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Game night at the library\n")
    assert "## Openers" in result.stdout
    assert "Learn how they run playtests" in result.stdout


def test_markdown_of_a_given_event_to_a_file(
    companion_cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    _store_with_events(data_dir)
    target = tmp_path / "card.md"
    result = companion_cli("prep", "later", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Climbing social\n")


def test_pdf_to_a_file(companion_cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    _store_with_events(data_dir)
    target = tmp_path / "card.pdf"
    # Without QT_QPA_PLATFORM and without a display, prep picks the offscreen platform itself
    result = companion_cli("prep", "--format", "pdf", "-o", target, env={"QT_QPA_PLATFORM": None})
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert "Game night at the library".encode("utf-16-be") in data  # the document title
    assert "Learn how they run playtests" in _pdf_text(data)


def test_unknown_event_id_is_bad_input(companion_cli: Cli, data_dir: Path) -> None:
    _store_with_events(data_dir)
    line = _one_error_line(companion_cli("prep", "no-such-event"))
    assert "no-such-event" in line


def test_no_upcoming_event_is_bad_input(companion_cli: Cli, data_dir: Path) -> None:
    # Given no store at all
    line = _one_error_line(companion_cli("prep"))
    assert "no upcoming event" in line
    # And nothing was created by asking
    assert not data_dir.exists()


@pytest.fixture
def events_in_store(data_dir: Path) -> tuple[Event, Event]:
    return _store_with_events(data_dir)


def test_works_while_the_app_holds_the_store(
    companion_cli: Cli, events_in_store: tuple[Event, Event], core_locked_store: Path
) -> None:
    # Given the store has events and another process (the running app) holds its writer lock
    # When prep runs
    result = companion_cli("prep")
    # Then it reads the store all the same
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"# {events_in_store[0].title}\n")
