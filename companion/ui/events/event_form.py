"""Create or edit one event: the fields, checked by the domain as the user types.

The dialog builds an ``Event`` on every change; a ``ValidationError`` marks its field and shows
its message under the form, and OK stays disabled until the event is valid. Times are entered
as wall-clock times in the chosen time zone (the user's own by default). "All day" turns the
times into days: the end is then the last day the event covers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain.date_range import EARLIEST, LATEST
from companion.domain.errors import ValidationError
from companion.domain.events import EVENT_STATUS_LABELS, Event, EventStatus
from companion.domain.ids import new_id
from companion.domain.interests import Interest
from companion.i18n import _
from companion.ui.settings.interest_checklist import InterestChecklist
from companion.ui.widgets.record_form import RecordForm

DEFAULT_LENGTH = timedelta(hours=2)
#: A new event starts tomorrow at this local hour.
DEFAULT_HOUR = 19


@cache
def zone_names() -> tuple[str, ...]:
    # ``available_timezones`` reads the tz database from disk: once per process is enough.
    return tuple(sorted(available_timezones()))


def system_zone_name() -> str:
    """The IANA name of the machine's zone (Qt knows it on every platform); UTC otherwise."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name if name in zone_names() else "UTC"


def zone_name_of(moment: datetime) -> str:
    """The zone an event was entered in, when it has a name we can offer; else the user's."""
    zone = moment.tzinfo
    if isinstance(zone, ZoneInfo) and zone.key in zone_names():
        return zone.key
    if moment.utcoffset() == timedelta(0) and zone is not None and zone.tzname(moment) == "UTC":
        return "UTC"
    return system_zone_name()


def _wall_clock(moment: datetime, zone: tzinfo) -> QDateTime:
    local = moment.astimezone(zone)
    # The edits hold UTC so Qt never shifts a wall-clock time that falls into a DST gap of
    # the machine's own zone; the chosen zone is applied when the event is built.
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), QTimeZone.utc()
    )


def _aware(value: QDateTime, zone: tzinfo) -> datetime:
    day, time = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=zone)


