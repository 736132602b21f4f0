"""Every interactive widget has a name a screen reader can say (issue 17).

Walks every widget of the main window (all pages, a person's page included) and of the dialogs
a person opens from it. A drop-down or a list needs a name of its own (otherwise it is announced
by its value); any other control needs the name Qt's accessibility gives it (its text, or the
label it is the buddy of).
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from companion.domain.events import Event
from companion.services.changes import ChangeSet
from companion.ui.shell.pages import PageKey
from tests.gui.conftest import OFFSCREEN_SIZE_HINTS, RunningWindow
from tests.gui.shell.test_layout import _fill

pytestmark = pytest.mark.qt_log_ignore(
    OFFSCREEN_SIZE_HINTS,
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)
NEEDS_OWN_NAME = (QComboBox, QAbstractItemView)


def _inside_a_compound(widget: QWidget) -> bool:
    """Parts of a compound control (a combo's list, a spin box's field) are named by it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QCalendarWidget)):
            return True
        parent = parent.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    if isinstance(widget, NEEDS_OWN_NAME):
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def unnamed(top: QWidget) -> list[str]:
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, (QScrollBar, QHeaderView)):
            continue
        if _inside_a_compound(widget) or not widget.isVisibleTo(top):
            continue
        if not _name(widget).strip():
            label = widget.objectName() or type(widget).__name__
            hint = (
                getattr(widget, "placeholderText", lambda: "")()
                or getattr(widget, "toolTip", lambda: "")()
            )
            label = f"{label} ({hint})" if hint else label
            found.append(f"{top.objectName() or type(top).__name__}: {label}")
    return found


def _all(tops: Iterable[QWidget]) -> list[str]:
    return [problem for top in tops for problem in unnamed(top)]


def test_every_page_of_the_main_window_names_its_controls(
    qtbot: QtBot, running: RunningWindow
) -> None:
    # Given data on every page
    _fill(running)
    running.store.events.put(
        Event(
            id="soon", title="Climbing social", start=running.controller._now().replace(year=2027)
        )
    )
    running.changes.announce(ChangeSet(reset=True))
    problems: list[str] = []
    # When each page is shown (and a person's page)
    for key in PageKey:
        running.window.show_page(key)
        qtbot.wait(1)
        problems += unnamed(running.window)
    running.controller.show_person("ada")
    problems += unnamed(running.window)
    # Then every control has a name
    assert not problems, "\n".join(problems)


def test_every_dialog_names_its_controls(qtbot: QtBot, running: RunningWindow) -> None:
    # Given some data, and the dialogs a person opens from the menus
    _fill(running)
    controller = running.controller
    openers = [
        controller.open_quick_capture,
        controller.open_search,
        controller.open_restore,
        controller.open_preferences,
        controller.open_about,
        controller.transfer.ask_and_export,
        controller.profile.open_profile,
        controller.profile.open_welcome,
        lambda: controller.log_who_i_met("go"),
        controller.people.open_new_form,
        controller.events.open_new_form,
        controller.openers.open_new_form,
    ]
    problems: list[str] = []
    for open_dialog in openers:
        before = set(QApplication.topLevelWidgets())
        open_dialog()
        qtbot.wait(1)
        dialogs = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QDialog) and widget.isVisible() and widget not in before
        ]
        assert dialogs, open_dialog
        problems += _all(dialogs)
        for dialog in dialogs:
            dialog.reject()
    # Then every control in them has a name
    assert not problems, "\n".join(problems)
