"""The cards Home is made of: an idea card, an upcoming event, an event waiting for reflection."""

from __future__ import annotations

from datetime import datetime

from babel import Locale
from babel.dates import format_skeleton
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout

from companion.domain.events import Event
from companion.i18n import _
from companion.i18n.formats import format_relative, format_time, local_timezone
from companion.i18n.translate import current_locale


def short_moment(moment: datetime) -> str:
    """Weekday, day and time without the year: "Sat, Nov 28, 6:47 PM", "Sa., 28. Nov., 18:47"."""
    locale = current_locale()
    day = format_skeleton("MMMEd", moment, tzinfo=local_timezone(), locale=locale)
    pattern = str(Locale.parse(locale).datetime_formats["short"])  # e.g. "{1}, {0}"
    return pattern.format(format_time(moment), day)


def idea_card(title: str, text: str) -> QFrame:
    card = QFrame()
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 14, 16, 16)
    layout.setSpacing(6)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: 600;")
    body = QLabel(text)
    body.setWordWrap(True)
    body.setProperty("role", "subtle")
    body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    layout.addWidget(heading)
    layout.addWidget(body, 1)
    return card


def text_label(text: str, *, subtle: bool = False, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if subtle:
        label.setProperty("role", "subtle")
    if bold:
        label.setStyleSheet("font-weight: 600;")
    return label


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 13pt; font-weight: 600;")
    return label


def clear_layout(layout: QLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()


class EventCard(QFrame):
    """One upcoming event; a click (or Enter/Space when focused) emits ``clicked``."""

    clicked = Signal(str)

    def __init__(self, event: Event, reasons: tuple[str, ...], *, now: datetime) -> None:
        super().__init__()
        self.event_id = event.id
        self.setProperty("role", "card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(event.title)
        self.title_label = text_label(event.title, bold=True)
        when = _("{relative} · {moment}").format(
            relative=format_relative(event.start, now=now),
            moment=short_moment(event.start),
        )
        place = _("Online") if event.online and not event.venue else event.venue
        self.when_label = text_label(
            " · ".join(part for part in (when, place) if part), subtle=True
        )
        self.fit_label = text_label("\n".join(reasons))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.when_label)
        layout.addWidget(self.fit_label)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt\'s name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.event_id)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt\'s name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.event_id)
            return
        super().keyPressEvent(event)


class ReflectionCard(QFrame):
    """An ended event waiting for "How was it?"; ``reflect_button`` asks for it."""

    def __init__(self, event: Event, *, now: datetime) -> None:
        super().__init__()
        self.event_id = event.id
        self.setProperty("role", "card")
        ended = event.end or event.start
        self.title_label = text_label(event.title, bold=True)
        self.when_label = text_label(format_relative(ended, now=now), subtle=True)
        self.reflect_button = QPushButton(_("How was it?"))
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title_label)
        text.addWidget(self.when_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(text, 1)
        layout.addWidget(self.reflect_button, 0, Qt.AlignmentFlag.AlignVCenter)
