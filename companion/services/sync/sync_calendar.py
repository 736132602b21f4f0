"""The CalDAV side of a sync round: events of the chosen calendars in, promises out as tasks.

Three steps, like the people side (``sync_round``): :func:`plan_calendar` reads the store (GUI
thread, no network), :func:`exchange_calendar` talks to the server (worker thread, never the
store), :func:`apply_calendar` writes what came back in one batch (GUI thread).

- **Events in** come through the ``.ics`` import (UID dedup, recurrence within its budget,
  interest inference): a changed event updates the one here; one deleted on the server is only
  unlinked here, never deleted (the user's prep and people met there are theirs).
- **Tasks out**: open promises and reconnects as VTODOs in the account's task list
  ("Common Ground", made on the first round), written with ``If-None-Match``/``If-Match``; a
  412 leaves the server's task alone until the next round has read it. A task completed on
  the phone keeps the promise here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from companion import APP_NAME
from companion.domain.sync_accounts import (
    SyncAccount,
    SyncedCalendar,
    SyncedCalendarItem,
    calendars_to_read,
)
from companion.i18n import _
from companion.interop.errors import FormatError
from companion.interop.ics_tasks import read_task, task_calendar
from companion.remote.caldav_tasks import CollectionChanges, canonical
from companion.remote.dav_discovery import DavError
from companion.remote.feed_http import HttpSession
from companion.services.changes import ChangeSet
from companion.services.sync.calendar_tasks import content_hash, task_done_on_server, wanted_tasks
from companion.services.sync.sync_accounts import password_of, server_problem_text
from companion.storage.store import Store

#: The task list's name on the server (the app's name: it is what the phone shows).
TASK_LIST_NAME = APP_NAME
EVENT = "event"
TASK = "task"
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


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


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarOutcome:
    events_in: int = 0
    tasks_out: int = 0
    promises_kept: int = 0
    #: Tasks left alone because they changed on the server since the last round (412).
    refused: int = 0
    problem: str = ""
    changes: ChangeSet = field(default_factory=ChangeSet)


# --- plan (GUI thread, no network) -------------------------------------------------------


def plan_calendar(store: Store, account: SyncAccount, *, now: datetime) -> CalendarPlan:
    """What to read and send for ``account``; raises ``ServerProblem`` if its password is lost."""
    rows = [row for row in store.synced_calendar_items.all() if row.account_id == account.id]
    states = {row.href: row for row in store.synced_calendars.all() if row.account_id == account.id}
    task_list = next((row for row in states.values() if row.task_list), None)
    to_read = []
    for href in calendars_to_read(account):
        address = canonical(href)
        if task_list is not None and address == task_list.href:
            continue
        known = tuple(
            (row.href, row.etag) for row in rows if row.kind == EVENT and row.collection == address
        )
        state = states.get(address)
        to_read.append(CalendarToRead(address, state.sync_token if state else "", known))
    writes, deletes = _task_changes(store, [row for row in rows if row.kind == TASK], now=now)
    return CalendarPlan(
        account_id=account.id,
        url=account.url,
        user=account.user,
        password=password_of(account),
        calendars=tuple(to_read),
        task_list=task_list.href if task_list else "",
        task_list_token=task_list.sync_token if task_list else "",
        known_tasks=tuple((row.href, row.etag) for row in rows if row.kind == TASK and row.href),
        writes=writes,
        deletes=deletes,
    )


def _task_changes(
    store: Store, rows: list[SyncedCalendarItem], *, now: datetime
) -> tuple[tuple[TaskWrite, ...], tuple[TaskDelete, ...]]:
    by_record = {row.record: row for row in rows}
    wanted = wanted_tasks(store)
    writes = []
    for record, task in sorted(wanted.items()):
        row = by_record.get(record)
        if row is None and task.completed_on is not None:
            continue  # kept before it ever was a task: nothing to close on the server
        digest = content_hash(task)
        if row is not None and row.content_hash == digest:
            continue  # unchanged, or deleted on the server and unchanged since
        name = _UNSAFE_IN_NAME.sub("-", f"{task.kind.value}-{task.record_id}")[:120] + ".ics"
        writes.append(
            TaskWrite(
                record=record,
                name=name,
                href=row.href if row is not None else "",
                etag=row.etag if row is not None and row.href else "",
                body=task_calendar(task, stamp=now),
                content_hash=digest,
            )
        )
    deletes = tuple(
        TaskDelete(row.record, row.href, row.etag)
        for row in sorted(rows, key=lambda row: row.record)
        if row.record not in wanted
    )
    return tuple(writes), deletes


# --- exchange (worker thread, network only) -----------------------------------------------


def exchange_calendar(plan: CalendarPlan, session: HttpSession) -> CalendarExchange:
    """Read the chosen calendars and the task list, then write the tasks; never raises for
    the server's or the network's trouble (it is in ``problem``, with what was done before)."""
    from companion.remote.caldav_client import caldav_client
    from companion.remote.caldav_tasks import (
        collection_changes,
        delete_task,
        find_or_make_task_list,
        put_task,
    )

    read: list[CollectionChanges] = []
    tasks: CollectionChanges | None = None
    task_list = plan.task_list
    written: list[TaskWritten] = []
    deleted: list[str] = []
    refused = 0
    problem: DavError | None = None
    try:
        client = caldav_client(session, plan.url, plan.user, plan.password)
        for calendar in plan.calendars:
            read.append(
                collection_changes(
                    client, calendar.href, token=calendar.token, known=dict(calendar.known)
                )
            )
        if plan.writes or plan.known_tasks or plan.deletes:
            if not task_list:
                task_list = find_or_make_task_list(client, name=TASK_LIST_NAME)
            # Read before writing: a task completed on the phone is seen before any write
            # (which its changed ETag would refuse anyway).
            tasks = collection_changes(
                client, task_list, token=plan.task_list_token, known=dict(plan.known_tasks)
            )
            for write in plan.writes:
                href = write.href or task_list.rstrip("/") + "/" + write.name
                answer = put_task(client, href, write.body, etag=write.etag)
                if answer.refused:
                    refused += 1
                    continue
                written.append(TaskWritten(write.record, href, answer.etag, write.content_hash))
            for delete in plan.deletes:
                if delete.href:
                    answer = delete_task(client, delete.href, etag=delete.etag)
                    if answer.refused:
                        refused += 1
                        continue
                deleted.append(delete.record)
    except DavError as error:
        problem = error
    return CalendarExchange(
        account_id=plan.account_id,
        url=plan.url,
        calendars=tuple(read),
        task_list=task_list,
        tasks=tasks,
        written=tuple(written),
        deleted=tuple(deleted),
        refused=refused,
        problem=problem,
    )


# --- apply (GUI thread, one batch) --------------------------------------------------------


def apply_calendar(store: Store, exchange: CalendarExchange, *, now: datetime) -> CalendarOutcome:
    """Write what the exchange brought: events, promises kept, and the per-item status."""
    account_id = exchange.account_id
    problem = server_problem_text(exchange.url, exchange.problem) if exchange.problem else ""
    if store.sync_accounts.get(account_id) is None:
        return CalendarOutcome(problem=problem)  # removed while the round ran: keep nothing
    changes = ChangeSet()
    with store.batch():
        events_in, event_changes, event_problem = _events_in(store, exchange, now=now)
        changes = changes.merged(event_changes)
        problem = problem or event_problem
        kept, task_changes = _tasks_back(store, exchange, now=now)
        changes = changes.merged(task_changes)
        tasks_out = _tasks_sent(store, exchange, now=now)
    return CalendarOutcome(
        events_in=events_in,
        tasks_out=tasks_out,
        promises_kept=kept,
        refused=exchange.refused,
        problem=problem,
        changes=changes,
    )


def _events_in(
    store: Store, exchange: CalendarExchange, *, now: datetime
) -> tuple[int, ChangeSet, str]:
    from companion.services.events.event_import import apply_event_import, plan_event_import
    from companion.services.profile.interests import interest_inference

    account_id = exchange.account_id
    texts = [item.text for changes in exchange.calendars for item in changes.changed]
    count, changes, problem = 0, ChangeSet(), ""
    if texts:
        try:
            plan = plan_event_import(
                store,
                "\n".join(texts).encode("utf-8"),
                file_name=TASK_LIST_NAME,
                now=now,
                infer_interests=interest_inference(store),
            )
        except FormatError as error:
            if "VEVENT" in "".join(texts):
                # Read again next round: the status below is not written for them.
                return (
                    0,
                    ChangeSet(),
                    _("Events from the server could not be read: {reason}").format(
                        reason=str(error)
                    ),
                )
            plan = None  # only tasks or journals in the chosen calendars: no events
        if plan is not None:
            summary = apply_event_import(store, plan)
            count, changes = summary.added + summary.updated, summary.changes
    for calendar in exchange.calendars:
        for item in calendar.changed:
            store.synced_calendar_items.put(
                SyncedCalendarItem(
                    id=f"{account_id}:{item.href}",
                    account_id=account_id,
                    kind=EVENT,
                    collection=calendar.href,
                    href=item.href,
                    etag=item.etag,
                    exchanged=now,
                )
            )
        for href in calendar.gone:
            # Unlinked only: the event stays here with everything the user added to it.
            store.synced_calendar_items.remove(f"{account_id}:{href}")
        _save_token(store, account_id, calendar.href, calendar.token, task_list=False)
    return count, changes, problem


def _tasks_back(
    store: Store, exchange: CalendarExchange, *, now: datetime
) -> tuple[int, ChangeSet]:
    account_id = exchange.account_id
    tasks = exchange.tasks
    if tasks is None:
        return 0, ChangeSet()
    rows = {
        row.href: row
        for row in store.synced_calendar_items.all()
        if row.account_id == account_id and row.kind == TASK and row.href
    }
    kept, changes = 0, ChangeSet()
    for item in tasks.changed:
        state = read_task(item.text)
        if state is None:
            continue  # the user's own task in our list: not ours to read
        record = f"{state.kind.value}:{state.record_id}"
        previous = rows.get(item.href)
        if previous is not None and previous.etag == item.etag:
            continue
        was_kept, done = task_done_on_server(store, state, today=now.date())
        kept += was_kept
        changes = changes.merged(done)
        store.synced_calendar_items.put(
            SyncedCalendarItem(
                id=f"{account_id}:{record}",
                account_id=account_id,
                kind=TASK,
                collection=exchange.task_list,
                href=item.href,
                etag=item.etag,
                record=record,
                # Adopted (a round cut short after the PUT): written again next round.
                content_hash=previous.content_hash if previous is not None else "",
                exchanged=now,
            )
        )
    for href in tasks.gone:
        row = rows.get(href)
        if row is not None:
            # Deleted on the phone: remembered, so it is not sent again until it changes here.
            store.synced_calendar_items.put(_replace_row(row, href="", etag=""))
    _save_token(store, account_id, exchange.task_list, tasks.token, task_list=True)
    return kept, changes


def _tasks_sent(store: Store, exchange: CalendarExchange, *, now: datetime) -> int:
    account_id = exchange.account_id
    if exchange.task_list and exchange.tasks is None:
        _save_token(store, account_id, exchange.task_list, "", task_list=True)
    for written in exchange.written:
        store.synced_calendar_items.put(
            SyncedCalendarItem(
                id=f"{account_id}:{written.record}",
                account_id=account_id,
                kind=TASK,
                collection=exchange.task_list,
                href=written.href,
                etag=written.etag,
                record=written.record,
                content_hash=written.content_hash,
                exchanged=now,
            )
        )
    for record in exchange.deleted:
        store.synced_calendar_items.remove(f"{account_id}:{record}")
    return len(exchange.written) + len(exchange.deleted)


def _save_token(store: Store, account_id: str, href: str, token: str, *, task_list: bool) -> None:
    if not href:
        return
    key = f"{account_id}:{href}"
    store.synced_calendars.put(
        SyncedCalendar(
            id=key, account_id=account_id, href=href, sync_token=token, task_list=task_list
        )
    )


def _replace_row(row: SyncedCalendarItem, **changes: str) -> SyncedCalendarItem:
    import dataclasses

    return dataclasses.replace(row, **changes)  # type: ignore[arg-type]
