"""Keeping a prep card: Markdown and PDF files, and printing, for the Prepare dialog.

Which file to write is asked through a ``SaveFileChooser`` so tests (and other callers) can
answer without a native file dialog. A file that cannot be written is said in a warning box.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from companion.i18n import _
from companion.services.prepare.prep_card import card_file_name, render_html, render_markdown
from companion.services.prepare.prepare import PrepCard
from companion.storage.atomic import atomic_write_bytes
from companion.ui.prepare.prep_card_pdf import card_document, pdf_bytes, print_document

#: (parent, caption, suggested file name, name filter) -> the chosen path, or None (cancelled).
SaveFileChooser = Callable[[QWidget, str, str, str], Path | None]


def ask_save_file(parent: QWidget, caption: str, suggested: str, name_filter: str) -> Path | None:
    chosen, _selected_filter = QFileDialog.getSaveFileName(parent, caption, suggested, name_filter)
    return Path(chosen) if chosen else None


def export_markdown_file(
    card: PrepCard, *, parent: QWidget, choose_file: SaveFileChooser
) -> Path | None:
    """Ask for a file and write the card there as Markdown; the file written, or None."""
    return _export(
        card,
        parent=parent,
        choose_file=choose_file,
        caption=_("Export prep card as Markdown"),
        extension="md",
        name_filter=_("Markdown (*.md)"),
        write=_write_markdown,
    )


def export_pdf_file(
    card: PrepCard, *, parent: QWidget, choose_file: SaveFileChooser
) -> Path | None:
    """Ask for a file and write the card there as PDF; the file written, or None."""
    return _export(
        card,
        parent=parent,
        choose_file=choose_file,
        caption=_("Export prep card as PDF"),
        extension="pdf",
        name_filter=_("PDF (*.pdf)"),
        write=_write_pdf,
    )


def _export(
    card: PrepCard,
    *,
    parent: QWidget,
    choose_file: SaveFileChooser,
    caption: str,
    extension: str,
    name_filter: str,
    write: Callable[[PrepCard, Path], None],
) -> Path | None:
    path = choose_file(parent, caption, card_file_name(card, extension), name_filter)
    if path is None:
        return None
    try:
        write(card, path)
    except OSError as error:
        QMessageBox.warning(
            parent,
            _("Not exported"),
            _("{file} could not be written: {reason}").format(
                file=path.name, reason=error.strerror or error
            ),
        )
        return None
    return path


# Written like every other export: readable by the user alone (0600), and atomically, so an
# existing file is replaced whole or left as it was.
def _write_markdown(card: PrepCard, path: Path) -> None:
    atomic_write_bytes(path, render_markdown(card).encode("utf-8"))


def _write_pdf(card: PrepCard, path: Path) -> None:
    atomic_write_bytes(path, pdf_bytes(render_html(card), title=card.event.title))


def open_print_dialog(card: PrepCard, parent: QWidget) -> QPrintDialog:
    """The platform's print dialog, window-modal and non-blocking; printing starts on OK."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(card.event.title)
    dialog = QPrintDialog(printer, parent)
    html = render_html(card)

    def on_finished(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            print_document(card_document(html, title=card.event.title), printer)
        dialog.deleteLater()

    dialog.finished.connect(on_finished)
    # What ``QDialog.open()`` does; PySide's stubs only know QPrintDialog's open(receiver, slot).
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog
