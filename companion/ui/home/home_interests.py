"""Home's "Your interests": the interests I picked and how many things I can offer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from companion.i18n import _, ngettext
from companion.services.profile.interests import label_for_slug
from companion.services.profile.profile import get_profile
from companion.storage.store import Store
from companion.ui.home.home_cards import section_title, stack, text_label

SHOWN_INTERESTS = 8


class InterestsSection(QWidget):
    def __init__(
        self, *, edit_profile: Callable[[], None] | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.interests_label = text_label("")
        self.offers_label = text_label("", subtle=True)
        self.edit_interests_button = QPushButton(_("Edit my interests…"))
        self.edit_interests_button.setVisible(edit_profile is not None)
        if edit_profile is not None:
            self.edit_interests_button.clicked.connect(edit_profile)
        card = QFrame()
        card.setProperty("role", "card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(14, 10, 14, 12)
        card_layout.addWidget(self.interests_label)
        card_layout.addWidget(self.offers_label)
        card_layout.addWidget(self.edit_interests_button, 0, Qt.AlignmentFlag.AlignLeft)
        stack(self, section_title(_("Your interests")), card)

    def refresh(self, store: Store) -> None:
        profile = get_profile(store)
        labels = [label_for_slug(store, slug) for slug in profile.interests]
        if not labels:
            self.interests_label.setText(_("You have not picked any interests yet."))
        else:
            shown = ", ".join(labels[:SHOWN_INTERESTS])
            rest = len(labels) - SHOWN_INTERESTS
            if rest > 0:
                shown = ngettext(
                    "{interests} and {count} more", "{interests} and {count} more", rest
                ).format(interests=shown, count=rest)
            self.interests_label.setText(shown)
        offers = len(profile.offers)
        self.offers_label.setText(
            ngettext("{count} thing you can offer", "{count} things you can offer", offers).format(
                count=offers
            )
            if offers
            else _("Nothing noted yet that you could offer.")
        )
