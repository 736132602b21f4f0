"""The list of pages on the left of the main window."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from companion.i18n import _
from companion.ui.shell.pages import PageInfo

ICON_SIZE = 22
WIDTH = 190


class Navigation(QListWidget):
    """One row per page; arrow keys and the mouse both move between pages."""

    def __init__(self, pages: tuple[PageInfo, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName(_("Pages"))
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setFixedWidth(WIDTH)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        for page in pages:
            item = QListWidgetItem(page.icon(), _(page.title))
            item.setData(Qt.ItemDataRole.UserRole, page.key.value)
            self.addItem(item)
