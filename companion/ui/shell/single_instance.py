"""One running Common Ground per user and data folder, and the line to reach it.

``QLockFile`` decides who is primary; a stale lock (its process died, e.g. ``kill -9``) is
recognised by Qt from the PID in the file and removed. The primary listens on a ``QLocalServer``
(user-only access) and answers the requests of ``companion.services.instance.instance_messages``;
other processes send them with ``forward_request``.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QLockFile, QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from companion import paths
from companion.i18n import _
from companion.services.instance.instance_messages import (
    EXIT_FAILED,
    MAX_REPLY_BYTES,
    MAX_REQUEST_BYTES,
    PendingReply,
    ProtocolError,
    Reply,
    Request,
    decode_reply,
    decode_request,
    instance_lock_file,
    refused,
    socket_address,
)

RequestHandler = Callable[[Request], Reply | PendingReply]

#: A client that connects and says nothing is dropped after this long.
REQUEST_TIMEOUT_MS = 5_000
CONNECT_TIMEOUT_MS = 1_000
#: An instance that holds the lock may still be starting (before it listens).
STARTING_GRACE_S = 10.0
#: Imports and exports of big stores take a while in the instance.
REPLY_TIMEOUT_MS = 10 * 60 * 1000


class InstanceUnreachable(Exception):
    """Another process holds the instance lock but does not answer; ``str()`` says so."""


def _lock(data_dir: Path) -> QLockFile:
    lock = QLockFile(str(instance_lock_file(data_dir)))
    # Age says nothing about a lock held by a running app (it holds it for days); only a dead
    # owner makes it stale. Qt checks the PID (and on Unix the owner's flock) before removing.
    lock.setStaleLockTime(0)
    return lock


def claim_instance(data_dir: Path) -> QLockFile | None:
    """The held instance lock, or ``None`` when a live instance already has it."""
    paths.ensure_private_dir(data_dir)
    lock = _lock(data_dir)
    if not lock.tryLock(0):
        if lock.error() is QLockFile.LockError.PermissionError:
            # Not another instance: the folder refuses new files (read-only disk, rights
            # taken away). Raise what the system says, for the caller to put in words.
            with tempfile.TemporaryFile(dir=data_dir):
                pass
        return None
    if os.name == "posix":
        # Qt creates it world-readable; every file in the data folder is the user's alone.
        instance_lock_file(data_dir).chmod(0o600)
    return lock


def _exchange(name: str, request: Request) -> Reply | None:
    """Send ``request`` to the server ``name``; ``None`` when nobody listens there."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return None
    socket.write(request.encode())
    socket.flush()
    received = bytearray()
    while b"\n" not in received and len(received) <= MAX_REPLY_BYTES:
        if socket.bytesAvailable() == 0 and not socket.waitForReadyRead(REPLY_TIMEOUT_MS):
            received += bytes(socket.readAll().data())
            break
        received += bytes(socket.readAll().data())
    socket.abort()
    if b"\n" not in received:
        raise InstanceUnreachable(_("The running Common Ground sent no usable answer."))
    line = bytes(received).split(b"\n", 1)[0]
    try:
        return decode_reply(line)
    except ProtocolError as error:
        raise InstanceUnreachable(_("The running Common Ground sent no usable answer.")) from error


def forward_request(data_dir: Path, request: Request) -> Reply | None:
    """Have the instance running on ``data_dir`` carry out ``request``.

    Returns ``None`` when no instance runs (the caller does the work itself).

    Raises:
        InstanceUnreachable: an instance holds the lock but does not answer.
    """
    name = socket_address(data_dir)
    deadline = time.monotonic() + STARTING_GRACE_S
    while True:
        reply = _exchange(name, request)
        if reply is not None:
            return reply
        if not instance_lock_file(data_dir).exists():
            return None
        probe = _lock(data_dir)
        if probe.tryLock(0):
            probe.unlock()
            return None
        if time.monotonic() > deadline:
            raise InstanceUnreachable(
                _(
                    "Another Common Ground is using the data in {folder} but does not answer. "
                    "Close it, or end it if it hangs, and try again."
                ).format(folder=data_dir)
            )
        # Not a test's timing guess: the other process is starting and will listen shortly.
        time.sleep(0.1)


class _Connection(QObject):
    """One client: read one request line, answer it, hang up."""

    def __init__(self, socket: QLocalSocket, handler: RequestHandler, parent: QObject) -> None:
        super().__init__(parent)
        self._socket = socket
        self._handler = handler
        self._buffer = bytearray()
        self._answered = False
        self._received = False
        socket.setParent(self)
        socket.readyRead.connect(self._on_socket_ready_read)
        socket.disconnected.connect(self.deleteLater)
        QTimer.singleShot(REQUEST_TIMEOUT_MS, self, self._on_timeout)

    def _on_socket_ready_read(self) -> None:
        if self._answered:
            return
        self._buffer += bytes(self._socket.readAll().data())
        if b"\n" in self._buffer:
            line = bytes(self._buffer).split(b"\n", 1)[0]
            self._answer(line)
        elif len(self._buffer) > MAX_REQUEST_BYTES:
            self._reply(refused(_("The request is too long.")))

    def _answer(self, line: bytes) -> None:
        # The request is in: from now on the client waits for the answer (up to its own
        # REPLY_TIMEOUT_MS), however long the work takes here.
        self._received = True
        try:
            request = decode_request(line)
        except ProtocolError:
            self._reply(refused(_("The running Common Ground did not understand the request.")))
            return
        try:
            reply = self._handler(request)
        except Exception as error:  # the client must get an answer, whatever went wrong
            reply = Reply(
                exit_code=EXIT_FAILED,
                stderr=_("unexpected problem: {error}").format(error=error),
            )
        if isinstance(reply, PendingReply):
            reply.when_done(self._reply)
            return
        self._reply(reply)

    def _reply(self, reply: Reply) -> None:
        if self._answered:
            return
        self._answered = True
        # The client may have gone (Ctrl+C) while the work ran: then there is nobody to tell.
        if not shiboken6.isValid(self._socket):
            return
        if self._socket.state() is not QLocalSocket.LocalSocketState.ConnectedState:
            return
        self._socket.write(reply.encode())
        self._socket.flush()
        self._socket.disconnectFromServer()

    def _on_timeout(self) -> None:
        if not self._answered and not self._received:
            self._socket.abort()


class InstanceServer(QObject):
    """Listens for the other ``companion`` processes while this one owns the data."""

    def __init__(self, data_dir: Path, handler: RequestHandler, parent: QObject | None = None):
        super().__init__(parent)
        self._name = socket_address(data_dir)
        self._handler = handler
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.setMaxPendingConnections(8)
        self._server.newConnection.connect(self._on_server_new_connection)

    def listen(self) -> bool:
        """Start listening; call only while holding the instance lock.

        A socket file left by a crashed instance would make ``listen`` fail, and since we hold
        the lock nobody else can be using it, so it is removed first.
        """
        QLocalServer.removeServer(self._name)
        return self._server.listen(self._name)

    def set_handler(self, handler: RequestHandler) -> None:
        self._handler = handler

    def close(self) -> None:
        self._server.close()

    def _on_server_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            _Connection(socket, lambda request: self._handler(request), self)


def instance_running(data_dir: Path) -> bool:
    """Whether a live app holds ``data_dir`` (starting or running), without asking it anything."""
    if not instance_lock_file(data_dir).exists():
        return False
    probe = _lock(data_dir)
    if probe.tryLock(0):
        probe.unlock()
        return False
    return True
