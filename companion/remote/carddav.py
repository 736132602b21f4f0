"""A thin CardDAV client (RFC 6352, RFC 6578) on our niquests session.

What changed since the last round comes from a ``sync-collection`` REPORT with the stored
token; where the server offers none, or refuses the token, from a ``Depth: 1`` listing of every
card's ETag. Cards are fetched with ``addressbook-multiget`` in batches. Every write is
conditional, so a change we have not seen is never overwritten: a new card is sent with
``If-None-Match: *``, a changed one with ``If-Match: <etag>``, a DELETE with ``If-Match``.
A refusal is :class:`DavError` with ``DavProblem.CHANGED_ON_SERVER``; the caller decides.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from companion.remote.dav_discovery import CARDDAV, DAV, DavError, DavProblem
from companion.remote.dav_xml import (
    multistatus,
    ok_prop,
    read_body,
    send,
    status_code,
    xml_body,
)

if TYPE_CHECKING:
    import niquests

#: Cards per ``addressbook-multiget``: large enough to be quick, small enough for one answer.
MULTIGET_BATCH = 100
#: One card (photo included) is never near this; the import limits apply afterwards.
MAX_CARD_BYTES = 4 * 1024 * 1024
_XML = {"Content-Type": "application/xml; charset=utf-8"}


class SyncTokenRefused(DavError):
    """The server no longer knows the token (or offers no ``sync-collection``): list instead."""

    def __init__(self, status: int) -> None:
        super().__init__(DavProblem.HTTP_STATUS, status=status)


@dataclass(frozen=True, slots=True)
class Listing:
    """What the server says about its cards.

    ``full``: ``etags`` names every card (a listing or a first sync-collection), so a known card
    missing from it is gone; otherwise only the changes since the token are in ``etags`` and
    ``removed``. ``token`` is the one to send next time ("" when the server offers none).
    """

    etags: dict[str, str]
    removed: tuple[str, ...] = ()
    token: str = ""
    full: bool = True


@dataclass(frozen=True, slots=True)
class FetchedCard:
    href: str
    etag: str
    body: bytes


@dataclass(slots=True)
class Fetched:
    cards: list[FetchedCard] = field(default_factory=list)
    #: Asked for but gone meanwhile (404 in the multiget).
    missing: list[str] = field(default_factory=list)


def href_key(url: str) -> str:
    """What tells two addresses of one card apart: the unquoted path (hosts agree anyway)."""
    # Plain string work: a round asks this for every card, and urlsplit is slow at that.
    _scheme, separator, rest = url.partition("://")
    path = rest[rest.find("/") :] if separator and "/" in rest else ("/" if separator else url)
    path = path.split("?", 1)[0].split("#", 1)[0]
    return unquote(path) if "%" in path else path


def changes_since(session: niquests.Session, book: str, token: str) -> Listing:
    """The cards changed since ``token`` (all of them with no token), by sync-collection.

    Raises :class:`SyncTokenRefused` when the server refuses the token or the report.
    """
    root = ElementTree.Element(f"{{{DAV}}}sync-collection")
    ElementTree.SubElement(root, f"{{{DAV}}}sync-token").text = token
    ElementTree.SubElement(root, f"{{{DAV}}}sync-level").text = "1"
    prop = ElementTree.SubElement(root, f"{{{DAV}}}prop")
    ElementTree.SubElement(prop, f"{{{DAV}}}getetag")
    response = send(session, "REPORT", book, body=xml_body(root), headers={**_XML, "Depth": "0"})
    status = response.status_code or 0
    if status in (400, 403, 404, 405, 409, 412, 415, 501):
        # RFC 6578 3.2: an invalid token is a 403 or 409 with DAV:valid-sync-token; servers
        # without the report answer 400, 403, 405 or 501. Either way a listing will do.
        response.close()
        raise SyncTokenRefused(status)
    answer = multistatus(response)
    etags: dict[str, str] = {}
    removed: list[str] = []
    for item in answer.iter(f"{{{DAV}}}response"):
        href = urljoin(book, item.findtext(f"{{{DAV}}}href", "").strip())
        if not href or href_key(href).rstrip("/") == href_key(book).rstrip("/"):
            continue
        if status_code(item.findtext(f"{{{DAV}}}status")) == 404:
            removed.append(href)
            continue
        found = ok_prop(item)
        etag = (found.findtext(f"{{{DAV}}}getetag") or "").strip() if found is not None else ""
        if etag and not href.endswith("/"):
            etags[href] = etag
    new_token = (answer.findtext(f"{{{DAV}}}sync-token") or "").strip()
    return Listing(etags=etags, removed=tuple(removed), token=new_token, full=not token)


def list_cards(session: niquests.Session, book: str) -> Listing:
    """Every card of ``book`` with its ETag, by a ``Depth: 1`` PROPFIND."""
    etags = _etags(session, book, depth=1)
    book_key = href_key(book).rstrip("/")
    return Listing(
        etags={
            href: etag
            for href, etag in etags.items()
            if href_key(href).rstrip("/") != book_key and not href.endswith("/")
        },
        full=True,
    )


def etag_of(session: niquests.Session, href: str) -> str:
    """The card's current ETag by a ``Depth: 0`` PROPFIND ("" when the server names none)."""
    return next(iter(_etags(session, href, depth=0).values()), "")


