"""Writing what a calendar round brought back: events, tasks done on the phone, item status.

Called by ``sync_calendar.apply_calendar`` inside one batch, on the thread that owns the store.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING

from companion.domain.sync_accounts import SyncedCalendar, SyncedCalendarItem
from companion.i18n import _
from companion.interop.errors import FormatError
from companion.interop.ics_tasks import read_task
from companion.services.changes import ChangeSet
from companion.services.sync.calendar_exchange import EVENT, TASK, TASK_LIST_NAME, CalendarExchange
from companion.services.sync.calendar_tasks import content_hash, task_done_on_server, wanted_tasks
from companion.storage.store import Store

if TYPE_CHECKING:
    from companion.domain.events import Event
    from companion.services.events.event_import import EventImportPlan, InferInterests


def plan_events(
    store: Store | None,
    texts: list[str],
    *,
    now: datetime,
    known_events: list[Event] | None = None,
    infer: InferInterests | None = None,
) -> tuple[EventImportPlan | None, str]:
    """The server's calendar objects read as one ``.ics`` import; (None, why) if unreadable.

    Without ``store`` (a worker thread) ``known_events`` and ``infer`` come from the plan.
    """
    from companion.services.events.event_import import EventImportPlan, plan_event_import

    if not texts:
        return None, ""
    joined = "\n".join(texts)
    try:
        plan = plan_event_import(
            store,
            joined.encode("utf-8"),
            file_name=TASK_LIST_NAME,
            now=now,
            infer_interests=infer,
            known_events=known_events,
        )
    except FormatError as error:
        if "VEVENT" in joined:
            return None, _("Events from the server could not be read: {reason}").format(
                reason=str(error)
            )
        # Only tasks or journals in the chosen calendars: no events.
        return EventImportPlan(file_name=TASK_LIST_NAME, items=()), ""
    return plan, ""


def read_events(
    store: Store, exchange: CalendarExchange, *, now: datetime
) -> tuple[int, ChangeSet, str]:
    from companion.services.events.event_import import apply_event_import
    from companion.services.profile.interests import interest_inference

    account_id = exchange.account_id
    texts = [item.text for changes in exchange.calendars for item in changes.changed]
    chain = exchange.chain
    planned_against = chain.version if chain is not None else exchange.events_version
    if chain is not None and chain.read_again:
        plan, problem = None, ""  # an earlier slice read and wrote every event again
    elif planned_against is not None and planned_against is store.table_version("events"):
        plan, problem = exchange.events, exchange.events_problem
    elif texts:
        # Events changed here while the round ran: read again against the store as it is
        # now, so no edit of the user's is overwritten.
        plan, problem = plan_events(store, texts, now=now, infer=interest_inference(store))
        if chain is not None:
            chain.read_again = True
    else:
        plan, problem = None, ""
    if problem:
        return 0, ChangeSet(), problem  # the status is not written: read again next round
    count, changes = 0, ChangeSet()
    if plan is not None:
        summary = apply_event_import(store, plan)
        count, changes = summary.added + summary.updated, summary.changes
    if exchange.events_only:
        return count, changes, problem  # the status goes with the last slice
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


def tasks_back(store: Store, exchange: CalendarExchange, *, now: datetime) -> tuple[int, ChangeSet]:
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
        sent = previous.content_hash if previous is not None else ""
        agreed = wanted_tasks(store).get(record) if was_kept else None
        if agreed is not None and sent == content_hash(
            dataclasses.replace(agreed, completed_on=None)
        ):
            # The phone's completed task already says what the kept promise would: writing it
            # back would only replace the phone's completion time with ours. (A task whose
            # text or day changed here too is still written.)
            sent = content_hash(agreed)
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
                content_hash=sent,
                exchanged=now,
            )
        )
    for href in tasks.gone:
        row = rows.get(href)
        if row is not None:
            # Deleted on the phone: remembered, so it is not sent again until it changes here.
            store.synced_calendar_items.put(dataclasses.replace(row, href="", etag=""))
    _save_token(store, account_id, exchange.task_list, tasks.token, task_list=True)
    return kept, changes


def tasks_sent(store: Store, exchange: CalendarExchange, *, now: datetime) -> int:
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
    if task_list:
        for row in store.synced_calendars.all():
            if row.account_id == account_id and row.task_list and row.href != href:
                store.synced_calendars.remove(row.id)  # a list deleted on the server
    key = f"{account_id}:{href}"
    store.synced_calendars.put(
        SyncedCalendar(
            id=key, account_id=account_id, href=href, sync_token=token, task_list=task_list
        )
    )
