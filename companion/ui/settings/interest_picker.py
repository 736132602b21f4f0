"""Picking my interests: the catalogue by group, a filter, and a way to add my own.

The catalogue is a small, fixed tree (about a hundred rows), so a ``QStandardItemModel`` under a
filter proxy is enough; the filter ignores case and accents ("cafe" finds "Café") and also
matches keywords and the group's name ("sport" shows the whole group).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from companion.domain.errors import ValidationError
from companion.domain.folding import fold
from companion.domain.interests import Interest
from companion.i18n import _, ngettext
from companion.services.profile.interests import (
    add_custom_interest,
    builtin_catalogue,
    custom_interests,
    group_label,
    interest_label,
)
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.shell.data_changes import DataChanges

SLUG_ROLE = Qt.ItemDataRole.UserRole + 1
#: Case- and accent-folded label, English label, keywords and group name, for the filter.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
#: Folded keywords ending in ``*`` (``"kletter*"``): a typed word starting with one matches.
PREFIX_ROLE = Qt.ItemDataRole.UserRole + 3
MY_OWN_GROUP = "my-own"

AnyIndex = QModelIndex | QPersistentModelIndex


class InterestFilter(QSortFilterProxyModel):
    """Shows the interests whose text holds every word typed; groups stay with their matches."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[str, ...] = ()
        self.setRecursiveFilteringEnabled(True)

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._terms = tuple(fold(text).split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802 - Qt\'s name
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if not source_parent.isValid() and not model.hasChildren(index):
            return False  # a group with nothing in it (yet): "My own interests" at first
        if not self._terms:
            return True
        text = str(index.data(SEARCH_ROLE) or "")
        prefixes: tuple[str, ...] = index.data(PREFIX_ROLE) or ()
        return all(
            term in text or any(term.startswith(prefix) for prefix in prefixes)
            for term in self._terms
        )


def _group_item(label: str, slug: str) -> QStandardItem:
    item = QStandardItem(label)
    item.setData(slug, SLUG_ROLE)
    item.setData(fold(label), SEARCH_ROLE)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    font = QFont(item.font())
    font.setBold(True)
    item.setFont(font)
    return item


def _interest_item(interest: Interest, group_text: str) -> QStandardItem:
    shown = interest_label(interest)
    item = QStandardItem(shown)
    item.setData(interest.slug, SLUG_ROLE)
    words = (shown, interest.label, *interest.keywords, *interest.weak_keywords, group_text)
    item.setData(fold(" ".join(words)).replace("*", ""), SEARCH_ROLE)
    prefixes = (fold(word[:-1]) for word in interest.keywords if word.endswith("*"))
    item.setData(tuple(prefix for prefix in prefixes if prefix), PREFIX_ROLE)
    item.setFlags(
        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
    )
    item.setCheckState(Qt.CheckState.Unchecked)
    return item


class InterestPicker(QWidget):
    """Checkable interests in groups; ``checked_slugs()`` in the order I picked them.

    Adding an interest of my own writes it to the store at once (and announces it), so it is
    there to pick from wherever interests are shown, even if the surrounding dialog is cancelled.
    """

    checked_changed = Signal()

    def __init__(
        self, *, store: Store, changes: DataChanges, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self._order: list[str] = []
        self._items: dict[str, QStandardItem] = {}
        self.add_dialog: ChildDialog[QInputDialog] = ChildDialog()
        self._build()
        self._fill()
        self._connect_signals()
        self._update_count()

    def _build(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName(_("Filter interests"))
        self.filter_edit.setPlaceholderText(_("Filter interests, e.g. games or climbing"))
        self.filter_edit.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.proxy = InterestFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName(_("Interests"))
        self.no_match_label = QLabel(_("No interest matches. Add it as your own?"))
        self.no_match_label.setProperty("role", "subtle")
        self.no_match_label.hide()
        self.count_label = QLabel()
        self.count_label.setProperty("role", "subtle")
        self.add_button = QPushButton(_("Add your own…"))
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.no_match_label)
        layout.addWidget(self.error_label)
        layout.addLayout(footer)

    def _fill(self) -> None:
        catalogue = builtin_catalogue()
        for group in catalogue.groups:
            members = catalogue.in_group(group.slug)
            if members:
                self._add_group(group_label(group), group.slug, members)
        self._add_group(_("My own interests"), MY_OWN_GROUP, custom_interests(self._store))
        self.tree.expandAll()

    def _add_group(self, label: str, slug: str, interests: Iterable[Interest]) -> QStandardItem:
        group = _group_item(label, slug)
        for interest in interests:
            item = _interest_item(interest, label)
            self._items[interest.slug] = item
            group.appendRow(item)
        self.model.appendRow(group)
        return group

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.model.itemChanged.connect(self._on_model_item_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    # -- public API ------------------------------------------------------------------------

    def set_checked(self, slugs: Iterable[str]) -> None:
        """Check exactly ``slugs``; unknown ones are kept (in order) but cannot be shown."""
        self._order = list(dict.fromkeys(slugs))
        wanted = set(self._order)
        self.model.blockSignals(True)  # one count update below, not one per item
        try:
            for slug, item in self._items.items():
                state = Qt.CheckState.Checked if slug in wanted else Qt.CheckState.Unchecked
                item.setCheckState(state)
        finally:
            self.model.blockSignals(False)
        self.tree.viewport().update()
        self._update_count()
        self.checked_changed.emit()

    def checked_slugs(self) -> tuple[str, ...]:
        return tuple(self._order)

    def set_check(self, slug: str, checked: bool) -> None:
        """Check or uncheck one interest, as a click on its box would."""
        item = self._items.get(slug)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def visible_slugs(self) -> list[str]:
        """The interests the filter shows, top to bottom."""
        shown: list[str] = []
        for group_row in range(self.proxy.rowCount()):
            group = self.proxy.index(group_row, 0)
            for row in range(self.proxy.rowCount(group)):
                shown.append(str(self.proxy.index(row, 0, group).data(SLUG_ROLE)))
        return shown

    def add_custom(self, label: str) -> bool:
        """Add an interest of my own and check it; on a problem say why and return False."""
        try:
            changes = add_custom_interest(self._store, label)
        except (ValidationError, StoreError) as error:
            self._show_error(str(error))
            return False
        self._show_error("")
        self._changes.announce(changes)
        slug = next(iter(changes.added.get("interests", ())), None)
        interest = self._store.interests.get(slug) if slug else None
        if interest is None:
            return False
        own_group = self._group(MY_OWN_GROUP)
        item = _interest_item(interest, own_group.text())
        self._items[interest.slug] = item
        own_group.appendRow(item)
        self.filter_edit.clear()
        self.proxy.set_query("")  # the group may have been hidden while empty
        item.setCheckState(Qt.CheckState.Checked)
        self.tree.expandAll()
        self.tree.scrollTo(self.proxy.mapFromSource(item.index()))
        return True

    # -- slots -----------------------------------------------------------------------------

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self.tree.expandAll()
        self.no_match_label.setVisible(self.proxy.rowCount() == 0)

    def _on_model_item_changed(self, item: QStandardItem) -> None:
        slug = item.data(SLUG_ROLE)
        if not item.isCheckable() or not isinstance(slug, str):
            return
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and slug not in self._order:
            self._order.append(slug)
        elif not checked and slug in self._order:
            self._order.remove(slug)
        else:
            return
        self._update_count()
        self.checked_changed.emit()

    def _on_add_button_clicked(self) -> None:

        def make() -> QInputDialog:
            dialog = QInputDialog(self)
            dialog.setWindowTitle(_("Add your own interest"))
            dialog.setLabelText(_("What else do you love doing or talking about?"))
            dialog.setTextValue(self.filter_edit.text().strip())
            dialog.textValueSelected.connect(self.add_custom)
            return dialog

        self.add_dialog.open(make)

    # -- helpers ---------------------------------------------------------------------------

    def _group(self, slug: str) -> QStandardItem:
        for row in range(self.model.rowCount()):
            group = self.model.item(row)
            if group.data(SLUG_ROLE) == slug:
                return group
        raise LookupError(slug)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _update_count(self) -> None:
        count = sum(1 for slug in self._order if slug in self._items)
        if count:
            text = ngettext("{count} interest picked", "{count} interests picked", count)
            self.count_label.setText(text.format(count=count))
        else:
            self.count_label.setText(_("Pick a few things you genuinely enjoy."))
