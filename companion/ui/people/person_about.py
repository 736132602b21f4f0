"""The person page's details column: contact, interests, birthday, what they work on and look
for, notes. Each heading shows only with its text; the column hides when a person has none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from companion.domain.people import Person
from companion.i18n import _
from companion.ui.home.home_cards import clear_layout, text_label
from companion.ui.people.person_chips import chip_row
from companion.ui.people.person_timeline import birthday_text, contacts_html


class PersonAbout(QWidget):
    """Public labels for tests; ``show_person`` fills them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personAbout")
        self.contacts_label = QLabel()
        self.contacts_label.setTextFormat(Qt.TextFormat.RichText)
        self.contacts_label.setOpenExternalLinks(True)
        self.contacts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.birthday_label = text_label("")
        self.interests_box = QVBoxLayout()
        self.interests_box.setContentsMargins(0, 0, 0, 0)
        # Categories that are no interest: a phone's contact groups, a file's labels.
        self.tags_label = text_label("")
        self.working_on_label = text_label("")
        self.looking_for_label = text_label("")
        self.notes_label = text_label("")
        for label in (self.working_on_label, self.looking_for_label, self.notes_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self._lay_out()

    def _lay_out(self) -> None:
        about = QVBoxLayout()
        about.setSpacing(6)
        self._titles: dict[str, QLabel] = {}
        for key, title, widget in (
            ("contacts", _("Contact"), self.contacts_label),
            ("birthday", _("Birthday"), self.birthday_label),
            ("working_on", _("Working on"), self.working_on_label),
            ("looking_for", _("Looking for"), self.looking_for_label),
            ("notes", _("Notes"), self.notes_label),
        ):
            heading = text_label(title, subtle=True)
            heading.setContentsMargins(0, 0 if key == "contacts" else 6, 0, 0)
            self._titles[key] = heading
            about.addWidget(heading)
            about.addWidget(widget)
            if key == "contacts":
                interests_title = text_label(_("Interests"), subtle=True)
                interests_title.setContentsMargins(0, 6, 0, 0)
                self._titles["interests"] = interests_title
                about.addWidget(interests_title)
                about.addLayout(self.interests_box)
                tags_title = text_label(_("Groups and tags"), subtle=True)
                tags_title.setContentsMargins(0, 6, 0, 0)
                self._titles["tags"] = tags_title
                about.addWidget(tags_title)
                about.addWidget(self.tags_label)
        about.addStretch(1)
        about.setContentsMargins(0, 0, 0, 0)
        self.setLayout(about)

    def show_person(self, person: Person, interest_labels: tuple[str, ...]) -> None:
        """Fills the column, then hides it if nothing in it is shown."""
        self._show("contacts", self.contacts_label, contacts_html(person))
        self._show("birthday", self.birthday_label, birthday_text(person.birthday))
        self._show("tags", self.tags_label, ", ".join(person.tags))
        self._show("working_on", self.working_on_label, person.working_on)
        self._show("looking_for", self.looking_for_label, person.looking_for)
        self._show("notes", self.notes_label, person.notes)
        clear_layout(self.interests_box)
        if interest_labels:
            self.interests_box.addWidget(chip_row(interest_labels))
        self._titles["interests"].setVisible(bool(interest_labels))
        # An empty column beside the story looked like a rendering fault.
        self.setVisible(any(not title.isHidden() for title in self._titles.values()))

    def _show(self, key: str, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        self._titles[key].setVisible(bool(text))
