"""The window app starts in the Fusion style its palettes are made for, made once by Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from companion.settings import ColorScheme
from companion.ui.widgets.theme import Theme

# A QApplication of its own (the test process already has pytest-qt's). The environment asks
# for another style, so only the app's own choice gives Fusion.
_STARTS_STYLED = """
import PySide6.QtWidgets as widgets
from PySide6.QtCore import QObject
from companion.settings import ColorScheme
from companion.ui.widgets.theme import Theme, styled_application

app = styled_application("companion")
Theme(app, ColorScheme.LIGHT)
made_once = "QStyle" not in vars(widgets)  # no Python wrapper was needed for a second one
style = app.style()
names = [style.metaObject().className()]
names += [child.metaObject().className() for child in style.findChildren(QObject)]
print(made_once, *names)
"""


def _base_style(style: Any) -> str:
    """The class of the style under the style sheet's (which wraps it once one is set)."""
    names = [style.metaObject().className()]
    names += [child.metaObject().className() for child in style.findChildren(QObject)]
    return next((name for name in names if name != "QStyleSheetStyle"), "")


def test_the_app_starts_in_fusion_without_setting_a_second_style() -> None:
    # When the app is made as the window start makes it, in a desktop asking for another
    # style, and its theme applied
    result = subprocess.run(
        [sys.executable, "-c", _STARTS_STYLED],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "Windows"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    made_once, *classes = result.stdout.split()
    # Then Qt made the Fusion style as it started, and the theme did not make another
    assert "QFusionStyle" in classes and "QWindowsStyle" not in classes
    assert made_once == "True"


def test_a_theme_on_an_application_made_elsewhere_sets_fusion(qapp: QApplication) -> None:
    # Given the test process's application (not made by styled_application), in another style
    qapp.setStyle("Windows")
    assert _base_style(QApplication.style()) == "QWindowsStyle"
    # When a theme is applied
    Theme(qapp, ColorScheme.LIGHT)
    # Then the style is Fusion
    assert _base_style(QApplication.style()) == "QFusionStyle"
    Theme(qapp, ColorScheme.SYSTEM)  # as the other tests expect it
