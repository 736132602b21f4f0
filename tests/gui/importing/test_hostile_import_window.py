"""Dropping a FIFO, a device or a socket on the window: a warning, never a frozen window."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import RunningWindow

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and sockets")


def _fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def _socket(folder: Path, name: str) -> Path:
    path = folder / name
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()
    return path


def _device(folder: Path, name: str) -> Path:
    path = folder / name
    path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize(
    ("make", "name", "words"),
    [
        (_fifo, "contacts.vcf", "named pipe"),
        (_fifo, "calendar.ics", "named pipe"),
        (_fifo, "backup.json", "named pipe"),
        (_device, "people.csv", "device"),
        (_device, "calendar.ics", "device"),
        (_socket, "backup.json", "socket"),
    ],
)
def test_a_dropped_file_that_is_no_regular_file_is_refused_with_a_warning(
    running: RunningWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Any,
    name: str,
    words: str,
) -> None:
    # Given a FIFO, a device or a socket named like an importable file
    short = Path(os.environ["XDG_RUNTIME_DIR"])  # socket paths must be short
    path = make(short, name)
    warnings: list[str] = []

    def warning(_parent: object, _title: str, text: str, *rest: object) -> object:
        warnings.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    # When it is dropped on the window
    with qtbot.assertNotEmitted(running.changes.changed):
        running.window.files_dropped.emit([path])
        # Then the window warns, naming the file and why, and nothing is imported
        qtbot.waitUntil(lambda: len(warnings) == 1)
    assert str(path) in warnings[0] and words in warnings[0]
    assert "Nothing was imported" in warnings[0]
    assert len(running.store.people) == 0 and len(running.store.events) == 0
