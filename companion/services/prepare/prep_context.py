"""What the opener suggestions learn from for one event: openers already used with its group
and with the people likely there, ones on plans of events around the same date, and how often
each was shuffled away.

Read from raw stored fields of encounters and events (no record decoded), so suggesting a card
stays fast on large stores.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence, Set
from datetime import datetime, timedelta

from companion.domain.events import Event
from companion.domain.opener_suggestion import SuggestionContext
from companion.services.prepare.likely_there import LikelyPerson
from companion.services.profile.interests import interest_parents
from companion.storage.store import Store

#: Prep plans of other events this close (before or after) count as "recent".
RECENT_PLANS = timedelta(days=60)


def suggestion_context(
    store: Store,
    event: Event,
    *,
    my_interests: tuple[str, ...],
    likely: Sequence[LikelyPerson],
    group_events: Set[str],
) -> SuggestionContext:
    """The evidence for suggesting openers for ``event``.

    Args:
        my_interests: my profile's interests.
        likely: the people likely there (their encounters' openers count as used with them).
        group_events: the ids of the other events of ``event``'s group.
    """
    people = {each.person.id for each in likely}
    with_group: set[str] = set()
    with_people: set[str] = set()
    encounter_people = store.encounters.field_values("person_id")
    encounter_events = store.encounters.field_values("event_id")
    for key, opener_ids in store.encounters.field_values("opener_ids").items():
        if not opener_ids or not isinstance(opener_ids, list):
            continue
        if encounter_events.get(key) in group_events:
            with_group.update(opener_ids)
        if encounter_people.get(key) in people:
            with_people.update(opener_ids)
    recent: set[str] = set()
    skips: dict[str, int] = {}
    starts = store.events.field_values("start")
    low = event.start - RECENT_PLANS
    high = event.start + RECENT_PLANS
    for event_id, prep in store.events.field_values("prep").items():
        if event_id == event.id or not isinstance(prep, dict):
            continue
        if event_id in group_events:
            with_group.update(prep.get("used_opener_ids") or ())
        start = starts.get(event_id)
        # ISO strings of different offsets do not compare as times; parse only the candidates.
        if isinstance(start, str) and prep.get("opener_ids") and _within(start, low, high):
            recent.update(prep.get("opener_ids") or ())
        for opener_id in prep.get("skipped_opener_ids") or ():
            skips[opener_id] = skips.get(opener_id, 0) + 1
    return SuggestionContext(
        my_interests=my_interests,
        event_interests=event.interests,
        used_with_group=frozenset(with_group),
        used_with_people=frozenset(with_people),
        recently_prepared=frozenset(recent),
        skip_counts=skips,
        seed=zlib.crc32(event.id.encode()),
        parents=interest_parents(store),
    )


def _within(start: str, low: datetime, high: datetime) -> bool:
    try:
        moment = datetime.fromisoformat(start)
    except ValueError:
        return False
    return low <= moment <= high
