"""One promise on the person page: its text, its state (overdue in red) and its buttons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from companion.domain.people import Promise, PromiseStatus
from companion.i18n import _
from companion.ui.home.home_cards import text_label
from companion.ui.people.person_timeline import promise_state_text


@dataclass(frozen=True, slots=True)
class PromiseRow:
    """The row, its "done" / "drop" / "reopen" buttons by key, and "Follow up…" while open."""

    widget: QWidget
    buttons: dict[str, QPushButton]
    follow_up: QPushButton | None


def promise_row(promise: Promise, today: date) -> PromiseRow:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    text = text_label(promise.text)
    text.setTextFormat(Qt.TextFormat.PlainText)
    if promise.status is not PromiseStatus.OPEN:
        text.setStyleSheet("text-decoration: line-through;")
    state = text_label(promise_state_text(promise, today), subtle=True)
    if promise.is_overdue(today):
        state.setProperty("role", "error")
    layout.addWidget(text, 1)
    layout.addWidget(state)
    actions = (
        (("done", _("Done")), ("drop", _("Drop")))
        if promise.status is PromiseStatus.OPEN
        else (("reopen", _("Reopen")),)
    )
    buttons: dict[str, QPushButton] = {}
    for key, label in actions:
        button = QPushButton(label)
        button.setProperty("promiseId", promise.id)
        buttons[key] = button
        layout.addWidget(button)
    follow_up = None
    if promise.status is PromiseStatus.OPEN:
        follow_up = QPushButton(_("Follow up…"))
        follow_up.setToolTip(_("Write them a message about this promise"))
        layout.addWidget(follow_up)
    return PromiseRow(row, buttons, follow_up)
