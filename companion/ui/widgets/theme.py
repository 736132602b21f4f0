"""Fusion style with the Common Ground accent, light or dark, following the system by default."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from companion import paths
from companion.settings import ColorScheme


@dataclass(frozen=True, slots=True)
class _Colours:
    window: str
    base: str
    alternate_base: str
    text: str
    muted_text: str
    button: str
    accent: str
    accent_text: str
    link: str
    mid: str


# A calm green: "common ground", grass, meeting outdoors; readable on both backgrounds.
_LIGHT = _Colours(
    window="#f4f5f2",
    base="#ffffff",
    alternate_base="#eef1ec",
    text="#1f2622",
    muted_text="#5b665f",
    button="#e9ece6",
    accent="#2f7d5c",
    accent_text="#ffffff",
    link="#23694c",
    mid="#c9cfc6",
)
_DARK = _Colours(
    window="#1d211f",
    base="#252a27",
    alternate_base="#2b312d",
    text="#e6ebe7",
    muted_text="#a3ada6",
    button="#2e3430",
    accent="#4fae83",
    accent_text="#0f1a14",
    link="#7fd0aa",
    mid="#4d5650",
)

_STYLE_SHEET = """
QListView#navigation {
    border: none;
    background: palette(alternate-base);
    padding: 8px 6px;
    outline: 0;
}
QListView#navigation::item {
    padding: 8px 10px;
    margin: 2px 0;
    border-radius: 6px;
}
QListView#navigation::item:selected {
    background: palette(highlight);
    color: palette(highlighted-text);
}
QPushButton[primary="true"] {
    background: palette(highlight);
    color: palette(highlighted-text);
    border: 1px solid palette(highlight);
    border-radius: 6px;
    padding: 8px 20px;
    font-weight: 600;
}
QPushButton[primary="true"]:hover { background: palette(link); border-color: palette(link); }
QPushButton[primary="true"]:focus { border: 2px solid palette(text); }
QPushButton[primary="true"]:disabled { background: palette(mid); border-color: palette(mid); }
QLabel[role="headline"] { font-size: 20pt; font-weight: 600; }
QLabel[role="subtle"] { color: palette(placeholder-text); }
QLabel[role="error"] { color: #b3261e; }
QLabel[role="warning"] { font-weight: 600; }
QFrame[role="card"] {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 10px;
}
QLabel[strong="true"] { font-weight: 600; }
QLabel[role="section-title"] { font-size: 13pt; font-weight: 600; }
QPushButton[role="person-link"] {
    color: palette(link);
    border: none;
    padding: 0;
    text-align: left;
}
QPushButton[role="person-link"]:hover, QPushButton[role="person-link"]:focus {
    text-decoration: underline;
}
QPushButton[role="person-link"][strong="true"] { font-weight: 600; }
"""

#: A red readable on the light and on the dark theme, for what is overdue.
OVERDUE_ON_LIGHT = "#b3261e"
OVERDUE_ON_DARK = "#ff8a80"

# Rules here, not on each widget: a widget's own style sheet is parsed and matched on its
# own, which made building Home's cards several milliseconds slower at every start.
_OVERDUE = """
QLabel[overdue="true"] {{ color: {colour}; font-weight: 600; }}
QFrame[role="card"][overdue="true"] {{ border-left: 4px solid {colour}; }}
"""

# Fusion draws check box outlines a shade darker than the window, which vanishes on a dark
# background: in dark mode the boxes are drawn here instead (and errors in a lighter red).
_DARK_CHECK_BOXES = """
QCheckBox::indicator, QAbstractItemView::indicator {{
    border: 1px solid #8a948e;
    background: {base};
    border-radius: 3px;
    width: 11px;
    height: 11px;
}}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
    background: {accent};
    border-color: {accent};
    image: url("{check}");
}}
QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled {{ border-color: {mid}; }}
QLabel[role="error"] {{ color: #f2b8b5; }}
"""


def _style_sheet(scheme: ColorScheme) -> str:
    if scheme is not ColorScheme.DARK:
        return _STYLE_SHEET + _OVERDUE.format(colour=OVERDUE_ON_LIGHT)
    check = paths.icon_path("checkmark-dark.svg").as_posix()
    return (
        _STYLE_SHEET
        + _OVERDUE.format(colour=OVERDUE_ON_DARK)
        + _DARK_CHECK_BOXES.format(base=_DARK.base, accent=_DARK.accent, mid=_DARK.mid, check=check)
    )


def _palette(colours: _Colours) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: colours.window,
        role.WindowText: colours.text,
        role.Base: colours.base,
        role.AlternateBase: colours.alternate_base,
        role.Text: colours.text,
        role.Button: colours.button,
        role.ButtonText: colours.text,
        role.ToolTipBase: colours.base,
        role.ToolTipText: colours.text,
        role.PlaceholderText: colours.muted_text,
        role.Highlight: colours.accent,
        role.HighlightedText: colours.accent_text,
        role.Accent: colours.accent,
        role.Link: colours.link,
        role.LinkVisited: colours.link,
        role.Mid: colours.mid,
        role.BrightText: colours.accent_text,
    }
    for colour_role, value in pairs.items():
        palette.setColor(colour_role, QColor(value))
    disabled = QColor(colours.muted_text)
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, colour_role, disabled)
    return palette


def _recolour_links() -> None:
    """Lay out rich-text labels again, so their links take the new palette's colour.

    A QLabel colours its links when its text is set (Qt 6.8): after a switch to dark, links
    set before stayed dark green on the dark background, about 2.3:1 (issue 17).
    """
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLabel) and "<a " in (text := widget.text()):
            widget.clear()  # setText() with the same text changes nothing
            widget.setText(text)


def effective_scheme(preference: ColorScheme) -> ColorScheme:
    """``preference`` itself, or the system's scheme (light when the system does not say)."""
    if preference is not ColorScheme.SYSTEM:
        return preference
    system = QGuiApplication.styleHints().colorScheme()
    return ColorScheme.DARK if system == Qt.ColorScheme.Dark else ColorScheme.LIGHT


#: The style every platform gets: the palettes below are made for it.
STYLE = "Fusion"
#: Set on an application made by ``styled_application``.
_STYLED = "companion_styled"


def styled_application(program: str) -> QApplication:
    """A ``QApplication`` that starts in ``STYLE``.

    Qt then makes that style once, as it starts. ``setStyle`` afterwards made the platform's
    default style first, then a second one, and gave Python a wrapper for it: ~6 ms at every
    start, most of it making the Python type of ``QStyle`` with its enums."""
    app = QApplication([program, "-style", STYLE])
    app.setProperty(_STYLED, True)
    return app


class Theme:
    """Applies the look to ``app`` and keeps it in step with the system's light/dark switch."""

    def __init__(self, app: QApplication, preference: ColorScheme) -> None:
        self._app = app
        self._preference = preference
        if not app.property(_STYLED):
            app.setStyle(STYLE)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)
        self.apply(preference)

    @property
    def scheme(self) -> ColorScheme:
        return effective_scheme(self._preference)

    def apply(self, preference: ColorScheme) -> None:
        self._preference = preference
        hints = QGuiApplication.styleHints()
        # Qt >= 6.8: an explicit scheme also reaches native parts (title bars on Windows/macOS).
        if preference is ColorScheme.SYSTEM:
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(
                Qt.ColorScheme.Dark if preference is ColorScheme.DARK else Qt.ColorScheme.Light
            )
        self._apply_scheme()

    def _apply_scheme(self) -> None:
        scheme = self.scheme
        self._app.setPalette(_palette(_DARK if scheme is ColorScheme.DARK else _LIGHT))
        self._app.setStyleSheet(_style_sheet(scheme))
        _recolour_links()

    def _on_system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._preference is ColorScheme.SYSTEM:
            self._apply_scheme()
