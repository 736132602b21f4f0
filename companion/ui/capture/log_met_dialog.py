"""Log who I met: everyone from one event in one go, a row per person.

Enter in the last row adds a row; Ctrl+Enter (or Save) writes all rows as one durable change.
A name close to someone already logged offers to add the encounter to them instead (an
identical name is chosen for the user). Cancel writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.folding import fold
from companion.i18n import _
from companion.i18n.formats import format_date, local_timezone
from companion.services.people.capture import find_similar_people, parse_due
from companion.services.people.log_met import MetPerson, log_who_i_met
from companion.services.profile.interests import all_interests, interest_label
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.people.person_chips import InterestChips
from companion.ui.shell.data_changes import DataChanges

LOOKUP_DELAY_MS = 150


class MetRow(QFrame):
    """One person: name (with matches), note, shared interests, and an optional promise."""

    submitted = Signal(object)  # Enter in one of its fields: the row itself
    remove_requested = Signal(object)

    def __init__(
        self,
        store: Store,
        known: dict[str, str],
        interests: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._looked_up: str | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("Name"))
        self.name_edit.setAccessibleName(_("Name"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("One line about them"))
        self.note_edit.setAccessibleName(_("One line about them"))
        self.promised_edit = QLineEdit()
        self.promised_edit.setPlaceholderText(_("I promised… (optional)"))
        self.promised_edit.setAccessibleName(_("I promised"))
        self.due_edit = QLineEdit()
        self.due_edit.setPlaceholderText(_("Due: Fri, next week…"))
        self.due_edit.setAccessibleName(_("Due"))
        self.due_edit.setMaximumWidth(200)
        self.match_combo = QComboBox()
        self.match_combo.setAccessibleName(_("Same person as"))
        self.match_combo.hide()
        self.interest_chips = InterestChips(known)
        self.interest_chips.set_interests(interests)
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setToolTip(_("Remove this row"))
        self.remove_button.setAccessibleName(_("Remove this row"))
        self.remove_button.setAutoRaise(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LOOKUP_DELAY_MS)
        self._lay_out()
        self._connect_signals()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.name_edit, 0, 0)
        grid.addWidget(self.note_edit, 0, 1, 1, 2)
        grid.addWidget(self.remove_button, 0, 3)
        grid.addWidget(self.match_combo, 1, 0)
        grid.addWidget(self.interest_chips, 1, 1, 1, 2)
        grid.addWidget(self.promised_edit, 2, 1)
        grid.addWidget(self.due_edit, 2, 2)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

    def _connect_signals(self) -> None:
        for edit in (self.name_edit, self.note_edit, self.promised_edit, self.due_edit):
            edit.returnPressed.connect(lambda: self.submitted.emit(self))
        self.name_edit.textEdited.connect(lambda _text: self._timer.start())
        self._timer.timeout.connect(self.look_up)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def is_blank(self) -> bool:
        return not any(
            edit.text().strip()
            for edit in (self.name_edit, self.note_edit, self.promised_edit, self.due_edit)
        )

    def look_up(self) -> bool:
        """Offer people with a similar name; True when new suggestions appeared just now."""
        self._timer.stop()
        name = self.name_edit.text().strip()
        if name == self._looked_up:
            return False
        self._looked_up = name
        similar = find_similar_people(self._store, name)
        self.match_combo.clear()
        self.match_combo.setVisible(bool(similar))
        if not similar:
            return False
        self.match_combo.addItem(_("New person"), "")
        for match in similar:
            self.match_combo.addItem(
                _("Add to {name}").format(name=match.person.name), match.person.id
            )
        # Only an identical name (case and accents aside) is attached for the user: a note on
        # the wrong person is worse than a duplicate.
        if fold(similar[0].person.name) == fold(name):
            self.match_combo.setCurrentIndex(1)
        return True

    def entered(self, today: date) -> MetPerson:
        """Raises ValidationError for a bad due date."""
        chosen = self.match_combo.currentData() if self.match_combo.isVisible() else None
        return MetPerson(
            name=self.name_edit.text(),
            note=self.note_edit.text(),
            interests=tuple(self.interest_chips.chosen()),
            promised=self.promised_edit.text(),
            due=parse_due(self.due_edit.text(), today),
            existing_person_id=str(chosen) if chosen else None,
        )


class LogMetDialog(QDialog):
    """``logged`` carries the change set once everything is on disk."""

    logged = Signal(object)

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        event: Event,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self._event = event
        self._today = today
        self._known = {i.slug: interest_label(i) for i in all_interests(store)}
        self.rows: list[MetRow] = []
        self.setObjectName("logWhoIMet")
        self.setWindowTitle(_("Log who I met – {event}").format(event=event.title))
        self._build()
        self.add_row()

    def _build(self) -> None:
        self.heading = QLabel(
            _("Who did you meet at “{event}” ({day})?").format(
                event=self._event.title, day=format_date(self.met_on())
            )
        )
        self.heading.setWordWrap(True)
        self.hint = QLabel(_("Enter in the last row adds a row; Ctrl+Enter saves everyone."))
        self.hint.setProperty("role", "subtle")
        self._rows_widget = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_widget)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(self._rows_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.add_button = QPushButton(_("&Add another person"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.error_label = QLabel()
        self.error_label.setObjectName("logMetError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumSize(760, 420)

    def met_on(self) -> date:
        """The event's day where the user lives; never after today."""
        return min(self._event.start.astimezone(local_timezone()).date(), self._today())

    def add_row(self) -> MetRow:
        row = MetRow(self._store, self._known, self._event.interests)
        row.submitted.connect(self._on_row_submitted)
        row.remove_requested.connect(self._on_row_remove_requested)
        self.rows.append(row)
        self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
        row.name_edit.setFocus()
        return row

    def _on_row_submitted(self, row: MetRow) -> None:
        if row is self.rows[-1]:
            if not row.is_blank():
                self.add_row()
        else:
            self.rows[self.rows.index(row) + 1].name_edit.setFocus()

    def _on_row_remove_requested(self, row: MetRow) -> None:
        self.rows.remove(row)
        row.deleteLater()
        if not self.rows:
            self.add_row()
        else:
            self.rows[-1].name_edit.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Plain Enter belongs to the rows (next row / new row); Ctrl+Enter saves.
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.accept()
            return
        super().keyPressEvent(event)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def accept(self) -> None:
        filled = [row for row in self.rows if not row.is_blank()]
        if not filled:
            self.show_error(_("Type at least one name."))
            self.rows[0].name_edit.setFocus()
            return
        # New suggestions must be seen before anything is saved: Save again confirms.
        fresh = [row for row in filled if row.look_up()]
        if fresh:
            self.show_error(_("Some names are already in your log: check the choices, then save."))
            fresh[0].match_combo.setFocus()
            return
        today = self._today()
        people: list[MetPerson] = []
        for row in filled:
            try:
                people.append(row.entered(today))
            except ValidationError as error:
                self.show_error(error.message)
                row.due_edit.setFocus()
                return
        try:
            changes = log_who_i_met(
                self._store, event_id=self._event.id, people=people, on=self.met_on(), today=today
            )
        except ValidationError as error:
            self.show_error(error.message)
            return
        except StoreError as error:
            self.show_error(_("Not saved: {reason}").format(reason=error))
            return
        self._changes.announce(changes)
        self.logged.emit(changes)
        super().accept()
