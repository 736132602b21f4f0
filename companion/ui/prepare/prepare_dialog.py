"""Prepare an event: one opener per stage (shuffle, pin, pick, write my own), what I can offer,
one intention, who is likely there; save it on the event, export or print the prep card.

A non-modal window, so the user can look things up in the main window while preparing. The card
is an immutable ``PrepCard``; every change here makes a new one and nothing is written until
Save. Closing with unsaved changes offers Save / Discard / Cancel.

This module lays the window out and wires it; its left column (``prepare_openers``) and bottom
row (``prepare_buttons``) are built beside it, as are picking and writing openers
(``prepare_slot_actions``), exporting and printing (``prepare_export``) and the question on
closing (``prepare_closing``) live beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.domain.errors import ValidationError
from companion.domain.events import Event, PrepPlan
from companion.domain.openers import OpenerStage
from companion.i18n import _
from companion.services.clock import Clock
from companion.services.prepare import prepare
from companion.services.prepare.opener_library import opener_library
from companion.services.prepare.prepare import PrepareError, PrepCard
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.prepare.opener_feedback_dialog import OpenerFeedbackDialog
from companion.ui.prepare.prepare_buttons import PrepareButtons
from companion.ui.prepare.prepare_closing import Answer, save_question
from companion.ui.prepare.prepare_export import (
    SaveFileChooser,
    ask_save_file,
    export_markdown_file,
    export_pdf_file,
    open_print_dialog,
)
from companion.ui.prepare.prepare_facts import show_header
from companion.ui.prepare.prepare_openers import OpenersColumn
from companion.ui.prepare.prepare_sections import PERSON_ID_ROLE, EventHeader, OfferPanel
from companion.ui.prepare.prepare_situations import fill_situations
from companion.ui.prepare.prepare_slot_actions import SlotActions
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.screen_fit import resize_within_screen


class PrepareDialog(QDialog):
    """Widgets are public for tests; ``card`` is the card as it stands (saved or not)."""

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        card: PrepCard,
        now: Clock,
        open_person: Callable[[str], None] | None = None,
        choose_file: SaveFileChooser = ask_save_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self._now = now
        self._open_person = open_person
        self._choose_file = choose_file
        # When none of my offers is about the event, a card on its own lists them all; here
        # the user ticks the ones that fit, so the card (and its export) starts with none.
        self.card = card if card.offers_match else prepare.set_offers(card, ())
        self._saved_plan = self._plan_or_none()
        self.slot_actions = SlotActions(
            store=store, changes=changes, choose=self.choose, parent=self
        )
        self._save_question: ChildDialog[QMessageBox] = ChildDialog()
        self._feedback: ChildDialog[OpenerFeedbackDialog] = ChildDialog()
        self.print_dialog: QPrintDialog | None = None
        self.setObjectName("prepareDialog")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWindowTitle(_("Prepare: {title}").format(title=card.event.title))
        self._build()
        self._fill()
        self._connect_signals()
        resize_within_screen(self, 1080, 820)

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = EventHeader()
        self.openers = OpenersColumn()
        self.slot_views = self.openers.slot_views
        self.situations = self.openers.situations
        self.panel = OfferPanel()
        self.buttons = PrepareButtons()
        self.feedback_button = self.buttons.feedback_button
        self.status_label = self.buttons.status_label
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addWidget(self.openers, 3)
        columns.addWidget(self.panel, 2)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(24, 20, 24, 12)
        inner.setSpacing(14)
        inner.addWidget(self.header)
        inner.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

    def _fill(self) -> None:
        card = self.card
        event = card.event
        show_header(self.header, self._store, card, self._now())
        self._show_slots()
        profile_offers = self._store.profile.get().offers
        chosen = {offer.text for offer in card.offers}  # offers_match: see __init__
        # Listed first by what the event is about, not by what was ticked last time.
        matching = {
            offer.text for offer in prepare.offers_for_event(self._store, profile_offers, event)
        }
        self.panel.show_offers(profile_offers, chosen=chosen, matching=matching)
        self.panel.notes_edit.setPlainText("\n".join(card.offer_notes))
        self.panel.intention_edit.setText(card.intention)
        self.panel.show_likely(card.likely_there)
        fill_situations(self.situations, self._store, card)
        self.feedback_button.setVisible(event.has_ended(self._now()))

    def _show_slots(self) -> None:
        for slot in self.card.slots:
            self.slot_views[slot.stage].show_opener(slot.opener, pinned=slot.pinned)
        self._update_status()

    def _connect_signals(self) -> None:
        for stage, view in self.slot_views.items():
            view.shuffle_button.clicked.connect(lambda _c=False, stage=stage: self.shuffle(stage))
            view.pin_button.clicked.connect(lambda on, stage=stage: self.pin(stage, on))
            view.pick_button.clicked.connect(
                lambda _c=False, stage=stage: self.slot_actions.open_picker(self.card, stage)
            )
            view.write_button.clicked.connect(
                lambda _c=False, stage=stage: self.slot_actions.open_form(self.card, stage)
            )
        self.openers.shuffle_all_button.clicked.connect(self.shuffle_all)
        self.panel.offers_list.itemChanged.connect(self._on_offers_list_item_changed)
        self.panel.say_offer_button.clicked.connect(self.say_offer)
        self.panel.notes_edit.textChanged.connect(self._on_notes_edit_changed)
        self.panel.intention_edit.textChanged.connect(self._on_intention_edit_changed)
        self.panel.likely_list.itemActivated.connect(self._on_likely_list_activated)
        self.feedback_button.clicked.connect(self.open_feedback)
        buttons = self.buttons
        buttons.export_markdown_button.clicked.connect(self.export_markdown)
        buttons.export_pdf_button.clicked.connect(self.export_pdf)
        buttons.print_button.clicked.connect(self.print_card)
        buttons.save_button.clicked.connect(self.save)
        buttons.close_button.clicked.connect(self.reject)

    # --- the openers ------------------------------------------------------------------------

    def shuffle(self, stage: OpenerStage) -> None:
        self._set_card(prepare.shuffle(self._store, self.card, stage))

    def shuffle_all(self) -> None:
        card = self.card
        library = opener_library(self._store, card.locale)
        for slot in card.slots:
            if not slot.pinned:
                card = prepare.shuffle(self._store, card, slot.stage, library=library)
        self._set_card(card)

    def pin(self, stage: OpenerStage, pinned: bool) -> None:
        self._set_card(prepare.pin(self.card, stage, pinned))

    def choose(self, stage: OpenerStage, opener_id: str) -> None:
        try:
            self._set_card(prepare.choose(self._store, self.card, stage, opener_id))
        except PrepareError as error:
            QMessageBox.warning(self, _("Prepare"), str(error))

    def _set_card(self, card: PrepCard) -> None:
        self.card = card
        self._show_slots()

    # --- offers, intention, people ----------------------------------------------------------

    def _on_offers_list_item_changed(self, _item: QListWidgetItem) -> None:
        offers = self._store.profile.get().offers
        chosen = [offers[number] for number in sorted(self.panel.checked_offer_numbers())]
        self.card = prepare.set_offers(self.card, chosen)
        self.panel.update_say_offer_button()
        self._update_status()

    def say_offer(self) -> None:
        """The first ticked offer, said aloud, into the offer-help slot (edited first)."""
        offers = self._store.profile.get().offers
        numbers = sorted(self.panel.checked_offer_numbers())
        if numbers and numbers[0] < len(offers):
            self.slot_actions.say_offer(self.card, offers[numbers[0]])

    def _on_notes_edit_changed(self) -> None:
        lines = self.panel.notes_edit.toPlainText().splitlines()
        notes = tuple(line.strip() for line in lines if line.strip())
        self.card = replace(self.card, offer_notes=notes)
        self._update_status()

    def _on_intention_edit_changed(self, text: str) -> None:
        self.card = replace(self.card, intention=text.strip())
        self._update_status()

    def _on_likely_list_activated(self, item: QListWidgetItem) -> None:
        if self._open_person is not None:
            self._open_person(str(item.data(PERSON_ID_ROLE)))

    # --- saving -----------------------------------------------------------------------------

    def _plan_or_none(self) -> PrepPlan | None:
        """The card as a plan; None while a note is too long to keep."""
        try:
            return self.card.plan()
        except ValidationError:
            return None

    def is_dirty(self) -> bool:
        plan = self._plan_or_none()
        return plan is None or plan != self._saved_plan

    def _update_status(self) -> None:
        self.status_label.setText(_("Unsaved changes") if self.is_dirty() else "")

    def save(self) -> bool:
        """Save the plan on the event (one durable write) and announce it; False: not saved."""
        try:
            changes = prepare.save_card(self._store, self.card)
        except ValidationError as error:
            QMessageBox.warning(self, _("Not saved"), error.message)
            return False
        except StoreError as error:
            QMessageBox.warning(self, _("Not saved"), _("Not saved: {reason}").format(reason=error))
            return False
        self._changes.announce(changes)
        # The stored plan, now the saved one, is the new baseline.
        stored = self._take_stored_event()
        self._saved_plan = stored.prep if stored is not None else self._plan_or_none()
        self.status_label.setText(_("Saved."))
        return True

    def _take_stored_event(self) -> Event | None:
        """Put the event as stored now (saved plan, recorded feedback) on the card."""
        stored = self._store.events.get(self.card.event.id)
        if stored is not None:
            self.card = replace(self.card, event=stored)
        return stored

    @property
    def confirm_box(self) -> QMessageBox | None:
        """The question asked on closing with unsaved changes, while it is open."""
        return self._save_question.dialog

    def reject(self) -> None:
        """Esc, Close, the window's close button: ask first when something is unsaved."""
        if not self.is_dirty():
            super().reject()
            return
        self._save_question.open(
            lambda: save_question(self, self.card.event.title, self._on_save_question_answered)
        )

    def _on_save_question_answered(self, answer: Answer) -> None:
        if answer == Answer.Save:
            if self.save():
                super().reject()
        elif answer == Answer.Discard:
            super().reject()

    # --- keeping the card -------------------------------------------------------------------

    def export_markdown(self) -> Path | None:
        return self._exported(
            export_markdown_file(self.card, parent=self, choose_file=self._choose_file)
        )

    def export_pdf(self) -> Path | None:
        return self._exported(
            export_pdf_file(self.card, parent=self, choose_file=self._choose_file)
        )

    def _exported(self, path: Path | None) -> Path | None:
        if path is not None:
            self.status_label.setText(
                _(
                    "Exported to {file}. It is not encrypted: keep it somewhere only you can read."
                ).format(file=path.name)
            )
        return path

    def print_card(self) -> None:
        self.print_dialog = open_print_dialog(self.card, self)

    # --- after the event --------------------------------------------------------------------

    @property
    def feedback_dialog(self) -> OpenerFeedbackDialog | None:
        """The "How did the openers go?" dialog, while it is open."""
        return self._feedback.dialog

    def open_feedback(self) -> None:
        """Which openers I used and which landed well; window-modal and non-blocking."""

        def make() -> OpenerFeedbackDialog:
            dialog = OpenerFeedbackDialog(
                store=self._store,
                changes=self._changes,
                event=self.card.event,
                openers=self.card.openers,
                locale=self.card.locale,
                parent=self,
            )
            dialog.accepted.connect(self._on_feedback_accepted)
            return dialog

        self._feedback.open(make)

    def _on_feedback_accepted(self) -> None:
        # The feedback is stored on the event's plan: keep it when this card is saved later.
        dirty = self.is_dirty()
        if self._take_stored_event() is not None and not dirty:
            self._saved_plan = self._plan_or_none()
        self._update_status()
