"""The cards Home is made of: an idea card, an upcoming event, an event waiting for reflection,
a promise due and a person to reconnect with."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_skeleton, format_timedelta
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from companion.domain.events import Event
from companion.i18n import _, ngettext
from companion.i18n.formats import format_days, format_relative, format_time, local_timezone
from companion.i18n.translate import current_locale
from companion.services.promises.promises import DuePromise, Reconnect

MIN_ELIDED_WIDTH = 60


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
    heading.setProperty("strong", True)
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
        label.setProperty("strong", True)
    return label


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "section-title")
    return label


def card_list() -> QVBoxLayout:
    """Where a section's cards go, filled and emptied on each refresh."""
    cards = QVBoxLayout()
    cards.setSpacing(8)
    return cards


def stack(owner: QWidget, *parts: QWidget | QLayout, spacing: int = 8) -> QVBoxLayout:
    """``parts`` one above the other on ``owner``, edge to edge: the body of a section."""
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return layout


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
        if event.all_day:
            when = _("{date}, all day").format(
                date=format_days(event.first_day, event.last_day, skeleton="MMMEd")
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
        if event.cancelled or event.unlisted:
            self.feed_note = text_label(
                _("Cancelled by the organizer")
                if event.cancelled
                else _("No longer listed in its calendar feed")
            )
            self.feed_note.setProperty("role", "error")
            layout.addWidget(self.feed_note)
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


def relative_day(day: date, today: date) -> str:
    """ "today", "3 days ago", "in 2 weeks": a day's distance from today, in the user's words."""
    if day == today:
        return _("today")
    return format_timedelta(day - today, add_direction=True, threshold=1.0, locale=current_locale())


def promise_due_text(promise: DuePromise) -> str:
    """ "3 days overdue", "Due today", "Due in 2 days"."""
    days = promise.days_overdue
    if days > 0:
        return ngettext("{count} day overdue", "{count} days overdue", days).format(count=days)
    if days == 0:
        return _("Due today")
    return ngettext("Due in {count} day", "Due in {count} days", -days).format(count=-days)


class ElidedLabel(QLabel):
    """One line that ends in "…" when it does not fit; the full text is in the tooltip.

    Cards with buttons beside their text use it instead of word wrap: a wrapped label inside
    nested box layouts gets too little height (Qt's height-for-width does not propagate through
    ``QHBoxLayout``), and the lines overlap.
    """

    def __init__(self, text: str, *, bold: bool = False, subtle: bool = False) -> None:
        super().__init__()
        self._full_text = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        if bold:
            self.setProperty("strong", True)
        if subtle:
            self.setProperty("role", "subtle")
        # Any width will do: the text is elided to it.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(MIN_ELIDED_WIDTH)
        self._elide()

    def full_text(self) -> str:
        return self._full_text

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        single_line = " ".join(self._full_text.split())
        super().setText(
            self.fontMetrics().elidedText(single_line, Qt.TextElideMode.ElideRight, self.width())
        )


def person_link(name: str, *, strong: bool = False) -> QPushButton:
    """A person's name that opens their page: a flat button, so the keyboard reaches it too."""
    button = QPushButton(name)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setProperty("role", "person-link")
    if strong:
        button.setProperty("strong", True)
    button.setToolTip(_("Open {name}").format(name=name))
    return button


def _card_row(card: QFrame, text: QVBoxLayout, buttons: list[QPushButton]) -> None:
    layout = QHBoxLayout(card)
    layout.setContentsMargins(14, 10, 14, 10)
    layout.setSpacing(8)
    layout.addLayout(text, 1)
    for button in buttons:
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)


class PromiseCard(QFrame):
    """A promise due soon, today or overdue (highlighted): Done, Snooze a week, the person."""

    def __init__(self, promise: DuePromise) -> None:
        super().__init__()
        self.promise_id = promise.promise_id
        self.person_id = promise.person_id
        self.setProperty("role", "card")
        self.setAccessibleName(
            _("Promise to {name}: {promise}").format(name=promise.person_name, promise=promise.text)
        )
        self.text_label = ElidedLabel(promise.text, bold=True)
        self.person_button = person_link(promise.person_name)
        self.due_label = QLabel(promise_due_text(promise))
        self.due_label.setProperty("role", "subtle")
        if promise.overdue:
            self.due_label.setProperty("overdue", True)
            # The card's own border on the left marks it too (colour alone is not enough).
            self.setProperty("overdue", True)
        self.done_button = QPushButton(_("Done"))
        self.done_button.setToolTip(_("Mark this promise as kept"))
        self.snooze_button = QPushButton(_("Snooze a week"))
        self.snooze_button.setToolTip(_("Move the due date to a week from today"))
        details = QHBoxLayout()
        details.setSpacing(6)
        details.addWidget(self.person_button)
        details.addWidget(QLabel("·"))
        details.addWidget(self.due_label)
        details.addStretch(1)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.text_label)
        text.addLayout(details)
        _card_row(self, text, [self.done_button, self.snooze_button])


class ReconnectCard(QFrame):
    """Someone to get back in touch with: when we last spoke, log a contact, set the next date.

    ``log_menu`` and ``next_date_menu`` are filled by the page (their actions carry data).
    """

    def __init__(self, reconnect: Reconnect, *, today: date) -> None:
        super().__init__()
        self.person_id = reconnect.person_id
        self.setProperty("role", "card")
        self.setAccessibleName(_("Reconnect with {name}").format(name=reconnect.person_name))
        self.person_button = person_link(reconnect.person_name, strong=True)
        if reconnect.last_contact is None:
            contact = _("No contact logged yet")
        else:
            contact = _("Last contact {when}").format(
                when=relative_day(reconnect.last_contact, today)
            )
        self.contact_label = ElidedLabel(contact, subtle=True)
        self.log_button = QPushButton(_("Log contact"))
        self.log_menu = QMenu(self.log_button)
        self.log_button.setMenu(self.log_menu)
        self.next_date_button = QPushButton(_("Next date"))
        self.next_date_button.setToolTip(_("When to get back in touch next"))
        self.next_date_menu = QMenu(self.next_date_button)
        self.next_date_button.setMenu(self.next_date_menu)
        # Buttons under the text: Reconnect sits in Home's narrower column.
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.next_date_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.person_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.contact_label)
        layout.addSpacing(6)
        layout.addLayout(buttons)
