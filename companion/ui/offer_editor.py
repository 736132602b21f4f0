"""What I can offer: a short list of rows, each a kind (skill, introduction, …) and a line.

The list is short by nature (a handful of things), so plain row widgets fit better than a table.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.profile import OFFER_KIND_LABELS, OfferItem, OfferKind
from companion.i18n import N_, _

MAX_OFFER_LENGTH = 500  # as OfferItem allows

#: An example per kind, shown in the empty text field, so the kinds explain themselves.
EXAMPLES = {
    OfferKind.SKILL: N_("e.g. review a CV, fix a bike"),
    OfferKind.KNOWLEDGE: N_("e.g. how to start with open source"),
    OfferKind.INTRO: N_("e.g. people at the local climbing gym"),
    OfferKind.RESOURCE: N_("e.g. a spare projector, a meeting room"),
    OfferKind.TIME: N_("e.g. an hour a month to mentor"),
}


class OfferRow(QWidget):
    """One offer; keeps the interests an existing offer carried (not edited here)."""

    remove_requested = Signal(QWidget)

    def __init__(self, offer: OfferItem | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._interests = offer.interests if offer else ()
        self.kind_combo = QComboBox()
        for kind, label in OFFER_KIND_LABELS.items():
            self.kind_combo.addItem(_(label), kind.value)
        self.kind_combo.setAccessibleName(_("Kind of offer"))
        self.text_edit = QLineEdit()
        self.text_edit.setMaxLength(MAX_OFFER_LENGTH)
        self.text_edit.setAccessibleName(_("What you can offer"))
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(_("Remove this offer"))
        self.remove_button.setAccessibleName(_("Remove this offer"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.remove_button)
        if offer is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(offer.kind.value))
            self.text_edit.setText(offer.text)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self._on_kind_combo_current_index_changed()

    def kind(self) -> OfferKind:
        return OfferKind(self.kind_combo.currentData())

    def set_kind(self, kind: OfferKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))

    def offer(self) -> OfferItem | None:
        """The offer in this row, or None while its text is empty."""
        text = self.text_edit.text().strip()
        if not text:
            return None
        return OfferItem(kind=self.kind(), text=text, interests=self._interests)

    def _on_kind_combo_current_index_changed(self) -> None:
        self.text_edit.setPlaceholderText(_(EXAMPLES[self.kind()]))


class OfferEditor(QWidget):
    """My offer inventory; ``offers()`` gives the rows that say something, in order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[OfferRow] = []
        self.hint = QLabel(
            _(
                "Good networking is about what you can give. A skill, something you know, an "
                "introduction, a resource or some time: a few lines are plenty."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "subtle")
        self.add_button = QPushButton(_("Add an offer"))
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(6)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addLayout(self._rows_layout)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    def set_offers(self, offers: Iterable[OfferItem]) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        for offer in offers:
            self.add_row(offer)
        if not self.rows:
            self.add_row()  # an empty row invites typing

    def offers(self) -> tuple[OfferItem, ...]:
        return tuple(offer for row in self.rows if (offer := row.offer()) is not None)

    def add_row(self, offer: OfferItem | None = None) -> OfferRow:
        row = OfferRow(offer)
        row.remove_requested.connect(self._on_row_remove_requested)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        return row

    def remove_row(self, row: OfferRow) -> None:
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.hide()  # gone from sight now; deleted once the event loop gets to it
        row.deleteLater()

    def _on_add_button_clicked(self) -> None:
        self.add_row().text_edit.setFocus()

    def _on_row_remove_requested(self, row: QWidget) -> None:
        if isinstance(row, OfferRow) and row in self.rows:
            self.remove_row(row)
