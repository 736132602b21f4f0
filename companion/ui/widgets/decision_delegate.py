"""The decision cell of an import preview: painted as a combo box, edited with one.

Kept apart from the dialog so the calendar and the people preview share one editor, and the
models (``decision_plan_model``) stay free of painting.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QWidget,
)

from companion.ui.importing.decision_plan_model import CHOICES_ROLE, PICK_ROLE_VALUE, Index


class DecisionDelegate(QStyledItemDelegate):
    """A combo box with the row's choices; the choice is taken as soon as it is picked.

    Rows with a choice are painted as a combo box, so it is plain that they can be changed.
    Picking ``PICK_ROLE_VALUE`` changes nothing and emits ``pick_requested`` for the row.
    """

    pick_requested = Signal(QPersistentModelIndex)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            super().paint(painter, option, index)
            return
        combo = QStyleOptionComboBox()
        combo.rect = option.rect.adjusted(1, 1, -1, -1)
        combo.state = option.state | QStyle.StateFlag.State_Enabled
        combo.palette = option.palette
        combo.currentText = str(index.data(Qt.ItemDataRole.DisplayRole))
        style = QApplication.style()
        style.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, combo, painter)
        style.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, combo, painter)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 28, max(hint.height(), 26))

    def createEditor(  # noqa: N802 - Qt's name
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("decisionEditor")
        for value, label in index.data(CHOICES_ROLE) or []:
            combo.addItem(label, value)
        row = QPersistentModelIndex(index)
        combo.activated.connect(lambda _row: self._commit(combo, row))
        return combo

    def _commit(self, combo: QComboBox, index: QPersistentModelIndex) -> None:
        if combo.currentData() == PICK_ROLE_VALUE:
            self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)
            self.pick_requested.emit(index)
            return
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt's name
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(  # noqa: N802 - Qt's name
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentData() != PICK_ROLE_VALUE:
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
