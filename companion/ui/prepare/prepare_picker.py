"""Pick an opener by hand for one stage: the alternatives, best first, with a filter box."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.folding import fold
from companion.domain.openers import OPENER_STAGE_LABELS, Opener, OpenerStage
from companion.i18n import _

OPENER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PickOpenerDialog(QDialog):
    """``chosen_id()`` is the picked opener's id once accepted (Enter or double-click)."""

    def __init__(
        self,
        *,
        stage: OpenerStage,
        openers: Sequence[Opener],
        label_of: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pickOpener")
        self.setWindowTitle(
            _("Pick an opener: {stage}").format(stage=_(OPENER_STAGE_LABELS[stage]))
        )
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Filter openers"))
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(False)
        self._folded: list[str] = []
        for opener in openers:
            labels = ", ".join(label_of(slug) for slug in opener.interests)
            item = QListWidgetItem(f"{opener.text}\n{labels}" if labels else opener.text)
            item.setData(OPENER_ID_ROLE, opener.id)
            item.setToolTip(opener.text)
            self.list.addItem(item)
            self._folded.append(fold(f"{opener.text} {labels}"))
        self.empty_label = QLabel(_("No other opener for this stage."))
        self.empty_label.setProperty("role", "subtle")
        self.empty_label.setVisible(not openers)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.buttons)
        self.resize(620, 480)
        self.filter_edit.textChanged.connect(self._on_filter_edit_changed)
        self.list.itemDoubleClicked.connect(self.accept)
        self.list.currentRowChanged.connect(self._update_ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if openers:
            self.list.setCurrentRow(0)
        self._update_ok()
        self.filter_edit.setFocus()

    def _on_filter_edit_changed(self, text: str) -> None:
        terms = fold(text).split()
        first_shown = -1
        for row, folded in enumerate(self._folded):
            shown = all(term in folded for term in terms)
            self.list.item(row).setHidden(not shown)
            if shown and first_shown < 0:
                first_shown = row
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.list.setCurrentRow(first_shown)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(self.chosen_id() is not None)

    def chosen_id(self) -> str | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return str(item.data(OPENER_ID_ROLE))
