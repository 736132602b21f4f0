"""Write or edit one of my own openers: the words (with a counter), the stage, the interests.

The domain checks the words as the user types: empty or longer than one breath gets a clear
message under the form and OK stays disabled (see ``RecordForm``).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain.ids import new_id
from companion.domain.interests import Interest
from companion.domain.openers import MAX_OPENER_LENGTH, OPENER_STAGE_LABELS, Opener, OpenerStage
from companion.i18n import _
from companion.ui.settings.interest_checklist import InterestChecklist
from companion.ui.widgets.record_form import RecordForm

TEXT_LINES = 4


class OpenerForm(RecordForm):
    """Fields are public for tests; ``entered_opener()`` is the valid opener once accepted.

    ``stage`` pre-sets the stage of a new opener (the Prepare dialog writes into one slot).
    """

    def __init__(
        self,
        *,
        interests: Iterable[Interest],
        opener: Opener | None = None,
        stage: OpenerStage = OpenerStage.OPEN,
        preset_interests: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = opener
        self._id = opener.id if opener is not None else new_id()
        self.setObjectName("openerForm")
        self.setWindowTitle(_("Edit opener") if opener else _("New opener"))
        extra = opener.interests if opener is not None else tuple(preset_interests)
        self._build(interests, extra)
        self._fill(opener, stage, preset_interests)
        self._connect_signals()
        self._validate()
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build(self, interests: Iterable[Interest], extra_slugs: Iterable[str]) -> None:
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(
            _("What was the last game that surprised you with a mechanic you hadn't seen?")
        )
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * TEXT_LINES + 12)
        self.text_edit.setAccessibleName(_("Opener"))
        self.counter_label = QLabel()
        self.counter_label.setProperty("role", "subtle")
        self.counter_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.stage_combo = QComboBox()
        self.stage_combo.setAccessibleName(_("Stage"))
        for stage, label in OPENER_STAGE_LABELS.items():
            self.stage_combo.addItem(_(label), stage.value)
        self.interest_checklist = InterestChecklist(interests, extra_slugs=extra_slugs)
        self.error_label = QLabel()
        self.error_label.setObjectName("openerFormError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout()
        text_label = QLabel(_("&Words:"))
        text_label.setBuddy(self.text_edit)
        text_column = QVBoxLayout()
        text_column.setSpacing(2)
        text_column.addWidget(self.text_edit)
        text_column.addWidget(self.counter_label)
        form.addRow(text_label, text_column)
        stage_label = QLabel(_("&Stage:"))
        stage_label.setBuddy(self.stage_combo)
        form.addRow(stage_label, self.stage_combo)
        hint = QLabel(_("Openers with no interest are suggested for any crowd."))
        hint.setProperty("role", "subtle")
        hint.setWordWrap(True)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        interests_column = QVBoxLayout()
        interests_column.addWidget(self.interest_checklist, 1)
        interests_column.addWidget(hint)
        columns.addLayout(interests_column, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(720, 420)

    def _fill(
        self, opener: Opener | None, stage: OpenerStage, preset_interests: Iterable[str]
    ) -> None:
        if opener is not None:
            self.text_edit.setPlainText(opener.text)
            stage = opener.stage
            preset_interests = opener.interests
        self.stage_combo.setCurrentIndex(self.stage_combo.findData(stage.value))
        self.interest_checklist.set_checked(preset_interests)
        self._update_counter()

    def _connect_signals(self) -> None:
        self.text_edit.textChanged.connect(self._on_text_edit_changed)
        self.stage_combo.currentIndexChanged.connect(self._on_field_edited)
        self.interest_checklist.changed.connect(self._on_field_edited)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _on_text_edit_changed(self) -> None:
        self._update_counter()
        self._on_field_edited()

    def _update_counter(self) -> None:
        length = len(self.text_edit.toPlainText().strip())
        self.counter_label.setText(
            _("{count} / {maximum}").format(count=length, maximum=MAX_OPENER_LENGTH)
        )
        over = length > MAX_OPENER_LENGTH
        self.counter_label.setStyleSheet("color: #c0392b; font-weight: 600;" if over else "")

    # --- RecordForm hooks -------------------------------------------------------------------

    def _build_record(self) -> Opener:
        return Opener(
            id=self._id,
            text=self.text_edit.toPlainText(),
            stage=OpenerStage(self.stage_combo.currentData()),
            interests=self.interest_checklist.checked(),
            builtin=False,
        )

    def _field_widgets(self) -> dict[str, QWidget]:
        return {"text": self.text_edit, "stage": self.stage_combo}

    def _first_field(self) -> QWidget:
        return self.text_edit

    def entered_opener(self) -> Opener | None:
        """The opener as entered (id kept when editing), or None while it is not valid."""
        opener: Opener | None = self._result
        return opener
