"""The first-run welcome: what Common Ground is for, my interests, what I can offer.

Three short steps, each skippable, then the next thing to do. "Skip" on the first step (or Esc)
saves nothing; "Skip the rest" and Next on the offers save the interests and offers picked so far
(an interest of my own added on the way is in the catalogue from the moment it was added). The
last page offers the next step: import events, or prepare the next one when there is one
(``next_step_chosen``). Enter means Next on every step. Whoever shows the welcome remembers that
it was shown, however it ended (``finished``).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion import APP_NAME
from companion.i18n import _
from companion.services.profile.profile import get_profile
from companion.services.sync.privacy_words import where_data_lives
from companion.storage.store import Store
from companion.ui.settings.interest_picker import InterestPicker
from companion.ui.settings.offer_editor import OfferEditor
from companion.ui.settings.profile_dialog import save_chosen_profile
from companion.ui.shell.data_changes import DataChanges


class NextStep(StrEnum):
    IMPORT_EVENTS = "import-events"
    PREPARE_EVENT = "prepare-event"


def _text(text: str, *, subtle: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if subtle:
        label.setProperty("role", "subtle")
    return label


def _step(title: str, intro: str, body: QWidget | None = None) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    heading = QLabel(title)
    heading.setProperty("role", "headline")
    heading.setWordWrap(True)
    layout.addWidget(heading)
    layout.addWidget(_text(intro))
    layout.addSpacing(8)
    if body is not None:
        layout.addWidget(body, 1)
    return page


class WelcomeDialog(QDialog):
    """Pages are in ``pages``; buttons ``skip_button``, ``back_button``, ``next_button``."""

    #: The ``NextStep`` value the last page's main button stands for, emitted as it closes.
    next_step_chosen = Signal(str)

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        has_upcoming_event: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self.next_step = NextStep.PREPARE_EVENT if has_upcoming_event else NextStep.IMPORT_EVENTS
        self.setWindowTitle(_("Welcome to {app}").format(app=APP_NAME))
        self.picker = InterestPicker(store=store, changes=changes)
        self.offers = OfferEditor()
        profile = get_profile(store)
        self.picker.set_checked(profile.interests)
        self.offers.set_offers(profile.offers)
        self._build()
        self._connect_signals()
        self._show_step(0)
        self.resize(560, 600)

    def _build(self) -> None:
        idea = QWidget()
        idea_layout = QVBoxLayout(idea)
        idea_layout.setContentsMargins(0, 0, 0, 0)
        idea_layout.addWidget(
            _text(
                _(
                    "Go to the events about things you truly love – the game night, the "
                    "climbing meetup, the reading group – and the people you meet there already "
                    "share something with you."
                )
            )
        )
        idea_layout.addWidget(
            _text(
                _(
                    "Give first: an introduction, a tip, an hour of your time. That is how "
                    "acquaintances become real relationships."
                )
            )
        )
        idea_layout.addWidget(
            _text(
                where_data_lives(self._store),
                subtle=True,
            )
        )
        idea_layout.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(
            _step(
                _("Welcome to {app}").format(app=APP_NAME),
                _("Networking that does not feel fake rests on two ideas."),
                idea,
            )
        )
        self.pages.addWidget(
            _step(
                _("What do you love doing?"),
                _(
                    "Pick your interests. Common Ground uses them to find events that fit you "
                    "and conversation openers that are real."
                ),
                self.picker,
            )
        )
        self.pages.addWidget(
            _step(
                _("What could you offer?"),
                _("A few things you would gladly give to someone you meet."),
                self.offers,
            )
        )
        if self.next_step is NextStep.PREPARE_EVENT:
            next_intro = _(
                "Your next event is coming up. Prepare it now: openers that fit, the people "
                "likely there, and what you could offer them."
            )
        else:
            next_intro = _(
                "Bring in the events you plan to go to (an .ics file from Meetup, Eventbrite "
                "or your calendar). Then prepare the first one."
            )
        self.pages.addWidget(_step(_("Saved. What next?"), next_intro))
        self.step_label = QLabel()
        self.step_label.setProperty("role", "subtle")
        self.skip_button = QPushButton(_("Skip"))
        self.back_button = QPushButton(_("Back"))
        self.next_button = QPushButton()
        self.next_button.setProperty("primary", True)
        # Only Next is ever the default: a focused Skip must not take Enter (issue 17).
        for button in (self.skip_button, self.back_button):
            button.setAutoDefault(False)
        self.next_button.setDefault(True)
        self.error_label = _text("")
        self.error_label.setProperty("role", "error")
        self.error_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.step_label)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.skip_button.clicked.connect(self._on_skip_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)

    def step(self) -> int:
        return self.pages.currentIndex()

    def _show_step(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        last = index == self.pages.count() - 1
        self.step_label.setText(
            _("Step {step} of {steps}").format(step=index + 1, steps=self.pages.count() - 1)
        )
        # Past the offers everything is saved: no way back, and "Later" just closes.
        self.back_button.setVisible(0 < index < self._offers_step() + 1)
        if last:
            self.next_button.setText(
                _("Prepare your next event")
                if self.next_step is NextStep.PREPARE_EVENT
                else _("Import your events…")
            )
            self.skip_button.setText(_("Later"))
            self.step_label.setText("")
        else:
            self.next_button.setText(_("Next"))
            self.skip_button.setText(_("Skip") if index == 0 else _("Skip the rest"))
        self.next_button.setDefault(True)
        if index == 1:
            self.picker.filter_edit.setFocus()
        elif index == self._offers_step() and self.offers.rows:
            # Typing goes into the offer, not into the Next button (a space would press it).
            self.offers.rows[0].text_edit.setFocus()
        else:
            self.next_button.setFocus()

    def _offers_step(self) -> int:
        return self.pages.count() - 2

    def reject(self) -> None:
        """Esc or closing the window: like "Skip the rest", what was picked so far is kept."""
        if 0 < self.step() < self.pages.count() - 1:
            self._save_and_close()
            return
        super().reject()

    def _on_skip_button_clicked(self) -> None:
        if self.step() == 0:
            self.reject()
        elif self.step() == self.pages.count() - 1:
            self.accept()  # "Later": saved already
        else:
            self._save_and_close()

    def _on_back_button_clicked(self) -> None:
        self._show_step(max(0, self.step() - 1))

    def _on_next_button_clicked(self) -> None:
        if self.step() < self._offers_step():
            self._show_step(self.step() + 1)
        elif self.step() == self._offers_step():
            if self._save():
                self._show_step(self.step() + 1)
        else:
            self.accept()
            self.next_step_chosen.emit(self.next_step.value)

    def _save(self) -> bool:
        problem = save_chosen_profile(self._store, self._changes, self.picker, self.offers)
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return False
        self.error_label.hide()
        return True

    def _save_and_close(self) -> None:
        if self._save():
            self.accept()
