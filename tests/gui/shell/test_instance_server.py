"""The running instance's side: the local server refuses junk, the handler acts on requests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from companion.services.instance.instance_messages import (
    Command,
    Reply,
    Request,
    decode_reply,
    socket_name,
)
from companion.ui.shell.instance_requests import InstanceRequests
from companion.ui.shell.single_instance import InstanceServer, claim_instance
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

OFFSCREEN_RAISE = "This plugin does not support raise"


def _send_raw(qtbot: QtBot, data_dir: Path, line: bytes) -> Reply:
    socket = QLocalSocket()
    socket.connectToServer(socket_name(data_dir))
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.ConnectedState)
    socket.write(line)
    received = bytearray()

    def answered() -> bool:
        received.extend(bytes(socket.readAll().data()))
        return b"\n" in received

    qtbot.waitUntil(answered)
    return decode_reply(bytes(received).split(b"\n")[0])


def test_the_server_refuses_unknown_and_oversized_messages(qtbot: QtBot, tmp_path: Path) -> None:
    # Given a listening instance whose handler records what it is asked
    data_dir = tmp_path / "data"
    lock = claim_instance(data_dir)
    assert lock is not None
    handled: list[Request] = []
    server = InstanceServer(data_dir, lambda request: (handled.append(request), Reply())[1])
    assert server.listen()
    try:
        # When junk, an unknown command and a huge message arrive
        junk = _send_raw(qtbot, data_dir, b"hello\n")
        unknown = _send_raw(qtbot, data_dir, b'{"version": 1, "command": "delete-all"}\n')
        huge = _send_raw(qtbot, data_dir, b"x" * 200_000)
        # Then each is refused, and the handler never saw them
        assert junk.exit_code == unknown.exit_code == huge.exit_code == 2
        assert not handled
        # And a known request is carried out
        assert _send_raw(qtbot, data_dir, Request(command=Command.RAISE).encode()).exit_code == 0
        assert handled == [Request(command=Command.RAISE)]
        # And a second claim on the same folder fails while the lock is held
        assert claim_instance(data_dir) is None
    finally:
        server.close()
        lock.unlock()


@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, OFFSCREEN_RAISE)
def test_a_forwarded_capture_opens_the_dialog(qtbot: QtBot, running: RunningWindow) -> None:
    # Given the running window's request handler
    requests = InstanceRequests(
        window=running.window,
        session=running.session,
        changes=running.changes,
        open_capture=running.controller.open_quick_capture,
        data_dir=running.data_dir,
    )
    # When a capture request arrives
    reply = requests.handle(Request(command=Command.CAPTURE))
    # Then the quick-capture dialog is shown, focused on the name
    dialog = running.controller.capture_dialog.dialog
    assert reply.exit_code == 0
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert "Quick capture" in dialog.windowTitle()
    dialog.reject()
