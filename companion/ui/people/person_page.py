"""One person, in full: who they are, when to reconnect, what I promised, and our story.

Layout only: ``PersonController`` fills it (``show_details``) and connects its widgets. It is
stacked inside the People page; Back (Esc, Alt+Left) returns to the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.date_range import EARLIEST, LATEST
from companion.domain.people import ENCOUNTER_KIND_LABELS, Person, Promise
from companion.i18n import _
from companion.services.promises.promises import CADENCES
from companion.services.promises.timeline import TimelineEntry
from companion.ui.home.home_cards import clear_layout, section_title, text_label
from companion.ui.people.person_about import PersonAbout
from companion.ui.people.person_avatar import AVATAR_SIZE, avatar_pixmap
from companion.ui.people.person_chips import CHIP_STYLE, FlowLayout, chip
from companion.ui.people.person_dates import NO_MENU_INDICATOR, DatePickerButton
from companion.ui.people.person_promise_row import promise_row
from companion.ui.people.person_timeline import follow_up_text, timeline_text
from companion.ui.shell.screen_fit import fit_placeholder

#: Below this width the details go above the story instead of beside it.
NARROW_WIDTH = 720


@dataclass(frozen=True, slots=True)
class PersonDetails:
    """Everything the page shows about one person, gathered by the controller."""

    person: Person
    interest_labels: tuple[str, ...]
    follow_up_due: date | None
    promises: tuple[Promise, ...]
    timeline: tuple[TimelineEntry, ...]
    today: date


class PersonPage(QWidget):
    """Public widgets for the controller and tests; rows for promises are rebuilt per person."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personPage")
        #: (promise id, "done" | "drop" | "reopen") → button, rebuilt by ``show_details``.
        self.promise_buttons: dict[tuple[str, str], QPushButton] = {}
        #: promise id → its "Follow up…" button (a message naming the promise).
        self.promise_follow_up_buttons: dict[str, QPushButton] = {}
        self._details: PersonDetails | None = None
        self._build_header()
        self._build_details()
        self._build_reconnect()
        self._build_promises()
        self._build_timeline()
        self._build_actions()
        self._lay_out()

    # --- building ------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.back_button = QToolButton()
        self.back_button.setText(_("‹ People"))
        self.back_button.setToolTip(_("Back to the list (Esc)"))
        self.back_button.setAutoRaise(True)
        self.avatar = QLabel()
        self.avatar.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        self.name_label = QLabel()
        self.name_label.setProperty("role", "headline")
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role_label = text_label("", subtle=True)
        # Names of records merged into this person ("Ana López" merged into "Ana Lopez").
        self.also_known_as_label = text_label("", subtle=True)
        # Sync accounts whose server deleted this person's card (issue 14).
        self.removed_from_label = text_label("", subtle=True)
        self.error_label = QLabel()
        self.error_label.setObjectName("personPageError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.edit_button = QPushButton(_("&Edit…"))
        self.delete_button = QPushButton(_("&Delete"))
        self.write_follow_up_button = QPushButton(_("&Write a follow-up…"))
        self.write_follow_up_button.setToolTip(
            _("A short message naming where you met and what you promised")
        )

    def _build_details(self) -> None:
        # A widget of its own: hidden when a person has none of the details.
        self.about_column = PersonAbout()

    def _build_reconnect(self) -> None:
        self.follow_up_label = text_label("")
        self.cadence_buttons: dict[int, QToolButton] = {}
        for cadence in CADENCES:
            button = chip(_(cadence.label), checkable=True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.cadence_buttons[cadence.days] = button
        self.follow_up_date_button = DatePickerButton(self._today)
        self.follow_up_date_button.setText(_("On a date…"))
        self.follow_up_date_button.setStyleSheet(CHIP_STYLE + NO_MENU_INDICATOR)
        self.no_follow_up_button = chip(_("None"), checkable=False)
        self.no_follow_up_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.no_follow_up_button.setToolTip(_("No reconnect planned"))

    def _build_promises(self) -> None:
        self.promises_box = QVBoxLayout()
        self.promises_box.setContentsMargins(0, 0, 0, 0)
        self.promises_box.setSpacing(4)
        self.new_promise_edit = QLineEdit()
        self.new_promise_edit.setAccessibleName(_("New promise"))
        self.new_promise_edit.setPlaceholderText(_("I promised… (an intro, a link, some time)"))
        self.new_promise_due_edit = QLineEdit()
        self.new_promise_due_edit.setAccessibleName(_("Due date of the new promise"))
        self.new_promise_due_edit.setPlaceholderText(_("Due: Fri, next week…"))
        fit_placeholder(self.new_promise_due_edit)
        self.new_promise_due_edit.setMaximumWidth(220)
        self.add_promise_button = QPushButton(_("Add &promise"))

    def _build_timeline(self) -> None:
        self.encounter_date_edit = QDateEdit()
        self.encounter_date_edit.setAccessibleName(_("Date of the encounter"))
        self.encounter_date_edit.setCalendarPopup(True)
        self.encounter_date_edit.setDateRange(
            QDate(EARLIEST.year, EARLIEST.month, EARLIEST.day),
            QDate(LATEST.year, LATEST.month, LATEST.day),
        )
        self.encounter_kind_combo = QComboBox()
        self.encounter_kind_combo.setAccessibleName(_("Kind of encounter"))
        for kind, label in ENCOUNTER_KIND_LABELS.items():
            self.encounter_kind_combo.addItem(_(label), kind)
        self.encounter_note_edit = QLineEdit()
        self.encounter_note_edit.setAccessibleName(_("What you talked about"))
        self.encounter_note_edit.setPlaceholderText(_("What did you talk about?"))
        self.add_encounter_button = QPushButton(_("Add &encounter"))
        self.timeline_list = QListWidget()
        self.timeline_list.setAccessibleName(_("Timeline"))
        self.timeline_list.setObjectName("personTimeline")
        self.timeline_list.setWordWrap(True)
        self.timeline_list.setAlternatingRowColors(True)
        self.timeline_list.setSpacing(3)
        self.timeline_list.setMinimumHeight(160)
        self.timeline_empty = text_label(_("Nothing yet: add an encounter above."), subtle=True)

    def _build_actions(self) -> None:
        self.back_action = QAction(_("Back to people"), self)
        self.back_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Back)]
        )
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.back_action)

    # --- layout ----------------------------------------------------------------------------

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.name_label)
        names.addWidget(self.role_label)
        names.addWidget(self.also_known_as_label)
        names.addWidget(self.removed_from_label)
        # Under the name rather than beside Edit: at 800 px the header has no room for three.
        names.addWidget(self.write_follow_up_button, 0, Qt.AlignmentFlag.AlignLeft)
        names.addStretch(1)
        header.addLayout(names, 1)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)

        story = QVBoxLayout()
        story.setSpacing(8)
        story.addWidget(section_title(_("Reconnect")))
        story.addWidget(self.follow_up_label)
        cadences = QWidget()
        cadence_flow = FlowLayout(cadences)
        for button in self.cadence_buttons.values():
            cadence_flow.addWidget(button)
        cadence_flow.addWidget(self.follow_up_date_button)
        cadence_flow.addWidget(self.no_follow_up_button)
        story.addWidget(cadences)
        story.addSpacing(8)
        story.addWidget(section_title(_("Promises")))
        story.addLayout(self.promises_box)
        # The text gets a line of its own: beside the date and buttons it was cut to a few
        # letters (and to nothing in German) at the window's usual widths.
        story.addWidget(self.new_promise_edit)
        new_promise = QHBoxLayout()
        new_promise.addWidget(self.new_promise_due_edit, 1)
        new_promise.addStretch(1)
        new_promise.addWidget(self.add_promise_button)
        story.addLayout(new_promise)
        story.addSpacing(8)
        story.addWidget(section_title(_("Timeline")))
        story.addWidget(self.encounter_note_edit)
        new_encounter = QHBoxLayout()
        new_encounter.addWidget(self.encounter_date_edit)
        new_encounter.addWidget(self.encounter_kind_combo)
        new_encounter.addStretch(1)
        new_encounter.addWidget(self.add_encounter_button)
        story.addLayout(new_encounter)
        story.addWidget(self.timeline_empty)
        story.addWidget(self.timeline_list, 1)
        # Takes the spare height only while the timeline is hidden (an empty person), so the
        # sections keep their spacing instead of drifting apart.
        story.addStretch(0)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(32)
        # The story (reconnect, promises, timeline) holds the forms: it gets the room.
        self.columns.addWidget(self.about_column, 1)
        self.columns.addLayout(story, 2)
        columns = self.columns
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        body_layout.setSpacing(16)
        body_layout.addLayout(header)
        body_layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 1)

    # --- filling ---------------------------------------------------------------------------

    def _today(self) -> date:
        # Only asked while a person is shown; the injected day comes with their details.
        return self._details.today if self._details is not None else date.min

    def show_details(self, details: PersonDetails) -> None:
        self._details = details
        person = details.person
        self.avatar.setPixmap(avatar_pixmap(person))
        self.name_label.setText(person.name)
        role = " · ".join(part for part in (person.job_title, person.organization) if part)
        self.role_label.setText(role)
        self.role_label.setVisible(bool(role))
        also_known_as = (
            _("Also known as {names}").format(names=", ".join(person.also_known_as))
            if person.also_known_as
            else ""
        )
        self.also_known_as_label.setText(also_known_as)
        self.also_known_as_label.setVisible(bool(also_known_as))
        removed = ", ".join(person.removed_from)
        self.removed_from_label.setText(
            _("Removed from {accounts}").format(accounts=removed) if removed else ""
        )
        self.removed_from_label.setVisible(bool(removed))
        self.about_column.show_person(person, details.interest_labels)
        self._show_follow_up(details)
        self._show_promises(details)
        self._show_timeline(details)
        today = details.today
        self.encounter_date_edit.setDate(QDate(today.year, today.month, today.day))

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # Narrow (800 x 600 and the navigation beside it): details above the story, not
        # squeezed beside it.
        narrow = self.width() < NARROW_WIDTH
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )

    def _show_follow_up(self, details: PersonDetails) -> None:
        person = details.person
        self.follow_up_label.setText(follow_up_text(person, details.follow_up_due, details.today))
        cadence = person.follow_up.cadence_days if person.follow_up else None
        for days, button in self.cadence_buttons.items():
            button.setChecked(days == cadence)

    def _show_promises(self, details: PersonDetails) -> None:
        clear_layout(self.promises_box)
        self.promise_buttons = {}
        self.promise_follow_up_buttons = {}
        if not details.promises:
            self.promises_box.addWidget(text_label(_("No promises to them."), subtle=True))
        for promise in details.promises:
            row = promise_row(promise, details.today)
            for key, button in row.buttons.items():
                self.promise_buttons[(promise.id, key)] = button
            if row.follow_up is not None:
                self.promise_follow_up_buttons[promise.id] = row.follow_up
            self.promises_box.addWidget(row.widget)

    def _show_timeline(self, details: PersonDetails) -> None:
        self.timeline_list.clear()
        self.timeline_list.addItems([timeline_text(entry) for entry in details.timeline])
        self.timeline_empty.setVisible(not details.timeline)
        self.timeline_list.setVisible(bool(details.timeline))
