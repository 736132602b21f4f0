"""Which record type each stored table holds (what a missing key of its documents stands for).

Kept apart from ``repositories`` (which builds on the storage below it) so that reading the
store file can shorten documents written before default fields were left out.
"""

from __future__ import annotations

from typing import Any

from companion.domain.events import Event
from companion.domain.feeds import Feed
from companion.domain.interests import Interest
from companion.domain.merge_records import MergeRecord
from companion.domain.not_duplicates import NotDuplicates
from companion.domain.openers import Opener
from companion.domain.people import Encounter, Person, Promise
from companion.domain.profile import Profile
from companion.domain.sync_accounts import (
    SyncAccount,
    SyncedCalendar,
    SyncedCalendarItem,
    SyncedCard,
)

TABLE_RECORDS: dict[str, type[Any]] = {
    "people": Person,
    "events": Event,
    "encounters": Encounter,
    "offers": Promise,
    "openers": Opener,
    "interests": Interest,
    "profile": Profile,
    "_not_duplicates": NotDuplicates,
    "_feeds": Feed,
    "_sync_accounts": SyncAccount,
    "_synced_cards": SyncedCard,
    "_synced_calendar_items": SyncedCalendarItem,
    "_synced_calendars": SyncedCalendar,
    "_merges": MergeRecord,
}
