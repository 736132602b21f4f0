"""The Ctrl+K search box in the real main window, driven with key presses (offscreen Qt)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.domain.openers import Opener, OpenerStage
from companion.domain.people import Person
from companion.ui.search.search_dialog import SearchDialog
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow

START = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


@pytest.fixture
def filled(running: RunningWindow) -> RunningWindow:
    store = running.store
    store.people.put(Person(id="p1", name="Zoë Müller", notes="Knows everyone in ceramics."))
    store.people.put(Person(id="p2", name="Jonas Berg", working_on="A pottery kiln"))
    store.events.put(Event(id="e1", title="Café Ceramics night", start=START, venue="Atelier"))
    store.events.put(Event(id="e2", title="Board games", start=START))
    store.openers.put(
        Opener(id="o1", text="How did you get into ceramics?", stage=OpenerStage.OPEN)
    )
    running.controller.events.reload()
    return running


def _open_search(qtbot: QtBot, running: RunningWindow) -> SearchDialog:
    # A closed dialog may leave no window active offscreen; shortcuts need an active one.
    running.window.activateWindow()
    qtbot.waitUntil(running.window.isActiveWindow)
    qtbot.keyClick(running.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: running.controller.search_dialog.dialog is not None)
    dialog = running.controller.search_dialog.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(dialog.query_edit.hasFocus)
    return dialog


def _titles(dialog: SearchDialog) -> list[str]:
    model = dialog.model
    return [str(model.data(model.index(row))).split("\n")[0] for row in range(model.rowCount())]


def test_search_is_in_the_edit_menu_with_ctrl_k(running: RunningWindow) -> None:
    # Given the main window / Then Edit has a Search… action on Ctrl+K
    action = running.window.search_action
    assert action in running.window.edit_menu.actions()
    assert action.shortcut().toString() == "Ctrl+K"
    assert action.text().replace("&", "") == "Search…"


def test_ctrl_k_opens_an_empty_box_focused_on_the_query(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # When Ctrl+K is pressed in the window
    dialog = _open_search(qtbot, filled)
    # Then the box asks what to search, with no results yet
    assert dialog.query_edit.placeholderText() == "Search people, events, notes…"
    assert dialog.model.rowCount() == 0


def test_results_appear_as_you_type_labelled_by_kind(qtbot: QtBot, filled: RunningWindow) -> None:
    # Given the open box
    dialog = _open_search(qtbot, filled)
    # When a word is typed, letter by letter, without its accent
    qtbot.keyClicks(dialog.query_edit, "ceram")
    # Then people, events and openers mentioning it are listed, each labelled with its kind
    # (below them, close matches from the built-in opener library may follow)
    assert _titles(dialog)[:3] == [
        "Zoë Müller",
        "Café Ceramics night",
        "How did you get into ceramics?",
    ]
    details = [str(dialog.model.data(dialog.model.index(row))).split("\n")[1] for row in range(3)]
    assert details[0] == "Person · Knows everyone in ceramics."
    assert details[1].startswith("Event · ")
    assert details[2] == "Opener · Open the conversation"
    # And the first result is current, ready for Enter
    assert dialog.result_view.currentIndex().row() == 0


def test_accents_are_ignored_and_nothing_found_says_so(qtbot: QtBot, filled: RunningWindow) -> None:
    # Given the open box
    dialog = _open_search(qtbot, filled)
    # When a name is typed without accents / Then it is found
    qtbot.keyClicks(dialog.query_edit, "zoe mull")
    assert _titles(dialog) == ["Zoë Müller"]
    assert not dialog.empty_label.isVisible()
    # When the query matches nothing / Then the box says so
    dialog.query_edit.setText("xylophone")
    assert dialog.model.rowCount() == 0
    assert dialog.empty_label.isVisible()


def test_enter_on_an_event_opens_the_events_page_with_it_selected(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given the box with a person and an event listed
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "ceramics")
    assert _titles(dialog)[:2] == ["Zoë Müller", "Café Ceramics night"]
    # When the arrow key moves to the event and Enter is pressed
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    # Then the box closes and the Events page shows the event selected
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert filled.window.current_page() is PageKey.EVENTS
    selected = filled.controller.events.selected_event()
    assert selected is not None and selected.id == "e1"


def test_enter_on_an_event_hidden_by_the_page_filter_still_selects_it(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given the Events page filtered to another event
    filled.controller.events_page.search_edit.setText("board")
    dialog = _open_search(qtbot, filled)
    # When the hidden event is searched and opened
    qtbot.keyClicks(dialog.query_edit, "atelier")
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    # Then the page filter is cleared and the event selected
    selected = filled.controller.events.selected_event()
    assert selected is not None and selected.id == "e1"
    assert filled.controller.events_page.search_edit.text() == ""


def test_enter_on_a_person_opens_the_people_page_with_them_selected(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given the box listing a person found by what they work on, and a People filter hiding them
    filled.window.show_page(PageKey.PEOPLE)
    filled.controller.people.reload()
    filled.controller.people_page.search_edit.setText("zoë")
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "kiln")
    assert _titles(dialog) == ["Jonas Berg"]
    # When Enter is pressed
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    # Then the People page shows them selected, the filter cleared
    assert filled.window.current_page() is PageKey.PEOPLE
    selected = filled.controller.people.selected_person()
    assert selected is not None and selected.id == "p2"
    assert filled.controller.people_page.search_edit.text() == ""


def test_arrows_stay_in_range_and_esc_closes_without_opening(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given the box with three results
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "ceramics")
    # When moving past either end / Then the current result stops at the ends
    for _press in range(5):
        qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Down)
    assert dialog.result_view.currentIndex().row() == 2
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Up)
    assert dialog.result_view.currentIndex().row() == 1
    # When Esc is pressed
    with qtbot.assertNotEmitted(dialog.chosen):
        qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Escape)
    # Then the box closes and the window stays where it was
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert filled.window.current_page() is PageKey.HOME


def test_opened_again_the_old_query_is_selected_to_be_replaced(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given a search that was closed with Esc
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "board")
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # When it is opened again and a new word typed
    again = _open_search(qtbot, filled)
    qtbot.keyClicks(again.query_edit, "jonas")
    # Then the new word replaced the old query
    assert again.query_edit.text() == "jonas"
    assert _titles(again)[0] == "Jonas Berg"


def test_the_built_in_opener_library_is_searched_too(qtbot: QtBot, filled: RunningWindow) -> None:
    # Given the open box
    dialog = _open_search(qtbot, filled)
    # When a word from a shipped opener is typed
    qtbot.keyClicks(dialog.query_edit, "watercolour")
    # Then that opener is found
    assert any("Watercolour" in title for title in _titles(dialog))


def test_enter_on_an_opener_shows_the_openers_page(qtbot: QtBot, filled: RunningWindow) -> None:
    # Given the box listing an opener
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "how did you")
    # When Enter is pressed / Then the Openers page is shown
    with qtbot.waitSignal(dialog.chosen):
        qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    assert filled.window.current_page() is PageKey.OPENERS


# The capture dialog raises itself; the offscreen platform cannot.
@pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, "This plugin does not support raise")
def test_a_word_of_a_quick_capture_note_finds_the_person(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given someone captured with a one-line note (kept on the encounter, not the person)
    filled.controller.open_quick_capture()
    capture = filled.controller.capture_dialog.dialog
    assert capture is not None
    qtbot.waitUntil(capture.isVisible)
    qtbot.keyClicks(capture.name_edit, "Ada Lovelace")
    qtbot.keyClicks(capture.note_edit, "Builds route-setting software")
    with qtbot.waitSignal(capture.captured):
        qtbot.keyClick(capture.note_edit, Qt.Key.Key_Return)
    # When Ctrl+K looks for a word of that note
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "route-setting")
    # Then the person is listed, first
    assert _titles(dialog)[0] == "Ada Lovelace"


def test_enter_on_a_person_opens_their_page_even_over_another_persons_page(
    qtbot: QtBot, filled: RunningWindow
) -> None:
    # Given Zoë's own page open on the People page
    filled.window.show_page(PageKey.PEOPLE)
    filled.controller.people.reload()
    assert filled.controller.people.open_person("p1")
    # When Ctrl+K is pressed, Jonas typed and Enter pressed
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "jonas")
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    # Then Jonas's own page is shown, not Zoë's and not only a selected row
    people = filled.controller.people
    assert filled.controller.people_page.showing_person()
    assert people.person.person is not None and people.person.person.id == "p2"


def test_enter_on_a_person_from_home_opens_their_page(qtbot: QtBot, filled: RunningWindow) -> None:
    # Given Home
    filled.window.show_page(PageKey.HOME)
    # When a person is searched and opened
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "zoe")
    qtbot.keyClick(dialog.query_edit, Qt.Key.Key_Return)
    # Then their page is shown
    assert filled.window.current_page() is PageKey.PEOPLE
    assert filled.controller.people_page.showing_person()
    assert filled.controller.people.person.person is not None
    assert filled.controller.people.person.person.id == "p1"


def test_a_short_name_finds_no_lookalikes(qtbot: QtBot, filled: RunningWindow) -> None:
    # Given Anna and Annika besides the others
    filled.store.people.put(Person(id="p3", name="Anna Lind"))
    filled.store.people.put(Person(id="p4", name="Annika Roth"))
    filled.store.people.put(Person(id="p5", name="Hanna Anna"))
    # When "anna" is typed
    dialog = _open_search(qtbot, filled)
    qtbot.keyClicks(dialog.query_edit, "anna")
    # Then the name that starts with it comes first, and Annika (one letter off) is not listed
    assert _titles(dialog) == ["Anna Lind", "Hanna Anna"]
