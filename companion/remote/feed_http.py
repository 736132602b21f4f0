"""Fetch one calendar feed over HTTP(S): conditional, bounded, and only from the feed's own host.

A feed is refreshed every few hours, so a fetch sends ``If-None-Match`` / ``If-Modified-Since``
and most answers are a bodiless 304. Every way a feed can go wrong ends in a :class:`FeedFetchError`
whose ``kind`` the service turns into words; nothing here raises anything else for network or
server trouble.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import urljoin, urlsplit

from companion.remote.http_problems import http_problem
from companion.remote.http_session import restricted_session

if TYPE_CHECKING:
    import niquests

#: The HTTP session callers hold between requests (services name it without importing niquests).
HttpSession: TypeAlias = "niquests.Session"

#: Bigger than any real calendar feed (a busy Meetup account is well under 1 MB).
MAX_FEED_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 30.0
#: A server that drips bytes for ever is cut off after this long in total.
TOTAL_TIMEOUT_S = 60.0
_CHUNK = 64 * 1024
USER_AGENT = "CommonGround/0.1 (calendar feed reader)"


class FetchProblem(StrEnum):
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    TLS = "tls"
    HTTP_STATUS = "http-status"
    TOO_LARGE = "too-large"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    OTHER_HOST = "other-host"
    BAD_ADDRESS = "bad-address"


class FeedFetchError(Exception):
    """The feed could not be fetched; ``kind`` says why, ``status`` / ``location`` add detail."""

    def __init__(self, kind: FetchProblem, *, status: int = 0, location: str = "") -> None:
        super().__init__(f"{kind.value} {status or ''} {location}".strip())
        self.kind = kind
        self.status = status
        self.location = location


@dataclass(frozen=True, slots=True)
class FetchedFeed:
    """A 200 with its body, or a 304 (``not_modified``, empty body) with the validators to keep."""

    not_modified: bool
    body: bytes
    etag: str
    last_modified: str
    content_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchLimits:
    max_bytes: int = MAX_FEED_BYTES
    max_redirects: int = MAX_REDIRECTS
    connect_timeout: float = CONNECT_TIMEOUT_S
    read_timeout: float = READ_TIMEOUT_S
    total_timeout: float = TOTAL_TIMEOUT_S


def http_url(url: str) -> str:
    """``webcal://`` (what "Add to calendar" links use) is plain HTTPS; others unchanged."""
    scheme, _, rest = url.partition("://")
    if scheme.lower() in ("webcal", "webcals"):
        return f"https://{rest}"
    return url


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def new_session() -> niquests.Session:
    """One HTTP session for a refresh round (connections are reused between feeds)."""
    # Our own headers replace the library's defaults: ask for compression explicitly.
    return restricted_session(
        {
            "User-Agent": USER_AGENT,
            "Accept": "text/calendar, */*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        }
    )


def fetch_feed(
    session: niquests.Session,
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    limits: FetchLimits = FetchLimits(),
    clock: Callable[[], float] = time.monotonic,
) -> FetchedFeed:
    """GET ``url`` (following at most ``max_redirects`` redirects on the same host)."""
    import niquests

    target = http_url(url)
    host = _host(target)
    if urlsplit(target).scheme not in ("http", "https") or not host:
        raise FeedFetchError(FetchProblem.BAD_ADDRESS)
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = clock()
    for _hop in range(limits.max_redirects + 1):
        try:
            response = session.get(
                target,
                headers=headers,
                timeout=(limits.connect_timeout, limits.read_timeout),
                allow_redirects=False,
                stream=True,
                verify=True,
            )
        except niquests.exceptions.RequestException as error:
            raise FeedFetchError(FetchProblem(http_problem(error))) from error
        try:
            status = response.status_code or 0
            if status in (301, 302, 303, 307, 308):
                location = urljoin(target, response.headers.get("Location", ""))
                if _host(location) != host or urlsplit(location).scheme not in ("http", "https"):
                    raise FeedFetchError(FetchProblem.OTHER_HOST, status=status, location=location)
                target = location
                continue
            if status == 304:
                return FetchedFeed(
                    not_modified=True,
                    body=b"",
                    etag=response.headers.get("ETag", etag),
                    last_modified=response.headers.get("Last-Modified", last_modified),
                    content_type="",
                )
            if status != 200:
                raise FeedFetchError(FetchProblem.HTTP_STATUS, status=status)
            body = _read_body(response, limits=limits, started=started, clock=clock)
            return FetchedFeed(
                not_modified=False,
                body=body,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
                content_type=response.headers.get("Content-Type", ""),
            )
        finally:
            response.close()
    raise FeedFetchError(FetchProblem.TOO_MANY_REDIRECTS)


def _read_body(
    response: Any, *, limits: FetchLimits, started: float, clock: Callable[[], float]
) -> bytes:
    import niquests

    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FeedFetchError(FetchProblem.TOO_LARGE)
    chunks: list[bytes] = []
    size = 0
    try:
        # Decoded (gunzipped) bytes are counted, so a small compressed bomb is stopped too.
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > limits.max_bytes:
                raise FeedFetchError(FetchProblem.TOO_LARGE)
            if clock() - started > limits.total_timeout:
                raise FeedFetchError(FetchProblem.TIMEOUT)
            chunks.append(chunk)
    except niquests.exceptions.RequestException as error:
        raise FeedFetchError(FetchProblem(http_problem(error))) from error
    return b"".join(chunks)
