""" "How was it?": how natural an event felt (1–5), what worked, and who I met.

The rating is five toggle buttons rather than a slider: one click, readable numbers, and the
words at both ends say what 1 and 5 mean. Save stays disabled until a rating is picked.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.errors import ValidationError
from companion.domain.events import Event
from companion.i18n import _
from companion.services.events.reflections import save_reflection, split_reflection_note
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.home.home_cards import short_moment
from companion.ui.shell.data_changes import DataChanges

RATINGS = range(1, 6)
#: The picked rating must stand out in every style and colour scheme, not only as "sunken".
RATING_STYLE = """
QPushButton[rating="true"]:checked {
    background: palette(highlight);
    color: palette(highlighted-text);
    border: 1px solid palette(highlight);
    border-radius: 4px;
    font-weight: 600;
}
"""


class ReflectionDialog(QDialog):
    """``saved`` carries the event id once the reflection is on disk."""

    saved = Signal(str)

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        event: Event,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self._event = event
        self.setWindowTitle(_("How was it?"))
        self._build(event.start)
        if event.reflection is not None:
            note, met = split_reflection_note(event.reflection.note)
            self.rating_buttons[event.reflection.felt_natural].setChecked(True)
            self.worked_edit.setText(note)
            self.met_edit.setText(met)
        self._connect_signals()
        self._on_rating_group_id_toggled()

    def _build(self, start: datetime) -> None:
        heading = QLabel(_("How was {event}?").format(event=self._event.title))
        heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        heading.setWordWrap(True)
        when = QLabel(short_moment(start))
        when.setProperty("role", "subtle")
        question = QLabel(_("Did it feel natural?"))
        self.rating_group = QButtonGroup(self)
        self.rating_group.setExclusive(True)
        self.rating_buttons: dict[int, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(6)
        forced = QLabel(_("Forced"))
        forced.setProperty("role", "subtle")
        natural = QLabel(_("Natural"))
        natural.setProperty("role", "subtle")
        row.addWidget(forced)
        for rating in RATINGS:
            button = QPushButton(str(rating))
            button.setCheckable(True)
            button.setProperty("rating", True)
            button.setMinimumWidth(40)
            button.setAccessibleName(_("Felt natural: {rating} of 5").format(rating=rating))
            self.rating_group.addButton(button, rating)
            self.rating_buttons[rating] = button
            row.addWidget(button)
        row.addWidget(natural)
        row.addStretch(1)
        self.worked_edit = QLineEdit()
        self.worked_edit.setPlaceholderText(_("One line: what worked, what did not"))
        self.met_edit = QLineEdit()
        self.met_edit.setPlaceholderText(_("Names and a word about each"))
        form = QFormLayout()
        form.addRow(_("What &worked:"), self.worked_edit)
        form.addRow(_("Who you &met:"), self.met_edit)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(when)
        layout.addSpacing(8)
        layout.addWidget(question)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.setStyleSheet(RATING_STYLE)

    def _connect_signals(self) -> None:
        self.rating_group.idToggled.connect(self._on_rating_group_id_toggled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def rating(self) -> int | None:
        checked = self.rating_group.checkedId()
        return checked if checked in RATINGS else None

    def _save_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    def _on_rating_group_id_toggled(self) -> None:
        self._save_button().setEnabled(self.rating() is not None)

    def accept(self) -> None:
        rating = self.rating()
        if rating is None:
            return
        try:
            changes = save_reflection(
                self._store,
                self._event.id,
                felt_natural=rating,
                note=self.worked_edit.text(),
                met_note=self.met_edit.text(),
            )
        except (ValidationError, StoreError) as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self._changes.announce(changes)
        self.saved.emit(self._event.id)
        super().accept()
