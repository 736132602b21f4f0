"""The window app starts in the Fusion style its palettes are made for, made once by Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any


def base_style_name(style: Any) -> str:
    """The class of the style under the style sheet's (which wraps it once one is set)."""
    from PySide6.QtCore import QObject

    names = [style.metaObject().className()]
    names += [child.metaObject().className() for child in style.findChildren(QObject)]
    return next((name for name in names if name != "QStyleSheetStyle"), "")


# A QApplication of its own: the test process already has pytest-qt's.
_STARTS_STYLED = """
import PySide6.QtWidgets as widgets
from companion.settings import ColorScheme
from companion.ui.widgets.theme import Theme, styled_application
from tests.gui.shell.test_styled_application import base_style_name

app = styled_application("companion")
made_by_qt = "QStyle" not in vars(widgets)  # no Python wrapper was needed for it
Theme(app, ColorScheme.LIGHT)
kept = "QStyle" not in vars(widgets)
print(made_by_qt, kept, base_style_name(app.style()))
"""


def test_the_app_starts_in_fusion_without_setting_a_second_style() -> None:
    # When the app is made as the window start makes it, and its theme applied
    result = subprocess.run(
        [sys.executable, "-c", _STARTS_STYLED],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    made_by_qt, theme_kept_it, style = result.stdout.split()
    # Then Qt made the Fusion style as it started, and the theme did not make another
    assert style == "QFusionStyle"
    assert made_by_qt == "True"
    assert theme_kept_it == "True"


def test_a_theme_on_an_application_made_elsewhere_sets_fusion(qapp: object) -> None:
    # Given the test process's application (not made by styled_application)
    from PySide6.QtWidgets import QApplication

    from companion.settings import ColorScheme
    from companion.ui.widgets.theme import Theme

    # When a theme is applied / Then the style is Fusion
    Theme(QApplication.instance(), ColorScheme.LIGHT)  # type: ignore[arg-type]
    assert base_style_name(QApplication.style()) == "QFusionStyle"
