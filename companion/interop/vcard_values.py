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
from urllib.parse import quote

from companion.i18n import N_, _
from companion.i18n.written_dates import WrittenDate, read_iso
from companion.interop.parsed_contacts import MAX_PHOTO_BYTES

Params = list[list[str]]

# RFC 6350 3.4 escapes, plus ``\"`` which Sabre-based servers (Monica, Nextcloud) write in
# notes and no vCard reader keeps.
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\", '"': '"'}
_ESCAPE = re.compile(r"\\(.)")
_IMAGE_TYPES = {"JPG": "jpeg", "JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_DATA_URI = re.compile(r"data:(image/[\w.+-]+)(;[^,]*)?,(.*)", re.DOTALL)
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")
_ADDRESS_KINDS = {"home": N_("home"), "work": N_("work")}
# Apple writes a profile without a web address as "x-apple:<user>"; Monica and Nextcloud
# give the service and user as parameters.
_NO_WEB_ADDRESS = ("x-apple:",)


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


def organization_text(value: str) -> str:
    """ "Company;Department;Unit" (RFC 6350 6.6.4) as the one line a person's organisation is."""
    return ", ".join(part for part in split_unescaped(value, ";") if part)


def uri_from_iri(text: str) -> str:
    """``text`` as a URI (RFC 3987 3.1): a non-ASCII host in IDNA, other non-ASCII characters
    percent-encoded as UTF-8. ASCII is left as it is, so a URI stays byte for byte the same.
    """
    if text.isascii():
        return text
    scheme, separator, rest = text.partition("://")
    if not separator:
        return _percent_encoded(text)
    authority, slash, path = rest.partition("/")
    userinfo, at, host_port = authority.rpartition("@")
    host, colon, port = host_port.partition(":")
    if not host.isascii():
        host = _ascii_host(host)
    encoded_path = _percent_encoded(slash + path)
    return f"{scheme}://{_percent_encoded(userinfo)}{at}{host}{colon}{port}{encoded_path}"


def _ascii_host(host: str) -> str:
    """The host in IDNA (punycode) where that names the same host; else percent-encoded.

    Python's codec is IDNA 2003, which maps some names to others ("straße" → "strasse",
    capitals to small letters); percent-encoded UTF-8 (RFC 3986 3.2.2) keeps those exact.
    """
    try:
        encoded = host.encode("idna")
        if encoded.decode("idna") == host:
            return encoded.decode("ascii")
    except UnicodeError:
        pass
    return _percent_encoded(host)


def _percent_encoded(text: str) -> str:
    # "surrogatepass": a lone surrogate (undecodable input) is encoded, never raised on.
    return "".join(
        char if char.isascii() else quote(char, safe="", errors="surrogatepass") for char in text
    )


# One UTF-8 encoded non-ASCII character, percent-encoded ("%C3%BC").
_ENCODED_CHARACTER = re.compile(
    r"%(?:[C-Dc-d][0-9A-Fa-f]|[Ee][0-9A-Fa-f]|[Ff][0-7])(?:%[89ABab][0-9A-Fa-f]){1,3}"
)


def iri_from_uri(text: str) -> str:
    """``uri_from_iri`` undone for reading: IDNA host labels and percent-encoded non-ASCII
    characters decoded; ASCII escapes ("%20", "%2F") stay as they are.
    """
    if "%" not in text and "xn--" not in text.lower():
        return text
    scheme, separator, rest = text.partition("://")
    if separator:
        authority, slash, path = rest.partition("/")
        userinfo, at, host_port = authority.rpartition("@")
        host, colon, port = host_port.partition(":")
        if "xn--" in host.lower():
            host = ".".join(_host_label(label) for label in host.split("."))
        text = f"{scheme}://{userinfo}{at}{host}{colon}{port}{slash}{path}"
    return _ENCODED_CHARACTER.sub(_decoded_character, text)


def _host_label(label: str) -> str:
    if not label.lower().startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return label  # not valid IDNA: shown as written


def _decoded_character(match: re.Match[str]) -> str:
    try:
        decoded = bytes.fromhex(match.group(0).replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)
    return decoded if len(decoded) == 1 else match.group(0)


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
    if not params:
        return value
    encodings = {value.upper() for value in param_values(params, "ENCODING")}
    encodings.update(param[0].upper() for param in params if len(param) == 1)
    if "QUOTED-PRINTABLE" not in encodings:
        return value
    charset = (param_values(params, "CHARSET") or ["utf-8"])[0] or "utf-8"
    # Letters written as they are (Outlook leaves "München" unescaped in a quoted-printable
    # value) were in the file's encoding, which is what CHARSET names: encode them back to it.
    try:
        encoded = value.encode(charset)
    except (LookupError, UnicodeEncodeError):
        encoded = value.encode("utf-8")
    raw = quopri.decodestring(encoded)
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")


def birthday(value: str, params: Params) -> str:
    """``"YYYY-MM-DD"``, ``"--MM-DD"`` when the year is unknown, ``""`` when unreadable."""
    found = read_iso(value)
    if found is None:
        return ""
    # Apple marks "no year" with a placeholder year named in X-APPLE-OMIT-YEAR.
    omitted = param_values(params, "X-APPLE-OMIT-YEAR")
    if found.year is None or f"{found.year:04d}" in omitted or found.year in (0, 1604):
        return WrittenDate(month=found.month, day=found.day).text()
    return found.text()


def photo(value: str, params: Params) -> str:
    """A ``data:image/...;base64,`` URI, or ``""`` for web links, broken or too large images.

    A 4.0 data URI may come with its comma (and semicolon) escaped: our own export escapes the
    comma so vobject-based servers keep the image (see ``vcard_write``), and vobject writes
    both escaped when it saves the card again.
    """
    text = value.strip().replace("\\,", ",").replace("\\;", ";")
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


def address_line(value: str, params: Params) -> str:
    """An ``ADR`` as one readable line for the notes: "Address (home): Street 5, 10115 Berlin".

    The seven parts (RFC 6350 6.3.1: PO box, extended, street, locality, region, postal code,
    country) are joined the way an envelope reads; empty parts are left out.
    """
    box, extended, street, locality, region, code, country = (
        split_unescaped(value, ";") + [""] * 7
    )[:7]
    place = " ".join(part for part in (code, locality) if part)
    parts = [
        " ".join(part.split())
        for part in (street, extended, box, place, region, country)
        if part.strip()
    ]
    if not parts:
        return ""
    address = ", ".join(parts)
    kind = next((label for name, label in _ADDRESS_KINDS.items() if name in types(params)), "")
    if kind:
        return _("Address ({kind}): {address}").format(kind=_(kind), address=address)
    return _("Address: {address}").format(address=address)


def link(value: str, params: Params) -> str:
    """A web, social profile or chat address (``URL``, ``X-SOCIALPROFILE``, ``IMPP``).

    A profile given only by user name becomes "twitter: chidi"; a chat address keeps its
    scheme ("xmpp:ana@example.org"), or gets the service named ("Skype: ana.lopez").
    """
    text = unescape(value).strip()
    service = (
        param_values(params, "X-SERVICE-TYPE")
        or param_values(params, "SERVICE-TYPE")
        or [
            kind
            for kind in param_values(params, "TYPE")
            if kind.lower() not in ("pref", "home", "work", "other", "internet")
        ]
        or [""]
    )[0]
    users = param_values(params, "X-USER") or param_values(params, "USERNAME")
    if text.lower().startswith(_NO_WEB_ADDRESS):
        text = text.split(":", 1)[1].strip()
        users = users or [text]
        text = ""
    if text and ("://" in text or ":" in text.split("/", 1)[0]):
        return text
    user = users[0] if users else text
    if not user:
        return ""
    return f"{service}: {user}" if service else user
