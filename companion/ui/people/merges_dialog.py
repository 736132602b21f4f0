"""People Merges…: every merge of two people, newest first, each one undoable later.

Undo here is for the day after, when Ctrl+Z no longer reaches the merge: it brings the
absorbed person back with their encounters and promises and takes back from the survivor only
what the merge brought in (``merge_history.undo_merge_record``), keeping later edits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.merge_records import MergeRecord
from companion.i18n import _
from companion.i18n.formats import format_datetime
from companion.services.changes import ChangeSet
from companion.services.people.merge import MERGES, MergeError
from companion.services.people.merge_history import merge_records, undo_merge_record
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.shell.data_changes import DataChanges

_WATCHED_TABLES = ("people", MERGES)


class MergesDialog(QDialog):
    """The list of merges with an Undo button; refreshes itself on every change to people."""

    WHEN, MERGED, INTO, WHY, STATE = range(5)

    def __init__(
        self, *, store: Store, changes: DataChanges, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merges of people"))
        self.setObjectName("mergesDialog")
        self._store = store
        self._changes = changes
        self.records: list[MergeRecord] = []

        self.merge_list = QTreeWidget()
        self.merge_list.setAccessibleName(_("Merges, newest first"))
        self.merge_list.setRootIsDecorated(False)
        self.merge_list.setUniformRowHeights(True)
        self.merge_list.setHeaderLabels([_("When"), _("Merged"), _("Into"), _("Why"), _("State")])
        self.empty_label = QLabel(_("No people have been merged."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        hint = QLabel(
            _(
                "Undo brings the merged person back with their encounters and promises, and "
                "keeps what you changed since."
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "subtle")

        self.undo_button = QPushButton(_("&Undo Merge"))
        self.undo_button.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.merge_list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(760, 400)

        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.merge_list.currentItemChanged.connect(self._on_merge_list_current_item_changed)
        self.undo_button.clicked.connect(self.undo_current)
        self._changes.changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        """Read the merges again, keeping the selected one selected where it still is."""
        current = self.current_record()
        self.records = merge_records(self._store)
        self.merge_list.clear()
        for record in self.records:
            state = (
                _("undone {date}").format(date=format_datetime(record.undone_at))
                if record.undone_at is not None
                else ""
            )
            reason = record.reason
            if record.file_name:
                reason = _("{reason}, importing {file}").format(
                    reason=reason, file=record.file_name
                )
            item = QTreeWidgetItem(
                [
                    format_datetime(record.at),
                    record.absorbed.name,
                    record.survivor_after.name,
                    reason,
                    state,
                ]
            )
            item.setToolTip(self.WHY, reason)
            self.merge_list.addTopLevelItem(item)
        for column in range(self.STATE + 1):
            self.merge_list.resizeColumnToContents(column)
        ids = [record.id for record in self.records]
        row = ids.index(current.id) if current is not None and current.id in ids else 0
        selected = self.merge_list.topLevelItem(row) if self.records else None
        if selected is not None:
            self.merge_list.setCurrentItem(selected)
        self.merge_list.setVisible(bool(self.records))
        self.empty_label.setVisible(not self.records)
        self._update_buttons()

    def current_record(self) -> MergeRecord | None:
        item = self.merge_list.currentItem()
        if item is None:
            return None
        row = self.merge_list.indexOfTopLevelItem(item)
        return self.records[row] if 0 <= row < len(self.records) else None

    def undo_current(self) -> None:
        """Undo the selected merge; a reason is shown when it cannot be undone."""
        record = self.current_record()
        if record is None or record.undone_at is not None:
            return
        try:
            changes = undo_merge_record(self._store, record.id)
        except (MergeError, StoreError) as error:
            self._show_error(str(error))
            return
        self._show_error("")
        self._changes.announce(changes)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _update_buttons(self) -> None:
        record = self.current_record()
        self.undo_button.setEnabled(record is not None and record.undone_at is None)

    def _on_merge_list_current_item_changed(self) -> None:
        self._show_error("")
        self._update_buttons()

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if changes.reset or any(changes.touches(table) for table in _WATCHED_TABLES):
            self.refresh()
