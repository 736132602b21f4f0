"""Decode vCard property values the way the exporting programs actually write them.

RFC 6350 (4.0), RFC 2426 (3.0) and the vCard 2.1 specification differ in escaping, encodings
and parameters, and exporters add their own habits: Google escapes the colon in URLs
(``http\\://``), Apple writes ``BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12`` for "no year" and
repeats ``type=``, Android writes quoted-printable UTF-8 with a ``CHARSET`` parameter.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re

from companion.interop.parsed_contacts import MAX_PHOTO_BYTES

Params = list[list[str]]

_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")
_BIRTHDAY_FORMS = (
    re.compile(r"(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})(?:T.*)?"),
    re.compile(r"--(?P<month>\d{2})-?(?P<day>\d{2})"),
)
_IMAGE_TYPES = {"JPG": "jpeg", "JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_DATA_URI = re.compile(r"data:(image/[\w.+-]+)(;[^,]*)?,(.*)", re.DOTALL)
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")


def unescape(value: str) -> str:
    """``\\n`` to a new line, ``\\,`` ``\\;`` ``\\:`` ``\\\\`` to the character."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda match: _ESCAPES.get(match.group(1), match.group(0)), value)


def split_unescaped(value: str, separator: str) -> list[str]:
    """Split at separators not preceded by a backslash, then unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [unescape(part).strip() for part in parts]


def param_values(params: Params, name: str) -> list[str]:
    """Values of parameter ``name`` (any case), comma lists split: ``TYPE="work,pref"``."""
    wanted = name.upper()
    values: list[str] = []
    for param in params:
        if param and param[0].upper() == wanted:
            for value in param[1:]:
                values.extend(part.strip().strip('"') for part in value.split(","))
    return values


def types(params: Params) -> set[str]:
    """Lowercase types, including vCard 2.1's bare parameters (``TEL;CELL;PREF:``)."""
    found = {value.lower() for value in param_values(params, "TYPE")}
    found.update(param[0].lower() for param in params if len(param) == 1)
    return found


def decode_value(value: str, params: Params) -> str:
    """The property's text with vCard 2.1 quoted-printable and ``CHARSET`` undone."""
    encodings = {value.upper() for value in param_values(params, "ENCODING")}
    encodings.update(param[0].upper() for param in params if len(param) == 1)
    if "QUOTED-PRINTABLE" not in encodings:
        return value
    raw = quopri.decodestring(value.encode("utf-8"))
    charset = (param_values(params, "CHARSET") or ["utf-8"])[0] or "utf-8"
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return raw.decode("latin-1")


def birthday(value: str, params: Params) -> str:
    """``"YYYY-MM-DD"``, ``"--MM-DD"`` when the year is unknown, ``""`` when unreadable."""
    text = value.strip()
    for form in _BIRTHDAY_FORMS:
        match = form.fullmatch(text)
        if match is None:
            continue
        month, day = int(match.group("month")), int(match.group("day"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return ""
        year = match.groupdict().get("year")
        # Apple marks "no year" with a placeholder year named in X-APPLE-OMIT-YEAR.
        omitted = param_values(params, "X-APPLE-OMIT-YEAR")
        if year is None or year in omitted or year in ("0000", "1604"):
            return f"--{month:02d}-{day:02d}"
        return f"{year}-{month:02d}-{day:02d}"
    return ""


def photo(value: str, params: Params) -> str:
    """A ``data:image/...;base64,`` URI, or ``""`` for web links, broken or too large images."""
    text = value.strip()
    match = _DATA_URI.fullmatch(text)
    if match is not None:
        mime, options, payload = match.group(1).lower(), match.group(2) or "", match.group(3)
        if "base64" not in options.lower():
            return ""
        return _image_uri(mime, payload)
    value_kinds = {kind.lower() for kind in param_values(params, "VALUE")}
    if value_kinds & {"uri", "url"} or text.lower().startswith(("http:", "https:", "file:")):
        return ""  # never fetched: Common Ground makes no network connections
    encodings = {kind.upper() for kind in param_values(params, "ENCODING")}
    encodings.update(param[0].upper() for param in params if len(param) == 1)
    if not encodings & {"B", "BASE64"}:
        return ""
    kind = "JPEG"
    for candidate in (*param_values(params, "TYPE"), *(p[0] for p in params if len(p) == 1)):
        if candidate.upper() in _IMAGE_TYPES:
            kind = candidate.upper()
    return _image_uri(f"image/{_IMAGE_TYPES[kind]}", text)


def _image_uri(mime: str, payload: str) -> str:
    cleaned = _NOT_BASE64.sub("", payload)
    if not cleaned or len(cleaned) * 3 // 4 > MAX_PHOTO_BYTES:
        return ""
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        return ""
    return f"data:{mime};base64,{cleaned}"
