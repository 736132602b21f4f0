"""``companion import`` forwarded to the running window: read on a worker thread, written on
the GUI thread, and nothing typed in the window meanwhile is lost."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from companion.domain.events import Event, EventStatus
from companion.services.changes import ChangeSet
from companion.services.data import importing
from companion.services.instance.instance_messages import (
    Command,
    PendingReply,
    Reply,
    Request,
)
from companion.storage import repositories
from companion.storage.backups import SnapshotReason
from companion.ui.shell import forwarded_imports
from companion.ui.shell.instance_requests import InstanceRequests
from tests.gui.conftest import RunningWindow

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
#: Long enough never to be reached on a busy machine; only a broken test waits this long.
GATE_S = 30.0


def _requests(running: RunningWindow) -> InstanceRequests:
    return InstanceRequests(
        window=running.window,
        session=running.session,
        changes=running.changes,
        open_capture=lambda: None,
        data_dir=running.data_dir,
        now=lambda: NOW,
    )


def _vcards(path: Path, *names: str) -> Path:
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{name.lower()}@example.org\r\n"
        "END:VCARD\r\n"
        for name in names
    )
    path.write_text(cards, encoding="utf-8")
    return path


def _import(requests: InstanceRequests, *paths: Path) -> PendingReply:
    pending = requests.handle(Request(command=Command.IMPORT, paths=paths))
    assert isinstance(pending, PendingReply)
    return pending


class GatedPlans:
    """``plan_import`` that waits, on its worker, until the test opens the gate."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gate = threading.Event()
        self.threads: list[threading.Thread] = []
        self.started = threading.Semaphore(0)
        monkeypatch.setattr(forwarded_imports, "plan_import", self)

    def __call__(self, *args: Any, **kwargs: Any) -> importing.ImportPlan:
        self.threads.append(threading.current_thread())
        self.started.release()
        if not self.gate.wait(GATE_S):
            raise AssertionError("the gate was never opened: the GUI thread was blocked")
        return importing.plan_import(*args, **kwargs)

    def wait_started(self, qtbot: QtBot, count: int) -> None:
        qtbot.waitUntil(lambda: len(self.threads) >= count)


def _answered(qtbot: QtBot, pending: PendingReply) -> Reply:
    qtbot.waitUntil(lambda: pending.reply is not None, timeout=int(GATE_S * 1000))
    assert pending.reply is not None
    return pending.reply