class EventForm(RecordForm):
    """Fields are public for tests; ``entered_event()`` is the valid event once accepted."""

    def __init__(
        self,
        *,
        interests: list[Interest],
        now: datetime,
        event: Event | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = event
        self._new_id = new_id()
        self._previous_start: QDateTime | None = None
        self._initial_times: tuple[tuple[QDateTime, QDateTime | None], str] | None = None
        self.setObjectName("eventForm")
        self.setWindowTitle(_("Edit event") if event else _("New event"))
        self._build(interests)
        self._fill(event, now)
        self._connect_signals()
        self._validate()
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build(self, interests: list[Interest]) -> None:
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(_("Board game night, climbing meetup…"))
        self.start_edit = self._date_time_edit()
        self.end_edit = self._date_time_edit()
        self.end_edit.setAccessibleName(_("Ends"))
        self.all_day_check = QCheckBox(_("A&ll day"))
        self.zone_combo = QComboBox()
        self.zone_combo.setAccessibleName(_("Time zone"))
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(list(zone_names()))
        completer = self.zone_combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.venue_edit = QLineEdit()
        self.venue_edit.setPlaceholderText(_("A café, a climbing gym, an address…"))
        self.online_check = QCheckBox(_("&Online event"))
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://")
        self.organizer_edit = QLineEdit()
        self.organizer_edit.setPlaceholderText(_("The group or person who runs it"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(_("Status"))
        for status, label in EVENT_STATUS_LABELS.items():
            self.status_combo.addItem(_(label), status.value)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5)
        self.interest_checklist = InterestChecklist(interests)
        self.error_label = QLabel()
        self.error_label.setObjectName("eventFormError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._lay_out()

    def _date_time_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setTimeZone(QTimeZone.utc())
        edit.setCalendarPopup(True)
        # The years every record keeps (domain.date_range): the form cannot go past them.
        edit.setDateTimeRange(
            QDateTime(QDate(EARLIEST.year, 1, 1), QTime(0, 0), QTimeZone.utc()),
            QDateTime(QDate(LATEST.year, 12, 31), QTime(23, 59), QTimeZone.utc()),
        )
        return edit

    def _lay_out(self) -> None:
        # The check box is the row's label: an event may have no end time (many imports don't).
        self.end_check = QCheckBox(_("E&nds:"))
        venue_label = QLabel(_("&Venue:"))
        venue_label.setBuddy(self.venue_edit)
        place_row = QHBoxLayout()
        place_row.addWidget(self.venue_edit, 1)
        place_row.addWidget(self.online_check)
        form = QFormLayout()
        form.addRow(_("&Title:"), self.title_edit)
        start_label = QLabel(_("&Starts:"))
        start_label.setBuddy(self.start_edit)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_edit, 1)
        start_row.addWidget(self.all_day_check)
        form.addRow(start_label, start_row)
        form.addRow(self.end_check, self.end_edit)
        form.addRow(_("Time &zone:"), self.zone_combo)
        form.addRow(venue_label, place_row)
        form.addRow(_("&Web address:"), self.url_edit)
        form.addRow(_("Or&ganizer:"), self.organizer_edit)
        form.addRow(_("St&atus:"), self.status_combo)
        form.addRow(_("&Description:"), self.description_edit)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addSpacing(12)
        columns.addWidget(self.interest_checklist, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)

    def _fill(self, event: Event | None, now: datetime) -> None:
        if event is None:
            zone_name = system_zone_name()
            zone: tzinfo = ZoneInfo(zone_name)
            tomorrow = (now.astimezone(zone) + timedelta(days=1)).date()
            start = datetime(tomorrow.year, tomorrow.month, tomorrow.day, DEFAULT_HOUR, tzinfo=zone)
            end: datetime | None = start + DEFAULT_LENGTH
            chosen: set[str] = set()
            status = EventStatus.CONSIDERING
            all_day = False
        else:
            zone_name = zone_name_of(event.start)
            zone = ZoneInfo(zone_name)
            start, end = event.start, event.end
            self.title_edit.setText(event.title)
            self.venue_edit.setText(event.venue)
            self.online_check.setChecked(event.online)
            self.url_edit.setText(event.url)
            self.organizer_edit.setText(event.organizer)
            self.description_edit.setPlainText(event.description)
            chosen = set(event.interests)
            status = event.status
            all_day = event.all_day
            if all_day:
                # The days as they are (no zone conversion); the end shows the last day.
                zone = start.tzinfo or zone
                end = datetime.combine(event.last_day, time(0), zone)
        self.zone_combo.setCurrentText(zone_name)
        self.start_edit.setDateTime(_wall_clock(start, zone))
        self.end_check.setChecked(end is not None)
        self.end_edit.setEnabled(end is not None)
        self.end_edit.setDateTime(_wall_clock(end or start + DEFAULT_LENGTH, zone))
        self.status_combo.setCurrentIndex(self.status_combo.findData(status.value))
        self.all_day_check.setChecked(all_day)
        self._show_days(all_day)
        self._previous_start = self.start_edit.dateTime()
        self._initial_times = (self._times_entered(), zone_name)
        self.interest_checklist.set_checked(chosen)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for line in (self.title_edit, self.venue_edit, self.url_edit, self.organizer_edit):
            line.textEdited.connect(self._on_field_edited)
        self.zone_combo.currentTextChanged.connect(self._on_field_edited)
        self.start_edit.dateTimeChanged.connect(self._on_start_edit_changed)
        self.end_edit.dateTimeChanged.connect(self._on_field_edited)
        self.end_check.toggled.connect(self._on_end_check_toggled)
        self.all_day_check.toggled.connect(self._on_all_day_check_toggled)
        self.online_check.toggled.connect(self._on_field_edited)
        self.description_edit.textChanged.connect(self._on_field_edited)
        self.interest_checklist.changed.connect(self._on_field_edited)

    # --- reacting to edits ----------------------------------------------------------------

    def _on_start_edit_changed(self, value: QDateTime) -> None:
        # Moving the start moves the end with it, keeping the length the user had set.
        previous = self._previous_start
        if previous is not None and self.end_check.isChecked():
            shift = previous.secsTo(value)
            self.end_edit.blockSignals(True)
            self.end_edit.setDateTime(self.end_edit.dateTime().addSecs(shift))
            self.end_edit.blockSignals(False)
        self._previous_start = QDateTime(value)
        self._on_field_edited()

    def _on_all_day_check_toggled(self, checked: bool) -> None:
        self._show_days(checked)
        self._on_field_edited()

    def _show_days(self, all_day: bool) -> None:
        locale = QLocale()
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat(
                locale.dateFormat(QLocale.FormatType.ShortFormat)
                if all_day
                else locale.dateTimeFormat(QLocale.FormatType.ShortFormat)
            )
        self.zone_combo.setEnabled(not all_day)

    def _on_end_check_toggled(self, checked: bool) -> None:
        self.end_edit.setEnabled(checked)
        self._on_field_edited()

    def chosen_interests(self) -> tuple[str, ...]:
        return self.interest_checklist.checked()

    def _zone(self) -> ZoneInfo:
        name = self.zone_combo.currentText().strip()
        if name not in zone_names():
            raise ValidationError(
                _("“{zone}” is not a time zone; pick one from the list.").format(zone=name),
                field="zone",
            )
        return ZoneInfo(name)

    def _times_entered(self) -> tuple[QDateTime, QDateTime | None]:
        end = self.end_edit.dateTime() if self.end_check.isChecked() else None
        if self.all_day_check.isChecked():
            midnight = QTime(0, 0)
            start = QDateTime(self.start_edit.date(), midnight, QTimeZone.utc())
            # The last day shown is included: the event ends at the midnight after it.
            if end is not None:
                end = QDateTime(end.date().addDays(1), midnight, QTimeZone.utc())
            return start, end
        return self.start_edit.dateTime(), end

    def _start_and_end(self) -> tuple[datetime, datetime | None]:
        original = self._original
        entered = (self._times_entered(), self.zone_combo.currentText().strip())
        same_kind = original is not None and original.all_day == self.all_day_check.isChecked()
        if original is not None and same_kind and entered == self._initial_times:
            # Untouched times stay exactly as stored (seconds, the zone of an import).
            return original.start, original.end
        zone = self._zone()
        start, end = entered[0]
        return _aware(start, zone), None if end is None else _aware(end, zone)

    def _build_record(self) -> Event:
        start, end = self._start_and_end()
        fields = {
            "title": self.title_edit.text(),
            "start": start,
            "end": end,
            "venue": self.venue_edit.text().strip(),
            "online": self.online_check.isChecked(),
            "url": self.url_edit.text(),
            "organizer": self.organizer_edit.text().strip(),
            "description": self.description_edit.toPlainText().strip(),
            "interests": self.chosen_interests(),
            "status": EventStatus(self.status_combo.currentData()),
            "all_day": self.all_day_check.isChecked(),
        }
        if self._original is not None:
            return replace(self._original, **fields)  # type: ignore[arg-type]
        return Event(id=self._new_id, source="manual", **fields)  # type: ignore[arg-type]

    def _field_widgets(self) -> dict[str, QWidget]:
        return {
            "title": self.title_edit,
            "start": self.start_edit,
            "end": self.end_edit,
            "zone": self.zone_combo,
            "url": self.url_edit,
            "description": self.description_edit,
            "venue": self.venue_edit,
            "organizer": self.organizer_edit,
        }

    def entered_event(self) -> Event | None:
        """The event as entered, or ``None`` while it is not valid."""
        return self._result if isinstance(self._result, Event) else None

    def _first_field(self) -> QWidget:
        return self.title_edit
