"""What the tray asks of the rest of the window: nothing more than this (issue 18).

The tray's menu and reminders open things and start a sync; they do not know the main
window's controller. The app hands them a ``TrayActions`` (``TrayCallbacks`` built from the
controller's methods, or a recording stand-in in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class TrayActions(Protocol):
    """Each action first needs the window shown; the tray does that before calling."""

    def prepare_event(self, event_id: str) -> None: ...

    def log_who_i_met(self, event_id: str) -> None: ...

    def show_person(self, person_id: str) -> None: ...

    def show_home(self) -> None: ...

    def show_promises(self) -> None: ...

    def sync_now(self) -> None: ...


def _nothing() -> None:
    return None


@dataclass(frozen=True, slots=True)
class TrayCallbacks:
    """A ``TrayActions`` made of callables (the app builds it from the window's controller)."""

    prepare_event: Callable[[str], None]
    log_who_i_met: Callable[[str], None]
    show_person: Callable[[str], None]
    show_home: Callable[[], None]
    show_promises: Callable[[], None]
    #: Nothing to do until sync is set up (``dataclasses.replace`` adds it).
    sync_now: Callable[[], None] = _nothing
