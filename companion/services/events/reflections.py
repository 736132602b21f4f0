"""Reflecting on events afterwards: which ones wait for a "How was it?", and saving the answer.

Until the people log exists, "who I met" is kept in the reflection's note as a last line
starting with ``MET_PREFIX``. The prefix is not translated: it is a marker in the data that a
later migration to the people log can find, whatever language the app was in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime, timedelta

from companion.domain.errors import ValidationError
from companion.domain.events import Event, EventStatus, Reflection
from companion.i18n import _
from companion.services.changes import ChangeSet, updated
from companion.services.events.stored_times import events_ending_between
from companion.storage.store import Store

TABLE = "events"
MET_PREFIX = "Met: "
#: Events with these statuses are worth asking about; skipped ones are not.
ASKED_STATUSES = frozenset({EventStatus.GOING, EventStatus.CONSIDERING, EventStatus.ATTENDED})


#: Asking about an evening long past helps nobody (and an imported calendar would flood Home).
REFLECTION_WINDOW = timedelta(days=30)


def awaiting_reflection(events: Iterable[Event], now: datetime) -> list[Event]:
    """Ended in the last 30 days, not skipped, not yet reflected on; most recently ended first."""
    waiting = [
        event
        for event in events
        if event.reflection is None
        and event.status in ASKED_STATUSES
        and event.has_ended(now)
        and now - (event.end or event.start) <= REFLECTION_WINDOW
    ]
    waiting.sort(key=lambda event: (event.end or event.start, event.id), reverse=True)
    return waiting


def events_awaiting_reflection(store: Store, now: datetime) -> list[Event]:
    """The events to ask "How was it?" about, the most recently ended first."""
    # Decoded only when they may have ended in the window and carry no reflection yet: Home
    # asks on every start, and most events ended long ago.
    return awaiting_reflection(
        (
            event
            for _key, document, event in events_ending_between(store, now - REFLECTION_WINDOW, now)
            if event is not None and document.get("reflection") is None
        ),
        now,
    )


def reflection_note(note: str, met_note: str) -> str:
    """One stored note: what worked, then (if any) a ``Met: …`` line."""
    lines = [" ".join(note.split()), " ".join(met_note.split())]
    parts = [lines[0]] if lines[0] else []
    if lines[1]:
        parts.append(MET_PREFIX + lines[1])
    return "\n".join(parts)


def split_reflection_note(stored: str) -> tuple[str, str]:
    """``(what worked, who I met)`` back from a note made by ``reflection_note``."""
    note_lines: list[str] = []
    met = ""
    for line in stored.splitlines():
        if line.startswith(MET_PREFIX):
            met = line.removeprefix(MET_PREFIX).strip()
        else:
            note_lines.append(line)
    return "\n".join(note_lines).strip(), met


def save_reflection(
    store: Store, event_id: str, *, felt_natural: int, note: str = "", met_note: str = ""
) -> ChangeSet:
    """Store how the event felt and mark it attended; durable on return.

    Raises ``ValidationError`` for an unknown event or a rating outside 1–5.
    """
    event = store.events.get(event_id)
    if event is None:
        raise ValidationError(_("This event is no longer in your log."), field="event")
    reflection = Reflection(felt_natural=felt_natural, note=reflection_note(note, met_note))
    store.events.put(dataclasses.replace(event, reflection=reflection, status=EventStatus.ATTENDED))
    return updated(TABLE, event_id)
