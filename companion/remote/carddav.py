"""Write one vCard into a CardDAV address book (RFC 6352), never over a change we have not seen.

A new card is sent with ``If-None-Match: *`` (the server refuses if something is already at that
address), a changed one with ``If-Match: <etag>`` (refused if the server's copy changed since).
A refusal is :class:`DavError` with ``DavProblem.CHANGED_ON_SERVER``; the caller decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from companion.remote.dav_discovery import DavError, DavProblem, dav_error_of
from companion.remote.feed_http import CONNECT_TIMEOUT_S, READ_TIMEOUT_S

if TYPE_CHECKING:
    import niquests


def put_card(session: niquests.Session, url: str, card: bytes, *, etag: str = "") -> str:
    """PUT ``card`` at ``url``: new when ``etag`` is empty, else replacing that version.

    Returns the server's new ETag ("" when it sends none; RFC 6352 lets it keep it to itself
    when it changed the card on the way in).
    """
    import niquests

    if urlsplit(url).scheme not in ("http", "https"):
        raise DavError(DavProblem.BAD_ADDRESS)
    headers = {"Content-Type": "text/vcard; charset=utf-8"}
    if etag:
        headers["If-Match"] = etag
    else:
        headers["If-None-Match"] = "*"
    try:
        response = session.put(
            url,
            data=card,
            headers=headers,
            timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
            allow_redirects=False,
            verify=True,
        )
    except niquests.exceptions.RequestException as error:
        raise dav_error_of(error) from error
    try:
        status = response.status_code or 0
        if status == 401:
            raise DavError(DavProblem.WRONG_LOGIN, status=status)
        if status == 412:
            raise DavError(DavProblem.CHANGED_ON_SERVER, status=status)
        if status not in (200, 201, 204):
            raise DavError(DavProblem.HTTP_STATUS, status=status)
        return str(response.headers.get("ETag", ""))
    finally:
        response.close()
