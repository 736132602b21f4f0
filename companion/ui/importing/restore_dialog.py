"""File > Restore from backup…: the snapshots with their date and contents, and restoring one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.i18n.formats import format_datetime
from companion.storage.backups import SNAPSHOT_REASON_LABELS, Snapshot


class RestoreDialog(QDialog):
    """Lists ``snapshots``; ``chosen_id()`` is the one to restore once accepted."""

    def __init__(
        self,
        snapshots: list[Snapshot],
        parent: QWidget | None = None,
        *,
        add_file: Callable[[Path], Snapshot] | None = None,
    ) -> None:
        """``add_file`` puts an encrypted backup file among the backups (Open a backup file…)."""
        super().__init__(parent)
        self._add_file = add_file
        self.setWindowTitle(_("Restore from backup"))
        self.resize(640, 380)
        intro = QLabel(
            _(
                "Common Ground keeps encrypted backups: daily, and before every import. "
                "Restoring one replaces your current data, which is itself backed up first."
            )
            if snapshots
            else _("There are no backups yet. The first one is made today while the app runs.")
        )
        intro.setWordWrap(True)

        self.list = QTreeWidget()
        self.list.setObjectName("backups")
        self.list.setAccessibleName(_("Backups"))
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(
            [_("Date"), _("Reason"), _("People"), _("Events"), _("Encounters")]
        )
        for snapshot in snapshots:
            self._add_item(snapshot)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            _("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.open_file_button = self.buttons.addButton(
            _("&Open a backup file…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_file_button.setVisible(add_file is not None)
        self.open_file_button.clicked.connect(self._on_open_file_button_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemSelectionChanged.connect(self._on_list_item_selection_changed)
        self.list.itemDoubleClicked.connect(lambda *_args: self.accept())
        newest = self.list.topLevelItem(0)
        if newest is not None:
            self.list.setCurrentItem(newest)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def _add_item(self, snapshot: Snapshot) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [
                format_datetime(snapshot.created),
                _(SNAPSHOT_REASON_LABELS[snapshot.reason]),
                str(snapshot.counts.get("people", 0)),
                str(snapshot.counts.get("events", 0)),
                str(snapshot.counts.get("encounters", 0)),
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, snapshot.id)
        for column in (2, 3, 4):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        self.list.addTopLevelItem(item)
        return item

    def _on_open_file_button_clicked(self) -> None:
        chosen, _selected = QFileDialog.getOpenFileName(
            self, _("Open a backup file"), "", _("Encrypted Common Ground backups (*.cgbackup)")
        )
        if chosen:
            self.add_backup_file(Path(chosen))

    def add_backup_file(self, path: Path) -> bool:
        """List the backup in ``path`` and select it, ready to restore; False: it cannot be."""
        if self._add_file is None:
            return False
        # Imported here: the storage errors are all this dialog needs from that layer.
        from companion.storage.errors import StoreError

        try:
            snapshot = self._add_file(path)
        except StoreError as error:
            QMessageBox.warning(self, _("Restore from backup"), str(error))
            return False
        for row in range(self.list.topLevelItemCount()):
            existing = self.list.topLevelItem(row)
            if existing is not None and existing.data(0, Qt.ItemDataRole.UserRole) == snapshot.id:
                self.list.setCurrentItem(existing)
                return True
        self.list.setCurrentItem(self._add_item(snapshot))
        return True

    def chosen_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def _on_list_item_selection_changed(self) -> None:
        self.restore_button.setEnabled(self.chosen_id() is not None)