def test_a_forwarded_import_is_read_off_the_gui_thread_while_the_window_goes_on(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a contacts file whose reading only ends once the window's event loop has turned
    # (a timer, fired on the GUI thread, opens the gate the worker waits at)
    plans = GatedPlans(monkeypatch)
    file = _vcards(tmp_path / "people.vcf", "Ada", "Grace")
    requests = _requests(running)
    # When the import is forwarded
    pending = _import(requests, file)
    # Then the request is answered later: the window has not blocked on it
    assert pending.reply is None
    fired: list[bool] = []

    def on_timer() -> None:
        fired.append(True)
        plans.gate.set()

    QTimer.singleShot(0, on_timer)
    reply = _answered(qtbot, pending)
    # And the timer fired while the file was read, which happened on a worker thread
    assert fired == [True]
    assert plans.threads and plans.threads[0] is not threading.main_thread()
    # And the import was written on the GUI thread, as the terminal says
    assert reply.exit_code == 0, reply.stderr
    assert "2 added" in reply.stdout
    assert sorted(person.name for person in running.store.people) == ["Ada", "Grace"]
    # And, like every import, it can be undone from a backup taken just before
    assert running.session.backups is not None
    # (the window may have taken its daily one too)
    assert SnapshotReason.IMPORT in [s.reason for s in running.session.backups.list()]


def test_an_edit_made_in_the_window_while_an_import_is_read_is_kept(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an event from a calendar, which the user is considering
    event = Event(
        title="Go club",
        start=datetime(2027, 3, 1, 18, tzinfo=UTC),
        source="ics",
        source_uid="go-club-1@example.org",
    )
    running.store.events.put(event)
    calendar = tmp_path / "club.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:go-club-1@example.org\r\nDTSTAMP:20261201T000000Z\r\n"
        "DTSTART:20270301T180000Z\r\nSUMMARY:Go club (moved room)\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    plans = GatedPlans(monkeypatch)
    requests = _requests(running)
    # When the calendar is forwarded, and while it is read the user says they are going
    pending = _import(requests, calendar)
    plans.wait_started(qtbot, 1)
    going = dataclasses.replace(event, status=EventStatus.GOING)
    running.store.events.put(going)
    running.changes.announce(ChangeSet(updated={"events": frozenset({event.id})}))
    plans.gate.set()
    reply = _answered(qtbot, pending)
    # Then the file was read again against the changed data before it was written
    assert len(plans.threads) == 2
    # And the event has both the file's new title and the user's answer
    assert reply.exit_code == 0, reply.stderr
    stored = running.store.events.get(event.id)
    assert stored is not None
    assert stored.title == "Go club (moved room)"
    assert stored.status is EventStatus.GOING


def test_a_second_forwarded_import_waits_its_turn_and_more_are_told_to_retry(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a forwarded import being read
    plans = GatedPlans(monkeypatch)
    requests = _requests(running)
    first = _import(requests, _vcards(tmp_path / "a.vcf", "Ada"))
    plans.wait_started(qtbot, 1)
    # When more imports arrive meanwhile
    waiting = [
        _import(requests, _vcards(tmp_path / f"{name}.vcf", name))
        for name in ("Grace", "Alan", "Edsger", "Barbara")
    ]
    too_many = requests.handle(
        Request(command=Command.IMPORT, paths=(_vcards(tmp_path / "k.vcf", "Ken"),))
    )
    # Then the ones in line wait, and the one past the line is told to ask again
    assert isinstance(too_many, Reply) and too_many.busy and too_many.exit_code != 0
    assert all(pending.reply is None for pending in waiting)
    # And once the gate opens, all are carried out, one after another, in order
    plans.gate.set()
    replies = [_answered(qtbot, pending) for pending in (first, *waiting)]
    assert [reply.exit_code for reply in replies] == [0] * 5
    assert len(plans.threads) == 5
    assert sorted(p.name for p in running.store.people) == [
        "Ada",
        "Alan",
        "Barbara",
        "Edsger",
        "Grace",
    ]
    assert not requests.imports.running


def test_a_forwarded_import_of_an_unreadable_file_says_why(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path
) -> None:
    # Given a file that is no contacts, calendar or backup
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"\x00\x01 hello")
    # When it is forwarded
    reply = _answered(qtbot, _import(_requests(running), junk))
    # Then the terminal is told what is wrong with it, exit status 2, and nothing changed
    assert reply.exit_code == 2
    assert "notes.txt" in reply.stderr
    assert len(running.store.people) == 0


def test_two_files_forwarded_together_are_read_as_the_command_line_reads_them(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path
) -> None:
    # Given the same contacts twice in one forwarded import
    file = _vcards(tmp_path / "people.vcf", "Ada")
    again = _vcards(tmp_path / "again.vcf", "Ada")
    # When it is carried out
    reply = _answered(qtbot, _import(_requests(running), file, again))
    # Then the second file is matched against the first, as in the terminal: one Ada
    assert reply.exit_code == 0, reply.stderr
    assert [p.name for p in running.store.people] == ["Ada"]


def test_a_forwarded_import_encodes_its_records_off_the_gui_thread(
    qtbot: QtBot, running: RunningWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a contacts file (a big one took seconds of encoding on the GUI thread, the window
    # frozen meanwhile), and a note of the threads records are encoded on
    encoded_on: set[str] = set()
    encode = repositories.to_document

    def recording_to_document(record: object) -> dict[str, Any]:
        encoded_on.add(threading.current_thread().name)
        return encode(record)

    monkeypatch.setattr(repositories, "to_document", recording_to_document)
    file = _vcards(tmp_path / "people.vcf", "Ada", "Grace", "Linus")
    # When it is forwarded to the window and answered
    reply = _answered(qtbot, _import(_requests(running), file))
    # Then it was written, and no record was encoded on the GUI thread to write it
    assert reply.exit_code == 0, reply.stderr
    assert sorted(person.name for person in running.store.people) == ["Ada", "Grace", "Linus"]
    assert encoded_on == {"forwarded-import"}
