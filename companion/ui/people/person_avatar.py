"""A person's picture: their photo when it decodes, else their initials on a disc of their own
colour."""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from companion.domain.people import Person
from companion.ui.people.person_timeline import initials

AVATAR_SIZE = 72


def avatar_pixmap(person: Person, size: int = AVATAR_SIZE) -> QPixmap:
    """The person's photo (a data URI) if it decodes, else their initials on a disc."""
    if person.photo and "," in person.photo:
        try:
            data = base64.b64decode(person.photo.split(",", 1)[1], validate=False)
        except (binascii.Error, ValueError):
            data = b""
        photo = QPixmap()
        if data and photo.loadFromData(data):
            return photo.scaled(
                size,
                size,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # A stable colour per name, so a person keeps theirs.
    hue = sum(map(ord, person.name)) * 37 % 360
    painter.setBrush(QColor.fromHsl(hue, 120, 150))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(0, 0, size, size)
    font = painter.font()
    font.setPixelSize(size * 2 // 5)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, initials(person.name))
    painter.end()
    return pixmap
