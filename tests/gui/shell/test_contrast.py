"""Text and links are readable: contrast of at least 4.5:1 (WCAG AA) in light and dark."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from companion.settings import ColorScheme
from companion.ui.widgets.theme import Theme

AA = 4.5
Role = QPalette.ColorRole
#: Every text colour of the palettes against every background it is drawn on.
PAIRS = [
    (foreground, background)
    for foreground in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText, Role.Link)
    for background in (Role.Window, Role.Base, Role.AlternateBase, Role.Button)
] + [(Role.HighlightedText, Role.Highlight), (Role.ToolTipText, Role.ToolTipBase)]


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    red, green, blue = (
        _linear(value) for value in (colour.redF(), colour.greenF(), colour.blueF())
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def link_colour_drawn(label: QLabel) -> QColor:
    """The most saturated colour painted in ``label``: its link text."""
    image = label.grab().toImage()
    best = QColor()
    for x in range(image.width()):
        for y in range(image.height()):
            colour = QColor(image.pixel(x, y))
            if colour.hsvSaturation() > best.hsvSaturation():
                best = colour
    return best


@pytest.fixture(params=[ColorScheme.LIGHT, ColorScheme.DARK], ids=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[ColorScheme]:
    Theme(qapp, request.param)
    yield request.param
    Theme(qapp, ColorScheme.SYSTEM)


def test_every_text_colour_reads_on_every_background(
    scheme: ColorScheme, qapp: QApplication
) -> None:
    # Given the app's palette in the scheme / Then each text colour has 4.5:1 on its backgrounds
    palette = qapp.palette()
    weak = [
        f"{foreground.name} on {background.name}: {ratio:.2f}"
        for foreground, background in PAIRS
        if (ratio := contrast(palette.color(foreground), palette.color(background))) < AA
    ]
    assert not weak, weak


def test_overdue_red_and_links_as_drawn_read_too(
    scheme: ColorScheme, qapp: QApplication, qtbot: QtBot
) -> None:
    # Given a label with a link, shown in the scheme
    label = QLabel('<a href="mailto:ada@example.org">ada@example.org</a>')
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    background = label.palette().color(Role.Window)
    # And a label marked overdue, as the app's style sheet draws it
    overdue = QLabel("3 days overdue")
    overdue.setProperty("overdue", True)
    qtbot.addWidget(overdue)
    overdue.show()
    qtbot.waitExposed(overdue)
    red = overdue.palette().color(overdue.foregroundRole())
    # Then the link as painted, and the overdue red, reach 4.5:1 on the window
    assert contrast(link_colour_drawn(label), background) >= AA
    assert red != label.palette().color(Role.WindowText)  # the rule applies
    assert contrast(red, background) >= AA


def test_a_link_shown_before_a_switch_to_dark_takes_the_dark_colour(
    qapp: QApplication, qtbot: QtBot
) -> None:
    # Given a link shown in light mode
    theme = Theme(qapp, ColorScheme.LIGHT)
    label = QLabel('<a href="https://example.org">example.org</a>')
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    # When the app switches to dark
    theme.apply(ColorScheme.DARK)
    # Then the link is drawn readable on the dark window (it stayed dark green, 2.3:1)
    try:
        assert contrast(link_colour_drawn(label), label.palette().color(Role.Window)) >= AA
    finally:
        Theme(qapp, ColorScheme.SYSTEM)
