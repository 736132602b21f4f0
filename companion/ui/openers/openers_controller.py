"""Wires the Openers page: the library under the list, the filters, the form, undoable changes.

Every change goes through ``companion.services.prepare.opener_library`` inside a command (see
``opener_commands``) on the window's undo stack, so favouriting, hiding, writing, editing and
deleting can all be undone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QUndoStack

from companion.domain.folding import fold
from companion.domain.openers import Opener, OpenerStage
from companion.i18n import N_, _, current_locale, ngettext
from companion.services.prepare.opener_library import (
    GENERAL,
    opener_library,
    set_favourite,
    set_hidden,
)
from companion.services.profile.interests import all_interests, interest_label
from companion.storage.store import Store
from companion.ui.openers.opener_commands import (
    AddOpenerCommand,
    DeleteOpenerCommand,
    EditOpenerCommand,
    MarkOpenerCommand,
)
from companion.ui.openers.opener_form import OpenerForm
from companion.ui.openers.openers_model import OpenersModel, OpenersProxy
from companion.ui.openers.openers_page import OpenersPage
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import StoreCommand
from companion.ui.widgets.list_controller import RecordListController

#: Changes to these tables can change what the list shows.
WATCHED_TABLES = ("openers", "interests")


def interest_labeller(store: Store) -> Callable[[str], str]:
    """Slug → label to show, with "General" for the openers that suit any crowd."""
    labels = {interest.slug: interest_label(interest) for interest in all_interests(store)}
    labels[GENERAL] = _("General")
    return lambda slug: labels.get(slug, slug)


class OpenersController(RecordListController[OpenersPage, Opener, OpenerForm]):
    watched_tables = WATCHED_TABLES
    error_title = N_("Openers")

    def __init__(
        self,
        page: OpenersPage,
        *,
        store: Store,
        changes: DataChanges,
        undo_stack: QUndoStack,
    ) -> None:
        super().__init__(page, page.list_view, store=store, changes=changes, undo_stack=undo_stack)
        self.model = OpenersModel(self)
        self.proxy = OpenersProxy(self)
        self.proxy.setSourceModel(self.model)
        page.list_view.setModel(self.proxy)
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        page = self.page
        page.edit_button.clicked.connect(self.edit_selected)
        page.delete_button.clicked.connect(self.delete_selected)
        page.favourite_action.triggered.connect(self.toggle_favourite)
        page.favourite_button.clicked.connect(self.toggle_favourite)
        page.hide_action.triggered.connect(self.toggle_hidden)
        page.hide_button.clicked.connect(self.toggle_hidden)
        page.interest_combo.currentIndexChanged.connect(self._on_interest_combo_changed)
        page.stage_buttons.buttonClicked.connect(self._on_stage_buttons_clicked)
        page.show_hidden_check.toggled.connect(self._on_show_hidden_check_toggled)
        page.list_view.delegate.star_clicked.connect(self._on_star_clicked)
        page.list_view.selectionModel().currentChanged.connect(self._update_actions)
        self._connect_list_signals()

    # --- the list ---------------------------------------------------------------------------

    def _load(self) -> None:
        """Fill the list from the library, keeping the selected opener selected."""
        selected = self.selected_opener()
        label_of = interest_labeller(self._store)
        self.model.set_openers(opener_library(self._store, current_locale()), label_of)
        self._fill_interest_combo(label_of)
        self._show_list()
        if selected is not None:
            self.select_opener(selected.id, clear_filters=False)
        self._update_actions()

    def _fill_interest_combo(self, label_of: Callable[[str], str]) -> None:
        """Every interest some opener is about, by label; "All" and "General" first."""
        combo = self.page.interest_combo
        chosen = combo.currentData()
        used = {slug for opener in self.model.openers() for slug in opener.interests}
        used.discard(GENERAL)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All interests"), None)
        combo.addItem(_("General (any crowd)"), GENERAL)
        for slug in sorted(used, key=lambda slug: fold(label_of(slug))):
            combo.addItem(label_of(slug), slug)
        found = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)
        self.proxy.set_interest(combo.currentData())

    def _show_list(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.page.show_list(has_openers=total > 0, has_matches=shown > 0)
        self.page.count_label.setText(
            ngettext("{shown} of {total} opener", "{shown} of {total} openers", total).format(
                shown=shown, total=total
            )
        )

    def selected_opener(self) -> Opener | None:
        return self._selected_record()

    def select_opener(self, opener_id: str, *, clear_filters: bool = True) -> bool:
        """Select the opener; when the filters hide it, clear them first. False: unknown id."""
        self.ensure_loaded()
        source = self.model.index_of(opener_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid() and clear_filters:
            opener = self.model.opener_at(source)
            self.clear_filters(show_hidden=opener is not None and opener.hidden)
            index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self._make_current(index)
        return True

    def clear_filters(self, *, show_hidden: bool = False) -> None:
        page = self.page
        page.search_edit.clear()
        page.interest_combo.setCurrentIndex(0)
        page.all_stages_button.setChecked(True)
        self.proxy.set_stage(None)
        if show_hidden:
            page.show_hidden_check.setChecked(True)
        self._show_list()

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self._show_list()

    def _on_interest_combo_changed(self) -> None:
        self.proxy.set_interest(self.page.interest_combo.currentData())
        self._show_list()

    def _on_stage_buttons_clicked(self) -> None:
        self.proxy.set_stage(self.page.chosen_stage())
        self._show_list()

    def _on_show_hidden_check_toggled(self, checked: bool) -> None:
        self.proxy.set_show_hidden(checked)
        self._show_list()

    def _on_star_clicked(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        opener = self.model.opener_at(self.proxy.mapToSource(index))
        if opener is not None:
            self.page.list_view.setCurrentIndex(index)
            self._push_mark(opener, favourite=not opener.favourite)

    def _update_actions(self) -> None:
        page = self.page
        opener = self.selected_opener()
        own = opener is not None and not opener.builtin
        for widget in (page.favourite_action, page.favourite_button, page.hide_action):
            widget.setEnabled(opener is not None)
        page.hide_button.setEnabled(opener is not None)
        for widget in (page.edit_action, page.edit_button, page.delete_action, page.delete_button):
            widget.setEnabled(own)
        favourite = opener is not None and opener.favourite
        hidden = opener is not None and opener.hidden
        page.favourite_action.setChecked(favourite)
        page.hide_action.setChecked(hidden)
        page.favourite_button.setText(_("Unfavourite") if favourite else _("Favourite"))
        page.hide_button.setText(_("Unhide") if hidden else _("Hide"))
        if opener is None:
            hint = ""
        elif opener.builtin:
            hint = _("A built-in opener: favour it, hide it, or write your own version.")
        else:
            hint = _("Your own opener.")
        page.hint_label.setText(hint)

    # --- commands ---------------------------------------------------------------------------

    def toggle_favourite(self) -> None:
        opener = self.selected_opener()
        if opener is not None:
            self._push_mark(opener, favourite=not opener.favourite)

    def toggle_hidden(self) -> None:
        opener = self.selected_opener()
        if opener is not None:
            self._push_mark(opener, hidden=not opener.hidden)

    def _push_mark(
        self, opener: Opener, *, favourite: bool | None = None, hidden: bool | None = None
    ) -> None:
        if favourite is not None:
            text = _("Favourite opener") if favourite else _("Unfavourite opener")
            command = MarkOpenerCommand(text, opener, set_favourite, favourite, self._context)
        else:
            on = bool(hidden)
            text = _("Hide opener") if on else _("Unhide opener")
            command = MarkOpenerCommand(text, opener, set_hidden, on, self._context)
        row = self.page.list_view.currentIndex().row()
        self._push(command)
        if not self.select_opener(opener.id, clear_filters=False) and row >= 0:
            # Hidden, it left the list: the one that took its place is next, so H can be
            # pressed again instead of the selection jumping back to the top.
            next_row = min(row, self.proxy.rowCount() - 1)
            if next_row >= 0:
                self._make_current(self.proxy.index(next_row, 0))

    # --- hooks of RecordListController ------------------------------------------------------

    def _record_at(self, index: QModelIndex) -> Opener | None:
        return self.model.opener_at(self.proxy.mapToSource(index))

    def _select_record(self, record_id: str) -> None:
        self.select_opener(record_id)

    def _can_change(self, opener: Opener) -> bool:
        return not opener.builtin

    def _new_form(self, opener: Opener | None) -> OpenerForm:
        preset = self.page.interest_combo.currentData()
        return OpenerForm(
            interests=all_interests(self._store),
            opener=opener,
            stage=self.page.chosen_stage() or OpenerStage.OPEN,
            preset_interests=(preset,) if preset and preset != GENERAL else (),
            parent=self.page,
        )

    def _entered_record(self, form: OpenerForm, before: Opener | None) -> Opener | None:
        """What the form holds, in the language the opener was written in (a new one: now)."""
        entered = form.entered_opener()
        if entered is None:
            return None
        locale = current_locale() if before is None else before.locale
        return replace(entered, locale=locale, builtin=False)

    def _differs(self, before: Opener, after: Opener) -> bool:
        """Only the text, stage and interests are the form's; marks and counts are not."""
        return (after.text, after.stage, after.interests) != (
            before.text,
            before.stage,
            before.interests,
        )

    def _add_command(self, opener: Opener) -> StoreCommand:
        return AddOpenerCommand(opener, self._context)

    def _edit_command(self, before: Opener, after: Opener) -> StoreCommand:
        return EditOpenerCommand(before, after, self._context)

    def _delete_command(self, opener: Opener) -> StoreCommand:
        return DeleteOpenerCommand(opener, self._context)
