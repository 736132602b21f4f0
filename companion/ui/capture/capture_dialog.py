"""Quick capture: a small always-on-top dialog to note who I just met, in seconds.

Enter saves (durably) and closes, Esc cancels. When the name is close to someone already in
the log, the dialog offers to add the encounter to them before anything is saved. If saving
fails, the dialog stays open with everything typed and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion import APP_NAME
from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.domain.folding import fold
from companion.i18n import _
from companion.i18n.formats import format_date, format_datetime, format_days
from companion.services.people.capture import (
    SimilarPerson,
    capture_encounter,
    event_for_capture,
    find_similar_people,
    parse_due,
    recent_events,
)
from companion.services.profile.interests import all_interests, interest_label
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.people.person_chips import InterestChips
from companion.ui.people.person_dates import DatePickerButton
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.screen_fit import fit_placeholder

#: Looking for similar names waits for a pause in typing (and runs at once on Enter).
LOOKUP_DELAY_MS = 150
NEW_PERSON = ""


class CaptureDialog(QDialog):
    """Fields are public for tests; ``captured`` is emitted once the capture is on disk."""

    captured = Signal(object)

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        today: Callable[[], date],
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self._today = today
        self._similar_for: str | None = None
        self._similar: list[SimilarPerson] = []
        self.setObjectName("quickCapture")
        self.setWindowTitle(_("Quick capture – {app}").format(app=APP_NAME))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self._build(now())
        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(LOOKUP_DELAY_MS)
        self._connect_signals()
        self._on_event_combo_changed()
        self.name_edit.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _build(self, now: datetime) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Name"))
        self.name_edit.setPlaceholderText(_("Who did you meet?"))
        self.matches = QWidget()
        self.matches_label = QLabel(_("Someone with a similar name is already in your log:"))
        self.matches_label.setWordWrap(True)
        self.match_buttons = QButtonGroup(self)
        self._matches_layout = QVBoxLayout(self.matches)
        self._matches_layout.setContentsMargins(0, 0, 0, 0)
        self._matches_layout.addWidget(self.matches_label)
        self.matches.hide()
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("One line about them"))
        self.interest_chips = InterestChips(
            {interest.slug: interest_label(interest) for interest in all_interests(self._store)}
        )
        self._interests_touched = False
        self._filling_interests = False
        self.promised_edit = QLineEdit()
        self.promised_edit.setPlaceholderText(_("An intro, a link, some time…"))
        self.due_edit = QLineEdit()
        # Examples of what parses, each on its own: a weekday, words, or a date to come.
        example = (self._today() + timedelta(days=14)).isoformat()
        self.due_edit.setPlaceholderText(_("e.g. fri, next week or {date}").format(date=example))
        fit_placeholder(self.due_edit)
        self.due_picker = DatePickerButton(self._today)
        self.due_hint = QLabel()
        self.event_combo = QComboBox()
        self.event_combo.setAccessibleName(_("Event"))
        self.event_combo.addItem(_("No event"), None)
        current = event_for_capture(self._store.events, now)
        choices = recent_events(self._store.events, now)
        if current is not None and current not in choices:
            choices.insert(0, current)
        for event in choices:
            self.event_combo.addItem(self._event_label(event), event.id)
        if current is not None:
            self.event_combo.setCurrentIndex(self.event_combo.findData(current.id))
        self.error_label = QLabel()
        self.error_label.setObjectName("captureError")
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("role", "error")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(self.matches)
        form.addRow(_("N&ote:"), self.note_edit)
        interests_label = QLabel(_("Shared &interests:"))
        # The mnemonic goes to the field that adds a chip (the chip row itself takes no focus).
        interests_label.setBuddy(self.interest_chips.add_edit)
        form.addRow(interests_label, self.interest_chips)
        # Alt+O is the note's: the promise takes Alt+P (issue 17: Alt+O overwrote the note).
        form.addRow(_("I &promised…"), self.promised_edit)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_edit, 1)
        due_row.addWidget(self.due_picker)
        due_label = QLabel(_("&Due:"))
        due_label.setBuddy(self.due_edit)
        form.addRow(due_label, due_row)
        form.addRow("", self.due_hint)
        form.addRow(_("&Event:"), self.event_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    @staticmethod
    def _event_label(event: Event) -> str:
        when = (
            format_days(event.first_day, event.last_day)
            if event.all_day
            else format_datetime(event.start)
        )
        return _("{title} ({when})").format(title=event.title, when=when)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self._lookup_timer.timeout.connect(self._look_up_similar)
        self.due_edit.textChanged.connect(self._on_due_edit_text_changed)
        self.due_picker.picked.connect(self._on_due_picker_picked)
        self.interest_chips.changed.connect(self._on_interest_chips_changed)
        self.event_combo.currentIndexChanged.connect(self._on_event_combo_changed)

    # --- what the user sees as they type -------------------------------------------------

    def _on_name_edit_text_changed(self) -> None:
        self._lookup_timer.start()

    def _look_up_similar(self) -> list[SimilarPerson]:
        name = self.name_edit.text().strip()
        if self._similar_for == name:
            return self._similar
        self._similar_for = name
        self._similar = find_similar_people(self._store, name)
        self._show_matches(self._similar, name)
        return self._similar

    def _show_matches(self, similar: list[SimilarPerson], name: str) -> None:
        for button in self.match_buttons.buttons():
            self.match_buttons.removeButton(button)
            button.deleteLater()
        self.matches.setVisible(bool(similar))
        if not similar:
            return
        new = QRadioButton(_("New person"))
        new.setProperty("personId", NEW_PERSON)
        options = [new]
        for match in similar:
            button = QRadioButton(_("Add to {name}").format(name=match.person.name))
            button.setProperty("personId", match.person.id)
            options.append(button)
        # Attaching a note to the wrong person is worse than a duplicate: only an identical
        # name (ignoring case and accents) is chosen for the user.
        same = fold(similar[0].person.name) == fold(name)
        (options[1] if same else new).setChecked(True)
        for button in options:
            self.match_buttons.addButton(button)
            self._matches_layout.addWidget(button)
            # Shown now, not on the next pass of the event loop: a quick Tab reaches it.
            button.show()
        # Made after the buttons below: without this, Tab reached them only after Cancel.
        previous: QWidget = self.name_edit
        for button in options:
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.note_edit)

    def chosen_person_id(self) -> str | None:
        """The person to add the encounter to; ``None`` for a new person."""
        checked = self.match_buttons.checkedButton()
        if checked is None or not self.matches.isVisible():
            return None
        return str(checked.property("personId")) or None

    def _on_due_edit_text_changed(self) -> None:
        try:
            due = parse_due(self.due_edit.text(), self._today())
        except ValidationError:
            self.due_hint.setText(_("Not a date yet"))
            return
        self.due_hint.setText(format_date(due, width="full") if due else "")

    def _on_due_picker_picked(self, picked: date) -> None:
        # ISO is understood by ``parse_due`` in every language; the hint below shows it nicely.
        self.due_edit.setText(picked.isoformat())
        self.due_edit.setFocus()

    def _on_interest_chips_changed(self) -> None:
        if not self._filling_interests:
            self._interests_touched = True

    def _on_event_combo_changed(self) -> None:
        # Chips the user already toggled or added are theirs: a new event does not replace them.
        if self._interests_touched:
            return
        event_id = self.event_combo.currentData()
        event = self._store.events.get(event_id) if event_id else None
        self._filling_interests = True
        try:
            self.interest_chips.set_interests(event.interests if event else ())
        finally:
            self._filling_interests = False

    # --- a draft kept over a lock ----------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """What the user has typed so far, by field ("" fields left out): kept when the app
        locks, so that locking never throws away a capture half written."""
        fields = self._draft_fields()
        return {name: edit.text() for name, edit in fields.items() if edit.text().strip()}

    def restore(self, typed: dict[str, str]) -> None:
        """Put back what ``typed`` gave (after unlocking)."""
        for name, edit in self._draft_fields().items():
            if name in typed:
                edit.setText(typed[name])

    def _draft_fields(self) -> dict[str, QLineEdit]:
        return {
            "name": self.name_edit,
            "note": self.note_edit,
            "promised": self.promised_edit,
            "due": self.due_edit,
        }

    # --- saving ----------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def accept(self) -> None:
        """Enter or Save: save and close, or stay open and say what is missing."""
        name = self.name_edit.text().strip()
        if not name:
            self.show_error(_("Type a name first."))
            self.name_edit.setFocus()
            return
        self._lookup_timer.stop()
        already_shown = self._similar_for == name and bool(self._similar)
        if self._look_up_similar() and not already_shown:
            # The suggestion must be seen before anything is saved: Enter again confirms.
            self.show_error(_("Add to the person you know, or save as a new person?"))
            return
        self._save(name)

    def _save(self, name: str) -> None:
        today = self._today()
        try:
            due = parse_due(self.due_edit.text(), today)
            changes = capture_encounter(
                self._store,
                name=name,
                note=self.note_edit.text(),
                interests=self.interest_chips.chosen(),
                promised=self.promised_edit.text(),
                due=due,
                event_id=self.event_combo.currentData(),
                existing_person_id=self.chosen_person_id(),
                today=today,
            )
        except ValidationError as error:
            self.show_error(error.message)
            self._focus_field(error.field)
            return
        except StoreError as error:
            self.show_error(_("Not saved: {reason}").format(reason=error))
            return
        self._changes.announce(changes)
        self.captured.emit(changes)
        super().accept()

    def _focus_field(self, field: str | None) -> None:
        widgets: dict[str | None, QWidget] = {
            "name": self.name_edit,
            "note": self.note_edit,
            "text": self.promised_edit,
            "promised": self.promised_edit,
            "due": self.due_edit,
            "event": self.event_combo,
        }
        widgets.get(field, self.name_edit).setFocus()
