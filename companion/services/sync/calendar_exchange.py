"""What a calendar round passes from step to step: the plan, the server's answer, the outcome.

Plain frozen values, so the plan and the exchange can cross from the GUI thread to a worker and
back (``sync_calendar``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from companion import APP_NAME
from companion.remote.caldav_tasks import CollectionChanges
from companion.remote.dav_discovery import DavError
from companion.services.changes import ChangeSet

if TYPE_CHECKING:
    from companion.domain.events import Event
    from companion.domain.interests import Interest
    from companion.services.events.event_import import EventImportPlan

#: The task list's name on the server (the app's name: it is what the phone shows).
TASK_LIST_NAME = APP_NAME
EVENT = "event"
TASK = "task"
#: Events written per turn of the event loop when a round brings many (about 0.2 ms each).
EVENT_SLICE = 60


class EventsChain:
    """Shared by the slices of one calendar exchange (``CalendarExchange.slices``).

    ``version`` is the events table's version after the last slice wrote its events: when the
    store still has it, nothing but our own slices changed the events since the plan, and the
    next slice's events (planned on the worker) can be written as they are.
    """

    def __init__(self, version: object) -> None:
        self.version = version
        #: An edit of the user's came in between: every event was read again and written.
        self.read_again = False


@dataclass(frozen=True, slots=True)
class CalendarToRead:
    href: str
    token: str = ""
    #: href → ETag of the objects read before.
    known: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class TaskWrite:
    record: str
    #: The file name of a new task in the task list; ``href`` is set for a known one.
    name: str
    href: str
    etag: str
    body: bytes = field(repr=False)
    content_hash: str


@dataclass(frozen=True, slots=True)
class TaskDelete:
    record: str
    #: "" when the task is already gone from the server: only our row goes.
    href: str
    etag: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarPlan:
    """What one round will ask and send; made from the store, carries no store."""

    account_id: str
    url: str
    user: str
    password: str = field(repr=False)
    calendars: tuple[CalendarToRead, ...] = ()
    task_list: str = ""
    task_list_token: str = ""
    known_tasks: tuple[tuple[str, str], ...] = ()
    writes: tuple[TaskWrite, ...] = ()
    deletes: tuple[TaskDelete, ...] = ()
    #: For reading the server's events off the store's thread: the stored events and the
    #: interests (to infer an event's) as of the plan, and the events table's version then
    #: (``apply`` reads them again if anything changed meanwhile, so no edit made during the
    #: round is overwritten).
    now: datetime | None = None
    known_events: tuple[Event, ...] = field(default=(), repr=False)
    interests: tuple[Interest, ...] = field(default=(), repr=False)
    events_version: object = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class TaskWritten:
    record: str
    href: str
    etag: str
    content_hash: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarExchange:
    """What the server said; partial when ``problem`` is set (what is in it did happen)."""

    account_id: str
    url: str
    calendars: tuple[CollectionChanges, ...] = ()
    task_list: str = ""
    tasks: CollectionChanges | None = None
    written: tuple[TaskWritten, ...] = ()
    deleted: tuple[str, ...] = ()
    refused: int = 0
    problem: DavError | None = None
    #: The server's events read as an ``.ics`` import would (None: nothing new, or unreadable
    #: with ``events_problem`` saying why), planned against ``events_version``.
    events: EventImportPlan | None = field(default=None, repr=False)
    events_problem: str = ""
    events_version: object = field(default=None, repr=False, compare=False)
    #: Set on the slices of a big exchange: the events' part of the round, without the status.
    chain: EventsChain | None = field(default=None, repr=False, compare=False)
    events_only: bool = False

    def slices(self, size: int = EVENT_SLICE) -> tuple[CalendarExchange, ...]:
        """This exchange as slices to write one after the other (itself when small).

        The events go ``size`` at a time; the status rows, the tokens and the tasks go last,
        once every event is written, so a round stopped half-way reads them again next time.
        """
        events = self.events
        if events is None or len(events.items) <= size:
            return (self,)
        chain = EventsChain(self.events_version)
        parts = [
            dataclasses.replace(
                self,
                events=dataclasses.replace(
                    events,
                    items=events.items[start : start + size],
                    warnings=events.warnings if start == 0 else (),
                ),
                chain=chain,
                events_only=True,
            )
            for start in range(0, len(events.items), size)
        ]
        return (*parts, dataclasses.replace(self, events=None, chain=chain))


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarOutcome:
    events_in: int = 0
    tasks_out: int = 0
    promises_kept: int = 0
    #: Tasks left alone because they changed on the server since the last round (412).
    refused: int = 0
    problem: str = ""
    #: The server could not be reached now: retried later, without a dialog.
    offline: bool = False
    changes: ChangeSet = field(default_factory=ChangeSet)
