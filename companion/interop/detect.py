"""Recognise a file by its content, not only by its name."""

from __future__ import annotations

from enum import StrEnum


class FileKind(StrEnum):
    JSON_BACKUP = "json"
    ICALENDAR = "ics"
    VCARD = "vcf"
    CSV = "csv"
    UNKNOWN = "unknown"


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def detect(data: bytes, *, file_name: str = "") -> FileKind:
    head = data[:4096]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if b"\x00" in head and not data.startswith(_BOMS[1:]):
        return FileKind.UNKNOWN
    text = head.lstrip().upper()
    if text.startswith(b"{") and b"COMMON-GROUND-BACKUP" in text:
        return FileKind.JSON_BACKUP
    if text.startswith(b"BEGIN:VCALENDAR"):
        return FileKind.ICALENDAR
    if text.startswith(b"BEGIN:VCARD"):
        return FileKind.VCARD
    first_line = text.split(b"\n", 1)[0]
    if file_name.lower().endswith(".csv") or first_line.count(b",") >= 2:
        return FileKind.CSV
    return FileKind.UNKNOWN
