"""CardDAV/CalDAV accounts the user added to sync people and calendars with (issue 14).

An account's address may name a private server, so it lives only in the encrypted store, in a
bookkeeping table the plain JSON backup leaves out. The password is kept in the OS keychain when
there is a safe one; only without one does it sit in the record (``stored_password``), that is
inside the encrypted store — never in a plain file, and never in ``repr`` or a log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from companion.domain.errors import ValidationError
from companion.domain.ids import new_id
from companion.i18n import _

MAX_ACCOUNTS = 20
MAX_NAME_LENGTH = 80
MAX_URL_LENGTH = 2000
_SPACES = re.compile(r"\s+")
#: ``companion sync NAME`` runs a round with NAME: an account may not be named like an action.
RESERVED_NAMES = frozenset(
    {"add", "list", "remove", "allow-deletes", "calendars", "run", "look-again", "address-book"}
    | {"password"}
)


@dataclass(frozen=True, slots=True)
class Collection:
    """An address book or calendar found on the server: where it is and what it is called."""

    href: str
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncAccount:
    """One server account and what discovery and the last sync found.

    ``address_book`` is the chosen address book (the first one found, by default);
    ``calendars`` the calendars found, the ones to read being chosen later. ``last_error`` is
    the last problem in the user's words ("" when the last contact went well).
    """

    name: str
    url: str
    user: str
    id: str = field(default_factory=new_id)
    added: datetime | None = None
    address_book: str = ""
    address_books: tuple[Collection, ...] = ()
    calendars: tuple[Collection, ...] = ()
    #: The calendars whose events come in (hrefs); empty: see ``calendars_to_read``.
    chosen_calendars: tuple[str, ...] = ()
    last_sync: datetime | None = None
    last_error: str = ""
    #: True when the password is in the OS keychain; else it is ``stored_password``.
    in_keychain: bool = False
    stored_password: str = field(default="", repr=False)
    #: The address book's sync-collection token after the last round ("" for none yet).
    sync_token: str = ""
    #: Private by default: notes, what they work on / look for leave only when this is True.
    share_notes: bool = False
    #: Interests (and tags) go as CATEGORIES unless switched off.
    share_interests: bool = True
    #: Whether a person deleted here deletes their card on the server: None = not asked yet.
    delete_on_server: bool | None = None

    def __post_init__(self) -> None:
        name = _SPACES.sub(" ", self.name).strip()
        if not name:
            raise ValidationError(_("A sync account needs a name."), field="name")
        if len(name) > MAX_NAME_LENGTH:
            raise ValidationError(
                _("An account's name can be at most {count} characters.").format(
                    count=MAX_NAME_LENGTH
                ),
                field="name",
            )
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "url", check_server_url(self.url))
        if not self.user.strip():
            raise ValidationError(_("A sync account needs a user name."), field="user")


_DEFAULT_CALENDAR_NAMES = ("personal", "calendar", "default")


def named(collections: tuple[Collection, ...], wanted: str) -> list[str]:
    """The addresses of the ``collections`` that ``wanted`` names: by address, or by name
    (case ignored)."""
    folded = wanted.casefold()
    return [
        collection.href
        for collection in collections
        if wanted == collection.href or collection.name.casefold() == folded
    ]


def calendars_to_read(account: SyncAccount) -> tuple[str, ...]:
    """The chosen calendars, else those named like "personal"/"calendar"/"default", else the
    first one found (``calendars`` is in address order)."""
    if account.chosen_calendars:
        return account.chosen_calendars
    named = tuple(
        calendar.href
        for calendar in account.calendars
        if any(word in calendar.name.casefold() for word in _DEFAULT_CALENDAR_NAMES)
    )
    if named:
        return named
    return (account.calendars[0].href,) if account.calendars else ()


def check_server_url(url: str) -> str:
    """The server address, trimmed; ``ValidationError`` unless it is an http(s) address."""
    address = url.strip()
    parts = urlsplit(address)
    if (
        parts.scheme.lower() not in ("https", "http")
        or not parts.hostname
        or len(address) > MAX_URL_LENGTH
        or any(character.isspace() for character in address)
    ):
        raise ValidationError(
            _("“{url}” is no server address; it should start with https://.").format(
                url=address[:100]
            ),
            field="url",
        )
    if parts.username is not None or parts.password is not None:
        # A password in the address would be stored and shown with it; it has its own place.
        raise ValidationError(
            _("Put the user name in --user and leave it (and any password) out of the address."),
            field="url",
        )
    return address


def display_server(url: str) -> str:
    """Host and path, never user info or query (which might carry a secret)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path.rstrip('/')}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncedCard:
    """A person's card on one account's address book, as of the last exchange.

    The status of vdirsyncer's algorithm: where the card is (``href``), the server's version of
    it (``etag``), and a hash of what was last sent, so an unchanged person is not sent again
    and a change on either side can be told apart. ``id`` is ``account:person``.
    """

    id: str
    account_id: str
    person_id: str
    href: str
    etag: str = ""
    card_hash: str = ""
    exchanged: datetime | None = None
    #: The synced fields as of the last exchange (``field\x1fjson``), for a three-way merge.
    base: tuple[str, ...] = ()
    #: The server's own lines for properties we manage but write differently (a photo in its
    #: encoding, a grouped CATEGORIES): sent back as they were while the field is unchanged.
    server_lines: tuple[str, ...] = ()
    #: The vCard version of the server's card ("" = 4.0), written back in the same version.
    card_version: str = ""
    #: The card's UID, so a card still names its person after the person is deleted here.
    uid: str = ""
    #: A hash of the person as of the last exchange: unchanged, their card is not even drawn.
    person_hash: str = ""


def synced_card_id(account_id: str, person_id: str) -> str:
    return f"{account_id}:{person_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncedCalendarItem:
    """An object on one account's calendars, as of the last exchange (issue 14, CalDAV).

    ``kind`` "event": an object of a chosen calendar that came in as events here; a deleted
    one only loses this row. ``kind`` "task": a promise or reconnect sent as a VTODO;
    ``record`` is ``promise:<offer id>`` or ``reconnect:<person id>``, ``content_hash`` what
    was last sent, and an empty ``href`` means the user deleted the task on the server (it is
    written again only when the promise or reconnect changes here). ``id`` is
    ``account:href`` for events and ``account:record`` for tasks.
    """

    id: str
    account_id: str
    kind: str
    collection: str
    href: str
    etag: str = ""
    record: str = ""
    content_hash: str = ""
    exchanged: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncedCalendar:
    """Per account and collection: the server's sync token, and whether it is our task list."""

    id: str
    account_id: str
    href: str
    sync_token: str = ""
    task_list: bool = False
