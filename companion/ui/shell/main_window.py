"""The main window's layout: navigation, pages, menus and status bar (no behaviour here)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from companion import APP_NAME
from companion.i18n import _
from companion.ui.shell.pages import PAGES, PageInfo, PageKey

DEFAULT_SIZE = (1040, 680)
MINIMUM_SIZE = (720, 480)
NAVIGATION_ICON_SIZE = 22
NAVIGATION_WIDTH = 190


class Navigation(QListWidget):
    """The list of pages on the left: one row per page; arrow keys and the mouse both move
    between pages."""

    def __init__(self, pages: tuple[PageInfo, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName(_("Pages"))
        self.setIconSize(QSize(NAVIGATION_ICON_SIZE, NAVIGATION_ICON_SIZE))
        self.setFixedWidth(NAVIGATION_WIDTH)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        for page in pages:
            item = QListWidgetItem(page.icon(), _(page.title))
            item.setData(Qt.ItemDataRole.UserRole, page.key.value)
            self.addItem(item)


class MainWindow(QMainWindow):
    """Public actions and widgets; ``MainWindowController`` connects them to the app."""

    #: Emitted from ``closeEvent`` before the window goes away, to save its layout.
    closing = Signal()
    #: Local files dropped onto the window (``list[Path]``), to import.
    files_dropped = Signal(list)
    #: A page (``PageKey``) is about to be shown: a page not built yet is built now, so the
    #: stack switches straight to it, filled (``window_pages.LazyPage``).
    page_wanted = Signal(object)

    def __init__(self, *, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack  # pages push their undoable commands here
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.resize(*DEFAULT_SIZE)
        self.setMinimumSize(*MINIMUM_SIZE)

        self.navigation = Navigation(PAGES)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(True)
        self.setAcceptDrops(True)

        self._build_actions(undo_stack)
        self._build_menus()
        self.navigation.currentRowChanged.connect(self._on_navigation_row_changed)

    def _build_actions(self, undo_stack: QUndoStack) -> None:
        self.quick_capture_action = QAction(_("Quick &Capture…"), self)
        self.quick_capture_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.import_action = QAction(_("&Import…"), self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.export_action = QAction(_("&Export…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.restore_action = QAction(_("&Restore from Backup…"), self)
        self.lock_action = QAction(_("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        # An empty prefix lets Qt's own catalogue translate "Undo %1" / "Redo %1".
        self.undo_action = undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = undo_stack.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.search_action = QAction(_("&Search…"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.find_duplicates_action = QAction(_("Find &Duplicate People…"), self)
        self.subscriptions_action = QAction(_("Calendar &Subscriptions…"), self)
        self.refresh_feeds_action = QAction(_("&Refresh Subscriptions"), self)
        self.refresh_feeds_action.setShortcut(QKeySequence("Ctrl+R"))
        self.merges_action = QAction(_("People &Merges…"), self)
        self.preferences_action = QAction(_("&Preferences…"), self)
        # The platform's own key first (Cmd+, on macOS); most Linux desktops define none.
        platform_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self.preferences_action.setShortcuts(
            [key for key in platform_keys if not key.isEmpty()] or [QKeySequence("Ctrl+,")]
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.about_action = QAction(_("&About Common Ground"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt_action = QAction(_("About &Qt"), self)
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.page_actions: dict[PageKey, QAction] = {}
        for number, page in enumerate(PAGES, start=1):
            action = QAction(page.icon(), _(page.title), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setData(page.key.value)
            self.page_actions[page.key] = action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        self.file_menu = menus.addMenu(_("&File"))
        self.file_menu.addAction(self.quick_capture_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = menus.addMenu(_("&Edit"))
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.search_action)
        self.edit_menu.addAction(self.find_duplicates_action)
        self.edit_menu.addAction(self.merges_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.preferences_action)
        self.events_menu = menus.addMenu(_("Even&ts"))
        self.events_menu.addAction(self.subscriptions_action)
        self.events_menu.addAction(self.refresh_feeds_action)
        self.view_menu = menus.addMenu(_("&View"))
        for action in self.page_actions.values():
            self.view_menu.addAction(action)
        self.help_menu = menus.addMenu(_("&Help"))
        self.help_menu.addAction(self.about_action)
        self.help_menu.addAction(self.about_qt_action)

    def add_page(self, key: PageKey, page: QWidget) -> None:
        """Pages are added in the order of ``PAGES``."""
        assert PAGES[self.pages.count()].key is key
        page.setObjectName(f"{key.value}Page")
        self.pages.addWidget(page)

    def replace_page(self, key: PageKey, page: QWidget) -> None:
        """``page`` in place of the stand-in ``add_page`` put there for ``key``."""
        index = page_index(key)
        stand_in = self.pages.widget(index)
        assert stand_in is not None, "add_page comes first"
        page.setObjectName(f"{key.value}Page")
        # Inserted before the stand-in goes: the stack's current page never changes meanwhile.
        self.pages.insertWidget(index, page)
        if self.pages.currentWidget() is stand_in:
            self.pages.setCurrentWidget(page)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()

    def show_page(self, key: PageKey) -> None:
        row = page_index(key)
        if self.navigation.currentRow() == row:
            # No row change to follow: the stack (and a page built on first show) follow anyway.
            self._on_navigation_row_changed(row)
        else:
            self.navigation.setCurrentRow(row)

    def _on_navigation_row_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.page_wanted.emit(PAGES[row].key)
        self.pages.setCurrentIndex(row)

    def current_page(self) -> PageKey:
        return PAGES[max(0, self.pages.currentIndex())].key

    def restore_layout(self, *, geometry: str, state: str) -> None:
        """Restore what ``saved_layout`` gave (base64 text); bad or empty values are ignored."""
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
            self.fit_on_screen()
        if state:
            self.restoreState(QByteArray.fromBase64(state.encode("ascii")))

    def fit_on_screen(self) -> None:
        """Shrink and move the window into its screen's free area.

        A size saved at 1x is twice as large in device-independent pixels after a switch to
        2x scaling (or on a smaller screen): Qt restores it as saved, larger than the screen.
        """
        screen = self.screen()
        if screen is None:
            return
        free = screen.availableGeometry()
        width = max(self.minimumWidth(), min(self.width(), free.width()))
        height = max(self.minimumHeight(), min(self.height(), free.height()))
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(self.x(), free.left()), max(free.left(), free.right() - width + 1))
        y = min(max(self.y(), free.top()), max(free.top(), free.bottom() - height + 1))
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    def saved_layout(self) -> tuple[str, str]:
        """Window geometry and state as base64 text, for ``Settings``."""
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        state = bytes(self.saveState().toBase64().data()).decode("ascii")
        return geometry, state

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        files = dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.closing.emit()
        super().closeEvent(event)


def page_index(key: PageKey) -> int:
    return [page.key for page in PAGES].index(key)


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files of a drag; web links and other data are not imported."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
