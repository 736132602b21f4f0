"""Card properties Common Ground does not manage: kept as read and written back.

Everything a card holds that is not one of the person's own fields (addresses, nicknames,
anniversaries, ``RELATED``, ``CLIENTPIDMAP``, ``X-…`` extensions with their ``item1.`` groups)
is kept line by line, so an export or a sync gives the other side its card back instead of a
poorer one. Lines of a 3.0 or 4.0 card are kept byte for byte (unfolded); a 2.1 line is kept in
3.0 form (types as ``TYPE=``, no quoted-printable). An export in the other version leaves out
what that version cannot carry.
"""

from __future__ import annotations

from collections.abc import Iterable

from companion.interop.vcard_params import ENCODINGS

Params = list[list[str]]

#: Properties the app reads into the person's fields and writes itself.
MANAGED = frozenset(
    {
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "REV",
        "UID",
        "EMAIL",
        "TEL",
        "URL",
        "IMPP",
        "SOCIALPROFILE",
        "X-SOCIALPROFILE",
        "NOTE",
        "CATEGORIES",
    }
)
#: Managed, but only their first occurrence: a second ``FN`` (4.0 allows one per language),
#: ``TITLE`` or ``BDAY`` is kept. A photo the app does not keep (a web address) is kept too.
FIRST_MANAGED = frozenset({"FN", "N", "ORG", "TITLE", "BDAY", "PHOTO"})
_ONLY_V4 = frozenset(
    {"KIND", "GENDER", "ANNIVERSARY", "LANG", "CLIENTPIDMAP", "RELATED", "MEMBER", "XML"}
)
_ONLY_V3 = frozenset({"LABEL", "AGENT", "MAILER", "CLASS", "NAME", "SORT-STRING", "PROFILE"})
# Written differently in 3.0 and 4.0 (inline binary vs data URI, "lat;lon" vs geo: URI, a
# birthday as text only in 4.0).
_SAME_VERSION_ONLY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "GEO", "TZ", "BDAY"})
# Apple's labels and address formats belong to the property of the same group.
_GROUP_COMPANIONS = ("X-ABLABEL", "X-ABADR")


def property_name(line: str) -> tuple[str, str]:
    """(group, upper-case name) of an unfolded content line."""
    head = line.split(":", 1)[0].split(";", 1)[0]
    group, _dot, name = head.rpartition(".")
    return group, name.upper()


def stored_version(version: str) -> str:
    """The version kept lines are stored in: a 2.1 card's lines are kept in 3.0 form."""
    return "3.0" if version in ("2.1", "2.0", "") else version


def kept_line(line: str, *, name: str, params: Params, value: str, group: str, version: str) -> str:
    """``line`` as kept; a 2.1 line (or any quoted-printable one) is rewritten in 3.0 form from
    its decoded parts."""
    if version not in ("2.1", "2.0", "") and not (params and _quoted_printable(params)):
        return line
    text = f"{group}.{name}" if group else name
    types = [param[0] for param in params if len(param) == 1 and param[0].upper() not in ENCODINGS]
    if types:
        text += ";TYPE=" + ",".join(types)
    for param in params:
        if len(param) > 1 and param[0].upper() not in ("ENCODING", "CHARSET"):
            text += f";{param[0]}={','.join(param[1:])}"
    flat = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f"{text}:{flat}"


def _quoted_printable(params: Params) -> bool:
    for param in params:
        for value in param:
            if value.upper() == "QUOTED-PRINTABLE":
                return True
    return False


def _web_address(line: str) -> bool:
    # A photo or logo given by web address reads the same in both versions.
    value = line.split(":", 1)[1] if ":" in line else ""
    return value.lower().startswith(("http://", "https://"))


def writable(
    kept: Iterable[str], *, read_in: str, version: str, used_groups: set[str]
) -> list[str]:
    """The kept lines (of a card read in version ``read_in``) an export in ``version`` writes
    back, in their order.

    ``used_groups`` are the groups of the lines written besides these: an Apple label whose
    property is gone (the email was deleted) is left out with it.
    """
    lines: list[str] = []
    candidates: list[tuple[str, str, str]] = []
    for line in kept:
        group, name = property_name(line)
        if version == "3.0" and name in _ONLY_V4:
            continue
        if version == "4.0" and name in _ONLY_V3:
            continue
        if name in _SAME_VERSION_ONLY and read_in != version and not _web_address(line):
            continue
        candidates.append((group, name, line))
    groups = set(used_groups)
    groups.update(
        group for group, name, _line in candidates if group and name not in _GROUP_COMPANIONS
    )
    for group, name, line in candidates:
        if group and name in _GROUP_COMPANIONS and group not in groups:
            continue
        lines.append(line)
    return lines
