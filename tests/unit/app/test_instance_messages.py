"""The messages a second ``companion`` process may send the running one: only known ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.services.instance.instance_messages import (
    MAX_REQUEST_BYTES,
    Command,
    ProtocolError,
    Reply,
    Request,
    decode_reply,
    decode_request,
    socket_name,
)


@pytest.mark.parametrize(
    "request_",
    [
        Request(command=Command.RAISE),
        Request(command=Command.CAPTURE),
        Request(command=Command.IMPORT, paths=(Path("/a/b.json"), Path("/c.json"))),
        Request(command=Command.EXPORT, format="json", output=Path("/out.json")),
        Request(command=Command.EXPORT, format="json"),
        Request(command=Command.SYNC),
        Request(command=Command.SYNC, name="Phone"),
    ],
)
def test_known_requests_survive_the_trip(request_: Request) -> None:
    assert decode_request(request_.encode().rstrip(b"\n")) == request_


@pytest.mark.parametrize(
    "line",
    [
        b"not json",
        b"[1, 2]",
        b'{"command": "raise"}',
        b'{"version": 2, "command": "raise"}',
        b'{"version": 1, "command": "quit"}',
        b'{"version": 1, "command": ["raise"]}',
        b'{"version": 1, "command": "raise", "extra": 1}',
        b'{"version": 1, "command": "import", "paths": []}',
        b'{"version": 1, "command": "import", "paths": ["relative.json"]}',
        b'{"version": 1, "command": "export", "format": "exe", "output": null}',
        b'{"version": 1, "command": "export", "format": ["json"], "output": null}',
        b'{"version": 1, "command": "sync", "name": 3}',
        b'{"version": 1, "command": "sync", "url": "https://x"}',
        b'{"version": 1, "command": "import", "paths": ["/' + b"a" * MAX_REQUEST_BYTES + b'"]}',
    ],
)
def test_anything_else_is_refused(line: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode_request(line)


def test_replies_carry_exit_status_text_and_bytes() -> None:
    reply = Reply(exit_code=2, stdout="out\n", stderr="err\n", payload=b"\x00\xff{}")
    assert decode_reply(reply.encode().rstrip(b"\n")) == reply


def test_the_socket_name_is_per_user_and_per_data_folder(tmp_path: Path) -> None:
    first, second = socket_name(tmp_path / "one"), socket_name(tmp_path / "two")
    assert first != second
    assert first == socket_name(tmp_path / "one" / ".." / "one")


def test_a_busy_reply_says_so_and_an_old_one_is_not_busy() -> None:
    from companion.services.instance.instance_messages import Reply, decode_reply

    busy = Reply(exit_code=1, stderr="busy\n", busy=True)
    assert decode_reply(busy.encode().rstrip(b"\n")).busy is True
    assert decode_reply(Reply().encode().rstrip(b"\n")).busy is False
