"""Find a user's address books and calendars on a CardDAV/CalDAV server (RFC 6764, 6352, 4791).

The address the user typed, then ``/.well-known/carddav`` and ``/.well-known/caldav`` on the
same host, are asked for the ``current-user-principal``; the principal names the address-book
and calendar homes, and a ``Depth: 1`` listing of each home names the collections. Every way
this can go wrong ends in a :class:`DavError` whose ``kind`` the service puts into words.

Only the host the user typed is ever contacted: redirects are followed (at most
``MAX_REDIRECTS``) only on that host, TLS is verified, every request has time-outs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from companion.remote.feed_http import CONNECT_TIMEOUT_S, MAX_REDIRECTS, READ_TIMEOUT_S
from companion.remote.http_problems import http_problem
from companion.remote.http_session import restricted_session

if TYPE_CHECKING:
    import niquests

#: A principal or a home listing is a few kilobytes; a server sending more is not answering us.
MAX_ANSWER_BYTES = 5 * 1024 * 1024
USER_AGENT = "CommonGround/0.1 (CardDAV/CalDAV sync)"
DAV = "DAV:"
CARDDAV = "urn:ietf:params:xml:ns:carddav"
CALDAV = "urn:ietf:params:xml:ns:caldav"


class DavProblem(StrEnum):
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    TLS = "tls"
    WRONG_LOGIN = "wrong-login"
    NOT_DAV = "not-dav"
    HTTP_STATUS = "http-status"
    OTHER_HOST = "other-host"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    TOO_LARGE = "too-large"
    BAD_ADDRESS = "bad-address"
    #: A conditional write was refused (412): the server's copy is not the one we knew.
    CHANGED_ON_SERVER = "changed-on-server"
    #: The chosen address book or calendar answered 404/410: moved or deleted on the server
    #: (``location`` is its address).
    COLLECTION_GONE = "collection-gone"


class DavError(Exception):
    """The server could not be used; ``kind`` says why, ``status`` / ``location`` add detail."""

    def __init__(self, kind: DavProblem, *, status: int = 0, location: str = "") -> None:
        super().__init__(f"{kind.value} {status or ''} {location}".strip())
        self.kind = kind
        self.status = status
        self.location = location


def collection_gone(error: DavError, href: str) -> DavError:
    """``error`` as :attr:`DavProblem.COLLECTION_GONE` when the collection ``href`` is gone
    (404 or 410), else ``error`` itself."""
    if error.status in (404, 410):
        return DavError(DavProblem.COLLECTION_GONE, status=error.status, location=href)
    return error


def dav_error_of(error: Exception) -> DavError:
    """The :class:`DavError` for an exception niquests raised while sending or reading."""
    return DavError(DavProblem(http_problem(error)))


@dataclass(frozen=True, slots=True)
class FoundCollection:
    href: str
    name: str


@dataclass(frozen=True, slots=True)
class Discovery:
    """What the server offers this user: absolute URLs of the principal and collections."""

    principal: str
    address_books: tuple[FoundCollection, ...]
    calendars: tuple[FoundCollection, ...]


def new_dav_session(user: str, password: str) -> niquests.Session:
    """One HTTP session for talking to one account (connections are reused)."""
    return restricted_session({"User-Agent": USER_AGENT}, auth=(user, password))


def discover(session: niquests.Session, url: str) -> Discovery:
    """The principal, address books and calendars of the account ``session`` logs in as."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DavError(DavProblem.BAD_ADDRESS)
    origin = f"{parts.scheme}://{parts.netloc}"
    principal = ""
    for candidate in (url, f"{origin}/.well-known/carddav", f"{origin}/.well-known/caldav"):
        try:
            principal = _principal(session, candidate, host=parts.hostname)
        except DavError as error:
            # A wrong password or an unreachable host will not improve with the next address.
            if error.kind not in (DavProblem.NOT_DAV, DavProblem.HTTP_STATUS):
                raise
            continue
        if principal:
            break
    if not principal:
        raise DavError(DavProblem.NOT_DAV)
    homes = _propfind(
        session,
        principal,
        [(CARDDAV, "addressbook-home-set"), (CALDAV, "calendar-home-set")],
        depth=0,
        host=parts.hostname,
    )
    address_home = _href_of(homes, principal, CARDDAV, "addressbook-home-set")
    calendar_home = _href_of(homes, principal, CALDAV, "calendar-home-set")
    books = _collections(session, address_home, CARDDAV, "addressbook", parts.hostname)
    calendars = _collections(session, calendar_home, CALDAV, "calendar", parts.hostname)
    return Discovery(principal=principal, address_books=books, calendars=calendars)


def _principal(session: niquests.Session, url: str, *, host: str) -> str:
    answer, final_url = _propfind_following(session, url, [(DAV, "current-user-principal")], host)
    return _href_of(answer, final_url, DAV, "current-user-principal")


