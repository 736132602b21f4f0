"""Prepare an event: one opener per stage (shuffle, pin, pick, write my own), what I can offer,
one intention, who is likely there; save it on the event, export or print the prep card.

A non-modal window, so the user can look things up in the main window while preparing. The card
is an immutable ``PrepCard``; every change here makes a new one and nothing is written until
Save. Closing with unsaved changes offers Save / Discard / Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.domain.errors import ValidationError
from companion.domain.events import PrepPlan
from companion.domain.openers import Opener, OpenerStage
from companion.i18n import _
from companion.services import prepare
from companion.services.clock import Clock
from companion.services.interests import all_interests
from companion.services.opener_library import opener_library, save_own_opener
from companion.services.prep_card import when_text, where_text
from companion.services.prepare import PrepareError, PrepCard
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.data_changes import DataChanges
from companion.ui.opener_feedback_dialog import OpenerFeedbackDialog
from companion.ui.opener_form import OpenerForm
from companion.ui.openers_controller import interest_labeller
from companion.ui.prepare_export import (
    SaveFileChooser,
    ask_save_file,
    open_print_dialog,
    suggested_name,
    write_markdown,
    write_pdf,
)
from companion.ui.prepare_facts import fit_text
from companion.ui.prepare_picker import PickOpenerDialog
from companion.ui.prepare_sections import PERSON_ID_ROLE, EventHeader, OfferPanel, section_title
from companion.ui.prepare_slot import StageSlotView, with_shortcut
from companion.ui.screen_fit import resize_within_screen

PICK_LIMIT = 200


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
        self.picker: PickOpenerDialog | None = None
        self.form: OpenerForm | None = None
        self.confirm_box: QMessageBox | None = None
        self.feedback_dialog: OpenerFeedbackDialog | None = None
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
        self.slot_views = {
            stage: StageSlotView(stage, number) for number, stage in enumerate(OpenerStage, start=1)
        }
        self.shuffle_all_shortcut = QKeySequence("Ctrl+R")
        self.shuffle_all_button = QPushButton(_("Shuffle &all"))
        self.shuffle_all_button.setShortcut(self.shuffle_all_shortcut)
        self.shuffle_all_button.setToolTip(
            with_shortcut(
                _("Suggest new openers for every unpinned stage"), self.shuffle_all_shortcut
            )
        )
        self.panel = OfferPanel()
        self.feedback_button = QPushButton(_("How did the openers go?…"))
        self.feedback_button.setToolTip(
            _("Tick the openers you used and the ones that landed well")
        )
        self.export_markdown_button = QPushButton(_("Export &Markdown…"))
        self.export_pdf_button = QPushButton(_("Export &PDF…"))
        self.print_button = QPushButton(_("P&rint…"))
        self.print_button.setToolTip(
            with_shortcut(_("Print the prep card"), QKeySequence("Ctrl+P"))
        )
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setProperty("primary", True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(
            with_shortcut(_("Save the plan on the event"), QKeySequence("Ctrl+S"))
        )
        self.save_button.setAutoDefault(False)
        self.close_button = QPushButton(_("&Close"))
        self.close_button.setToolTip(with_shortcut(_("Close"), QKeySequence("Esc")))
        self.status_label = QLabel()
        self.status_label.setProperty("role", "subtle")
        for button in (self.shuffle_all_button, self.close_button, self.feedback_button):
            button.setAutoDefault(False)
        self._lay_out()

    def _lay_out(self) -> None:
        openers_heading = QHBoxLayout()
        openers_heading.addWidget(section_title(_("Openers")))
        openers_heading.addStretch(1)
        openers_heading.addWidget(self.shuffle_all_button)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(openers_heading)
        for view in self.slot_views.values():
            left.addWidget(view)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 3)
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
        buttons = QHBoxLayout()
        buttons.setContentsMargins(24, 8, 24, 16)
        for button in (
            self.feedback_button,
            self.export_markdown_button,
            self.export_pdf_button,
            self.print_button,
        ):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _fill(self) -> None:
        card = self.card
        event = card.event
        facts = [when_text(card), where_text(card), event.organizer]
        mine = set(card.context.my_interests)
        self.header.show_event(
            title=event.title,
            facts="  ·  ".join(part for part in facts if part),
            chips=[
                (card.interest_labels.get(slug, slug), slug in mine) for slug in event.interests
            ],
            fit=fit_text(self._store, event, self._now()),
        )
        self._show_slots()
        profile_offers = self._store.profile.get().offers
        chosen = {offer.text for offer in card.offers} if card.offers_match else set()
        # Listed first by what the event is about, not by what was ticked last time.
        matching = {offer.text for offer in prepare.offers_about(profile_offers, event)}
        self.panel.show_offers(profile_offers, chosen=chosen, matching=matching)
        self.panel.notes_edit.setPlainText("\n".join(card.offer_notes))
        self.panel.intention_edit.setText(card.intention)
        self.panel.show_likely(card.likely_there)
        self.feedback_button.setVisible(event.has_ended(self._now()))

    def _show_slots(self) -> None:
        for slot in self.card.slots:
            self.slot_views[slot.stage].show_opener(slot.opener, pinned=slot.pinned)
        self._update_status()

    def _connect_signals(self) -> None:
        for stage, view in self.slot_views.items():
            view.shuffle_button.clicked.connect(lambda _c=False, stage=stage: self.shuffle(stage))
            view.pin_button.clicked.connect(lambda on, stage=stage: self.pin(stage, on))
            view.pick_button.clicked.connect(lambda _c=False, stage=stage: self.open_picker(stage))
            view.write_button.clicked.connect(lambda _c=False, stage=stage: self.open_form(stage))
        self.shuffle_all_button.clicked.connect(self.shuffle_all)
        self.panel.offers_list.itemChanged.connect(self._on_offers_list_item_changed)
        self.panel.notes_edit.textChanged.connect(self._on_notes_edit_changed)
        self.panel.intention_edit.textChanged.connect(self._on_intention_edit_changed)
        self.panel.likely_list.itemActivated.connect(self._on_likely_list_activated)
        self.feedback_button.clicked.connect(self.open_feedback)
        self.export_markdown_button.clicked.connect(self.export_markdown)
        self.export_pdf_button.clicked.connect(self.export_pdf)
        self.print_button.clicked.connect(self.print_card)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)

    # --- the openers ------------------------------------------------------------------------

    def shuffle(self, stage: OpenerStage) -> None:
        self._set_card(prepare.shuffle(self._store, self.card, stage))

    def shuffle_all(self) -> None:
        card = self.card
        library = self._library()
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

    def _library(self) -> list[Opener]:
        return opener_library(self._store, self.card.locale)

    def _set_card(self, card: PrepCard) -> None:
        self.card = card
        self._show_slots()

    def open_picker(self, stage: OpenerStage) -> None:
        """Window-modal and non-blocking; the picked opener goes into ``stage``, pinned."""
        if self.picker is not None:
            self.picker.raise_()
            return
        openers = prepare.alternatives(self._store, self.card, stage, PICK_LIMIT)
        picker = PickOpenerDialog(
            stage=stage, openers=openers, label_of=interest_labeller(self._store), parent=self
        )
        picker.accepted.connect(lambda: self._on_picker_accepted(picker, stage))
        picker.finished.connect(self._on_picker_finished)
        self.picker = picker
        picker.open()

    def _on_picker_accepted(self, picker: PickOpenerDialog, stage: OpenerStage) -> None:
        chosen = picker.chosen_id()
        if chosen is not None:
            self.choose(stage, chosen)

    def _on_picker_finished(self) -> None:
        if self.picker is not None:
            self.picker.deleteLater()
            self.picker = None

    def open_form(self, stage: OpenerStage) -> None:
        """Write my own opener for ``stage``; it is saved to my library and goes in the slot."""
        if self.form is not None:
            self.form.raise_()
            return
        form = OpenerForm(
            interests=all_interests(self._store),
            stage=stage,
            preset_interests=self.card.event.interests,
            parent=self,
        )
        form.accepted.connect(lambda: self._on_form_accepted(form))
        form.finished.connect(self._on_form_finished)
        self.form = form
        form.open()

    def _on_form_accepted(self, form: OpenerForm) -> None:
        entered = form.entered_opener()
        if entered is None:
            return
        try:
            changes, opener = save_own_opener(
                self._store,
                text=entered.text,
                stage=entered.stage,
                interests=entered.interests,
                locale=self.card.locale,
            )
        except (StoreError, ValidationError) as error:
            QMessageBox.warning(self, _("Not saved"), str(error))
            return
        self._changes.announce(changes)
        self.choose(opener.stage, opener.id)

    def _on_form_finished(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None

    # --- offers, intention, people ----------------------------------------------------------

    def _on_offers_list_item_changed(self, _item: QListWidgetItem) -> None:
        offers = self._store.profile.get().offers
        chosen = [offers[number] for number in sorted(self.panel.checked_offer_numbers())]
        self.card = prepare.set_offers(self.card, chosen)
        self._update_status()

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
        self._refresh_event()
        self.status_label.setText(_("Saved."))
        return True

    def _refresh_event(self) -> None:
        """Take the stored event (its plan now the saved one) as the new baseline."""
        stored = self._store.events.get(self.card.event.id)
        if stored is not None:
            self.card = replace(self.card, event=stored)
        self._saved_plan = stored.prep if stored is not None else self._plan_or_none()

    def reject(self) -> None:
        """Esc, Close, the window's close button: ask first when something is unsaved."""
        if not self.is_dirty():
            super().reject()
            return
        if self.confirm_box is not None:
            self.confirm_box.raise_()
            return
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Prepare"),
            _("Save your preparation for “{title}”?").format(title=self.card.event.title),
            buttons.Save | buttons.Discard | buttons.Cancel,
            self,
        )
        box.setDefaultButton(buttons.Save)
        box.finished.connect(lambda _result: self._on_confirm_box_finished(box))
        self.confirm_box = box
        box.open()

    def _on_confirm_box_finished(self, box: QMessageBox) -> None:
        answer = box.standardButton(box.clickedButton())
        self.confirm_box = None
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Save:
            if self.save():
                super().reject()
        elif answer == QMessageBox.StandardButton.Discard:
            super().reject()

    # --- keeping the card -------------------------------------------------------------------

    def export_markdown(self) -> Path | None:
        return self._export(
            _("Export prep card as Markdown"), "md", _("Markdown (*.md)"), write_markdown
        )

    def export_pdf(self) -> Path | None:
        return self._export(_("Export prep card as PDF"), "pdf", _("PDF (*.pdf)"), write_pdf)

    def _export(
        self,
        caption: str,
        extension: str,
        name_filter: str,
        write: Callable[[PrepCard, Path], None],
    ) -> Path | None:
        path = self._choose_file(self, caption, suggested_name(self.card, extension), name_filter)
        if path is None:
            return None
        try:
            write(self.card, path)
        except OSError as error:
            QMessageBox.warning(
                self,
                _("Not exported"),
                _("{file} could not be written: {reason}").format(
                    file=path.name, reason=error.strerror or error
                ),
            )
            return None
        self.status_label.setText(_("Exported to {file}.").format(file=path.name))
        return path

    def print_card(self) -> None:
        self.print_dialog = open_print_dialog(self.card, self)

    # --- after the event --------------------------------------------------------------------

    def open_feedback(self) -> None:
        """Which openers I used and which landed well; window-modal and non-blocking."""
        if self.feedback_dialog is not None:
            self.feedback_dialog.raise_()
            return
        dialog = OpenerFeedbackDialog(
            store=self._store,
            changes=self._changes,
            event=self.card.event,
            openers=self.card.openers,
            locale=self.card.locale,
            parent=self,
        )
        dialog.accepted.connect(self._on_feedback_accepted)
        dialog.finished.connect(self._on_feedback_finished)
        self.feedback_dialog = dialog
        dialog.open()

    def _on_feedback_accepted(self) -> None:
        # The feedback is stored on the event's plan: keep it when this card is saved later.
        dirty = self.is_dirty()
        stored = self._store.events.get(self.card.event.id)
        if stored is not None:
            self.card = replace(self.card, event=stored)
            if not dirty:
                self._saved_plan = self._plan_or_none()
        self._update_status()

    def _on_feedback_finished(self) -> None:
        if self.feedback_dialog is not None:
            self.feedback_dialog.deleteLater()
            self.feedback_dialog = None
