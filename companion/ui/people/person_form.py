"""Create or edit one person: the fields, checked by the domain as the user types.

The dialog builds a ``Person`` on every change; a ``ValidationError`` marks its field and shows
its message under the form, and OK stays disabled until the person is valid.
"""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain.ids import new_id
from companion.domain.interests import Interest
from companion.domain.people import Person
from companion.i18n import _
from companion.ui.settings.interest_checklist import InterestChecklist
from companion.ui.widgets.record_form import RecordForm

#: Several emails or phone numbers go on one line, separated by commas or semicolons.
LIST_SEPARATOR = re.compile(r"[,;]")


def split_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in LIST_SEPARATOR.split(text) if part.strip())


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class PersonForm(RecordForm):
    """Fields are public for tests; ``entered_person()`` is the valid person once accepted."""

    def __init__(
        self,
        *,
        interests: list[Interest],
        person: Person | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = person
        self._new_id = new_id()
        self.setObjectName("personForm")
        self.setWindowTitle(_("Edit person") if person else _("New person"))
        self._build(interests, person)
        self._fill(person)
        self._connect_signals()
        self._validate()
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build(self, interests: list[Interest], person: Person | None) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("Their name"))
        self.emails_edit = QLineEdit()
        self.emails_edit.setPlaceholderText(_("Separate several with commas"))
        self.phones_edit = QLineEdit()
        self.phones_edit.setPlaceholderText(_("Separate several with commas"))
        self.links_edit = self._text_edit(lines=3)
        self.links_edit.setPlaceholderText(_("One web address per line"))
        self.organization_edit = QLineEdit()
        self.working_on_edit = self._text_edit(lines=2)
        self.looking_for_edit = self._text_edit(lines=2)
        self.notes_edit = self._text_edit(lines=4)
        # An interest no longer in the catalogue (a removed custom one) stays, so saving keeps it.
        self.interest_checklist = InterestChecklist(
            interests, extra_slugs=person.interests if person else ()
        )
        self.error_label = QLabel()
        self.error_label.setObjectName("personFormError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._lay_out()

    def _text_edit(self, *, lines: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(self.fontMetrics().lineSpacing() * (lines + 1))
        return edit

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Emails:"), self.emails_edit)
        form.addRow(_("&Phones:"), self.phones_edit)
        form.addRow(_("&Links:"), self.links_edit)
        form.addRow(_("&Organization:"), self.organization_edit)
        form.addRow(_("&Working on:"), self.working_on_edit)
        form.addRow(_("Looking &for:"), self.looking_for_edit)
        form.addRow(_("No&tes:"), self.notes_edit)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addSpacing(12)
        columns.addWidget(self.interest_checklist, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)

    def _fill(self, person: Person | None) -> None:
        chosen = set(person.interests) if person else set()
        if person is not None:
            self.name_edit.setText(person.name)
            self.emails_edit.setText(", ".join(person.emails))
            self.phones_edit.setText(", ".join(person.phones))
            self.links_edit.setPlainText("\n".join(person.links))
            self.organization_edit.setText(person.organization)
            self.working_on_edit.setPlainText(person.working_on)
            self.looking_for_edit.setPlainText(person.looking_for)
            self.notes_edit.setPlainText(person.notes)
        self.interest_checklist.set_checked(chosen)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for line in (self.name_edit, self.emails_edit, self.phones_edit, self.organization_edit):
            line.textEdited.connect(self._on_field_edited)
        for text in (self.links_edit, self.working_on_edit, self.looking_for_edit, self.notes_edit):
            text.textChanged.connect(self._on_field_edited)
        self.interest_checklist.changed.connect(self._on_field_edited)

    def chosen_interests(self) -> tuple[str, ...]:
        return self.interest_checklist.checked()

    def _build_record(self) -> Person:
        fields = {
            "name": self.name_edit.text(),
            "emails": split_list(self.emails_edit.text()),
            "phones": split_list(self.phones_edit.text()),
            "links": split_lines(self.links_edit.toPlainText()),
            "organization": self.organization_edit.text().strip(),
            "interests": self.chosen_interests(),
            "working_on": self.working_on_edit.toPlainText().strip(),
            "looking_for": self.looking_for_edit.toPlainText().strip(),
            "notes": self.notes_edit.toPlainText().strip(),
        }
        if self._original is not None:
            return replace(self._original, **fields)  # type: ignore[arg-type]
        return Person(id=self._new_id, **fields)  # type: ignore[arg-type]

    def _field_widgets(self) -> dict[str, QWidget]:
        return {
            "name": self.name_edit,
            "emails": self.emails_edit,
            "phones": self.phones_edit,
            "links": self.links_edit,
            "working_on": self.working_on_edit,
            "looking_for": self.looking_for_edit,
            "notes": self.notes_edit,
        }

    def entered_person(self) -> Person | None:
        """The person as entered, or ``None`` while they are not valid."""
        return self._result if isinstance(self._result, Person) else None

    def _first_field(self) -> QWidget:
        return self.name_edit
