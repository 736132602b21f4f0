"""The single-instance protocol's wire: the socket's address and the simplest messages.

Standard library only, and nothing else of the app: ``companion.instance_client`` (the Qt-free
``companion capture``) imports just this, and so does
``companion.services.instance.instance_messages``, which builds the full requests and replies on it
and which the window's ``QLocalServer`` answers with. One JSON line each way.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
from pathlib import Path

from companion import APP_ID

PROTOCOL_VERSION = 1


def _user_id() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return getpass.getuser()


def instance_key(data_dir: Path) -> str:
    """Per user and per data folder: two users, or two data folders, never meet."""
    identity = f"{_user_id()}\0{data_dir.resolve()}".encode()
    return hashlib.sha256(identity).hexdigest()[:24]


def socket_name(data_dir: Path) -> str:
    """The local socket's name; it carries the user id, so other users' names never clash."""
    return f"{APP_ID}-{_user_id()}-{instance_key(data_dir)}"


def socket_address(data_dir: Path) -> str:
    """What ``QLocalServer.listen`` and every client use: on Linux the socket file's path.

    Linux: the Unix socket where Qt puts a plain name (its temp folder: ``$TMPDIR``, else
    ``/tmp``), spelled out here so that a client without Qt finds the very same file.
    Elsewhere the plain name, which only Qt's client speaks.
    """
    name = socket_name(data_dir)
    if not sys.platform.startswith("linux"):
        return name
    folder = os.environ.get("TMPDIR") or "/tmp"
    return str(Path(os.path.normpath(folder)) / name)


def command_line(command: str) -> bytes:
    """A request without arguments (``raise``, ``capture``), as one line."""
    message = {"version": PROTOCOL_VERSION, "command": command}
    return json.dumps(message, separators=(",", ":")).encode() + b"\n"


def reply_status(line: bytes) -> tuple[int, str] | None:
    """The exit status and message of a reply line; ``None`` if it is not a reply."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    if not isinstance(message, dict) or message.get("version") != PROTOCOL_VERSION:
        return None
    exit_code, stderr = message.get("exit_code"), message.get("stderr")
    if not isinstance(exit_code, int) or not 0 <= exit_code <= 255 or not isinstance(stderr, str):
        return None
    return exit_code, stderr
