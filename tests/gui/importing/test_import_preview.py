"""Importing calendars through the preview: File > Import…, dropping files, big files, bad files."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from companion.services.changes import ChangeSet
from companion.services.data.importing import import_file
from companion.services.events import event_import
from companion.services.events.event_import import (
    ImportCancelled,
    ImportDecision,
    plan_event_import,
)
from companion.storage.backups import SnapshotReason
from companion.ui.importing.calendar_import import CalendarImport
from companion.ui.importing.event_plan_model import EventPlanModel
from companion.ui.importing.import_preview import ImportPreviewDialog
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)

FIXTURES = Path(__file__).parents[2] / "unit" / "fixtures" / "ics"


class _Recorder:
    """Stands in for a static Qt dialog function; remembers its calls."""

    def __init__(self, result: Any = None) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.result = result

    def __call__(self, *args: Any) -> Any:
        self.calls.append(args)
        return self.result


def _event(uid: str, title: str, day: int) -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T090000Z\r\n"
        f"DTSTART:2027{1 + day // 28:02d}{1 + day % 28:02d}T180000Z\r\n"
        f"DTEND:2027{1 + day // 28:02d}{1 + day % 28:02d}T200000Z\r\n"
        f"SUMMARY:{title}\r\nLOCATION:Café Müller\\, Berlin\r\nEND:VEVENT\r\n"
    )


def _calendar(path: Path, events: list[tuple[str, str]]) -> Path:
    body = "".join(_event(uid, title, day % 300) for day, (uid, title) in enumerate(events))
    path.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//EN\r\n{body}END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def _import_through_menu(
    running: RunningWindow, monkeypatch: pytest.MonkeyPatch, path: Path
) -> CalendarImport:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", _Recorder((str(path), "")))
    running.window.import_action.trigger()
    flow = running.controller.transfer.calendar_import
    assert flow is not None
    return flow


def _planned(flow: CalendarImport, qtbot: QtBot) -> tuple[ImportPreviewDialog, EventPlanModel]:
    dialog = flow.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model is not None)
    assert dialog.model is not None
    return dialog, dialog.model


def _wait_done(running: RunningWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: running.controller.transfer.calendar_import is None)


def test_the_preview_shows_counts_and_confirming_imports(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given two events imported before, and a file with one of them changed and one new
    before = _calendar(tmp_path / "before.ics", [("a@x", "Board games"), ("b@x", "Go club")])
    import_file(running.store, before)
    again = _calendar(
        tmp_path / "club.ics",
        [("a@x", "Board games night"), ("b@x", "Go club"), ("c@x", "Climbing")],
    )
    # When the user imports the file through File > Import…
    flow = _import_through_menu(running, monkeypatch, again)
    dialog, model = _planned(flow, qtbot)
    # Then the preview says what will happen, and nothing is written yet
    assert dialog.summary.text() == "1 new event, 1 update, 1 skipped."
    assert [model.index(row, model.DECISION).data() for row in range(3)] == [
        "Update",
        "Skip",
        "Add",
    ]
    assert model.index(1, model.NOTE).data() == "already imported, nothing changed"
    assert len(running.store.events) == 2
    # When they confirm
    with qtbot.waitSignal(running.changes.changed) as changed:
        dialog.import_button.click()
    # Then the events are stored, the change is announced, and a backup was taken first
    titles = sorted(event.title for event in running.store.events)
    assert titles == ["Board games night", "Climbing", "Go club"]
    change = changed.args[0]
    assert isinstance(change, ChangeSet)
    assert len(change.added["events"]) == 1 and len(change.updated["events"]) == 1
    assert running.window.statusBar().currentMessage() == (
        "club.ics: 1 added, 1 updated, 1 skipped as duplicates"
    )
    backups = running.session.backups
    assert backups is not None
    assert [snapshot.reason for snapshot in backups.list()] == [SnapshotReason.IMPORT]
    _wait_done(running, qtbot)


def test_cancelling_the_preview_writes_nothing(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the preview of a file with two new events
    path = _calendar(tmp_path / "two.ics", [("a@x", "Board games"), ("b@x", "Go club")])
    flow = _import_through_menu(running, monkeypatch, path)
    dialog, _model = _planned(flow, qtbot)
    assert dialog.import_button.isEnabled()
    # When the user cancels
    with qtbot.assertNotEmitted(running.changes.changed):
        dialog.buttons.rejected.emit()
        _wait_done(running, qtbot)
    # Then nothing was stored, and the status bar says so
    assert len(running.store.events) == 0
    assert running.window.statusBar().currentMessage() == (
        "two.ics: import cancelled, nothing was imported."
    )


def test_an_event_switched_to_skip_is_not_imported(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the preview of two new events
    path = _calendar(tmp_path / "two.ics", [("a@x", "Board games"), ("b@x", "Networking mixer")])
    dialog, _model = _planned(_import_through_menu(running, monkeypatch, path), qtbot)
    # When the user picks "Skip" in the second row's combo box
    table = dialog.table
    cell = table.model().index(1, EventPlanModel.DECISION)
    table.setCurrentIndex(cell)
    table.edit(cell)
    combo = table.findChild(QComboBox, "decisionEditor")
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["Add", "Skip"]
    combo.setCurrentIndex(combo.findData(ImportDecision.SKIP.value))
    combo.activated.emit(combo.currentIndex())
    # Then the summary follows, and importing leaves that event out
    assert dialog.summary.text() == "1 new event, 0 updates, 1 skipped."
    assert cell.data() == "Skip"
    with qtbot.waitSignal(running.changes.changed):
        dialog.import_button.click()
    assert [event.title for event in running.store.events] == ["Board games"]
    _wait_done(running, qtbot)


def test_skipping_everything_leaves_nothing_to_import(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _calendar(tmp_path / "one.ics", [("a@x", "Board games")])
    dialog, model = _planned(_import_through_menu(running, monkeypatch, path), qtbot)
    assert model.setData(model.index(0, model.DECISION), ImportDecision.SKIP.value)
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    _wait_done(running, qtbot)


def test_broken_events_are_listed_with_their_reason(
    running: RunningWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a file where three of five events are broken and one is repaired
    dialog, model = _planned(
        _import_through_menu(running, monkeypatch, FIXTURES / "broken-events.ics"), qtbot
    )
    # Then the preview says so, each broken row gives its reason and cannot be switched on
    details = dialog.details.text()
    assert "3 events in the file cannot be imported" in details
    assert "“Ends before it starts”: it ends before it starts" in details
    broken = [row for row in range(model.rowCount()) if model.plan.items[row].problem]
    assert len(broken) == 3
    for row in broken:
        assert model.index(row, model.NOTE).data()
        assert model.choices(row) == (ImportDecision.SKIP,)
        assert not model.setData(model.index(row, model.DECISION), ImportDecision.ADD.value)
    # And importing stores the readable one
    with qtbot.waitSignal(running.changes.changed):
        dialog.import_button.click()
    assert sorted(event.title for event in running.store.events) == [
        "Ends before it starts",
        "Volunteer at the food bank",
    ]
    _wait_done(running, qtbot)


@pytest.mark.parametrize(
    "content",
    [
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Cut\r\nDTSTART:2027",
        b"\x00\x01\x02binary junk" * 20,
    ],
    ids=["truncated", "binary"],
)
def test_a_malformed_calendar_warns_and_writes_nothing(
    running: RunningWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
) -> None:
    # Given a calendar file that cannot be read
    path = tmp_path / "broken.ics"
    path.write_bytes(content)
    warning = _Recorder(QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    # When the user imports it
    with qtbot.assertNotEmitted(running.changes.changed):
        _import_through_menu(running, monkeypatch, path)
        _wait_done(running, qtbot)
    # Then one warning names the file and the problem, and nothing was written
    assert len(warning.calls) == 1
    _parent, title, text = warning.calls[0]
    assert title == "Import failed"
    assert "broken.ics" in text and "Nothing was imported" in text
    assert len(running.store.events) == 0


def test_dropping_a_calendar_on_the_window_opens_the_preview(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    # Given a calendar file dragged onto the main window
    path = _calendar(tmp_path / "dropped.ics", [("a@x", "Board games")])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(running.window, enter)
    assert enter.isAccepted()
    # When it is dropped
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(running.window.files_dropped):
        QApplication.sendEvent(running.window, drop)
    # Then the preview opens for it, and confirming imports the event
    flow = running.controller.transfer.calendar_import
    assert flow is not None and flow.path == path
    dialog, _model = _planned(flow, qtbot)
    assert dialog.windowTitle() == "Import dropped.ics"
    with qtbot.waitSignal(running.changes.changed):
        dialog.import_button.click()
    assert [event.title for event in running.store.events] == ["Board games"]
    _wait_done(running, qtbot)


def test_a_drag_without_files_is_refused(running: RunningWindow) -> None:
    mime = QMimeData()
    mime.setText("just some text")
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.ignore()
    QApplication.sendEvent(running.window, enter)
    assert not enter.isAccepted()


def test_a_big_file_shows_progress_and_can_be_cancelled(
    running: RunningWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a 2,000-event file, and a reader held after its first progress report (so the
    # test, not the machine's speed, decides when the user clicks Cancel)
    path = _calendar(tmp_path / "big.ics", [(f"e{n}@x", f"Meetup {n}") for n in range(2000)])
    cancel_clicked = threading.Event()
    outcome: list[str] = []

    def held_plan(*args: Any, progress: Any, **kwargs: Any) -> Any:
        def held_progress(done: int, total: int) -> None:
            progress(done, total)
            cancel_clicked.wait(timeout=30)

        try:
            return plan_event_import(*args, progress=held_progress, **kwargs)
        except ImportCancelled:
            outcome.append("cancelled")
            raise

    # The calendar format plans with it (services/formats_calendar.py, looked up at each call).
    monkeypatch.setattr(event_import, "plan_event_import", held_plan)
    # When the user imports it
    flow = _import_through_menu(running, monkeypatch, path)
    dialog = flow.dialog
    assert dialog is not None
    # Then a progress bar counts the events
    qtbot.waitUntil(lambda: dialog.progress.value() > 0)
    assert dialog.progress.maximum() == 2000
    assert dialog.progress.isVisible() and not dialog.import_button.isEnabled()
    # When the user cancels while it reads
    with qtbot.assertNotEmitted(running.changes.changed):
        dialog.buttons.rejected.emit()
        cancel_clicked.set()
        _wait_done(running, qtbot)
    # Then the reading stopped and nothing was written
    assert outcome == ["cancelled"]
    assert len(running.store.events) == 0
    assert running.window.statusBar().currentMessage() == (
        "big.ics: import cancelled, nothing was imported."
    )
