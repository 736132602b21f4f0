"""Reach the running Common Ground without Qt: a plain Unix-socket client (Linux).

``companion capture`` is bound to a desktop shortcut, so what matters is the time from the key
to a visible dialog. The dialog opens in the running app in milliseconds; importing Qt and the
app's packages first cost the client most of half a second (issue 17). This client speaks the
single-instance protocol (``companion.instance_wire``: one JSON line each way) over the socket
file the app's ``QLocalServer`` listens on, with the standard library only.

``None`` from ``send`` means "no app answered here": the caller then takes the ordinary path
(start the app, or let Qt's client retry while an app is still starting).
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from companion.instance_wire import command_line, reply_status, socket_address

#: The app answers a capture or raise at once; past this it is busy, and Qt's client waits.
REPLY_TIMEOUT_S = 5.0
#: A reply to these commands is a short line; anything longer is not the app.
MAX_REPLY_BYTES = 64 * 1024


def supported() -> bool:
    """Where the socket is a file this client can name (Qt's local sockets on Linux)."""
    return sys.platform.startswith("linux")


def send(
    data_dir: Path, command: str, *, timeout: float = REPLY_TIMEOUT_S
) -> tuple[int, str] | None:
    """Send ``command`` (``capture``, ``raise``) to the app on ``data_dir``.

    Returns its exit status and message, or ``None`` when no app answered.
    """
    if not supported():
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        try:
            connection.connect(socket_address(data_dir))
            connection.sendall(command_line(command))
            received = bytearray()
            while b"\n" not in received and len(received) <= MAX_REPLY_BYTES:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                received += chunk
        except OSError:  # no socket, nobody listening, or a stale file left by a crash
            return None
    if b"\n" not in received:
        return None
    return reply_status(bytes(received).split(b"\n", 1)[0])
