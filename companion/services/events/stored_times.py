"""Which events can matter for a moment, told from the stored documents without decoding them.

Home runs on every start over every event (1,000 at the benchmark's size) and almost all of
them have long ended: decoding each one to learn that took most of Home's time. A document's
``start`` and ``end`` say when it ends, close enough to pass over the ones far away; the
events kept are decoded, and the caller applies its exact rule to them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from companion.domain.events import Event
from companion.storage.store import Store

#: An all-day event is read with whole days: its start and end can move by up to a day from
#: the stored ones. Two days keep the check on the safe side.
STORED_TIME_MARGIN = timedelta(days=2)


def stored_end(document: Mapping[str, Any]) -> datetime | None:
    """When the stored event ends (its end, else its start), within ``STORED_TIME_MARGIN``;
    ``None`` when the document does not say clearly (then only the decoded event can)."""
    try:
        last = datetime.fromisoformat(document["start"])
        end = document.get("end")
        if end is not None:
            last = max(last, datetime.fromisoformat(end))
    except (KeyError, TypeError, ValueError):
        return None
    return last if last.tzinfo is not None else None


def may_end_between(
    document: Mapping[str, Any], earliest: datetime | None, latest: datetime | None
) -> bool:
    """Whether the stored event may end after ``earliest`` and by ``latest`` (``None``: no
    bound). True when the document does not say clearly."""
    last = stored_end(document)
    if last is None:
        return True
    if earliest is not None and last + STORED_TIME_MARGIN <= earliest:
        return False
    return latest is None or last - STORED_TIME_MARGIN <= latest


def events_ending_between(
    store: Store, earliest: datetime | None, latest: datetime | None
) -> Iterator[tuple[str, Mapping[str, Any], Event | None]]:
    """Every stored event as ``(key, document, event)``: ``event`` decoded when it may end
    between ``earliest`` and ``latest`` (a superset: check the decoded events), else ``None``.
    In stored order."""
    events = store.events
    for key, document in events.documents().items():
        if may_end_between(document, earliest, latest):
            yield key, document, events.get(key)
        else:
            yield key, document, None


def reflected_events(store: Store) -> list[Event]:
    """The events that carry a reflection (the evidence for a fit), in stored order; the others
    are not decoded."""
    events = store.events
    return [
        event
        for key, document in events.documents().items()
        if document.get("reflection") is not None and (event := events.get(key)) is not None
    ]
