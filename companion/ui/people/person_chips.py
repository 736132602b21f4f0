"""Interest chips: a wrapping row of small toggle buttons, plus a field that adds one.

Used by quick capture and "Log who I met" (toggle the event's interests, add from the catalogue
with completion) and, read-only, by the person page.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QRect, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCompleter,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from companion.domain.folding import fold
from companion.i18n import _

CHIP_STYLE = (
    "QToolButton { border: 1px solid palette(mid); border-radius: 10px; padding: 2px 10px; }"
    "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " border-color: palette(highlight); }"
)


class FlowLayout(QLayout):
    """Lays children out left to right and wraps them onto new lines (Qt has no such layout)."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line_height = rect.x(), y + line_height + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


def chip(text: str, *, checkable: bool) -> QToolButton:
    """A rounded button for a label; an "&" in it (``Repair cafés & sharing``) stays visible."""
    button = QToolButton()
    # A lone "&" would be taken as a mnemonic marker: shown as an underline, text eaten.
    button.setText(text.replace("&", "&&"))
    button.setAccessibleName(text)
    button.setCheckable(checkable)
    button.setStyleSheet(CHIP_STYLE)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus if checkable else Qt.FocusPolicy.NoFocus)
    return button


def chip_row(labels: Iterable[str]) -> QWidget:
    """Read-only chips (on the person page)."""
    row = QWidget()
    layout = FlowLayout(row)
    for label in labels:
        shown = chip(label, checkable=False)
        shown.setEnabled(True)
        layout.addWidget(shown)
    return row


class _AddInterestEdit(QLineEdit):
    """Enter with text adds a chip; Enter on an empty field goes on to the dialog (saves)."""

    submitted = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            popup = self.completer().popup() if self.completer() else None
            if popup is not None and popup.isVisible():
                # The completer handles it (activated → chip), nothing more.
                super().keyPressEvent(event)
                return
            self.submitted.emit(self.text().strip())
            event.accept()
            return
        super().keyPressEvent(event)


class InterestChips(QWidget):
    """Toggleable interest chips; ``chosen()`` are the checked ones (slugs or new labels)."""

    changed = Signal()

    def __init__(self, known: dict[str, str], parent: QWidget | None = None) -> None:
        """``known`` maps slug → label of every interest the completer offers."""
        super().__init__(parent)
        self._known = known
        self._slug_by_label = {fold(label): slug for slug, label in known.items()}
        self._chips: dict[str, QToolButton] = {}
        self._layout = FlowLayout(self)
        self.add_edit = _AddInterestEdit()
        self.add_edit.setPlaceholderText(_("Add interest…"))
        self.add_edit.setAccessibleName(_("Add interest"))
        self.add_edit.setMinimumWidth(140)
        self.add_edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._labels = sorted(known.values(), key=fold)
        completer = QCompleter(self)
        # Parented to the completer: a model without a parent is collected by Python at once
        # and the completer silently offers nothing (issue 17).
        self.completer_model = QStringListModel(self._labels, completer)
        completer.setModel(self.completer_model)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.add_edit.setCompleter(completer)
        completer.activated.connect(self._on_completer_activated)
        self.add_edit.submitted.connect(self.add)
        self._layout.addWidget(self.add_edit)

    def set_interests(self, keys: Iterable[str]) -> None:
        """Show exactly ``keys`` (slugs or labels), all checked."""
        for button in self._chips.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self._chips.clear()
        for key in keys:
            self._add_chip(key, checked=True)
        self._fit_height()
        self.changed.emit()

    def add(self, text: str) -> None:
        """Add (and check) an interest by label or slug; known labels become their slug."""
        text = text.strip()
        if not text:
            return
        key = self._known_key(text)
        existing = self._chips.get(key)
        if existing is not None:
            existing.setChecked(True)
        else:
            self._add_chip(key, checked=True)
        self.add_edit.clear()
        self._fit_height()
        self.changed.emit()

    def _known_key(self, text: str) -> str:
        """The slug of the catalogue interest the text names or begins; else the text itself.

        "board" + Enter means "Board games", the completion shown, not a new interest that
        matches nothing: a label starting with the text wins, then one with a word starting so.
        """
        folded = fold(text)
        exact = self._slug_by_label.get(folded)
        if exact is not None:
            return exact
        for matches in (
            lambda label: label.startswith(folded),
            lambda label: f" {folded}" in f" {label}",
        ):
            for label in self._labels:
                if matches(fold(label)):
                    return self._slug_by_label[fold(label)]
        return text

    def _fit_height(self) -> None:
        # Qt gives a top-level dialog no height-for-width: without a minimum height the
        # wrapped chips (and the add field after them) are cut off below the first line.
        width = self.width() if self.width() > 0 else self.sizeHint().width()
        self.setMinimumHeight(self._layout.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_height()

    def _add_chip(self, key: str, *, checked: bool) -> None:
        button = chip(self._known.get(key, key), checkable=True)
        button.setChecked(checked)
        button.toggled.connect(self.changed)
        self._chips[key] = button
        # Chips go before the add field, which stays last.
        self._layout.removeWidget(self.add_edit)
        self._layout.addWidget(button)
        self._layout.addWidget(self.add_edit)

    def chosen(self) -> list[str]:
        return [key for key, button in self._chips.items() if button.isChecked()]

    def chip_keys(self) -> list[str]:
        return list(self._chips)

    def toggle(self, key: str) -> None:
        self._chips[key].toggle()

    def _on_completer_activated(self, label: str) -> None:
        self.add(label)
