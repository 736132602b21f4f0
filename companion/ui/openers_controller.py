"""Wires the Openers page: the library under the list, the filters, the form, undoable changes.

Every change goes through ``companion.services.opener_library`` inside a ``StoreCommand`` on the
window's undo stack, so favouriting, hiding, writing, editing and deleting can all be undone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPoint
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from companion.domain.openers import Opener, OpenerStage
from companion.i18n import _, current_locale, ngettext
from companion.services.changes import ChangeSet
from companion.services.interests import all_interests, interest_label
from companion.services.opener_library import (
    GENERAL,
    delete_own_opener,
    opener_library,
    restore_own_opener,
    save_own_opener,
    set_favourite,
    set_hidden,
)
from companion.services.search import fold
from companion.storage.store import Store
from companion.ui.data_changes import DataChanges
from companion.ui.opener_form import OpenerForm
from companion.ui.openers_model import OpenersModel, OpenersProxy
from companion.ui.openers_page import OpenersPage
from companion.ui.store_commands import CommandContext, StoreCommand

#: Changes to these tables can change what the list shows.
WATCHED_TABLES = ("openers", "interests")


def interest_labeller(store: Store) -> Callable[[str], str]:
    """Slug → label to show, with "General" for the openers that suit any crowd."""
    labels = {interest.slug: interest_label(interest) for interest in all_interests(store)}
    labels[GENERAL] = _("General")
    return lambda slug: labels.get(slug, slug)


# --- undoable changes ----------------------------------------------------------------------


def _save(store: Store, opener: Opener) -> ChangeSet:
    changes, _saved = save_own_opener(
        store,
        text=opener.text,
        stage=opener.stage,
        interests=opener.interests,
        locale=opener.locale,
        opener_id=opener.id,
    )
    return changes


class AddOpenerCommand(StoreCommand):
    def __init__(self, opener: Opener, context: CommandContext) -> None:
        super().__init__(_("Write opener"), context)
        self.opener = opener

    def redo(self) -> None:
        self._run(lambda: _save(self._store, self.opener))

    def undo(self) -> None:
        self._run(lambda: delete_own_opener(self._store, self.opener.id)[0])


class EditOpenerCommand(StoreCommand):
    def __init__(self, before: Opener, after: Opener, context: CommandContext) -> None:
        super().__init__(_("Edit opener"), context)
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._run(lambda: _save(self._store, self.after))

    def undo(self) -> None:
        self._run(lambda: _save(self._store, self.before))


class DeleteOpenerCommand(StoreCommand):
    def __init__(self, opener: Opener, context: CommandContext) -> None:
        super().__init__(_("Delete opener"), context)
        self.opener = opener

    def redo(self) -> None:
        self._run(lambda: delete_own_opener(self._store, self.opener.id)[0])

    def undo(self) -> None:
        self._run(lambda: restore_own_opener(self._store, self.opener))


class MarkOpenerCommand(StoreCommand):
    """Favourite or hide an opener (``mark`` is ``set_favourite`` or ``set_hidden``)."""

    def __init__(
        self,
        text: str,
        opener: Opener,
        mark: Callable[[Store, Opener, bool], tuple[ChangeSet, Opener]],
        on: bool,
        context: CommandContext,
    ) -> None:
        super().__init__(text, context)
        self.opener = opener
        self._mark = mark
        self._on = on

    def redo(self) -> None:
        self._run(lambda: self._mark(self._store, self.opener, self._on)[0])

    def undo(self) -> None:
        self._run(lambda: self._mark(self._store, self.opener, not self._on)[0])


# --- the controller ------------------------------------------------------------------------


class OpenersController(QObject):
    def __init__(
        self,
        page: OpenersPage,
        *,
        store: Store,
        changes: DataChanges,
        undo_stack: QUndoStack,
    ) -> None:
        super().__init__(page)
        self.page = page
        self._store = store
        self._changes = changes
        self._undo_stack = undo_stack
        self.model = OpenersModel(self)
        self.proxy = OpenersProxy(self)
        self.proxy.setSourceModel(self.model)
        page.list_view.setModel(self.proxy)
        self.form: OpenerForm | None = None
        self._context = CommandContext(store, changes, self._show_error)
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        page = self.page
        page.new_button.clicked.connect(self.open_new_form)
        page.new_action.triggered.connect(self.open_new_form)
        page.edit_action.triggered.connect(self._on_edit_action_triggered)
        page.edit_button.clicked.connect(self._on_edit_action_triggered)
        page.delete_action.triggered.connect(self.delete_selected)
        page.delete_button.clicked.connect(self.delete_selected)
        page.favourite_action.triggered.connect(self.toggle_favourite)
        page.favourite_button.clicked.connect(self.toggle_favourite)
        page.hide_action.triggered.connect(self.toggle_hidden)
        page.hide_button.clicked.connect(self.toggle_hidden)
        page.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        page.interest_combo.currentIndexChanged.connect(self._on_interest_combo_changed)
        page.stage_buttons.buttonClicked.connect(self._on_stage_buttons_clicked)
        page.show_hidden_check.toggled.connect(self._on_show_hidden_check_toggled)
        page.list_view.activated.connect(self._on_list_view_activated)
        page.list_view.customContextMenuRequested.connect(self._on_list_view_context_menu)
        page.list_view.delegate.star_clicked.connect(self._on_star_clicked)
        page.list_view.selectionModel().currentChanged.connect(self._update_actions)
        self._changes.changed.connect(self._on_data_changed)

    # --- the list ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Reload the library, keeping the selected opener selected."""
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
        current = self.page.list_view.currentIndex()
        return self.model.opener_at(self.proxy.mapToSource(current)) if current.isValid() else None

    def select_opener(self, opener_id: str, *, clear_filters: bool = True) -> bool:
        """Select the opener; when the filters hide it, clear them first. False: unknown id."""
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
        view = self.page.list_view
        view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        view.scrollTo(index)
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

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in WATCHED_TABLES):
            self.reload()

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

    def _on_list_view_activated(self, index: QModelIndex) -> None:
        opener = self.model.opener_at(self.proxy.mapToSource(index))
        if opener is not None and not opener.builtin:
            self.open_edit_form(opener)

    def _on_list_view_context_menu(self, position: QPoint) -> None:
        view = self.page.list_view
        index = view.indexAt(position)
        if self.model.opener_at(self.proxy.mapToSource(index)) is None:
            return
        view.setCurrentIndex(index)
        self.page.context_menu.popup(view.viewport().mapToGlobal(position))

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

    # --- the form ---------------------------------------------------------------------------

    def open_new_form(self) -> None:
        self._open_form(None)

    def open_edit_form(self, opener: Opener) -> None:
        self._open_form(opener)

    def _on_edit_action_triggered(self) -> None:
        opener = self.selected_opener()
        if opener is not None and not opener.builtin:
            self.open_edit_form(opener)

    def _open_form(self, opener: Opener | None) -> None:
        """Window-modal and non-blocking (``open``), so the event loop and tests keep running."""
        if self.form is not None:
            self.form.raise_()
            return
        preset = self.page.interest_combo.currentData()
        form = OpenerForm(
            interests=all_interests(self._store),
            opener=opener,
            stage=self.page.chosen_stage() or OpenerStage.OPEN,
            preset_interests=(preset,) if preset and preset != GENERAL else (),
            parent=self.page,
        )
        form.accepted.connect(lambda: self._on_form_accepted(form, opener))
        form.finished.connect(self._on_form_finished)
        self.form = form
        form.open()

    def _on_form_accepted(self, form: OpenerForm, before: Opener | None) -> None:
        entered = form.entered_opener()
        if entered is None:
            return
        if before is None:
            after = _with_locale(entered, current_locale())
            self._push(AddOpenerCommand(after, self._context))
        else:
            after = _with_locale(entered, before.locale)
            if (after.text, after.stage, after.interests) == (
                before.text,
                before.stage,
                before.interests,
            ):
                return
            self._push(EditOpenerCommand(before, after, self._context))
        self.select_opener(after.id)

    def _on_form_finished(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None

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
        self._push(command)
        self.select_opener(opener.id, clear_filters=False)

    def delete_selected(self) -> None:
        opener = self.selected_opener()
        if opener is not None and not opener.builtin:
            self._push(DeleteOpenerCommand(opener, self._context))

    def _push(self, command: StoreCommand) -> None:
        self._undo_stack.push(command)

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self.page, _("Openers"), message)


def _with_locale(opener: Opener, locale: str) -> Opener:
    return replace(opener, locale=locale, builtin=False)
