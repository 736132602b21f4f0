"""The theme's ``role`` property on a widget (error, subtle…), applied at once."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_role(widget: QWidget, role: str) -> None:
    """Give ``widget`` the style sheet's ``role``: Qt restyles for a property only if asked."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
