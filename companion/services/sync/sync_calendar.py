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
from datetime import datetime

from companion.domain.inference import build_matcher, infer_interests
from companion.domain.interests import Interest
from companion.domain.sync_accounts import SyncAccount, SyncedCalendarItem, calendars_to_read
from companion.interop.ics_tasks import task_calendar
from companion.remote.caldav_tasks import CollectionChanges
from companion.remote.dav_discovery import DavError, DavProblem, collection_gone
from companion.remote.feed_http import HttpSession
from companion.services.changes import ChangeSet
from companion.services.events.event_import import InferInterests
from companion.services.profile.interests import all_interests
from companion.services.sync.calendar_apply import plan_events, read_events, tasks_back, tasks_sent
from companion.services.sync.calendar_exchange import (
    EVENT,
    TASK,
    TASK_LIST_NAME,
    CalendarExchange,
    CalendarOutcome,
    CalendarPlan,
    CalendarToRead,
    TaskDelete,
    TaskWrite,
    TaskWritten,
)
from companion.services.sync.calendar_tasks import content_hash, wanted_tasks
from companion.services.sync.sync_accounts import password_of, server_problem_text
from companion.storage.store import Store

__all__ = [
    "EVENT",
    "TASK",
    "TASK_LIST_NAME",
    "CalendarExchange",
    "CalendarOutcome",
    "CalendarPlan",
    "apply_calendar",
    "exchange_calendar",
    "plan_calendar",
]

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


# --- plan (GUI thread, no network) -------------------------------------------------------


def plan_calendar(store: Store, account: SyncAccount, *, now: datetime) -> CalendarPlan:
    """What to read and send for ``account``; raises ``ServerProblem`` if its password is lost."""
    if not account.calendars:
        # No calendar home on this server (CardDAV only): nothing to read, nowhere for tasks.
        return CalendarPlan(account_id=account.id, url=account.url, user=account.user, password="")
    rows = [row for row in store.synced_calendar_items.all() if row.account_id == account.id]
    states = {row.href: row for row in store.synced_calendars.all() if row.account_id == account.id}
    task_list = next((row for row in states.values() if row.task_list), None)
    to_read = []
    for href in calendars_to_read(account):
        # As the account has it: the library (and its import cost) stays off this thread.
        address = href
        if task_list is not None and address.rstrip("/") == task_list.href.rstrip("/"):
            continue
        known = tuple(
            (row.href, row.etag) for row in rows if row.kind == EVENT and row.collection == address
        )
        state = states.get(address)
        to_read.append(CalendarToRead(address, state.sync_token if state else "", known))
    writes, deletes = _task_changes(store, [row for row in rows if row.kind == TASK], now=now)
    reading = bool(to_read)
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
        now=now,
        known_events=tuple(store.events.all()) if reading else (),
        interests=tuple(all_interests(store)) if reading else (),
        events_version=store.table_version("events") if reading else None,
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
            try:
                changes = collection_changes(
                    client, calendar.href, token=calendar.token, known=dict(calendar.known)
                )
            except DavError as error:
                # A chosen calendar moved or deleted on the server: named, not "refused".
                gone = collection_gone(error, calendar.href)
                if gone is error:
                    raise
                raise gone from error
            read.append(changes)
        if plan.writes or plan.known_tasks or plan.deletes:
            if not task_list:
                task_list = find_or_make_task_list(client, name=TASK_LIST_NAME)
            # Read before writing: a task completed on the phone is seen before any write
            # (which its changed ETag would refuse anyway).
            try:
                tasks = collection_changes(
                    client, task_list, token=plan.task_list_token, known=dict(plan.known_tasks)
                )
                moved = False
            except DavError as error:
                if not _gone(error) or not plan.task_list:
                    raise
                # The user deleted the whole list on the server: a new one, and its tasks
                # count as deleted there (sent again when they change here).
                task_list = find_or_make_task_list(client, name=TASK_LIST_NAME)
                tasks = collection_changes(
                    client, task_list, token="", known=dict(plan.known_tasks)
                )
                moved = True
            for write in plan.writes:
                href = (write.href if not moved else "") or task_list.rstrip("/") + "/" + write.name
                etag = write.etag if not moved else ""
                answer = put_task(client, href, write.body, etag=etag)
                if answer.refused:
                    refused += 1
                    continue
                written.append(TaskWritten(write.record, href, answer.etag, write.content_hash))
            for delete in plan.deletes:
                if delete.href and not moved:
                    answer = delete_task(client, delete.href, etag=delete.etag)
                    if answer.refused:
                        refused += 1
                        continue
                deleted.append(delete.record)
    except DavError as error:
        problem = error
    texts = [item.text for changes in read for item in changes.changed]
    events, events_problem = (
        plan_events(
            None,
            texts,
            now=plan.now,
            known_events=list(plan.known_events),
            infer=_inference(plan.interests),
        )
        if texts and plan.now is not None
        else (None, "")
    )
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
        events=events,
        events_problem=events_problem,
        events_version=plan.events_version if texts and plan.now is not None else None,
    )


# --- apply (GUI thread, one batch) --------------------------------------------------------


def apply_calendar(store: Store, exchange: CalendarExchange, *, now: datetime) -> CalendarOutcome:
    """Write what the exchange brought: events, promises kept, and the per-item status."""
    account_id = exchange.account_id
    problem = (
        server_problem_text(
            exchange.url, exchange.problem, store.sync_accounts.get(exchange.account_id)
        )
        if exchange.problem
        else ""
    )
    if store.sync_accounts.get(account_id) is None:
        return CalendarOutcome(problem=problem)  # removed while the round ran: keep nothing
    changes = ChangeSet()
    with store.batch():
        events_in, event_changes, event_problem = read_events(store, exchange, now=now)
        changes = changes.merged(event_changes)
        problem = problem or event_problem
        kept, tasks_out = 0, 0
        if not exchange.events_only:
            kept, task_changes = tasks_back(store, exchange, now=now)
            changes = changes.merged(task_changes)
            tasks_out = tasks_sent(store, exchange, now=now)
    if exchange.chain is not None:
        # Our own writes: the next slice's events were planned against all but these.
        exchange.chain.version = store.table_version("events")
    return CalendarOutcome(
        events_in=events_in,
        tasks_out=tasks_out,
        promises_kept=kept,
        refused=exchange.refused,
        problem=problem,
        offline=exchange.problem is not None
        and exchange.problem.kind in (DavProblem.UNREACHABLE, DavProblem.TIMEOUT),
        changes=changes,
    )


def _gone(error: DavError) -> bool:
    return error.status in (404, 410) or (error.kind is DavProblem.NOT_DAV and not error.status)


def _inference(interests: tuple[Interest, ...]) -> InferInterests:
    """``profile.interests.interest_inference`` over interests read earlier (any thread)."""
    matcher = build_matcher(interests)

    def infer(categories: tuple[str, ...], title: str, description: str) -> tuple[str, ...]:
        return infer_interests(matcher, categories=categories, title=title, description=description)

    return infer
