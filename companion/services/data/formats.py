"""The file formats Common Ground reads and writes, each declared once, and what follows.

Detection, import, export, the command line's choices and help, and the window's file
dialogs all ask here. A new format is one module declaring a ``FileFormat`` plus one line
in ``FORMATS``; the window maps its ``preview`` to a dialog (``ui/import_export.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from companion.i18n import N_, _
from companion.interop.detect import sniff
from companion.services.clock import Clock, system_clock
from companion.services.data.formats_backup import JSON_BACKUP
from companion.services.data.formats_calendar import ICALENDAR
from companion.services.data.formats_contacts import CSV, VCARD
from companion.services.data.formats_entry import ExportedFile, FileFormat, Holds

if TYPE_CHECKING:
    from companion.storage.store import Store

#: In this order in the command line's choices and the export dialog (the open dialog
#: groups them by what they hold, in ``Holds`` order).
FORMATS: tuple[FileFormat, ...] = (JSON_BACKUP, VCARD, CSV, ICALENDAR)

#: The open dialog's filter for the files holding each kind of thing.
HOLDS_LABELS = {
    Holds.BACKUP: N_("Common Ground backups"),
    Holds.EVENTS: N_("Calendars"),
    Holds.PEOPLE: N_("Contacts"),
}
# Bytes enough for the second look (a LinkedIn header after its notes, UTF-16 text).
_DECODED_BYTES = 65536


def all_formats() -> tuple[FileFormat, ...]:
    # Read at each call (not bound at import), so a test can add a format.
    return FORMATS


def format_named(name: str) -> FileFormat:
    """The format called ``name`` on the command line; ``KeyError`` when there is none."""
    for file_format in all_formats():
        if file_format.name == name:
            return file_format
    raise KeyError(name)


def export_formats() -> tuple[FileFormat, ...]:
    return tuple(file_format for file_format in all_formats() if file_format.export is not None)


def export_names() -> tuple[str, ...]:
    """``companion export --format``'s choices."""
    return tuple(file_format.name for file_format in export_formats())


def export_help() -> str:
    """What each ``--format`` writes: "json: the complete backup…; vcf: your people…"."""
    return "; ".join(
        f"{file_format.name}: {_(file_format.export.help)}"
        for file_format in export_formats()
        if file_format.export is not None
    )


def import_help_kinds() -> str:
    """The files ``import`` reads: "Common Ground backups (.json), Calendars (.ics), …"."""
    return ", ".join(
        f"{_(HOLDS_LABELS[holds])} ({', '.join(file_format.suffix for file_format in held)})"
        for holds, held in _by_holds().items()
    )


def format_by_suffix(path: Path) -> FileFormat | None:
    suffix = path.suffix.lower()
    for file_format in all_formats():
        if suffix in file_format.suffixes:
            return file_format
    return None


def text_suffixes() -> frozenset[str]:
    """Names of text formats: such a file that holds no text is told what is wrong."""
    return frozenset(
        suffix
        for file_format in all_formats()
        if file_format.text
        for suffix in file_format.suffixes
    )


def detect_format(data: bytes, *, file_name: str = "") -> FileFormat | None:
    """The format of ``data`` by its content (and, for the loose tests, its name).

    Exact tests first, loose ones after; a file none recognises gets a second look once
    decoded (UTF-16, a legacy encoding). ``None``: not a file Common Ground reads.
    """
    found = _recognised(data, file_name)
    if found is not None or not data.strip():
        return found
    # Imported here: charset detection is not needed for the usual UTF-8 file.
    from companion.interop.text_decoding import decode_text

    try:
        text = decode_text(data[:_DECODED_BYTES]).text
    except ValueError:
        return None
    return _recognised(text[:8192].encode("utf-8"), file_name)


def _recognised(data: bytes, file_name: str) -> FileFormat | None:
    sniffed = sniff(data, file_name=file_name)
    if sniffed is None:
        return None
    ordered = sorted(all_formats(), key=lambda file_format: file_format.loose)
    return next((file_format for file_format in ordered if file_format.recognise(sniffed)), None)


def import_filters() -> dict[str, str]:
    """The open dialog's filters by purpose (``all``, a ``Holds`` value, ``any``), translated;
    the first one is the default."""
    grouped = _by_holds()
    every = " ".join(f"*{file_format.suffix}" for held in grouped.values() for file_format in held)
    supported = _("All supported files")
    filters = {"all": f"{supported} ({every})"}
    for holds, held in grouped.items():
        patterns = " ".join(f"*{file_format.suffix}" for file_format in held)
        filters[holds.value] = f"{_(HOLDS_LABELS[holds])} ({patterns})"
    filters["any"] = _("All files (*)")
    return filters


def export_filter(name: str) -> str:
    """The save dialog's filter for the format called ``name``, translated."""
    try:
        return format_named(name).file_filter()
    except KeyError:
        return _("All files (*)")


def _by_holds() -> dict[Holds, list[FileFormat]]:
    held: dict[Holds, list[FileFormat]] = {holds: [] for holds in Holds}
    for file_format in all_formats():
        held[file_format.holds].append(file_format)
    return {holds: formats for holds, formats in held.items() if formats}


def write_export(
    store: Store | None,
    name: str,
    *,
    vcard_version: str = "",
    bom: bool = False,
    clock: Clock = system_clock,
) -> ExportedFile:
    """The export called ``name`` (``companion export``, here or forwarded to the window).

    ``store`` None: nothing was recorded yet. Raises ``ValueError`` for an unknown format
    or vCard version.
    """
    try:
        export = format_named(name).export
    except KeyError:
        raise ValueError(name) from None
    if export is None:
        raise ValueError(name)
    options = None
    if export.options:
        # Imported here: the writers with options pull in icalendar and phonenumbers.
        from companion.services.data.exporting import export_options

        options = export_options(name, vcard_version=vcard_version, bom=bom)
    return export.write(store, options, clock())
