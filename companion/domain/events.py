"""Events: where shared interests bring people together."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from companion.domain.date_range import check_moment
from companion.domain.errors import ValidationError
from companion.domain.ids import new_id
from companion.domain.validation import (
    MAX_TEXT_LENGTH,
    check_url,
    clean_tuple,
    limit_length,
    require_aware,
    require_text,
)
from companion.i18n import N_, _


class EventStatus(StrEnum):
    CONSIDERING = "considering"
    GOING = "going"
    ATTENDED = "attended"
    SKIPPED = "skipped"


EVENT_STATUS_LABELS = {
    EventStatus.CONSIDERING: N_("Considering"),
    EventStatus.GOING: N_("Going"),
    EventStatus.ATTENDED: N_("Attended"),
    EventStatus.SKIPPED: N_("Skipped"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class PrepPlan:
    """What I prepared for an event: openers, what I can offer, one intention.

    ``opener_ids`` are the chosen openers in stage order; ``pinned_opener_ids`` the ones I
    pinned (kept when the rest is suggested again); ``skipped_opener_ids`` the ones I shuffled
    away (they sink in later suggestions). ``offer_texts`` are the items of my offer inventory I
    picked for this event, ``offer_notes`` free notes. After the event, ``used_opener_ids`` and
    ``landed_opener_ids`` say which openers I used and which of them landed well.
    """

    opener_ids: tuple[str, ...] = ()
    offer_notes: tuple[str, ...] = ()
    intention: str = ""
    pinned_opener_ids: tuple[str, ...] = ()
    skipped_opener_ids: tuple[str, ...] = ()
    offer_texts: tuple[str, ...] = ()
    used_opener_ids: tuple[str, ...] = ()
    landed_opener_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in (
            "opener_ids",
            "offer_notes",
            "pinned_opener_ids",
            "skipped_opener_ids",
            "offer_texts",
            "used_opener_ids",
            "landed_opener_ids",
        ):
            object.__setattr__(self, name, clean_tuple(getattr(self, name)))
        for note in self.offer_notes:
            limit_length(note, field="offer_notes", maximum=500)
        object.__setattr__(
            self, "intention", limit_length(self.intention.strip(), field="intention", maximum=500)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Reflection:
    """How an event felt afterwards."""

    felt_natural: int
    note: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.felt_natural <= 5:
            raise ValidationError(_("Rate how natural it felt from 1 to 5."), field="felt_natural")
        object.__setattr__(
            self, "note", limit_length(self.note.strip(), field="note", maximum=MAX_TEXT_LENGTH)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """An event; ``all_day`` ones (a festival, a conference day) have days, not times.

    An all-day event's ``start`` is midnight of its first day and ``end`` midnight after its
    last day (exclusive, as RFC 5545's DTEND), both on the clock of the zone it was made in:
    the day is ``start.date()`` and is never converted to another zone, so it stays the same
    day for a user in Berlin or in New York. Stored with ``"all_day": true``; records from
    before this field read as timed events.
    """

    title: str
    start: datetime
    end: datetime | None = None
    id: str = field(default_factory=new_id)
    venue: str = ""
    online: bool = False
    url: str = ""
    organizer: str = ""
    description: str = ""
    source: str = "manual"
    source_uid: str = ""
    interests: tuple[str, ...] = ()
    status: EventStatus = EventStatus.CONSIDERING
    prep: PrepPlan = field(default_factory=PrepPlan)
    reflection: Reflection | None = None
    #: Set for events a subscribed calendar feed brings (see ``domain.feeds``).
    feed_id: str = ""
    #: When the feed first listed it: Home's "New events that fit" shows the recent ones.
    listed_on: datetime | None = None
    #: The organizer cancelled it (the feed says STATUS:CANCELLED).
    cancelled: bool = False
    #: The feed stopped listing it before it happened; kept because the user prepared it or
    #: logged people at it.
    unlisted: bool = False
    all_day: bool = False

    def __post_init__(self) -> None:
        title = require_text(self.title, field="title", message=_("An event needs a title."))
        object.__setattr__(self, "title", limit_length(title, field="title", maximum=300))
        require_aware(self.start, field="start")
        check_moment(self.start, field="start")
        if self.end is not None:
            require_aware(self.end, field="end")
            check_moment(self.end, field="end")
            if self.end < self.start:
                raise ValidationError(_("The event cannot end before it starts."), field="end")
        if self.all_day:
            self._whole_days()
        object.__setattr__(self, "url", check_url(self.url, field="url"))
        object.__setattr__(
            self,
            "description",
            limit_length(self.description, field="description", maximum=MAX_TEXT_LENGTH),
        )
        object.__setattr__(self, "interests", clean_tuple(self.interests))

    def _whole_days(self) -> None:
        start = datetime.combine(self.start.date(), time(0), self.start.tzinfo)
        end = self.end
        if end is not None and end.time() != time(0):
            end = datetime.combine(end.date() + timedelta(days=1), time(0), end.tzinfo)
        if end is None or end <= start:
            end = datetime.combine(start.date() + timedelta(days=1), time(0), start.tzinfo)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    @property
    def first_day(self) -> date:
        """The (first) day of the event, on the clock it was made on."""
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last day an all-day event covers (its ``end`` is the midnight after it)."""
        if not self.all_day or self.end is None:
            return self.first_day
        return max(self.first_day, self.end.date() - timedelta(days=1))

    def has_ended(self, now: datetime) -> bool:
        return (self.end or self.start) <= now
