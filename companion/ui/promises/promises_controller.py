"""Wires the Promises page: the table over ``open_promises``, the filters, and undoable actions.

Done, Snooze and Drop are commands on the window's undo stack, like everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QMessageBox

from companion.domain.people import PromiseStatus
from companion.i18n import _
from companion.i18n.formats import format_date
from companion.services.changes import ChangeSet
from companion.services.promises.promise_list import OpenPromise, open_promises
from companion.storage.store import Store
from companion.ui.people.person_commands import SetPromiseStatusCommand
from companion.ui.promises.promise_commands import SnoozePromiseCommand
from companion.ui.promises.promises_model import PromisesModel, PromisesProxy
from companion.ui.promises.promises_page import PromisesPage
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import CommandContext

WATCHED_TABLES = ("offers", "people", "events", "encounters")


class PromisesController(QObject):
    def __init__(
        self,
        page: PromisesPage,
        *,
        store: Store,
        changes: DataChanges,
        undo_stack: QUndoStack,
        today: Callable[[], date],
        show_person: Callable[[str], None],
    ) -> None:
        super().__init__(page)
        self.page = page
        self._store = store
        self._undo_stack = undo_stack
        self._today = today
        self._show_person = show_person
        self._context = CommandContext(store, changes, self._report_failed_write)
        self.model = PromisesModel(self)
        self.proxy = PromisesProxy(self)
        self.proxy.setSourceModel(self.model)
        page.table_view.setModel(self.proxy)
        page.size_columns()
        self._connect_signals(changes)
        # Filled when first shown, not while the app starts: listing every open promise reads
        # the offers, people and encounters (a third of a second at 10,000 people).
        self._stale = True
        page.installEventFilter(self)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.page and event.type() == QEvent.Type.Show and self._stale:
            self._load()
        return super().eventFilter(watched, event)

    def _connect_signals(self, changes: DataChanges) -> None:
        page = self.page
        changes.changed.connect(self._on_data_changed)
        page.person_combo.currentIndexChanged.connect(self._apply_filters)
        page.event_combo.currentIndexChanged.connect(self._apply_filters)
        page.done_button.clicked.connect(lambda: self._set_status(PromiseStatus.DONE))
        page.drop_button.clicked.connect(lambda: self._set_status(PromiseStatus.DROPPED))
        page.snooze_button.clicked.connect(self._on_snooze_button_clicked)
        page.person_button.clicked.connect(self._on_person_button_clicked)
        page.table_view.activated.connect(self._on_table_view_activated)
        selection = page.table_view.selectionModel()
        selection.currentRowChanged.connect(self._update_buttons)

    # --- the list -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every open promise again now, or when the page is next shown if it is hidden;
        the filters and the selected row stay where they were."""
        if self.page.isVisible():
            self._load()
        else:
            self._stale = True

    def _load(self) -> None:
        self._stale = False
        selected = self.selected_promise()
        rows = open_promises(self._store)
        self.model.set_rows(rows, self._today())
        self._fill_filters(rows)
        self._apply_filters()
        if selected is not None:
            self.select_promise(selected.promise_id)

    def _fill_filters(self, rows: list[OpenPromise]) -> None:
        people = sorted({(row.person_name, row.person_id) for row in rows}, key=_folded_first)
        self._refill(
            self.page.person_combo,
            _("Everyone"),
            [(name, person_id) for name, person_id in people],
        )
        event_ids = set().union(*(row.event_ids for row in rows)) if rows else set()
        events = [event for event_id in event_ids if (event := self._store.events.get(event_id))]
        events.sort(key=lambda event: event.start, reverse=True)
        self._refill(
            self.page.event_combo,
            _("All events"),
            [
                (
                    _("{title} ({day})").format(
                        title=event.title, day=format_date(event.start.date())
                    ),
                    event.id,
                )
                for event in events
            ],
        )

    @staticmethod
    def _refill(combo: QComboBox, everything: str, entries: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, key in entries:
            combo.addItem(text, key)
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
        combo.blockSignals(False)

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            person_id=self.page.person_combo.currentData(),
            event_id=self.page.event_combo.currentData(),
        )
        self.proxy.sort(0)
        has_rows = self.proxy.rowCount() > 0
        if self.model.rowCount() == 0:
            empty = _(
                "No open promises. When you promise someone something, note it in Quick capture "
                "(Ctrl+Shift+N) or on their page."
            )
        else:
            empty = _("No open promise matches the filters.")
        self.page.show_rows(has_rows=has_rows, empty_text=empty)
        if has_rows and not self.page.table_view.currentIndex().isValid():
            self._make_current(self.proxy.index(0, 0))
        self._update_buttons()

    def _make_current(self, index: QModelIndex) -> None:
        self.page.table_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def selected_promise(self) -> OpenPromise | None:
        index = self.page.table_view.currentIndex()
        if not index.isValid():
            return None
        return self.model.promise_at(self.proxy.mapToSource(index).row())

    def select_promise(self, promise_id: str) -> bool:
        row = self.model.row_of(promise_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if not index.isValid():
            return False
        self._make_current(index)
        return True

    def visible_promises(self) -> list[OpenPromise]:
        """The rows as shown, top to bottom (for tests and the journey)."""
        found = []
        for row in range(self.proxy.rowCount()):
            item = self.model.promise_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            if item is not None:
                found.append(item)
        return found

    def _update_buttons(self) -> None:
        chosen = self.selected_promise() is not None
        for button in (
            self.page.done_button,
            self.page.snooze_button,
            self.page.drop_button,
            self.page.person_button,
        ):
            button.setEnabled(chosen)

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in WATCHED_TABLES):
            self.reload()

    # --- actions ------------------------------------------------------------------------------

    def _set_status(self, status: PromiseStatus) -> None:
        selected = self.selected_promise()
        promise = self._store.promises.get(selected.promise_id) if selected else None
        if promise is None:
            return
        row = self.page.table_view.currentIndex().row()
        self._undo_stack.push(
            SetPromiseStatusCommand(promise, status, self._today(), self._context)
        )
        self._select_near(row)

    def _on_snooze_button_clicked(self) -> None:
        selected = self.selected_promise()
        promise = self._store.promises.get(selected.promise_id) if selected else None
        if promise is None:
            return
        self._undo_stack.push(SnoozePromiseCommand(promise, self._today(), self._context))
        self.select_promise(promise.id)

    def _select_near(self, row: int) -> None:
        """After a promise left the list: the one that took its place, so Done can repeat."""
        count = self.proxy.rowCount()
        if count:
            self._make_current(self.proxy.index(min(row, count - 1), 0))

    def _on_person_button_clicked(self) -> None:
        promise = self.selected_promise()
        if promise is not None:
            self._show_person(promise.person_id)

    def _on_table_view_activated(self, index: QModelIndex) -> None:
        self._make_current(index)
        self._on_person_button_clicked()

    def _report_failed_write(self, message: str) -> None:
        QMessageBox.warning(self.page, _("Promises"), message)


def _folded_first(entry: tuple[str, str]) -> tuple[str, str]:
    return entry[0].casefold(), entry[1]
