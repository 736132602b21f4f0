"""A page that fails to build shows an error in its place; the window opens and the rest works."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from companion import paths
from companion.domain.events import Event
from companion.services.data.session import open_session
from companion.storage.codec import to_document
from companion.ui.shell.page_failure import FailedPage
from companion.ui.shell.pages import PAGES, PageKey
from tests.gui.conftest import GUI_PASSPHRASE, RunningWindow


def _seed_year_9999(folder: Path) -> None:
    """An event in year 9999 written straight into the store, as an old import left it."""
    with open_session(folder, lambda prompt: GUI_PASSPHRASE) as session:
        document = to_document(
            Event(title="Secret meeting with Ada", start=datetime(2027, 1, 1, tzinfo=UTC))
        )
        document["start"] = "9999-12-31T20:00:00-11:00"
        session.store.put_documents("events", {document["id"]: document})


def _page(running: RunningWindow, key: PageKey) -> object:
    index = [info.key for info in PAGES].index(key)
    return running.window.pages.widget(index)


def test_given_a_year_9999_event_when_the_window_opens_then_home_shows_an_error_section(
    open_window: Callable[[], RunningWindow], gui_data_dir: Path, qtbot: QtBot
) -> None:
    # Given a store seeded (bypassing validation) with an event in year 9999
    _seed_year_9999(gui_data_dir)
    # When the window is built over it
    running = open_window()
    # Then it opens: Home shows what went wrong, People and Openers work as usual
    home = _page(running, PageKey.HOME)
    assert isinstance(home, FailedPage)
    assert home.headline.text() == "Home cannot be shown"
    assert str(paths.failure_log_file(gui_data_dir)) in home.explanation.text()
    assert not isinstance(_page(running, PageKey.PEOPLE), FailedPage)
    assert not isinstance(_page(running, PageKey.OPENERS), FailedPage)
    running.window.show_page(PageKey.PEOPLE)
    running.controller.show_person("nobody")  # a controller call still works
    # And the search's idle warm-up stops at the record instead of failing on every tick
    running.controller.search_warm_up.timer.start()
    qtbot.waitUntil(lambda: not running.controller.search_warm_up.timer.isActive())
    # And the failure is logged for the user alone, without the data that caused it
    log = paths.failure_log_file(gui_data_dir)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "Home page failed" in text and "search warm-up failed" in text
    assert "companion/ui/home/home_page.py" in text
    assert "Ada" not in text and "9999" not in text
    assert str(Path.home()) not in text
