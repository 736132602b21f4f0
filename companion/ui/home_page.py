"""Home: a welcome, today's date in the user's language, and what is in the log so far."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.i18n import _, ngettext
from companion.i18n.formats import format_date
from companion.services.changes import ChangeSet
from companion.ui.data_changes import DataChanges

RecordCounts = Callable[[], Mapping[str, int]]


def _card(title: str, text: str) -> QFrame:
    card = QFrame()
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 14, 16, 16)
    layout.setSpacing(6)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: 600;")
    body = QLabel(text)
    body.setWordWrap(True)
    body.setProperty("role", "subtle")
    body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    layout.addWidget(heading)
    layout.addWidget(body, 1)
    return card


class HomePage(QWidget):
    """The first page: what Common Ground is for, and a way to get started."""

    def __init__(
        self,
        *,
        today: Callable[[], date],
        record_counts: RecordCounts,
        changes: DataChanges,
        import_file: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._record_counts = record_counts
        self.headline = QLabel(_("Welcome to Common Ground"))
        self.headline.setProperty("role", "headline")
        self.date_label = QLabel()
        self.date_label.setProperty("role", "subtle")
        self.idea = QLabel(
            _(
                "Real connections grow from interests you truly share, and from what you can "
                "give rather than what you can get. Common Ground helps before, during and after "
                "the events where that happens."
            )
        )
        self.idea.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setProperty("role", "subtle")
        self.import_button = QPushButton(_("Import a file…"))
        self.import_button.setProperty("primary", True)
        self.import_button.clicked.connect(import_file)

        cards = QHBoxLayout()
        cards.setSpacing(14)
        cards.addWidget(
            _card(
                _("Before"),
                _(
                    "Pick events that match your interests and prepare two or three openers and "
                    "something you could offer."
                ),
            )
        )
        cards.addWidget(
            _card(
                _("During"),
                _("Note who you met in seconds: a name, a line about them, what you promised."),
            )
        )
        cards.addWidget(
            _card(
                _("Afterwards"),
                _("Keep your promises, and get back in touch when the time is right."),
            )
        )

        for index in range(cards.count()):
            cards.setStretch(index, 1)  # equal widths, however long each text is

        actions = QHBoxLayout()
        actions.addWidget(self.import_button)
        actions.addSpacing(12)
        actions.addWidget(self.summary, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 36, 40, 36)
        layout.setSpacing(12)
        layout.addWidget(self.headline)
        layout.addWidget(self.date_label)
        layout.addSpacing(8)
        layout.addWidget(self.idea)
        layout.addSpacing(12)
        layout.addLayout(cards)
        layout.addSpacing(16)
        layout.addLayout(actions)
        layout.addStretch(1)

        changes.changed.connect(self._on_data_changed)
        self.refresh()

    def refresh(self) -> None:
        self.date_label.setText(format_date(self._today(), width="full"))
        counts = self._record_counts()
        people = counts.get("people", 0)
        events = counts.get("events", 0)
        if not people and not events:
            self.summary.setText(
                _("Start by bringing in events or a backup; everything stays on this computer.")
            )
            return
        self.summary.setText(
            _("Your log so far: {people}, {events}.").format(
                people=ngettext("{count} person", "{count} people", people).format(count=people),
                events=ngettext("{count} event", "{count} events", events).format(count=events),
            )
        )

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if changes.touches("people") or changes.touches("events"):
            self.refresh()
