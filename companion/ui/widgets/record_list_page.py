"""The frame the Events and People pages share: a title, a filter, a primary "new" button,
the record view, an empty state and a "nothing matches" note, and new/edit/delete actions.

Layout only (see STYLE.md); the pages' controllers connect the actions.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _


class RecordListPage(QWidget):
    def __init__(
        self,
        *,
        title: str,
        new_button_text: str,
        new_action_text: str,
        filter_text: str,
        no_match_text: str,
        view: QWidget,
        empty_state: QWidget,
        filter_extras: tuple[QWidget, ...] = (),
        buttons: tuple[QWidget, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setProperty("role", "headline")
        self.new_button = QPushButton(new_button_text)
        self.new_button.setProperty("primary", True)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(filter_text)
        self.search_edit.setAccessibleName(filter_text)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(200)
        self.no_match = QLabel(no_match_text)
        self.no_match.setProperty("role", "subtle")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state = empty_state
        self.stack = QStackedWidget()
        self.stack.addWidget(empty_state)
        self.stack.addWidget(view)
        self.stack.addWidget(self.no_match)
        self._view = view
        # Filter controls are off while there is nothing to filter; buttons always work.
        self._filter_extras = filter_extras
        self._buttons = buttons
        self._build_actions(new_action_text)
        self._lay_out()

    def _build_actions(self, new_action_text: str) -> None:
        self.new_action = QAction(new_action_text, self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        # Window-wide, but only while this page is the one shown (hidden pages are ignored).
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.new_action)
        self.edit_action = QAction(_("&Edit…"), self)
        self.delete_action = QAction(_("&Delete"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self._view.addAction(self.delete_action)
        self.context_menu = QMenu(self)
        self.context_menu.addAction(self.edit_action)
        #: Pages insert their own entries (e.g. a Status menu) before this separator.
        self.menu_separator = self.context_menu.addSeparator()
        self.context_menu.addAction(self.delete_action)

    def _lay_out(self) -> None:
        # Two rows, so that a narrow window (or longer German labels) never cuts a control off:
        # the title with the primary button, then the filter with the page's own controls.
        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.new_button)
        tools = QHBoxLayout()
        tools.setSpacing(8)
        tools.addWidget(self.search_edit, 1)
        for widget in self._filter_extras:
            tools.addWidget(widget)
        if self._buttons:
            tools.addSpacing(12)
        for widget in self._buttons:
            tools.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(heading)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)
        # Tab goes along the filter row first, then to the primary button, then the records.
        chain = (self.search_edit, *self._filter_extras, *self._buttons, self.new_button)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def show_records(self, *, has_records: bool, has_matches: bool) -> None:
        """The empty state without records, a note when the filter hides all, else the view."""
        if not has_records:
            self.stack.setCurrentWidget(self.empty_state)
        elif not has_matches:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self._view)
        for widget in (self.search_edit, *self._filter_extras):
            widget.setEnabled(has_records)
