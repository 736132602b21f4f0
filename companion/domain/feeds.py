"""Calendar feeds the user subscribed to: where events come from without a file.

A feed's address often carries a personal token (Meetup's does), so it is shown only as its
host and the start of its path (:func:`display_url`), never in full, and it lives only in the
encrypted store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from companion.domain.errors import ValidationError
from companion.domain.ids import new_id
from companion.i18n import _

MAX_FEEDS = 100
MAX_NAME_LENGTH = 80
MAX_URL_LENGTH = 2000
FEED_SCHEMES = ("https", "http", "webcal", "webcals")
_SPACES = re.compile(r"\s+")


class FeedProblem(StrEnum):
    """Why the last refresh failed; the service words each one for the user."""

    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    TLS = "tls"
    NOT_FOUND = "not-found"
    NEEDS_LOGIN = "needs-login"
    SERVER_ERROR = "server-error"
    HTTP_STATUS = "http-status"
    TOO_LARGE = "too-large"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    OTHER_HOST = "other-host"
    WEB_PAGE = "web-page"
    NOT_CALENDAR = "not-calendar"
    TOO_MANY_EVENTS = "too-many-events"
    BAD_ADDRESS = "bad-address"


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """One subscription and what its last refresh found.

    ``listed`` holds the source UIDs the feed listed at its last successful refresh: an event
    that disappears from it before it happens is then noticed. ``etag`` / ``last_modified`` are
    the server's validators for a conditional GET.
    """

    name: str
    url: str
    id: str = field(default_factory=new_id)
    added: datetime | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    event_count: int = 0
    problem: FeedProblem | None = None
    problem_detail: str = ""
    etag: str = ""
    last_modified: str = ""
    listed: tuple[str, ...] = ()
    #: The user chose the name; otherwise the calendar's own name replaces the host's.
    named: bool = False

    def __post_init__(self) -> None:
        name = _SPACES.sub(" ", self.name).strip()
        if not name:
            raise ValidationError(_("A feed needs a name."), field="name")
        if len(name) > MAX_NAME_LENGTH:
            raise ValidationError(
                _("A feed's name can be at most {count} characters.").format(count=MAX_NAME_LENGTH),
                field="name",
            )
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "url", check_feed_url(self.url))


def check_feed_url(url: str) -> str:
    """The address as given (trimmed), or ``ValidationError`` saying what is wrong with it."""
    text = url.strip()
    if not text:
        raise ValidationError(_("Paste the calendar feed's address."), field="url")
    if len(text) > MAX_URL_LENGTH or any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise ValidationError(_("That does not look like a web address."), field="url")
    parts = urlsplit(text)
    if parts.scheme.lower() not in FEED_SCHEMES:
        raise ValidationError(
            _("A feed address starts with https://, http:// or webcal://."), field="url"
        )
    if not parts.hostname:
        raise ValidationError(_("That does not look like a web address."), field="url")
    return text


def display_url(url: str) -> str:
    """Host and the first part of the path: enough to recognise a feed, never a token in it
    ("www.meetup.com/events/…", "calendar.google.com/calendar/…")."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    shown = f"{parts.hostname or ''}"
    if segments:
        first = segments[0] if len(segments[0]) <= 24 else segments[0][:20] + "…"
        shown += f"/{first}"
    if len(segments) > 1 or parts.query:
        shown += "/…" if len(segments) > 1 else "?…"
    return shown


def suggested_name(url: str) -> str:
    """A name for a feed added without one: its host without ``www.``."""
    host = (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    return host or _("Calendar feed")
