"""The events list as a Qt model: upcoming events grouped by day or week, past ones below.

Two levels: group header rows ("Today", "Tomorrow", "Week of 7 December", "Past") with the
events as their children. Display texts are formatted when a row is first painted, not when
the model loads, so 1,000 events cost one pass over the store and a sort.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Any

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from companion.domain.events import EVENT_STATUS_LABELS, Event, EventStatus
from companion.domain.fit import Fit, explain
from companion.domain.folding import fold
from companion.i18n import _
from companion.i18n.formats import format_days, format_relative, format_time, local_timezone
from companion.i18n.translate import current_locale
from companion.services.clock import Clock
from companion.services.events.events import upcoming_and_past
from companion.services.profile.interests import all_interests, interest_label
from companion.storage.store import Store
from companion.ui.widgets.record_model import NO_PARENT, ModelIndex, WordFilterProxy

#: Days from today that get a group of their own; later events are grouped by week.
DAY_GROUPS = 7
#: Beyond this many days, weeks would be too many small groups: group by month.
WEEK_GROUPS_UNTIL = 8 * 7
PAST_GROUP_KEY = 10**9
GROUP_ID = 0  # internal id of a group row; an event row's is its group's row + 1


class EventRole(IntEnum):
    EVENT = Qt.ItemDataRole.UserRole + 1
    IS_GROUP = Qt.ItemDataRole.UserRole + 2
    START = Qt.ItemDataRole.UserRole + 3  # POSIX timestamp, for sorting
    FIT = Qt.ItemDataRole.UserRole + 4  # 0–1; -1 for past events (no fit shown)
    WHEN = Qt.ItemDataRole.UserRole + 5
    RELATIVE = Qt.ItemDataRole.UserRole + 6
    PLACE = Qt.ItemDataRole.UserRole + 7
    ORGANIZER = Qt.ItemDataRole.UserRole + 8
    CHIPS = Qt.ItemDataRole.UserRole + 9  # list of (label, shared with me)
    EXPLANATION = Qt.ItemDataRole.UserRole + 10
    STATUS = Qt.ItemDataRole.UserRole + 11
    NO_SHARED = Qt.ItemDataRole.UserRole + 12
    PAST = Qt.ItemDataRole.UserRole + 13
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 14
    GROUP_KEY = Qt.ItemDataRole.UserRole + 15


@dataclass(frozen=True, slots=True)
class RowTexts:
    when: str
    relative: str
    place: str
    chips: list[tuple[str, bool]]
    explanation: str
    status: str
    search: str


@dataclass(slots=True)
class EventRow:
    event: Event
    fit: Fit | None  # None for past events
    texts: RowTexts | None = None


@dataclass(slots=True)
class EventGroup:
    key: int  # groups are shown in ascending key order
    title: str
    rows: list[EventRow] = field(default_factory=list)


def _skeleton(skeleton: str, day: date) -> str:
    return format_skeleton(skeleton, day, locale=current_locale())


def upcoming_group(day: date, today: date) -> tuple[int, str]:
    """The group of an upcoming event on local ``day``: its sort key and title."""
    offset = (day - today).days
    if offset <= 0:
        return today.toordinal(), _("Today")
    if offset == 1:
        return day.toordinal(), _("Tomorrow")
    if offset < DAY_GROUPS:
        return day.toordinal(), _skeleton("MMMMEEEEd", day)
    if offset < WEEK_GROUPS_UNTIL:
        first_weekday = Locale.parse(current_locale()).first_week_day
        week_start = day - timedelta(days=(day.weekday() - first_weekday) % 7)
        week_start = max(week_start, today + timedelta(days=DAY_GROUPS))
        label = _skeleton("MMMMd" if week_start.year == today.year else "yMMMMd", week_start)
        return week_start.toordinal(), _("Week of {date}").format(date=label)
    month_start = day.replace(day=1)
    return month_start.toordinal(), _skeleton("yMMMM", month_start)


def relative_text(event: Event, *, now: datetime, zone: tzinfo) -> str:
    """'happening now', 'in 3 hours', 'tomorrow', 'in 5 days', 'yesterday', '2 weeks ago'."""
    today = now.astimezone(zone).date()
    if event.all_day:
        # Its days as they are, not moved to the user's zone.
        if event.first_day <= today <= event.last_day:
            return _("today")
        days = (event.first_day - today).days
    elif event.start <= now and not event.has_ended(now):
        return _("happening now")
    else:
        days = (event.start.astimezone(zone).date() - today).days
    if days == 0:
        return format_relative(event.start, now=now)
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    return format_relative(now + timedelta(days=days), now=now)


def when_text(event: Event, *, now: datetime, zone: tzinfo) -> str:
    """'Fri, Nov 27, 7:00 PM – 10:00 PM' in the user's time zone and language."""
    if event.all_day:
        this_year = event.first_day.year == now.astimezone(zone).year
        days = format_days(
            event.first_day, event.last_day, skeleton="MMMEd" if this_year else "yMMMEd"
        )
        return _("{date}, all day").format(date=days)
    start = event.start.astimezone(zone)
    skeleton = "MMMEd" if start.year == now.astimezone(zone).year else "yMMMEd"
    day = _skeleton(skeleton, start.date())
    time = format_time(event.start, tz=zone)
    end = event.end
    if end is not None and end != event.start and end.astimezone(zone).date() == start.date():
        time = _("{start} – {end}").format(start=time, end=format_time(end, tz=zone))
    return _("{date}, {time}").format(date=day, time=time)


