"""python-caldav 3.x, held to our network rules: our session, our time-outs, our redirects.

``DAVClient`` builds a ``niquests.Session`` of its own (which reads ``~/.netrc`` and proxy
variables) and, by default, looks up DNS SRV/TXT records for the host. We construct it with
``enable_rfc6764=False`` and a URL with a path (so no discovery at all) and replace its session
with :class:`BoundedSession`, which wraps ``remote/http_session.restricted_session``: nothing
from the environment, TLS verified, connect/read time-outs on every request, and at most
``MAX_REDIRECTS`` redirects, only on the host the user typed. The library's own redirect
following is switched off per request, so a server cannot send the client anywhere else.
Answers are read at most ``MAX_XML_BYTES`` long, as CardDAV's are (``dav_xml.read_body``): a
server that answers a REPORT without end stops the round with "too large", not the memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from companion.remote.dav_discovery import DavError, DavProblem
from companion.remote.dav_xml import MAX_XML_BYTES, read_body
from companion.remote.feed_http import CONNECT_TIMEOUT_S, MAX_REDIRECTS, READ_TIMEOUT_S

if TYPE_CHECKING:
    import niquests
    from caldav.davclient import DAVClient

_REDIRECTS = (301, 302, 303, 307, 308)


class BoundedSession:
    """What ``DAVClient`` needs of a session (``request``, ``close``), on our terms."""

    def __init__(self, session: niquests.Session, host: str) -> None:
        self._session = session
        self._host = host.lower()

    def request(self, method: str, url: str, **options: Any) -> Any:
        # The library passes its own time-out (an int or None) and verify flag: ours win.
        options.update(
            timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
            verify=True,
            allow_redirects=False,
            proxies=None,
            stream=True,
        )
        target = url
        for _hop in range(MAX_REDIRECTS + 1):
            if (urlsplit(target).hostname or "").lower() != self._host:
                raise DavError(DavProblem.OTHER_HOST, location=target)
            response = self._session.request(method, target, **options)
            if response.status_code not in _REDIRECTS:
                return _capped(response)
            target = urljoin(target, response.headers.get("Location", ""))
            response.close()
        raise DavError(DavProblem.TOO_MANY_REDIRECTS)

    def close(self) -> None:
        self._session.close()


def _capped(response: Any, limit: int | None = None) -> Any:
    """``response`` with its body read now, at most ``limit`` bytes (the library then reads
    ``content``/``text`` as usual)."""
    body = read_body(response, limit=MAX_XML_BYTES if limit is None else limit)
    response._content = body
    response._content_consumed = True
    return response


def caldav_client(session: niquests.Session, url: str, user: str, password: str) -> DAVClient:
    """A ``DAVClient`` for the account at ``url`` that only ever uses ``session``."""
    from caldav.davclient import DAVClient

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DavError(DavProblem.BAD_ADDRESS)
    # A path (even "/") tells the library the address is complete: no look-ups of its own.
    address = url if parts.path else url + "/"
    client = DAVClient(
        url=address,
        username=user,
        password=password,
        enable_rfc6764=False,
        timeout=int(READ_TIMEOUT_S),  # ours are set per request by BoundedSession
        ssl_verify_cert=True,
    )
    client.session.close()  # the library's own session: never used, no socket opened yet
    client.session = BoundedSession(session, parts.hostname)  # type: ignore[assignment]
    return client


def dav_error(error: Exception) -> DavError:
    """Any failure below the library (niquests) or in it (caldav) as our :class:`DavError`."""
    import caldav.lib.error as caldav_error
    import niquests

    if isinstance(error, DavError):
        return error
    if isinstance(error, niquests.exceptions.SSLError):
        return DavError(DavProblem.TLS)
    if isinstance(error, niquests.exceptions.Timeout):
        return DavError(DavProblem.TIMEOUT)
    if isinstance(error, (niquests.exceptions.InvalidURL, niquests.exceptions.InvalidSchema)):
        return DavError(DavProblem.BAD_ADDRESS)
    if isinstance(error, niquests.exceptions.RequestException):
        return DavError(DavProblem.UNREACHABLE)
    if isinstance(error, caldav_error.AuthorizationError):
        return DavError(DavProblem.WRONG_LOGIN, status=401)
    if isinstance(error, caldav_error.NotFoundError):
        return DavError(DavProblem.NOT_DAV, status=404)
    if isinstance(error, caldav_error.DAVError):
        return DavError(DavProblem.HTTP_STATUS, status=_status_of(error))
    # lxml refusing a web page answered instead of XML, and the like.
    return DavError(DavProblem.NOT_DAV)


def _status_of(error: Exception) -> int:
    reason = str(getattr(error, "reason", "") or error)
    for word in reason.replace("(", " ").replace(")", " ").split():
        if word.isdigit() and len(word) == 3:
            return int(word)
    return 0
