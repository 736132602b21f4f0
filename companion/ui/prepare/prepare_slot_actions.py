"""Filling one stage of the prep card by hand: "Pick…" from the library's alternatives, or
"Write my own…" (saved to my library first). Both hand the chosen opener's id to ``choose``,
which puts it in the stage's slot, pinned; the Prepare dialog owns the card."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.domain.errors import ValidationError
from companion.domain.offer_lines import offer_line
from companion.domain.openers import OpenerStage
from companion.domain.profile import OfferItem
from companion.i18n import _
from companion.services.prepare import prepare
from companion.services.prepare.opener_library import save_own_opener
from companion.services.prepare.prepare import PrepCard
from companion.services.profile.interests import all_interests, offer_interest_inference
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.openers.opener_form import OpenerForm
from companion.ui.openers.openers_controller import interest_labeller
from companion.ui.prepare.prepare_picker import PickOpenerDialog
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges

PICK_LIMIT = 200


class SlotActions:
    """Opens the picker and the own-opener form over ``parent``, one of each at a time."""

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        choose: Callable[[OpenerStage, str], None],
        parent: QWidget,
    ) -> None:
        self._store = store
        self._changes = changes
        self._choose = choose
        self._parent = parent
        self._picker: ChildDialog[PickOpenerDialog] = ChildDialog()
        self._form: ChildDialog[OpenerForm] = ChildDialog()

    @property
    def picker(self) -> PickOpenerDialog | None:
        return self._picker.dialog

    @property
    def form(self) -> OpenerForm | None:
        return self._form.dialog

    def open_picker(self, card: PrepCard, stage: OpenerStage) -> None:
        """The alternatives for ``stage``, best first; the picked one goes into its slot."""

        def make() -> PickOpenerDialog:
            picker = PickOpenerDialog(
                stage=stage,
                openers=prepare.alternatives(self._store, card, stage, PICK_LIMIT),
                label_of=interest_labeller(self._store),
                parent=self._parent,
            )
            picker.accepted.connect(lambda: self._on_picker_accepted(picker, stage))
            return picker

        self._picker.open(make)

    def _on_picker_accepted(self, picker: PickOpenerDialog, stage: OpenerStage) -> None:
        chosen = picker.chosen_id()
        if chosen is not None:
            self._choose(stage, chosen)

    def open_form(
        self,
        card: PrepCard,
        stage: OpenerStage,
        *,
        text: str = "",
        interests: tuple[str, ...] | None = None,
    ) -> None:
        """Write my own opener for ``stage``; it is saved to my library and goes in the slot.

        ``text`` starts the form with words to edit (an offer of mine said aloud);
        ``interests`` pre-sets its interests (default: the event's).
        """

        def make() -> OpenerForm:
            form = OpenerForm(
                interests=all_interests(self._store),
                stage=stage,
                preset_interests=card.event.interests if interests is None else interests,
                parent=self._parent,
            )
            if text:
                form.text_edit.setPlainText(text)
            form.accepted.connect(lambda: self._on_form_accepted(form, card.locale))
            return form

        self._form.open(make)

    def say_offer(self, card: PrepCard, offer: OfferItem) -> None:
        """``offer`` said aloud in the offer-help slot, in the form first so I can edit it."""
        interests = offer.interests or offer_interest_inference(self._store)(offer.text)
        self.open_form(card, OpenerStage.OFFER_HELP, text=offer_line(offer), interests=interests)

    def _on_form_accepted(self, form: OpenerForm, locale: str) -> None:
        entered = form.entered_opener()
        if entered is None:
            return
        try:
            changes, opener = save_own_opener(
                self._store,
                text=entered.text,
                stage=entered.stage,
                interests=entered.interests,
                locale=locale,
            )
        except (StoreError, ValidationError) as error:
            QMessageBox.warning(self._parent, _("Not saved"), str(error))
            return
        self._changes.announce(changes)
        self._choose(opener.stage, opener.id)