class EventsModel(QAbstractItemModel):
    """Every event in the store, grouped; ``reload`` after a change to events or interests."""

    def __init__(
        self,
        store: Store,
        *,
        now: Clock,
        zone: Callable[[], tzinfo] = local_timezone,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._now = now
        self._zone = zone
        self._by_fit = False
        self._groups: list[EventGroup] = []
        self._labels: dict[str, str] = {}
        self._loaded_at = now()
        self._loaded_zone = zone()

    # --- loading ----------------------------------------------------------------------------

    @property
    def by_fit(self) -> bool:
        return self._by_fit

    def set_by_fit(self, by_fit: bool) -> None:
        """Sorting by fit puts all upcoming events into one group (a day has too few)."""
        if by_fit != self._by_fit:
            self._by_fit = by_fit
            self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._loaded_at = now = self._now()
        self._loaded_zone = zone = self._zone()
        self._labels = {i.slug: interest_label(i) for i in all_interests(self._store)}
        overview = upcoming_and_past(self._store, now)
        today = now.astimezone(zone).date()
        groups: dict[int, EventGroup] = {}
        for event, fit in overview.upcoming:
            if self._by_fit:
                key, title = today.toordinal(), _("Upcoming, best fit first")
            else:
                day = event.first_day if event.all_day else event.start.astimezone(zone).date()
                key, title = upcoming_group(day, today)
            groups.setdefault(key, EventGroup(key, title)).rows.append(EventRow(event, fit))
        if overview.past:
            past = EventGroup(PAST_GROUP_KEY, _("Past events"))
            past.rows = [EventRow(event, None) for event in overview.past]
            groups[PAST_GROUP_KEY] = past
        self._groups = [groups[key] for key in sorted(groups)]
        self.endResetModel()

    def event_count(self) -> int:
        return sum(len(group.rows) for group in self._groups)

    def index_of(self, event_id: str) -> QModelIndex:
        for group_row, group in enumerate(self._groups):
            for row, item in enumerate(group.rows):
                if item.event.id == event_id:
                    return self.createIndex(row, 0, group_row + 1)
        return QModelIndex()

    # --- the item model -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = NO_PARENT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, GROUP_ID) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != GROUP_ID or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()].rows):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, child: ModelIndex = NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == GROUP_ID:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, GROUP_ID)

    def rowCount(self, parent: ModelIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == GROUP_ID and parent.row() < len(self._groups):
            return len(self._groups[parent.row()].rows)
        return 0

    def columnCount(self, parent: ModelIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 1

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == GROUP_ID:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _row(self, index: ModelIndex) -> EventRow | None:
        if not index.isValid() or index.internalId() == GROUP_ID:
            return None
        return self._groups[index.internalId() - 1].rows[index.row()]

    def event_at(self, index: ModelIndex) -> Event | None:
        row = self._row(index)
        return None if row is None else row.event

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == GROUP_ID:
            return self._group_data(self._groups[index.row()], role)
        row = self._groups[index.internalId() - 1].rows[index.row()]
        return self._event_data(row, role)

    def _group_data(self, group: EventGroup, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, EventRole.SEARCH_TEXT):
            return group.title
        if role == EventRole.IS_GROUP:
            return True
        if role == EventRole.GROUP_KEY:
            return group.key
        return None

    def _event_data(self, row: EventRow, role: int) -> Any:
        event = row.event
        if role == Qt.ItemDataRole.DisplayRole:
            return event.title
        if role == EventRole.EVENT:
            return event
        if role == EventRole.IS_GROUP:
            return False
        if role == EventRole.START:
            return event.start.timestamp()
        if role == EventRole.FIT:
            return -1.0 if row.fit is None else row.fit.score
        if role == EventRole.NO_SHARED:
            return row.fit is not None and not row.fit.shared
        if role == EventRole.PAST:
            return row.fit is None
        if role == EventRole.ORGANIZER:
            return event.organizer
        texts = row.texts or self._texts(row)
        row.texts = texts
        by_role: dict[int, object] = {
            EventRole.WHEN: texts.when,
            EventRole.RELATIVE: texts.relative,
            EventRole.PLACE: texts.place,
            EventRole.CHIPS: texts.chips,
            EventRole.EXPLANATION: texts.explanation,
            EventRole.STATUS: texts.status,
            EventRole.SEARCH_TEXT: texts.search,
            Qt.ItemDataRole.ToolTipRole: texts.explanation,
            Qt.ItemDataRole.AccessibleTextRole: self._spoken(row, texts),
        }
        return by_role.get(role)

    def _texts(self, row: EventRow) -> RowTexts:
        event, now, zone = row.event, self._loaded_at, self._loaded_zone
        if event.online and not event.venue:
            place = _("Online")
        elif event.online:
            place = _("{venue} and online").format(venue=event.venue)
        else:
            place = event.venue or _("No venue yet")
        shared = set(row.fit.shared) if row.fit is not None else set()
        chips = [(self._labels.get(slug, slug), slug in shared) for slug in event.interests]
        explanation = ""
        if row.fit is not None:
            explanation = " · ".join(explain(row.fit, self._label, number=_decimal))
        status = _(EVENT_STATUS_LABELS[event.status])
        # What the organizer's feed says outranks my plan: a cancelled evening is not "Going".
        planned = event.status is not EventStatus.CONSIDERING
        if event.cancelled:
            status = (
                _("{status}, but cancelled").format(status=status) if planned else _("Cancelled")
            )
        elif event.unlisted:
            status = (
                _("{status}, no longer listed").format(status=status)
                if planned
                else _("No longer listed")
            )
        searchable = [event.title, place, event.organizer, status, *(c[0] for c in chips)]
        return RowTexts(
            when=when_text(event, now=now, zone=zone),
            relative=relative_text(event, now=now, zone=zone),
            place=place,
            chips=chips,
            explanation=explanation,
            status=status,
            search=fold(" ".join(searchable)),
        )

    def _label(self, slug: str) -> str:
        return self._labels.get(slug, slug)

    @staticmethod
    def _spoken(row: EventRow, texts: RowTexts) -> str:
        parts = [row.event.title, texts.when, texts.relative, texts.place, row.event.organizer]
        parts += [texts.status, texts.explanation]
        return ", ".join(part for part in parts if part)


def _decimal(value: float) -> str:
    return format_decimal(value, format="0.0", locale=current_locale())


class EventsProxy(WordFilterProxy):
    """Filters by the search text and sorts the events of each group by start or by fit."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._by_fit = False
        # A group stays while any of its events match, and goes when none do.
        self.setRecursiveFilteringEnabled(True)
        self.setSortRole(EventRole.START)

    def set_by_fit(self, by_fit: bool) -> None:
        self._by_fit = by_fit
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802
        if not source_parent.isValid():
            return not self._terms  # a group shows on its own merit only when nothing is typed
        if not self._terms:
            # Without a filter there is nothing to compare, and the search text (dates
            # formatted by Babel) would cost ~0.15 ms per event at every start.
            return True
        model = self.sourceModel()
        text = model.data(model.index(source_row, 0, source_parent), EventRole.SEARCH_TEXT)
        return self._has_every_word(str(text))

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:  # noqa: N802 - Qt's name
        if not left.parent().isValid():
            return bool(left.data(EventRole.GROUP_KEY) < right.data(EventRole.GROUP_KEY))
        left_start, right_start = left.data(EventRole.START), right.data(EventRole.START)
        past = bool(left.data(EventRole.PAST))
        if self._by_fit and not past:
            left_fit, right_fit = left.data(EventRole.FIT), right.data(EventRole.FIT)
            if left_fit != right_fit:
                return bool(left_fit > right_fit)
        # Past events read backwards from the most recent one.
        return bool(left_start > right_start) if past else bool(left_start < right_start)
