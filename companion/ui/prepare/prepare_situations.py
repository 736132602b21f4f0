"""Situations in the Prepare dialog, beside the four stages: pick one ("Joining a group already
talking", "At a workshop", …) and read its lines. The event's own format comes first and says
so; "Reconnecting" starts with lines for the people likely there, from what I noted about them.
Double-clicking a line copies it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.situations import Situation, event_formats
from companion.i18n import _
from companion.services.prepare.prepare import PrepCard
from companion.services.prepare.situations import (
    RECONNECTING,
    reconnect_lines,
    shipped_situations,
    situations_for_event,
)
from companion.storage.store import Store
from companion.ui.home.home_cards import section_title

VISIBLE_LINES = 8


class SituationsPanel(QWidget):
    """Layout and the choice of situation; ``show_situations`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("situationsPanel")
        self.combo = QComboBox()
        self.combo.setAccessibleName(_("Situation"))
        self.lines_list = QListWidget()
        self.lines_list.setAccessibleName(_("Lines for this situation"))
        self.lines_list.setToolTip(_("Double-click a line to copy it"))
        self.lines_list.setWordWrap(True)
        self.lines_list.setSpacing(2)
        self.lines_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines_list.setMaximumHeight(self.fontMetrics().lineSpacing() * VISIBLE_LINES * 2)
        self.copied_label = QLabel()
        self.copied_label.setProperty("role", "subtle")
        hint = QLabel(_("Lines for the moments around the conversation."))
        hint.setProperty("role", "subtle")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(section_title(_("Situations")))
        layout.addWidget(hint)
        layout.addWidget(self.combo)
        layout.addWidget(self.lines_list)
        layout.addWidget(self.copied_label)
        self._situations: tuple[Situation, ...] = ()
        self._reconnect: list[tuple[str, str]] = []
        self.combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        self.lines_list.itemActivated.connect(self._on_lines_list_item_activated)

    def show_situations(
        self,
        situations: Sequence[Situation],
        *,
        formats: Sequence[str] = (),
        reconnect: Sequence[tuple[str, str]] = (),
    ) -> None:
        """``situations`` in order; the ones of ``formats`` marked as fitting this event;
        ``reconnect``: (name, line) pairs put first under "Reconnecting"."""
        self._situations = tuple(situations)
        self._reconnect = list(reconnect)
        self.combo.blockSignals(True)
        self.combo.clear()
        for situation in self._situations:
            label = situation.label
            if situation.format and situation.format in formats:
                label = _("{situation} – fits this event").format(situation=situation.label)
            elif situation.id == RECONNECTING and reconnect:
                label = _("{situation} – people you know may come").format(
                    situation=situation.label
                )
            self.combo.addItem(label, situation.id)
        self.combo.blockSignals(False)
        self._on_combo_current_index_changed(self.combo.currentIndex())

    def current_lines(self) -> list[str]:
        return [self.lines_list.item(row).text() for row in range(self.lines_list.count())]

    def _on_combo_current_index_changed(self, index: int) -> None:
        self.lines_list.clear()
        self.copied_label.clear()
        if not 0 <= index < len(self._situations):
            return
        situation = self._situations[index]
        if situation.id == RECONNECTING:
            for name, text in self._reconnect:
                self.lines_list.addItem(
                    QListWidgetItem(_("{name}: {line}").format(name=name, line=text))
                )
        for line in situation.lines:
            self.lines_list.addItem(QListWidgetItem(line.text))

    def _on_lines_list_item_activated(self, item: QListWidgetItem) -> None:
        QApplication.clipboard().setText(item.text())
        self.copied_label.setText(_("Copied."))


def fill_situations(panel: SituationsPanel, store: Store, card: PrepCard) -> None:
    """The situations for ``card``'s event, in its language, with reconnecting lines."""
    event = card.event
    formats = event_formats(
        shipped_situations(card.locale),
        title=event.title,
        description=event.description,
        online=event.online,
    )
    panel.show_situations(
        situations_for_event(event, card.locale),
        formats=formats,
        reconnect=reconnect_lines(store, card.likely_there),
    )
