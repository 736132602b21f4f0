"""Layout at small sizes, in German, in dark mode and on a smaller screen (issue 17).

With ``COMPANION_SCREENSHOT_DIR`` set, each test also saves what it looked at there as PNG.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QBoxLayout, QHeaderView, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.people import Encounter, Person, Promise
from companion.i18n.languages import activate
from companion.services.changes import ChangeSet
from companion.settings import ColorScheme
from companion.ui.shell.language import install_qt_translations
from companion.ui.shell.main_window import MainWindow
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, TODAY, RunningWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS)


def _shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("COMPANION_SCREENSHOT_DIR")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    previous_locale = QLocale()
    assert activate("de") == "de"
    translator = install_qt_translations(qapp, "de")
    yield
    if translator is not None:
        qapp.removeTranslator(translator)
    QLocale.setDefault(previous_locale)
    activate("en")


def _fill(running: RunningWindow) -> Person:
    store = running.store
    event = Event(
        id="go",
        title="Go club night",
        start=datetime(2026, 11, 20, 18, tzinfo=UTC),
        interests=("board-games",),
    )
    store.events.put(event)
    ada = Person(
        id="ada",
        name="Ada Lovelace",
        emails=("ada@example.org",),
        phones=("+44 20 1234 5678",),
        organization="Engines Ltd",
        job_title="Analyst",
        interests=("board-games",),
        working_on="A difference engine",
    )
    store.people.put(ada)
    store.people.put(Person(id="ben", name="Ben Okri"))
    store.encounters.put(
        Encounter(person_id="ada", on=TODAY - timedelta(days=5), event_id="go", note="Go")
    )
    store.promises.put(Promise(person_id="ada", text="Send the joseki book", due=TODAY))
    store.promises.put(Promise(person_id="ben", text="Intro to Cleo", due=TODAY + timedelta(2)))
    running.changes.announce(ChangeSet(reset=True))
    return ada


def _open_person(running: RunningWindow, person_id: str) -> QWidget:
    running.controller.show_person(person_id)
    return running.controller.people_page.person_page


def test_the_person_page_at_800_by_600_puts_details_above_the_story(
    qtbot: QtBot, running: RunningWindow
) -> None:
    # Given Ada with contact details, in a window of 800 x 600
    _fill(running)
    running.window.resize(800, 600)
    page = _open_person(running, "ada")
    qtbot.waitUntil(lambda: page.width() < 720)
    # Then her details sit above the story, and no button is squeezed below its text
    assert page.columns.direction() is QBoxLayout.Direction.TopToBottom
    for button in page.findChildren(QWidget):
        if button.isVisible() and button.metaObject().className() == "QPushButton":
            assert button.width() >= button.minimumSizeHint().width(), button.text()
    _shot(running.window, "person-800x600")


def test_a_person_without_details_gets_no_empty_column(
    qtbot: QtBot, running: RunningWindow
) -> None:
    # Given Ben, with nothing but a name / When his page opens in a wide window
    _fill(running)
    running.window.resize(1200, 800)
    page = _open_person(running, "ben")
    # Then there is no details column at all, and for Ada there is
    assert page.about_column.isHidden()
    _shot(running.window, "person-no-details")
    _open_person(running, "ada")
    assert not page.about_column.isHidden()
    assert page.columns.direction() is QBoxLayout.Direction.LeftToRight


def test_a_restored_window_larger_than_the_screen_is_fitted_to_it(
    running: RunningWindow, qapp: QApplication
) -> None:
    # Given a window layout saved on a bigger screen (or at 1x, now shown at 2x)
    window = running.window
    window.resize(2600, 1800)
    geometry, state = window.saved_layout()
    # When a new window restores it
    restored = MainWindow(undo_stack=window.undo_stack)
    restored.restore_layout(geometry=geometry, state=state)
    # Then it fits the screen's free area
    free = restored.screen().availableGeometry()
    assert restored.width() <= free.width()
    assert restored.height() <= free.height()
    assert free.contains(restored.geometry().topLeft())
    restored.deleteLater()


@pytest.mark.usefixtures("german")
def test_german_table_headers_and_placeholders_are_not_clipped(
    qtbot: QtBot, open_window: Callable[[], RunningWindow]
) -> None:
    # Given the window in German at its default size, with people and events
    running = open_window()
    running.window.show()
    qtbot.waitExposed(running.window)
    _fill(running)
    for key in (PageKey.PEOPLE, PageKey.EVENTS, PageKey.PROMISES, PageKey.HOME, "ada"):
        if key == "ada":
            running.controller.show_person("ada")  # a person's page
        else:
            running.window.show_page(PageKey(key))
        page = running.window.pages.currentWidget()
        qtbot.waitUntil(page.isVisible)
        _shot(running.window, f"german-{key}")
        # Then every column header shows its whole title
        for header in page.findChildren(QHeaderView):
            if not header.isVisible() or header.orientation().name != "Horizontal":
                continue
            model = header.model()
            for section in range(header.count()):
                if header.isSectionHidden(section):
                    continue
                title = str(model.headerData(section, header.orientation()))
                needed = max(
                    header.fontMetrics().horizontalAdvance(line) for line in title.split("\n")
                )
                assert header.sectionSize(section) > needed, title
        # And every placeholder fits its field
        for edit in page.findChildren(QLineEdit):
            if edit.isVisible() and edit.placeholderText():
                # (a line edit's frame and text margins take about 10 pixels)
                needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 10
                assert edit.width() >= needed, edit.placeholderText()


def test_dark_mode_links_on_the_person_page_are_readable(
    qtbot: QtBot, running: RunningWindow
) -> None:
    # Given Ada's page, opened in light mode
    _fill(running)
    running.window.resize(1100, 760)
    page = _open_person(running, "ada")
    # When the app switches to dark
    running.theme.apply(ColorScheme.DARK)
    qtbot.wait(10)
    # Then her contact links are drawn in a colour readable on the dark background
    from tests.gui.shell.test_contrast import contrast, link_colour_drawn

    drawn = link_colour_drawn(page.about_column.contacts_label)
    background = page.palette().color(page.backgroundRole())
    assert contrast(drawn, background) >= 4.5, drawn.name()
    _shot(running.window, "person-dark")
    running.window.show_page(PageKey.HOME)
    _shot(running.window, "home-dark")


@pytest.mark.usefixtures("german")
def test_the_passphrase_dialog_shows_its_whole_text_and_error(qtbot: QtBot) -> None:
    # Given the dialog for a new passphrase, in German (long words, long lines)
    from PySide6.QtWidgets import QLabel

    from companion.ui.shell.passphrase_dialog import PassphraseDialog

    dialog = PassphraseDialog(new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # When a passphrase that is too short is typed and OK pressed
    qtbot.keyClicks(dialog.passphrase, "abc")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    # Then the error is shown, and every wrapped text gets the height it needs
    assert dialog.problem.isVisible()
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    _shot(dialog, "passphrase-german")
