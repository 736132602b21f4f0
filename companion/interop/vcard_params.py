"""Parameters and labels of vCard properties: read them into a ``ContactLabel``, write them back.

vCard 3.0 (RFC 2426) says "preferred" with ``TYPE=pref``; 4.0 (RFC 6350 5.3) with ``PREF=1``
(1 = most preferred). 2.1 writes types as bare parameters (``TEL;CELL;PREF``). A label keeps the
types as written, without "pref", and the preference as a number, so either version can be
written from it. ``INTERNET`` on an email is 3.0's default type (RFC 2426 3.3.2) and says
nothing: it is dropped on reading and always written in 3.0, so a round trip stays the same.
"""

from __future__ import annotations

import re

from companion.domain.contact_card import ContactKind, ContactLabel

Params = list[list[str]]

# Parameters a label models itself, or that belong to one version's encoding of the value.
_MODELLED = frozenset({"TYPE", "PREF", "ENCODING", "CHARSET"})
_IMPLIED_TYPES = {ContactKind.EMAIL: frozenset({"internet"})}
#: vCard 2.1 names its encodings as bare parameters too (``NOTE;QUOTED-PRINTABLE:``).
ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
# A parameter value needs quotes when it holds one of these (RFC 6350 5).
_NEEDS_QUOTES = re.compile(r"[,;:]")


def _split_types(params: Params) -> list[str]:
    found: list[str] = []
    for param in params:
        if len(param) == 1:
            if param[0].upper() not in ENCODINGS:
                found.append(param[0])  # vCard 2.1: ``TEL;CELL;PREF``
        elif param[0].upper() == "TYPE":
            for value in param[1:]:
                found.extend(part.strip().strip('"') for part in value.split(","))
    return [kind for kind in found if kind]


def read_label(
    kind: ContactKind,
    value: str,
    params: Params,
    *,
    property_name: str = "",
    group: str = "",
    written: str = "",
) -> ContactLabel:
    """The label a card gives ``value`` (a plain one when it says nothing)."""
    types: list[str] = []
    pref = 0
    for found in _split_types(params):
        lowered = found.lower()
        if lowered == "pref":
            pref = pref or 1
        elif lowered not in _IMPLIED_TYPES.get(kind, ()) and found not in types:
            types.append(found)
    others: list[str] = []
    for param in params:
        name = param[0].upper()
        if len(param) == 1 or name in ("TYPE", "ENCODING", "CHARSET"):
            continue
        if name == "PREF":
            digits = "".join(char for char in "".join(param[1:]) if char.isdigit())
            pref = int(digits[:3]) if digits and int(digits[:3]) > 0 else 1
            continue
        others.append(format_param(param[0], param[1:]))
    return ContactLabel(
        kind=kind,
        value=value,
        property=property_name,
        types=tuple(types),
        pref=pref,
        group=group,
        params=tuple(others),
        written=written if written != value else "",
    )


def format_param(name: str, values: list[str]) -> str:
    """``NAME=value`` with each value quoted where it must be (RFC 6350 5, RFC 2426 4)."""
    texts = [
        f'"{value}"' if _NEEDS_QUOTES.search(value) else value
        for value in (value.replace('"', "'") for value in values)
    ]
    return f"{name}={','.join(texts)}"


def label_params(label: ContactLabel, *, v4: bool, default_types: tuple[str, ...] = ()) -> str:
    """The parameters to write for ``label`` (``";TYPE=…;PREF=1;X-…"``, or "")."""
    params = [param for param in label.params if not (not v4 and _is_v4_only(param))]
    types = [*default_types, *label.types]
    text = ""
    if v4:
        if types:
            text += ";" + format_param("TYPE", types)
        if label.pref:
            text += f";PREF={label.pref}"
    else:
        if label.pref:
            types.append("PREF")
        if types:
            text += ";" + format_param("TYPE", types)
    return text + "".join(";" + param for param in params)


def _is_v4_only(param: str) -> bool:
    # RFC 6350 parameters vCard 3.0 does not have; a URI-valued TEL is text in 3.0.
    name = param.split("=", 1)[0].upper()
    return name in ("PID", "ALTID", "VALUE", "MEDIATYPE", "CALSCALE", "SORT-AS", "INDEX", "LEVEL")
