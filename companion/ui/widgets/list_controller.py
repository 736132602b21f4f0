"""What the Events, People and Openers pages' controllers share.

Each of those pages lists one kind of record in a view over a filter proxy, edits a record in
one form window at a time, and changes records only through undoable commands on the window's
undo stack. ``RecordListController`` does that plumbing; a subclass says which records, which
form and which commands, in the short hooks at the end of the class.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QDialog, QMessageBox

from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.storage.store import Store
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import CommandContext, Record, StoreCommand
from companion.ui.widgets.record_list_page import RecordListPage

PageT = TypeVar("PageT", bound=RecordListPage)
RecordT = TypeVar("RecordT", bound=Record)
FormT = TypeVar("FormT", bound=QDialog)


class RecordListController(QObject, Generic[PageT, RecordT, FormT]):
    #: Changes to these tables can change what the list shows.
    watched_tables: ClassVar[tuple[str, ...]] = ()
    #: The title of the box that reports a failed write, marked with ``N_``.
    error_title: ClassVar[str] = ""
    #: How a record is selected (a table selects its whole row).
    selection_flags: ClassVar[QItemSelectionModel.SelectionFlag] = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect
    )

    def __init__(
        self,
        page: PageT,
        view: QAbstractItemView,
        *,
        store: Store,
        changes: DataChanges,
        undo_stack: QUndoStack,
    ) -> None:
        super().__init__(page)
        self.page = page
        self._view = view
        self._store = store
        self._changes = changes
        self._undo_stack = undo_stack
        self.form: ChildDialog[FormT] = ChildDialog()
        self._context = CommandContext(store, changes, self._show_error)
        # Filling a list decodes every record (most of a second for 10,000 people), so a page
        # is filled when it is first shown, not while the app starts.
        self._stale = True
        page.installEventFilter(self)
        page.search_edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.page and event.type() == QEvent.Type.Show:
            self.ensure_loaded()
        if (
            watched is self.page.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._on_search_key(event.key())
        ):
            return True
        return super().eventFilter(watched, event)

    def _on_search_key(self, key: int) -> bool:
        """From the filter, Down goes into the list; Enter opens the one record it leaves."""
        model = self._view.model()
        rows = model.rowCount() if model is not None else 0
        if not rows or model is None:
            return False
        if key == Qt.Key.Key_Down:
            if not self._view.currentIndex().isValid():
                self._make_current(model.index(0, 0))
            self._view.setFocus()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and rows == 1:
            self._on_view_activated(model.index(0, 0))
            return True
        return False

    def reload(self) -> None:
        """Reload from the store now, or when the page is next shown if it is hidden."""
        if self.page.isVisible():
            self._stale = False
            self._load()
        else:
            self._stale = True

    def ensure_loaded(self) -> None:
        """Fill the list if changes came while the page was hidden (or it never was shown)."""
        if self._stale:
            self._stale = False
            self._load()

    def _connect_list_signals(self) -> None:
        """The signals every list page has; subclasses call it after connecting their own."""
        page, view = self.page, self._view
        page.new_button.clicked.connect(self.open_new_form)
        page.new_action.triggered.connect(self.open_new_form)
        page.edit_action.triggered.connect(self.edit_selected)
        page.delete_action.triggered.connect(self.delete_selected)
        page.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        # ``activated`` is Enter, and a double click (or a single one where the style says so).
        view.activated.connect(self._on_view_activated)
        view.customContextMenuRequested.connect(self._on_view_context_menu)
        self._changes.changed.connect(self._on_data_changed)

    # --- the list ---------------------------------------------------------------------------

    def _selected_record(self) -> RecordT | None:
        current = self._view.currentIndex()
        return self._record_at(current) if current.isValid() else None

    def _make_current(self, index: QModelIndex) -> None:
        """Select the record at ``index`` (a proxy index) alone, and scroll it into view."""
        self._view.selectionModel().setCurrentIndex(index, self.selection_flags)
        self._view.scrollTo(index)

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in self.watched_tables):
            self.reload()

    def _on_view_activated(self, index: QModelIndex) -> None:
        record = self._record_at(index)
        if record is not None:
            self._open_record(record)

    def _on_view_context_menu(self, position: QPoint) -> None:
        index = self._view.indexAt(position)
        record = self._record_at(index)
        if record is None:
            return
        self._view.setCurrentIndex(index)
        self._prepare_context_menu(record)
        self.page.context_menu.popup(self._view.viewport().mapToGlobal(position))

    # --- the form ---------------------------------------------------------------------------

    def open_new_form(self) -> None:
        self._open_form(None)

    def open_edit_form(self, record: RecordT) -> None:
        self._open_form(record)

    def edit_selected(self) -> None:
        record = self._selected_record()
        if record is not None and self._can_change(record):
            self.open_edit_form(record)

    def _open_form(self, record: RecordT | None) -> None:
        """Window-modal and non-blocking (``open``), so the event loop and tests keep running."""

        def make() -> FormT:
            form = self._new_form(record)
            form.accepted.connect(lambda: self._on_form_accepted(form, record))
            return form

        self.form.open(make)

    def _on_form_accepted(self, form: FormT, before: RecordT | None) -> None:
        after = self._entered_record(form, before)
        if after is None:
            return
        if before is None:
            self._push(self._add_command(after))
        elif self._differs(before, after):
            self._push(self._edit_command(before, after))
        else:
            return
        self._select_record(after.id)

    # --- commands ---------------------------------------------------------------------------

    def delete_selected(self) -> None:
        record = self._selected_record()
        if record is not None and self._can_change(record):
            self._push(self._delete_command(record))

    def _push(self, command: StoreCommand) -> None:
        self._undo_stack.push(command)

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self.page, _(self.error_title), message)

    # --- what subclasses say ----------------------------------------------------------------

    def _load(self) -> None:
        """Fill the list from the store, keeping the selected record selected."""
        raise NotImplementedError

    def _record_at(self, index: QModelIndex) -> RecordT | None:
        """The record at ``index`` of the view (a proxy index); None where there is none."""
        raise NotImplementedError

    def _select_record(self, record_id: str) -> None:
        raise NotImplementedError

    def _on_search_edit_text_changed(self, text: str) -> None:
        raise NotImplementedError

    def _new_form(self, record: RecordT | None) -> FormT:
        """The form to edit ``record``, or to enter a new one."""
        raise NotImplementedError

    def _entered_record(self, form: FormT, before: RecordT | None) -> RecordT | None:
        raise NotImplementedError

    def _add_command(self, record: RecordT) -> StoreCommand:
        raise NotImplementedError

    def _edit_command(self, before: RecordT, after: RecordT) -> StoreCommand:
        raise NotImplementedError

    def _delete_command(self, record: RecordT) -> StoreCommand:
        raise NotImplementedError

    def _can_change(self, record: RecordT) -> bool:
        """Whether the record may be edited and deleted (built-in openers may not)."""
        return True

    def _differs(self, before: RecordT, after: RecordT) -> bool:
        """Whether the form changed anything worth an undo step."""
        return before != after

    def _open_record(self, record: RecordT) -> None:
        """What Enter or a double click on a record does: edit it, where it may be changed."""
        if self._can_change(record):
            self.open_edit_form(record)

    def _prepare_context_menu(self, record: RecordT) -> None:
        """Set the context menu's entries for ``record`` before it pops up."""
