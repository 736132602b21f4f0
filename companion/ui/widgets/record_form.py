"""A dialog that builds a domain record from its fields after every edit.

The domain validates; the form marks the field its ``ValidationError`` names, shows the
message, and keeps OK disabled until the record is valid. ``EventForm`` and ``PersonForm``
supply the fields and how to build their record.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from companion.domain.errors import ValidationError

INVALID_STYLE = '*[invalid="true"] { border: 1px solid #c0392b; border-radius: 3px; }'


class RecordForm(QDialog):
    """Subclasses create ``error_label`` and ``buttons`` and implement the three hooks."""

    error_label: QLabel
    buttons: QDialogButtonBox

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: Any = None
        # Messages appear only once the user has typed something, not on an empty new form.
        self._touched = False
        self.setStyleSheet(INVALID_STYLE)

    # --- hooks ------------------------------------------------------------------------------

    def _build_record(self) -> Any:
        """The record from the fields; raises ``ValidationError`` naming the bad field."""
        raise NotImplementedError

    def _field_widgets(self) -> dict[str, QWidget]:
        """The widget of each record field a ``ValidationError`` may name."""
        raise NotImplementedError

    def _first_field(self) -> QWidget:
        raise NotImplementedError

    # --- shared behaviour -------------------------------------------------------------------

    def _on_field_edited(self) -> None:
        self._touched = True
        self._validate()

    def _validate(self) -> ValidationError | None:
        error: ValidationError | None = None
        try:
            self._result = self._build_record()
        except ValidationError as problem:
            self._result, error = None, problem
        for name, widget in self._field_widgets().items():
            invalid = error is not None and error.field == name and self._touched
            if bool(widget.property("invalid")) != invalid:
                widget.setProperty("invalid", invalid)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        shown = error is not None and self._touched
        self.error_label.setText(error.message if error is not None and shown else "")
        self.error_label.setVisible(shown)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(error is None)
        return error

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() else ""

    def accept(self) -> None:
        self._touched = True
        error = self._validate()
        if error is not None:
            self._field_widgets().get(error.field or "", self._first_field()).setFocus()
            return
        super().accept()