def _collections(
    session: niquests.Session, home: str, namespace: str, kind: str, host: str
) -> tuple[FoundCollection, ...]:
    if not home:
        return ()
    answer = _propfind(
        session,
        home,
        [(DAV, "resourcetype"), (DAV, "displayname"), (CALDAV, _COMPONENTS)],
        depth=1,
        host=host,
    )
    found = []
    for response in answer.iter(f"{{{DAV}}}response"):
        href = response.findtext(f"{{{DAV}}}href", "").strip()
        prop = _ok_prop(response)
        if not href or prop is None:
            continue
        if prop.find(f"{{{DAV}}}resourcetype/{{{namespace}}}{kind}") is None:
            continue
        if kind == "calendar" and not _holds_events(prop):
            continue  # a list of tasks (the phone's reminders, our own list): no events to read
        name = (prop.findtext(f"{{{DAV}}}displayname") or "").strip()
        found.append(FoundCollection(href=urljoin(home, href), name=name))
    # The server's order is no order at all; by address, so "the first" is the same every time.
    return tuple(sorted(found, key=lambda collection: collection.href))


_COMPONENTS = "supported-calendar-component-set"


def _holds_events(prop: ElementTree.Element) -> bool:
    """Whether a calendar may hold events; one that does not say holds any kind (RFC 4791)."""
    components = prop.find(f"{{{CALDAV}}}{_COMPONENTS}")
    if components is None:
        return True
    names = {comp.get("name", "").upper() for comp in components.iter(f"{{{CALDAV}}}comp")}
    return not names or "VEVENT" in names


def _href_of(answer: ElementTree.Element, base: str, namespace: str, name: str) -> str:
    for response in answer.iter(f"{{{DAV}}}response"):
        prop = _ok_prop(response)
        if prop is None:
            continue
        href = prop.findtext(f"{{{namespace}}}{name}/{{{DAV}}}href", "").strip()
        if href:
            return urljoin(base, href)
    return ""


def _ok_prop(response: ElementTree.Element) -> ElementTree.Element | None:
    for propstat in response.iter(f"{{{DAV}}}propstat"):
        status = propstat.findtext(f"{{{DAV}}}status", "")
        if " 200 " in f"{status} ":
            return propstat.find(f"{{{DAV}}}prop")
    return None


def _body(properties: list[tuple[str, str]]) -> bytes:
    root = ElementTree.Element(f"{{{DAV}}}propfind")
    prop = ElementTree.SubElement(root, f"{{{DAV}}}prop")
    for namespace, name in properties:
        ElementTree.SubElement(prop, f"{{{namespace}}}{name}")
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def _propfind(
    session: niquests.Session,
    url: str,
    properties: list[tuple[str, str]],
    *,
    depth: int,
    host: str,
) -> ElementTree.Element:
    answer, _final = _propfind_following(session, url, properties, host, depth=depth)
    return answer


def _propfind_following(
    session: niquests.Session,
    url: str,
    properties: list[tuple[str, str]],
    host: str,
    *,
    depth: int = 0,
) -> tuple[ElementTree.Element, str]:
    """PROPFIND ``url``, following redirects on ``host`` only; the parsed answer and its URL."""
    target = url
    for _hop in range(MAX_REDIRECTS + 1):
        response = _request(session, target, properties, depth)
        try:
            status = response.status_code or 0
            if status in (301, 302, 303, 307, 308):
                location = urljoin(target, response.headers.get("Location", ""))
                if (urlsplit(location).hostname or "").lower() != host.lower():
                    raise DavError(DavProblem.OTHER_HOST, status=status, location=location)
                target = location
                continue
            if status == 401:
                raise DavError(DavProblem.WRONG_LOGIN, status=status)
            if status == 207:
                return _parse(_read(response)), target
            content_type = response.headers.get("Content-Type", "").lower()
            if (status == 200 and "html" in content_type) or status in (404, 405, 501):
                raise DavError(DavProblem.NOT_DAV, status=status)
            if status == 200:
                # A 200 to a PROPFIND is no WebDAV answer; if it is XML after all, read it.
                return _parse(_read(response)), target
            raise DavError(DavProblem.HTTP_STATUS, status=status)
        finally:
            response.close()
    raise DavError(DavProblem.TOO_MANY_REDIRECTS)


def _request(
    session: niquests.Session, url: str, properties: list[tuple[str, str]], depth: int
) -> Any:
    import niquests

    try:
        return session.request(
            "PROPFIND",
            url,
            data=_body(properties),
            headers={"Depth": str(depth), "Content-Type": "application/xml; charset=utf-8"},
            timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
            allow_redirects=False,
            stream=True,
            verify=True,
        )
    except niquests.exceptions.RequestException as error:
        raise dav_error_of(error) from error


def _read(response: Any) -> bytes:
    import niquests

    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise DavError(DavProblem.TOO_LARGE)
            chunks.append(chunk)
    except niquests.exceptions.RequestException as error:
        raise dav_error_of(error) from error
    return b"".join(chunks)


def _parse(body: bytes) -> ElementTree.Element:
    # The standard parser resolves no external entities, and the bundled expat refuses
    # entity-expansion bombs; an answer that is no XML at all means this is no DAV server.
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise DavError(DavProblem.NOT_DAV) from error
    if root.tag != f"{{{DAV}}}multistatus":
        raise DavError(DavProblem.NOT_DAV)
    return root
