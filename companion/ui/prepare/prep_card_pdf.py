"""The prep card on paper: its HTML laid out by ``QTextDocument``, printed to a PDF or a printer.

The HTML comes from ``companion.services.prepare.prep_card.render_html``, so the PDF, the printout
and the Markdown export show the same card. Text stays text in the PDF (Qt embeds the fonts with a
ToUnicode map), so it can be searched and copied.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

#: A4 with 18 mm margins: room for a hole punch, and the card still fits one page.
MARGINS_MM = QMarginsF(18, 18, 18, 18)
RESOLUTION_DPI = 300
BODY_POINT_SIZE = 11


def ensure_gui_application() -> QGuiApplication:
    """The running ``QGuiApplication``, or a new one (offscreen without a display).

    ``companion prep --format pdf`` runs in a terminal, maybe over SSH: fonts and layout need a
    GUI application, but no window is ever shown, so the offscreen platform is enough.
    """
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([sys.argv[0] if sys.argv else "companion"])


def card_document(html: str, *, title: str = "") -> QTextDocument:
    """A ``QTextDocument`` holding the card, in the body font size of print."""
    document = QTextDocument()
    font = QFont(document.defaultFont())
    font.setPointSize(BODY_POINT_SIZE)
    document.setDefaultFont(font)
    document.setHtml(html)
    if title:
        document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    return document


def print_document(document: QTextDocument, device: QPagedPaintDevice) -> None:
    """Lay ``document`` out on ``device``'s pages (a ``QPdfWriter`` or a ``QPrinter``)."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    # Without an explicit page size the document is laid out for a screen-wide page and
    # QTextDocument.print_ scales it down; the printable rect in points keeps the font sizes.
    layout = device.pageLayout()
    document.setPageSize(QSizeF(layout.paintRect(QPageLayout.Unit.Point).size()))
    document.print_(device)


def pdf_bytes(html: str, *, title: str) -> bytes:
    """The card as a PDF file's bytes (A4, margins, searchable text)."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(title)
    writer.setCreator("Common Ground")
    print_document(card_document(html, title=title), writer)
    del writer  # the PDF is finished when the writer goes away
    buffer.close()
    return bytes(data.data())
