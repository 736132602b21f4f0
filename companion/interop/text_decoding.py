"""Turn the bytes of a contacts file into text, whatever encoding the exporting program chose.

Google, Apple and LinkedIn write UTF-8 (sometimes with a byte order mark); Outlook and Excel
write UTF-16 with a BOM or the Windows code page of the user's language (cp1252 in the west,
cp1251 for Cyrillic, Shift-JIS in Japan); old phones write Latin-1 vCard 2.1. UTF-8 is tried
first because it almost never decodes text that is not UTF-8. Anything else goes through
``charset-normalizer``, and is read only when it is sure: a Cyrillic file read as cp1252 would
come in as "Íàòàëüÿ", so a file it cannot tell is refused, naming the likely encoding.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from companion.i18n import _
from companion.interop.errors import FormatError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newlines and form feed do not occur in real contact text;
# more than a few of them means the file is binary (an image, a zip, a database).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
_MAX_CONTROL_SHARE = 0.01
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


def decode_text(data: bytes) -> DecodedText:
    """The text of ``data`` and the encoding it was read with.

    Raises ``FormatError`` for an empty file, binary data or NUL bytes in the text.
    """
    if not data.strip():
        raise FormatError(_("the file is empty"))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data, encoding), encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(_decode(data, utf16), utf16)
    _reject_binary(data)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text, encoding = _legacy(data)
    return _checked(text, encoding)


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, split at CRLF, CR or LF only.

    ``str.splitlines`` also splits at U+2028, U+0085 (NEL), form feed and other separators,
    which turn up inside notes copied from web pages or phones: splitting there cuts a
    property in two and loses the whole card or row.
    """
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# charset-normalizer's measures (0 best): "chaos" is how messy the decoded text looks, and
# "coherence" (1 best) how well its letters fit one language.
_MAX_CHAOS = 0.1
_SAME_COHERENCE = 0.05
_MIN_COHERENCE = 0.3
_COHERENCE_MARGIN = 0.1
_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def _legacy(data: bytes) -> tuple[str, str]:
    """Text in a legacy code page, when charset-normalizer is sure which; else ``FormatError``.

    Sure means: one reading looks like text (low chaos), or one reads clearly more like a
    language than the others. Among equally good readings the Windows Western page wins (it
    is what Outlook and Excel write in most of the world), as it did before.
    """
    from charset_normalizer import from_bytes

    found = list(from_bytes(data))
    plausible = [match for match in found if match.chaos <= _MAX_CHAOS]
    if plausible:
        best = plausible[0]
        for match in plausible:
            western = next((name for name in _WESTERN if name in match.could_be_from_charset), "")
            if western and match.coherence >= best.coherence - _SAME_COHERENCE:
                return data.decode(western, errors="strict"), western
        others = [match for match in plausible[1:] if str(match) != str(best)]
        clearly_best = best.coherence >= _MIN_COHERENCE and all(
            match.coherence <= best.coherence - _COHERENCE_MARGIN for match in others
        )
        if not others or clearly_best:
            return str(best), best.encoding
    likely = _most_common(plausible) or _most_common(found) or (found[0] if found else None)
    if likely is None:
        raise FormatError(
            _("its text encoding cannot be recognised; save it as UTF-8 and import it again")
        )
    raise FormatError(
        _(
            "its text encoding cannot be told for sure (probably {encoding}, {language}); "
            "save it as UTF-8 and import it again"
        ).format(encoding=likely.encoding, language=likely.language)
    )


# The legacy code pages contact files are really written in, most common first: the one to
# name when a file cannot be told for sure.
_COMMON = (
    "cp1252", "cp1251", "cp932", "cp1250", "gb18030", "big5", "cp949", "euc_jp", "koi8_r",
    "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp874", "cp1258",
)  # fmt: skip


def _most_common(matches: list[CharsetMatch]) -> CharsetMatch | None:
    ranked = [
        (_COMMON.index(name), match)
        for match in matches
        for name in match.could_be_from_charset
        if name in _COMMON
    ]
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise FormatError(
            _("the file says it is {encoding} but is not (byte {offset})").format(
                encoding=encoding.upper(), offset=error.start
            )
        ) from error


def _utf16_without_bom(data: bytes) -> str:
    """Text without BOM in UTF-16 has a NUL in every other byte (for Latin letters)."""
    sample = data[:2000]
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return ""


def _reject_binary(data: bytes) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise FormatError(
            _("the file contains NUL bytes (binary data), it is not a text file"),
            location=_("line {line}").format(line=line),
        )
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if controls > max(3, _MAX_CONTROL_SHARE * len(sample)):
        raise FormatError(_("the file holds binary data, not text"))


def _checked(text: str, encoding: str) -> DecodedText:
    if "\x00" in text:
        raise FormatError(_("the file contains NUL bytes (binary data), it is not a text file"))
    if not text.strip():
        raise FormatError(_("the file is empty"))
    return DecodedText(text=text, encoding=encoding)