def _etags(session: niquests.Session, url: str, *, depth: int) -> dict[str, str]:
    root = ElementTree.Element(f"{{{DAV}}}propfind")
    prop = ElementTree.SubElement(root, f"{{{DAV}}}prop")
    ElementTree.SubElement(prop, f"{{{DAV}}}getetag")
    ElementTree.SubElement(prop, f"{{{DAV}}}resourcetype")
    response = send(
        session, "PROPFIND", url, body=xml_body(root), headers={**_XML, "Depth": str(depth)}
    )
    answer = multistatus(response)
    found: dict[str, str] = {}
    for item in answer.iter(f"{{{DAV}}}response"):
        href = urljoin(url, item.findtext(f"{{{DAV}}}href", "").strip())
        found_prop = ok_prop(item)
        if found_prop is None:
            continue
        if found_prop.find(f"{{{DAV}}}resourcetype/{{{DAV}}}collection") is not None:
            continue
        etag = (found_prop.findtext(f"{{{DAV}}}getetag") or "").strip()
        if etag:
            found[href] = etag
    return found


def fetch_cards(session: niquests.Session, book: str, hrefs: Iterable[str]) -> Fetched:
    """The cards at ``hrefs`` with their ETags, by ``addressbook-multiget`` in batches."""
    wanted = list(dict.fromkeys(hrefs))
    fetched = Fetched()
    for start in range(0, len(wanted), MULTIGET_BATCH):
        batch = wanted[start : start + MULTIGET_BATCH]
        root = ElementTree.Element(f"{{{CARDDAV}}}addressbook-multiget")
        prop = ElementTree.SubElement(root, f"{{{DAV}}}prop")
        ElementTree.SubElement(prop, f"{{{DAV}}}getetag")
        ElementTree.SubElement(prop, f"{{{CARDDAV}}}address-data")
        for href in batch:
            ElementTree.SubElement(root, f"{{{DAV}}}href").text = urlsplit(href).path
        response = send(
            session, "REPORT", book, body=xml_body(root), headers={**_XML, "Depth": "1"}
        )
        by_key = {href_key(href): href for href in batch}
        seen: set[str] = set()
        for item in multistatus(response).iter(f"{{{DAV}}}response"):
            href = urljoin(book, item.findtext(f"{{{DAV}}}href", "").strip())
            asked = by_key.get(href_key(href))
            if asked is None:
                continue
            answered = ok_prop(item)
            data = answered.findtext(f"{{{CARDDAV}}}address-data") if answered is not None else None
            if answered is None or data is None:
                continue
            seen.add(asked)
            body = data.encode("utf-8")
            if len(body) > MAX_CARD_BYTES:
                continue
            etag = (answered.findtext(f"{{{DAV}}}getetag") or "").strip()
            fetched.cards.append(FetchedCard(href=asked, etag=etag, body=body))
        fetched.missing.extend(href for href in batch if href not in seen)
    return fetched


def put_card(session: niquests.Session, url: str, card: bytes, *, etag: str = "") -> str:
    """PUT ``card`` at ``url``: new when ``etag`` is empty, else replacing that version.

    Returns the server's new ETag; when the PUT answer names none (RFC 6352 lets a server keep
    it to itself when it changed the card on the way in), a ``Depth: 0`` PROPFIND asks for it.
    """
    headers = {"Content-Type": "text/vcard; charset=utf-8"}
    if etag:
        headers["If-Match"] = etag
    else:
        headers["If-None-Match"] = "*"
    response = send(session, "PUT", url, body=card, headers=headers)
    status = response.status_code or 0
    new_etag = str(response.headers.get("ETag", "") or "")
    read_body(response, limit=64 * 1024)
    if status == 412:
        raise DavError(DavProblem.CHANGED_ON_SERVER, status=status)
    if status not in (200, 201, 204):
        raise DavError(DavProblem.HTTP_STATUS, status=status)
    return new_etag or etag_of(session, url)


def delete_card(session: niquests.Session, url: str, *, etag: str) -> None:
    """DELETE the card at ``url`` if it is still version ``etag``; gone already is fine."""
    headers = {"If-Match": etag} if etag else {}
    response = send(session, "DELETE", url, headers=headers)
    status = response.status_code or 0
    read_body(response, limit=64 * 1024)
    if status == 412:
        raise DavError(DavProblem.CHANGED_ON_SERVER, status=status)
    if status not in (200, 204, 404, 410):
        raise DavError(DavProblem.HTTP_STATUS, status=status)
