"""What I can offer: a short list of rows, each a kind (skill, introduction, …), a line and
the interests it is about.

The list is short by nature (a handful of things), so plain row widgets fit better than a table.
An offer's interests are suggested from its words as they are typed ("Teach Python to
beginners" -> Python) until the user picks them by hand in the row's Interests menu; Prepare
matches them against an event's ("What I can offer here").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.catalogue import Catalogue
from companion.domain.inference import build_matcher, infer_interests
from companion.domain.profile import OFFER_KIND_LABELS, OfferItem, OfferKind
from companion.i18n import N_, _
from companion.services.profile.interests import (
    OFFER_INTEREST_LIMIT,
    builtin_catalogue,
    group_label,
    interest_label,
)

SHOWN_INTEREST_LABELS = 2

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
    """One offer: kind, words, and the interests it is about (suggested until picked)."""

    remove_requested = Signal(QWidget)

    def __init__(
        self,
        offer: OfferItem | None = None,
        parent: QWidget | None = None,
        *,
        catalogue: Catalogue | None = None,
        suggest: Callable[[str], tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._interests = offer.interests if offer else ()
        # An offer that already carries interests keeps them until the user picks others.
        self._picked_by_hand = bool(self._interests)
        self._suggest = suggest
        self._catalogue = catalogue or builtin_catalogue()
        self.kind_combo = QComboBox()
        for kind, label in OFFER_KIND_LABELS.items():
            self.kind_combo.addItem(_(label), kind.value)
        self.kind_combo.setAccessibleName(_("Kind of offer"))
        self.text_edit = QLineEdit()
        self.text_edit.setMaxLength(MAX_OFFER_LENGTH)
        self.text_edit.setAccessibleName(_("What you can offer"))
        self.interests_button = QToolButton()
        self.interests_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.interests_button.setAccessibleName(_("Interests of this offer"))
        self.interests_menu = self._interests_menu()
        self.interests_button.setMenu(self.interests_menu)
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(_("Remove this offer"))
        self.remove_button.setAccessibleName(_("Remove this offer"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.interests_button)
        layout.addWidget(self.remove_button)
        if offer is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(offer.kind.value))
            self.text_edit.setText(offer.text)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self.text_edit.textChanged.connect(self._on_text_edit_text_changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self._on_kind_combo_current_index_changed()
        # An offer written before offers had interests gets them suggested right away.
        self._on_text_edit_text_changed(self.text_edit.text())
        self._show_interests()

    def _interests_menu(self) -> QMenu:
        menu = QMenu(self)
        for group in self._catalogue.groups:
            submenu = menu.addMenu(group_label(group).replace("&", "&&"))
            for interest in self._catalogue.in_group(group.slug):
                # A label like "Outdoors & sport": "&" would mark a shortcut key in a menu.
                action = submenu.addAction(interest_label(interest).replace("&", "&&"))
                action.setCheckable(True)
                action.setData(interest.slug)
                action.toggled.connect(
                    lambda on, slug=interest.slug: self._on_interest_action_toggled(slug, on)
                )
        return menu

    def interests(self) -> tuple[str, ...]:
        return self._interests

    def set_interests(self, slugs: Iterable[str], *, by_hand: bool = True) -> None:
        self._interests = tuple(dict.fromkeys(slugs))
        self._picked_by_hand = self._picked_by_hand or by_hand
        self._show_interests()

    def _show_interests(self) -> None:
        labels = {interest.slug: interest_label(interest) for interest in self._catalogue.interests}
        for submenu_action in self.interests_menu.actions():
            submenu = submenu_action.menu()
            if not isinstance(submenu, QMenu):
                continue
            for action in submenu.actions():
                action.blockSignals(True)
                action.setChecked(action.data() in self._interests)
                action.blockSignals(False)
        shown = [labels.get(slug, slug) for slug in self._interests]
        if not shown:
            text = _("Interests…")
        elif len(shown) > SHOWN_INTEREST_LABELS:
            text = _("{interests} +{more}").format(
                interests=", ".join(shown[:SHOWN_INTEREST_LABELS]),
                more=len(shown) - SHOWN_INTEREST_LABELS,
            )
        else:
            text = ", ".join(shown)
        self.interests_button.setText(text)
        self.interests_button.setToolTip(
            _("What this offer is about: Prepare suggests it at events about these")
            if self._picked_by_hand or not shown
            else _("Suggested from your words; pick others from this menu")
        )

    def _on_interest_action_toggled(self, slug: str, on: bool) -> None:
        chosen = [each for each in self._interests if each != slug]
        self.set_interests([*chosen, slug] if on else chosen)

    def _on_text_edit_text_changed(self, text: str) -> None:
        if self._picked_by_hand or self._suggest is None:
            return
        self.set_interests(self._suggest(text) if text.strip() else (), by_hand=False)

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

    def __init__(
        self, parent: QWidget | None = None, *, catalogue: Catalogue | None = None
    ) -> None:
        super().__init__(parent)
        self.rows: list[OfferRow] = []
        self._catalogue = catalogue or builtin_catalogue()
        matcher = build_matcher(self._catalogue.interests)
        self._suggest = lambda text: infer_interests(
            matcher, title=text, limit=OFFER_INTEREST_LIMIT
        )
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
        row = OfferRow(offer, catalogue=self._catalogue, suggest=self._suggest)
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
