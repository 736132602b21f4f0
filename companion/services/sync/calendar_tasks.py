"""Which promises and reconnects should be tasks on the server, and what a task back means.

Every open promise with a due day and every person with a reconnect date is a task; a promise
kept here becomes a completed task, a dropped or deleted one (or a reconnect no longer planned)
a removed task. Private by default: a task says the promise's text and the person's name, and
nothing else of theirs.

From the server: a task completed on the phone keeps the promise here, or, for a reconnect,
logs the contact as the Home card's button does (which moves a cadence on or clears the date).
"""

from __future__ import annotations

import hashlib
from datetime import date

from companion.domain.people import EncounterKind, PromiseStatus
from companion.i18n import _
from companion.interop.ics_export import EntryKind
from companion.interop.ics_tasks import TaskContent, TaskState
from companion.services.changes import ChangeSet
from companion.services.promises.promise_actions import log_contact
from companion.services.promises.promises import last_contacts, set_promise_status
from companion.storage.store import Store


def wanted_tasks(store: Store) -> dict[str, TaskContent]:
    """record (``promise:<id>`` / ``reconnect:<id>``) → the task it should be.

    Kept promises are in it as completed tasks: they matter only where a task exists already.
    """
    names = {person.id: person.name for person in store.people}
    wanted: dict[str, TaskContent] = {}
    for promise in store.promises:
        if promise.due is None or promise.status is PromiseStatus.DROPPED:
            continue
        name = names.get(promise.person_id, "")
        summary = (
            _("Promise to {name}: {text}").format(name=name, text=promise.text)
            if name
            else _("Promise: {text}").format(text=promise.text)
        )
        done = promise.done_on or promise.due if promise.status is PromiseStatus.DONE else None
        task = TaskContent(EntryKind.PROMISE, promise.id, summary, promise.due, completed_on=done)
        wanted[task.record] = task
    contacts = last_contacts(store)
    for person in store.people:
        if person.follow_up is None:
            continue
        due = person.follow_up.due_date(contacts.get(person.id))
        if due is None:
            continue
        summary = _("Get back in touch with {name}").format(name=person.name)
        task = TaskContent(EntryKind.RECONNECT, person.id, summary, due)
        wanted[task.record] = task
    return wanted


def content_hash(task: TaskContent) -> str:
    return hashlib.sha256(task.fingerprint().encode("utf-8")).hexdigest()


def task_done_on_server(store: Store, state: TaskState, *, today: date) -> tuple[bool, ChangeSet]:
    """Carry a task completed on the server over here: (a promise was kept, what changed).

    Only what is still open here changes, and a reconnect only when the task is for its
    current date (a completed task edited again on the phone logs no second contact).
    """
    if not state.completed:
        return False, ChangeSet()
    if state.kind is EntryKind.PROMISE:
        promise = store.promises.get(state.record_id)
        if promise is None or promise.status is not PromiseStatus.OPEN:
            return False, ChangeSet()
        return True, set_promise_status(store, promise.id, PromiseStatus.DONE, today)
    person = store.people.get(state.record_id)
    if person is None or person.follow_up is None:
        return False, ChangeSet()
    due = person.follow_up.due_date(last_contacts(store).get(person.id))
    if due is None or (state.due is not None and state.due != due):
        return False, ChangeSet()
    return False, log_contact(store, person.id, today=today, kind=EncounterKind.OTHER)
