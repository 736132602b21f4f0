"""The pages of the main window, and the empty states of the Events and People pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from companion.i18n import N_, _
from companion.ui.widgets import icons
from companion.ui.widgets.empty_state import EmptyState


class PageKey(StrEnum):
    """Also the value of ``Settings.last_page``."""

    HOME = "home"
    EVENTS = "events"
    PEOPLE = "people"
    OPENERS = "openers"
    PROMISES = "promises"


@dataclass(frozen=True, slots=True)
class PageInfo:
    key: PageKey
    title: str  # marked with N_, translated when shown
    icon: Callable[[], QIcon]


PAGES = (
    PageInfo(PageKey.HOME, N_("Home"), icons.home),
    PageInfo(PageKey.EVENTS, N_("Events"), icons.events),
    PageInfo(PageKey.PEOPLE, N_("People"), icons.people),
    PageInfo(PageKey.OPENERS, N_("Openers"), icons.openers),
    # Last, so Ctrl+1…4 keep their pages (issue 17 added it).
    PageInfo(PageKey.PROMISES, N_("Promises"), icons.promises),
)


def events_page(*, import_events: Callable[[], None]) -> QWidget:
    return EmptyState(
        icon=icons.events(accent=True),
        headline=_("No events yet"),
        explanation=_(
            "Find gatherings built around what you love, a game night, a climbing meetup, "
            "a reading group, and prepare what you could offer there. Bring them in from "
            "Meetup, Eventbrite or your calendar as .ics files."
        ),
        action_text=_("Import events…"),
        on_action=import_events,
    )


def people_page(*, import_people: Callable[[], None]) -> QWidget:
    return EmptyState(
        icon=icons.people(accent=True),
        headline=_("Your people log is empty"),
        explanation=_(
            "Remember who you met, what you share, what they are working on, and what you "
            "promised them, so you can keep your word and get back in touch."
        ),
        action_text=_("Import people…"),
        on_action=import_people,
    )
