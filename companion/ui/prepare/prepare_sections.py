"""The parts of the Prepare dialog beside the openers: the event's header, what I can offer,
my intention, and who is likely there. Layout only; ``PrepareDialog`` fills and reads them."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.profile import OFFER_KIND_LABELS, OfferItem
from companion.i18n import _
from companion.services.prepare.likely_there import LikelyPerson
from companion.ui.home.home_cards import section_title

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OFFER_INDEX_ROLE = Qt.ItemDataRole.UserRole + 2
CHIP_STYLE = "border: 1px solid palette(mid); border-radius: 9px; padding: 1px 8px;"
SHARED_CHIP_STYLE = (
    "background: palette(highlight); color: palette(highlighted-text);"
    " border-radius: 9px; padding: 1px 8px;"
)
MAX_INTENTION = 500
MAX_DESCRIPTION = 600  # characters of the event's description shown; the rest in the tooltip


class EventHeader(QWidget):
    """Title, when and where, the event's interests as chips (mine filled), the fit in words,
    the event's link and its description (long ones cut, the whole text in the tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel()
        self.title_label.setProperty("role", "headline")
        self.title_label.setWordWrap(True)
        self.facts_label = QLabel()
        self.facts_label.setProperty("role", "subtle")
        self.facts_label.setWordWrap(True)
        self.fit_label = QLabel()
        self.fit_label.setWordWrap(True)
        self.link_label = QLabel()
        self.link_label.setTextFormat(Qt.TextFormat.RichText)
        self.link_label.setOpenExternalLinks(True)
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.description_label = QLabel()
        self.description_label.setObjectName("eventDescription")
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)
        self.description_label.setWordWrap(True)
        self.description_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description_label.setAccessibleName(_("About the event"))
        self._chips = QHBoxLayout()
        self._chips.setSpacing(5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.facts_label)
        layout.addLayout(self._chips)
        layout.addWidget(self.fit_label)
        layout.addWidget(self.link_label)
        layout.addWidget(self.description_label)
        self.chip_labels: list[QLabel] = []

    def show_event(
        self,
        *,
        title: str,
        facts: str,
        chips: Iterable[tuple[str, bool]],
        fit: str,
        url: str = "",
        description: str = "",
    ) -> None:
        self.title_label.setText(title)
        self.facts_label.setText(facts)
        self._show_link(url)
        self._show_description(description)
        for label, shared in chips:
            chip = QLabel(label)
            chip.setStyleSheet(SHARED_CHIP_STYLE if shared else CHIP_STYLE)
            self._chips.addWidget(chip)
            self.chip_labels.append(chip)
        if not self.chip_labels:
            none = QLabel(_("No interests noted for this event: general openers are suggested."))
            none.setProperty("role", "subtle")
            self._chips.addWidget(none)
        self._chips.addStretch(1)
        self.fit_label.setText(fit)
        self.fit_label.setVisible(bool(fit))

    def _show_link(self, url: str) -> None:
        # Only web links open from here; anything else is shown as text, never followed.
        if url.startswith(("https://", "http://")):
            self.link_label.setText(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        else:
            self.link_label.setText(html.escape(url))
        self.link_label.setVisible(bool(url))

    def _show_description(self, description: str) -> None:
        text = " ".join(description.split())
        shown = text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"
        self.description_label.setText(shown)
        self.description_label.setToolTip(description.strip() if shown != text else "")
        self.description_label.setVisible(bool(text))


class OfferPanel(QWidget):
    """What I can offer here, my intention, and the people likely there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offers_hint = QLabel()
        self.offers_hint.setProperty("role", "subtle")
        self.offers_hint.setWordWrap(True)
        self.offers_list = QListWidget()
        self.offers_list.setAccessibleName(_("What I can offer here"))
        self.offers_list.setWordWrap(True)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(
            _("One per line, e.g. I can intro people to the local climbing gym owner")
        )
        self.notes_edit.setAccessibleName(_("Notes on what I can offer"))
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.intention_edit = QLineEdit()
        self.intention_edit.setMaxLength(MAX_INTENTION)
        self.intention_edit.setPlaceholderText(_("e.g. learn how they run playtests"))
        self.likely_list = QListWidget()
        self.likely_list.setAccessibleName(_("Likely there"))
        self.likely_list.setToolTip(_("Double-click to open the person"))
        # Long names and interest lists wrap instead of hiding behind a sideways scroll bar.
        self.likely_list.setWordWrap(True)
        self.likely_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.offers_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.offers_list.setSpacing(1)
        self.say_offer_button = QPushButton(_("Say a ticked offer under “Offer help”…"))
        self.say_offer_button.setToolTip(
            _("Put the first ticked offer into the “Offer help” slot, in words you can edit")
        )
        self.say_offer_button.setAutoDefault(False)
        self.say_offer_button.setEnabled(False)
        self.likely_hint = QLabel(_("Nobody you know shares these interests yet."))
        self.likely_hint.setProperty("role", "subtle")
        self.likely_hint.setWordWrap(True)
        notes_label = QLabel(_("&Notes (one per line):"))
        notes_label.setBuddy(self.notes_edit)
        self.intention_edit.setAccessibleName(_("Intention"))
        rows = self.fontMetrics().lineSpacing()
        self.offers_list.setMaximumHeight(rows * 7)
        self.likely_list.setMaximumHeight(rows * 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(section_title(_("What I can offer here")))
        layout.addWidget(self.offers_hint)
        layout.addWidget(self.offers_list)
        layout.addWidget(self.say_offer_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes_edit)
        layout.addSpacing(6)
        layout.addWidget(section_title(_("Intention")))
        layout.addWidget(self.intention_edit)
        layout.addSpacing(6)
        layout.addWidget(section_title(_("Likely there")))
        layout.addWidget(self.likely_list)
        layout.addWidget(self.likely_hint)
        layout.addStretch(1)

    def show_offers(
        self, offers: Iterable[OfferItem], *, chosen: set[str], matching: set[str]
    ) -> None:
        """Every offer of mine, the ones about this event's interests first, ``chosen`` ticked."""
        self.offers_list.clear()
        ordered = sorted(enumerate(offers), key=lambda pair: pair[1].text not in matching)
        for number, offer in ordered:
            kind = _(OFFER_KIND_LABELS[offer.kind])
            item = QListWidgetItem(_("{kind}: {text}").format(kind=kind, text=offer.text))
            item.setData(OFFER_INDEX_ROLE, number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = offer.text in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.offers_list.addItem(item)
        if not self.offers_list.count():
            self.offers_hint.setText(
                _("Your profile lists nothing you can offer yet; note it below.")
            )
        elif not matching:
            self.offers_hint.setText(
                _("None of your offers is about this event's interests; tick any that fit.")
            )
        else:
            self.offers_hint.setText(_("Tick what you could give at this event."))

        self.update_say_offer_button()

    def update_say_offer_button(self) -> None:
        self.say_offer_button.setEnabled(bool(self.checked_offer_numbers()))

    def checked_offer_numbers(self) -> list[int]:
        return [
            int(item.data(OFFER_INDEX_ROLE))
            for row in range(self.offers_list.count())
            if (item := self.offers_list.item(row)).checkState() == Qt.CheckState.Checked
        ]

    def show_likely(self, people: Iterable[LikelyPerson]) -> None:
        self.likely_list.clear()
        for likely in people:
            item = QListWidgetItem(
                _("{name} — {reason}").format(name=likely.person.name, reason=likely.reason)
            )
            item.setData(PERSON_ID_ROLE, likely.person.id)
            self.likely_list.addItem(item)
        self.likely_hint.setVisible(self.likely_list.count() == 0)
        self.likely_list.setVisible(self.likely_list.count() > 0)
