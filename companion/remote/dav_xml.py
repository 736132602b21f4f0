"""Reading a server's WebDAV XML answers safely, and the requests that carry them.

Answers are read with the standard library only after a check that they hold no document type
declaration (so no entities, internal or external, can be expanded: the defusedxml rule) and
are no bigger than a cap. Every request has connect and read time-outs, verifies TLS and follows
no redirect (card addresses come from the server itself; a redirect away is refused).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from companion.remote.dav_discovery import DAV, DavError, DavProblem
from companion.remote.feed_http import CONNECT_TIMEOUT_S, READ_TIMEOUT_S

if TYPE_CHECKING:
    import niquests

#: A listing of thousands of cards, or a batch of cards with photos, stays well below this.
MAX_XML_BYTES = 40 * 1024 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def send(
    session: niquests.Session,
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """One request, its network failures as :class:`DavError`; a redirect is refused."""
    import niquests

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DavError(DavProblem.BAD_ADDRESS)
    try:
        response = session.request(
            method,
            url,
            data=body,
            headers=headers or {},
            timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
            allow_redirects=False,
            stream=True,
            verify=True,
        )
    except niquests.exceptions.SSLError as error:
        raise DavError(DavProblem.TLS) from error
    except niquests.exceptions.Timeout as error:
        raise DavError(DavProblem.TIMEOUT) from error
    except (niquests.exceptions.InvalidURL, niquests.exceptions.InvalidSchema) as error:
        raise DavError(DavProblem.BAD_ADDRESS) from error
    except niquests.exceptions.RequestException as error:
        raise DavError(DavProblem.UNREACHABLE) from error
    status = response.status_code or 0
    if status in _REDIRECTS:
        location = urljoin(url, response.headers.get("Location", ""))
        response.close()
        other = (urlsplit(location).hostname or "").lower() != parts.hostname.lower()
        raise DavError(
            DavProblem.OTHER_HOST if other else DavProblem.HTTP_STATUS,
            status=status,
            location=location,
        )
    if status == 401:
        response.close()
        raise DavError(DavProblem.WRONG_LOGIN, status=status)
    return response


def read_body(response: Any, *, limit: int = MAX_XML_BYTES) -> bytes:
    """The whole body, at most ``limit`` bytes (``DavError`` TOO_LARGE past it)."""
    import niquests

    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise DavError(DavProblem.TOO_LARGE)
            chunks.append(chunk)
    except niquests.exceptions.Timeout as error:
        raise DavError(DavProblem.TIMEOUT) from error
    except niquests.exceptions.RequestException as error:
        raise DavError(DavProblem.UNREACHABLE) from error
    finally:
        response.close()
    return b"".join(chunks)


def multistatus(response: Any) -> ElementTree.Element:
    """A 207 answer's ``multistatus`` element; anything else is a :class:`DavError`."""
    status = response.status_code or 0
    content_type = str(response.headers.get("Content-Type", "")).lower()
    if status != 207:
        response.close()
        if status == 200 and "html" in content_type:
            raise DavError(DavProblem.NOT_DAV, status=status)
        raise DavError(DavProblem.HTTP_STATUS, status=status)
    return parse(read_body(response))


def parse(body: bytes) -> ElementTree.Element:
    """``body`` as XML with a ``DAV:multistatus`` root; a DTD (and so any entity) is refused."""
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body or b"<!doctype" in body:
        raise DavError(DavProblem.NOT_DAV)
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise DavError(DavProblem.NOT_DAV) from error
    if root.tag != f"{{{DAV}}}multistatus":
        raise DavError(DavProblem.NOT_DAV)
    return root


def status_code(text: str | None) -> int:
    """The number of an ``HTTP/1.1 404 Not Found`` status line (0 when there is none)."""
    parts = (text or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def ok_prop(response: ElementTree.Element) -> ElementTree.Element | None:
    """The ``prop`` of a response's 200 ``propstat``, if it has one."""
    for propstat in response.iter(f"{{{DAV}}}propstat"):
        if status_code(propstat.findtext(f"{{{DAV}}}status")) == 200:
            return propstat.find(f"{{{DAV}}}prop")
    return None


def xml_body(root: ElementTree.Element) -> bytes:
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
