"""The first bytes of a file, made ready for each format's test (``services/formats.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FileKind(StrEnum):
    """The built-in formats' names, for code that picks one reader (vCard or CSV)."""

    JSON_BACKUP = "json"
    ICALENDAR = "ics"
    VCARD = "vcf"
    CSV = "csv"
    UNKNOWN = "unknown"


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Sniffed:
    #: The first 4 KiB without a byte order mark or leading blanks, upper-cased.
    head: bytes
    #: The bytes as given (a format may look further, LinkedIn's header say).
    data: bytes
    file_name: str

    @property
    def first_line(self) -> bytes:
        return self.head.split(b"\n", 1)[0]

    def named(self, *suffixes: str) -> bool:
        return self.file_name.lower().endswith(suffixes)


def sniff(data: bytes, *, file_name: str = "") -> Sniffed | None:
    """``None`` for binary content (NUL bytes, and no UTF-16 byte order mark)."""
    head = data[:SNIFF_BYTES]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if b"\x00" in head and not data.startswith(_BOMS[1:]):
        return None
    return Sniffed(head.lstrip().upper(), data, file_name)
