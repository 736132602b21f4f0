"""My interests and what I can offer, edited together; OK saves both at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from companion.domain.errors import ValidationError
from companion.domain.profile import Profile
from companion.i18n import _
from companion.services.profile.profile import get_profile, save_profile
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.settings.interest_picker import InterestPicker
from companion.ui.settings.offer_editor import OfferEditor
from companion.ui.shell.data_changes import DataChanges


def chosen_profile(picker: InterestPicker, editor: OfferEditor) -> Profile:
    return Profile(interests=picker.checked_slugs(), offers=editor.offers())


def save_chosen_profile(
    store: Store, changes: DataChanges, picker: InterestPicker, editor: OfferEditor
) -> str:
    """Save what the picker and editor show; the problem in words, or "" when it is saved."""
    try:
        changes.announce(save_profile(store, chosen_profile(picker, editor)))
    except (ValidationError, StoreError) as error:
        return str(error)
    return ""


class ProfileDialog(QDialog):
    """Opened from Edit > My Interests and Offers… and from Home; window-modal via ``open()``."""

    def __init__(
        self, *, store: Store, changes: DataChanges, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self.setWindowTitle(_("My Interests and Offers"))
        self.picker = InterestPicker(store=store, changes=changes)
        self.offers = OfferEditor()
        profile = get_profile(store)
        self.picker.set_checked(profile.interests)
        self.offers.set_offers(profile.offers)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.picker, _("My interests"))
        self.tabs.addTab(self.offers, _("What I can offer"))
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(520, 560)
        self.picker.filter_edit.setFocus()

    def accept(self) -> None:
        problem = save_chosen_profile(self._store, self._changes, self.picker, self.offers)
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        super().accept()
