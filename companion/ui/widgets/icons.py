"""The app's line icons, drawn in the current palette so they follow light and dark live.

Drawn rather than taken from the desktop theme: themes differ wildly between platforms (and
many Linux sessions have none), and these must look the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)

from companion import paths

APP_ICON_FILE = "org.commonground.Companion.svg"
_GRID = 24.0  # glyphs are drawn on a 24 x 24 grid and scaled

Glyph = Callable[[QPainter], None]


def _house(painter: QPainter) -> None:
    path = QPainterPath(QPointF(3.5, 11))
    path.lineTo(12, 3.5)
    path.lineTo(20.5, 11)
    painter.drawPath(path)
    body = QPainterPath(QPointF(6, 9.5))
    body.lineTo(6, 20)
    body.lineTo(18, 20)
    body.lineTo(18, 9.5)
    painter.drawPath(body)
    painter.drawRoundedRect(QRectF(10, 14, 4, 6), 0.8, 0.8)


def _calendar(painter: QPainter) -> None:
    painter.drawRoundedRect(QRectF(3.5, 5.5, 17, 15), 2.5, 2.5)
    painter.drawLine(QPointF(3.5, 10), QPointF(20.5, 10))
    painter.drawLine(QPointF(8, 3.5), QPointF(8, 7))
    painter.drawLine(QPointF(16, 3.5), QPointF(16, 7))
    for x, y in ((8, 14), (12, 14), (16, 14), (8, 17.2), (12, 17.2)):
        painter.drawPoint(QPointF(x, y))


def _people(painter: QPainter) -> None:
    painter.drawEllipse(QPointF(9, 8.5), 3.2, 3.2)
    shoulders = QPainterPath(QPointF(3, 19.5))
    shoulders.cubicTo(3, 15, 6, 13.5, 9, 13.5)
    shoulders.cubicTo(12, 13.5, 15, 15, 15, 19.5)
    painter.drawPath(shoulders)
    painter.drawEllipse(QPointF(16.5, 7.5), 2.6, 2.6)
    second = QPainterPath(QPointF(16.5, 12.3))
    second.cubicTo(19, 12.3, 21, 14, 21, 17.5)
    painter.drawPath(second)


def _speech(painter: QPainter) -> None:
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(3.5, 4.5, 17, 12), 3.5, 3.5)
    painter.drawPath(bubble)
    tail = QPainterPath(QPointF(8, 16.5))
    tail.lineTo(7, 20.5)
    tail.lineTo(12, 16.5)
    painter.drawPath(tail)
    for x in (8.5, 12, 15.5):
        painter.drawPoint(QPointF(x, 10.5))


def _checklist(painter: QPainter) -> None:
    painter.drawRoundedRect(QRectF(4.5, 3.5, 15, 17), 2.5, 2.5)
    tick = QPainterPath(QPointF(7.5, 8.5))
    tick.lineTo(9, 10)
    tick.lineTo(11.5, 7)
    painter.drawPath(tick)
    painter.drawLine(QPointF(13.5, 8.5), QPointF(16.5, 8.5))
    painter.drawRoundedRect(QRectF(7.5, 13.5, 3, 3), 0.6, 0.6)
    painter.drawLine(QPointF(13.5, 15), QPointF(16.5, 15))


class _GlyphEngine(QIconEngine):
    """Paints a glyph with the application palette of the moment it is painted."""

    def __init__(self, glyph: Glyph, *, accent: bool) -> None:
        super().__init__()
        self._glyph = glyph
        self._accent = accent

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        palette = QGuiApplication.palette()
        colour: QColor
        if mode == QIcon.Mode.Selected:
            colour = palette.color(QPalette.ColorRole.HighlightedText)
        elif mode == QIcon.Mode.Disabled:
            colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        elif self._accent:
            colour = palette.color(QPalette.ColorRole.Highlight)
        else:
            colour = palette.color(QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(rect.width(), rect.height())
        painter.translate(
            rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2
        )
        painter.scale(side / _GRID, side / _GRID)
        pen = QPen(
            colour, 1.7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        )
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._glyph(painter)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        # Qt's default leaves the pixmap uninitialised; glyphs need a transparent canvas.
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self._glyph, accent=self._accent)


def _icon(glyph: Glyph, accent: bool) -> QIcon:
    return QIcon(_GlyphEngine(glyph, accent=accent))


def home(*, accent: bool = False) -> QIcon:
    return _icon(_house, accent)


def events(*, accent: bool = False) -> QIcon:
    return _icon(_calendar, accent)


def people(*, accent: bool = False) -> QIcon:
    return _icon(_people, accent)


def openers(*, accent: bool = False) -> QIcon:
    return _icon(_speech, accent)


def promises(*, accent: bool = False) -> QIcon:
    return _icon(_checklist, accent)


def app_icon() -> QIcon | None:
    """The application icon, when the resources contain it."""
    path = paths.icon_path(APP_ICON_FILE)
    return QIcon(str(path)) if path.is_file() else None
