"""What a second ``companion`` process may ask the running one, as one JSON line each way.

Only the running instance writes the store (TinyDB has no multi-process safety), so a second
launch, ``companion capture`` and the CLI's ``import``/``export`` are sent to it over a local
socket. This module is the Qt-free half: where the lock file lives, the socket's name, and the
message format. The Qt half (lock, server, client) is ``companion.ui.shell.single_instance``.

A request is ``{"version": 1, "command": "...", ...}``; only the commands of ``COMMANDS`` with
their own arguments are accepted, and a request is at most ``MAX_REQUEST_BYTES`` long. A reply
carries the exit status and the text the CLI would have printed itself.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

# The address and the protocol version live in the Qt-free wire module the quick client uses.
from companion.instance_wire import (
    PROTOCOL_VERSION,
    instance_key,
    socket_address,
    socket_name,
)

__all__ = ["instance_key", "socket_address", "socket_name"]
#: Requests name a few paths at most; anything longer is not one of ours.
MAX_REQUEST_BYTES = 64 * 1024
#: A reply may carry a whole export (base64), so it may be far larger than a request.
MAX_REPLY_BYTES = 1024 * 1024 * 1024
MAX_IMPORT_FILES = 100
#: How long a sender keeps asking an instance that answers "busy" before it gives up.
BUSY_WAIT_S = 30.0
#: Between two asks.
BUSY_RETRY_S = 0.5
INSTANCE_LOCK_NAME = "instance.lock"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class Command(StrEnum):
    RAISE = "raise"
    CAPTURE = "capture"
    IMPORT = "import"
    EXPORT = "export"
    FEEDS = "feeds"
    UNDO_MERGE = "undo-merge"
    #: One sync round with every account, or with the one named in ``name``.
    SYNC = "sync"


FEED_ACTIONS = frozenset({"add", "list", "remove", "refresh"})
MAX_FEED_ARGUMENT = 4096
_MERGE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
VCARD_VERSIONS = frozenset({"", "3.0", "4.0"})


class ProtocolError(ValueError):
    """A message that is not a well-formed request or reply of this version; it is refused."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    command: Command
    #: ``import``: absolute paths of the files, in order.
    paths: tuple[Path, ...] = ()
    #: ``export``: the format, and the absolute output path (``None``: bytes in the reply).
    format: str = ""
    output: Path | None = None
    #: ``export --format vcf``: "3.0" or "4.0" ("" is the default, 4.0).
    vcard_version: str = ""
    #: ``export --format csv --bom``: start the file with a UTF-8 byte order mark.
    bom: bool = False
    #: ``feeds``: the action, and its address or feed name (``sync``: the account's name).
    feeds_action: str = ""
    url: str = ""
    name: str = ""
    #: ``merges --undo ID``: the merge to undo.
    merge_id: str = ""

    def encode(self) -> bytes:
        message: dict[str, Any] = {"version": PROTOCOL_VERSION, "command": self.command.value}
        if self.command is Command.IMPORT:
            message["paths"] = [str(path) for path in self.paths]
        if self.command is Command.EXPORT:
            message["format"] = self.format
            message["output"] = None if self.output is None else str(self.output)
            if self.vcard_version:
                message["vcard_version"] = self.vcard_version
            if self.bom:
                message["bom"] = True
        if self.command is Command.FEEDS:
            message["action"] = self.feeds_action
            message["url"] = self.url
            message["name"] = self.name
        if self.command is Command.UNDO_MERGE:
            message["merge_id"] = self.merge_id
        if self.command is Command.SYNC:
            message["name"] = self.name
        return orjson.dumps(message) + b"\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """The outcome of a request, as the CLI reports it: exit status and what to print."""

    exit_code: int = EXIT_OK
    stdout: str = ""
    stderr: str = ""
    #: Bytes for standard output (an export without ``-o``).
    payload: bytes = field(default=b"", repr=False)
    #: The instance cannot do it yet (still starting, or waiting for another import to
    #: finish): the sender may ask again shortly, for a bounded time (``BUSY_WAIT_S``).
    busy: bool = False

    def encode(self) -> bytes:
        message: dict[str, Any] = {
            "version": PROTOCOL_VERSION,
            "exit_code": self.exit_code,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "payload": base64.b64encode(self.payload).decode("ascii"),
        }
        if self.busy:
            # Added later, and only when true: older senders ignore it and report the text.
            message["busy"] = True
        return orjson.dumps(message) + b"\n"


def _object(line: bytes, *, limit: int) -> dict[str, Any]:
    if len(line) > limit:
        raise ProtocolError("message too long")
    try:
        message = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise ProtocolError("not JSON") from error
    if not isinstance(message, dict):
        raise ProtocolError("not a JSON object")
    if message.get("version") != PROTOCOL_VERSION:
        raise ProtocolError("unsupported protocol version")
    return message


def _absolute_path(value: object) -> Path:
    if not isinstance(value, str) or not value or "\0" in value:
        raise ProtocolError("a path must be a non-empty string")
    path = Path(value)
    if not path.is_absolute():
        # The instance runs in another working folder: a relative path would mean another file.
        raise ProtocolError("paths must be absolute")
    return path


def decode_request(line: bytes) -> Request:
    """The request in ``line``; ``ProtocolError`` for anything but a known, well-formed one."""
    message = _object(line, limit=MAX_REQUEST_BYTES)
    name = message.get("command")
    if not isinstance(name, str) or name not in {command.value for command in Command}:
        raise ProtocolError("unknown command")
    command = Command(name)
    allowed = {"version", "command"} | {
        Command.IMPORT: {"paths"},
        Command.EXPORT: {"format", "output", "vcard_version", "bom"},
        Command.FEEDS: {"action", "url", "name"},
        Command.UNDO_MERGE: {"merge_id"},
        Command.SYNC: {"name"},
    }.get(command, set())
    if set(message) - allowed:
        raise ProtocolError("unexpected fields")
    if command is Command.IMPORT:
        paths = message.get("paths")
        if not isinstance(paths, list) or not 1 <= len(paths) <= MAX_IMPORT_FILES:
            raise ProtocolError("import needs between 1 and 100 paths")
        return Request(command=command, paths=tuple(_absolute_path(path) for path in paths))
    if command is Command.EXPORT:
        # Imported here: the format registry is not needed to parse a capture request.
        from companion.services.data.formats import export_names

        export_format = message.get("format")
        if not isinstance(export_format, str) or export_format not in export_names():
            raise ProtocolError("unknown export format")
        output = message.get("output")
        vcard_version = message.get("vcard_version", "")
        bom = message.get("bom", False)
        if not isinstance(vcard_version, str) or vcard_version not in VCARD_VERSIONS:
            raise ProtocolError("unknown vCard version")
        if not isinstance(bom, bool):
            raise ProtocolError("bom must be true or false")
        return Request(
            command=command,
            format=str(export_format),
            output=None if output is None else _absolute_path(output),
            vcard_version=vcard_version,
            bom=bom,
        )
    if command is Command.FEEDS:
        action, url, name = (message.get(key, "") for key in ("action", "url", "name"))
        if not isinstance(action, str) or action not in FEED_ACTIONS:
            raise ProtocolError("unknown feeds action")
        if not all(isinstance(v, str) and len(v) <= MAX_FEED_ARGUMENT for v in (url, name)):
            raise ProtocolError("bad feeds argument")
        return Request(command=command, feeds_action=action, url=str(url), name=str(name))
    if command is Command.UNDO_MERGE:
        merge_id = message.get("merge_id")
        if not isinstance(merge_id, str) or not _MERGE_ID.fullmatch(merge_id):
            raise ProtocolError("a merge id is 1 to 64 letters, digits, - or _")
        return Request(command=command, merge_id=merge_id)
    if command is Command.SYNC:
        name = message.get("name", "")
        if not isinstance(name, str) or len(name) > MAX_FEED_ARGUMENT:
            raise ProtocolError("bad sync account name")
        return Request(command=command, name=name)
    return Request(command=command)


class PendingReply:
    """A reply the running instance gives later: the work runs off its GUI thread (a feeds
    refresh), and the connection stays open until ``resolve`` is called."""

    def __init__(self) -> None:
        self.reply: Reply | None = None
        self._callbacks: list[Callable[[Reply], None]] = []

    def when_done(self, callback: Callable[[Reply], None]) -> None:
        if self.reply is not None:
            callback(self.reply)
        else:
            self._callbacks.append(callback)

    def resolve(self, reply: Reply) -> None:
        self.reply = reply
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(reply)


def decode_reply(line: bytes) -> Reply:
    message = _object(line, limit=MAX_REPLY_BYTES)
    exit_code, stdout, stderr = (message.get(key) for key in ("exit_code", "stdout", "stderr"))
    payload = message.get("payload", "")
    busy = message.get("busy", False)
    if not isinstance(exit_code, int) or not 0 <= exit_code <= 255:
        raise ProtocolError("bad exit code")
    if not isinstance(busy, bool):
        raise ProtocolError("busy must be true or false")
    if not isinstance(stdout, str) or not isinstance(stderr, str) or not isinstance(payload, str):
        raise ProtocolError("bad reply text")
    try:
        data = base64.b64decode(payload, validate=True)
    except binascii.Error as error:
        raise ProtocolError("bad payload") from error
    return Reply(exit_code=exit_code, stdout=stdout, stderr=stderr, payload=data, busy=busy)


def refused(reason: str) -> Reply:
    """The reply to a request the instance will not carry out."""
    return Reply(exit_code=EXIT_BAD_INPUT, stderr=reason)


def instance_lock_file(data_dir: Path) -> Path:
    """The lock the running instance holds (``QLockFile``), beside the data it owns."""
    return data_dir / INSTANCE_LOCK_NAME
