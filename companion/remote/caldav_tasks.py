"""What changed in a calendar since the last round, and the app's own task list on the server.

Through python-caldav (``caldav_client``): a ``sync-collection`` REPORT (RFC 6578) with the
stored token where the server offers one; otherwise (or when the token expired) the full
listing with ETags, compared here with the ETags we knew. Changed objects are fetched with
``calendar-multiget``. Tasks are written with ``If-None-Match: *`` (new) or ``If-Match``
(changed) and deleted with ``If-Match``: a 412 is reported, never retried over the top.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from companion.remote.caldav_client import dav_error
from companion.remote.dav_discovery import DavError, DavProblem

if TYPE_CHECKING:
    from caldav.davclient import DAVClient

#: Objects fetched per ``calendar-multiget`` REPORT.
MULTIGET_BATCH = 100


@dataclass(frozen=True, slots=True)
class RemoteItem:
    """One calendar object resource: where it is, its version, and its iCalendar text."""

    href: str
    etag: str
    text: str


@dataclass(frozen=True, slots=True)
class CollectionChanges:
    """What changed in one collection; ``full`` when the listing named every object (so an
    object we knew that is not in it is gone), ``token`` the one to send next time ("" when
    the server keeps none)."""

    href: str
    token: str
    changed: tuple[RemoteItem, ...] = ()
    gone: tuple[str, ...] = ()
    full: bool = False


@dataclass(frozen=True, slots=True)
class WriteAnswer:
    """A PUT or DELETE: the server's new ETag, or ``refused`` (412) when its copy changed."""

    etag: str = ""
    refused: bool = False


def collection_changes(
    client: DAVClient, href: str, *, token: str, known: Mapping[str, str]
) -> CollectionChanges:
    """Objects of the collection at ``href`` new or changed since ``token`` / the ETags in
    ``known`` (href → ETag), with their text; raises :class:`DavError`."""
    from caldav.elements import dav

    try:
        calendar = client.calendar(url=href)  # type: ignore[no-untyped-call]
        listing = calendar.get_objects_by_sync_token(sync_token=token or None, load_objects=False)
        next_token = str(listing.sync_token or "")
        # The library's stand-in token ("fake-…") means it listed everything itself.
        full = not token or next_token.startswith("fake-")
        deleted = {str(url) for url in listing.deleted_urls}
        listed: dict[str, str] = {}
        gone: list[str] = []
        for item in listing.objects:
            address = str(item.url.canonical())
            if address in deleted:
                gone.append(address)
                continue
            listed[address] = str((getattr(item, "props", None) or {}).get(dav.GetEtag.tag, ""))
        wanted = [
            address for address, etag in listed.items() if not etag or known.get(address) != etag
        ]
        changed = _fetch(calendar, wanted, listed)
    except Exception as error:
        raise dav_error(error) from error
    if full:
        gone.extend(address for address in known if address not in listed)
    return CollectionChanges(
        href=href,
        token="" if next_token.startswith("fake-") else next_token,
        changed=tuple(changed),
        gone=tuple(sorted(set(gone))),
        full=full,
    )


def _fetch(calendar: Any, addresses: list[str], etags: Mapping[str, str]) -> list[RemoteItem]:
    from caldav.elements import dav
    from caldav.lib.url import URL

    found: list[RemoteItem] = []
    for start in range(0, len(addresses), MULTIGET_BATCH):
        batch = [URL.objectify(address) for address in addresses[start : start + MULTIGET_BATCH]]
        for item in calendar.multiget(batch):
            address = str(item.url.canonical())
            props = getattr(item, "props", None) or {}
            etag = str(props.get(dav.GetEtag.tag) or etags.get(address, ""))
            text = item.data or ""
            if text:
                found.append(RemoteItem(href=address, etag=etag, text=str(text)))
    return found


def find_or_make_task_list(client: DAVClient, *, name: str) -> str:
    """The address of the user's collection called ``name`` that holds tasks; made if none."""
    try:
        principal = client.principal()  # type: ignore[no-untyped-call]
        for calendar in principal.get_calendars():
            if (calendar.get_display_name() or "").strip() != name:
                continue
            if "VTODO" in calendar.get_supported_components():
                return str(calendar.url.canonical())
        made = principal.make_calendar(name=name, supported_calendar_component_set=["VTODO"])
    except Exception as error:
        raise dav_error(error) from error
    return str(made.url.canonical())


def put_task(client: DAVClient, href: str, body: bytes, *, etag: str) -> WriteAnswer:
    """PUT one VCALENDAR at ``href``: new when ``etag`` is "", else replacing that version."""
    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    if etag:
        headers["If-Match"] = etag
    else:
        headers["If-None-Match"] = "*"
    try:
        response = client.put(href, body.decode("utf-8"), headers)
    except Exception as error:
        raise dav_error(error) from error
    return _answer(response, ok=(200, 201, 204))


def delete_task(client: DAVClient, href: str, *, etag: str) -> WriteAnswer:
    """DELETE ``href`` if the server still has the version ``etag``; gone already is fine."""
    headers = {"If-Match": etag} if etag else {}
    try:
        response = client.delete(href, headers)
    except Exception as error:
        raise dav_error(error) from error
    return _answer(response, ok=(200, 204, 404, 410))


def _answer(response: Any, *, ok: tuple[int, ...]) -> WriteAnswer:
    status = int(response.status or 0)
    if status == 412:
        return WriteAnswer(refused=True)
    if status == 401:
        raise DavError(DavProblem.WRONG_LOGIN, status=status)
    if status not in ok:
        raise DavError(DavProblem.HTTP_STATUS, status=status)
    return WriteAnswer(etag=str(response.headers.get("ETag", "")))
