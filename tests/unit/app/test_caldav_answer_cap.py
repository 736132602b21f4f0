"""The calendar side's answers are read at most so long, as the address book's are: a server
that answers without end stops the round with "too large" instead of filling the memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import niquests  # noqa: F401  (imported before the test: it probes IPv6 on import)
import pytest

from companion.remote import caldav_client
from companion.remote.caldav_client import BoundedSession
from companion.remote.dav_discovery import DavError, DavProblem


class _Answer:
    def __init__(self, body: bytes) -> None:
        self.status_code = 207
        self.headers: dict[str, str] = {}
        self._body = body
        self._content: object = False
        self._content_consumed = False
        self.closed = False

    def iter_content(self, size: int) -> Iterator[bytes]:
        for start in range(0, len(self._body), size):
            yield self._body[start : start + size]

    def close(self) -> None:
        self.closed = True

    @property
    def content(self) -> object:
        return self._content


class _Session:
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.options: dict[str, Any] = {}

    def request(self, method: str, url: str, **options: Any) -> _Answer:
        self.options = options
        return _Answer(self.body)

    def close(self) -> None:
        pass


def test_given_an_answer_within_the_cap_then_the_library_reads_it_whole() -> None:
    # Given a server answering a REPORT with a small multistatus
    body = b"<multistatus xmlns='DAV:'/>" * 10
    session = _Session(body)
    # When the library asks through our session
    answer = BoundedSession(session, "dav.example.org").request(  # type: ignore[arg-type]
        "REPORT", "https://dav.example.org/cal/"
    )
    # Then it was streamed, read once and closed, and its content is all there
    assert session.options["stream"] is True
    assert answer.content == body and answer.closed


def test_given_an_answer_past_the_cap_then_the_round_stops_with_too_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a cap of 1 KiB and a server answering with 64 KiB
    monkeypatch.setattr(caldav_client, "MAX_XML_BYTES", 1024)
    session = _Session(b"x" * 64 * 1024)
    # When the library asks
    with pytest.raises(DavError) as raised:
        BoundedSession(session, "dav.example.org").request(  # type: ignore[arg-type]
            "REPORT", "https://dav.example.org/cal/"
        )
    # Then the answer is refused as too large
    assert raised.value.kind is DavProblem.TOO_LARGE
