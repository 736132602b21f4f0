"""Mozilla's ical.js (the parser Thunderbird uses) as a second reader of what the app writes.

``make test`` installs the npm package pinned in ``tests/support/icaljs/package-lock.json``
(``npm ci``); a missing Node.js or package fails the test rather than skipping it, so CI always
checks exports with a real client's parser.

Usage::

    [parsed] = parse_with_icaljs(path)
    card = parsed.components[0]
    card.values("fn")  # -> ["Jan de Vries"]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ICALJS_DIR = Path(__file__).resolve().parent / "icaljs"
SCRIPT = ICALJS_DIR / "parse.mjs"


class IcalJsRejected(AssertionError):
    """ical.js could not parse a file: a real client would refuse it too."""


@dataclass(frozen=True)
class Component:
    """One VCARD, VCALENDAR, VEVENT, VTODO… as ical.js read it (names in lower case)."""

    name: str
    properties: list[dict[str, Any]]
    components: list[Component]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Component:
        return cls(
            name=data["name"],
            properties=data["properties"],
            components=[cls.from_json(child) for child in data["components"]],
        )

    def all(self, name: str) -> list[dict[str, Any]]:
        """Every property called ``name`` (``{"name", "type", "parameters", "values"}``)."""
        return [prop for prop in self.properties if prop["name"] == name.lower()]

    def values(self, name: str) -> list[Any]:
        """The values of every property called ``name``, flattened in file order."""
        return [value for prop in self.all(name) for value in prop["values"]]

    def first(self, name: str) -> Any:
        found = self.values(name)
        return found[0] if found else None

    def children(self, name: str) -> list[Component]:
        return [child for child in self.components if child.name == name.lower()]


@dataclass(frozen=True)
class ParsedFile:
    path: str
    components: list[Component]


def parse_with_icaljs(*paths: os.PathLike[str] | str) -> list[ParsedFile]:
    """Parses each file with ical.js; raises :class:`IcalJsRejected` naming a refused file."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed for the ical.js checks (Debian package nodejs)")
    if not (ICALJS_DIR / "node_modules" / "ical.js").is_dir():
        raise RuntimeError(f"run `npm ci --prefix {ICALJS_DIR}` (make test does it)")
    result = subprocess.run(
        [node, os.fspath(SCRIPT), *(os.fspath(path) for path in paths)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    parsed: list[ParsedFile] = []
    for entry in json.loads(result.stdout):
        if "error" in entry:
            raise IcalJsRejected(f"ical.js rejects {entry['path']}: {entry['error']}")
        parsed.append(
            ParsedFile(
                path=entry["path"],
                components=[Component.from_json(component) for component in entry["components"]],
            )
        )
    return parsed


def parse_text_with_icaljs(text: str, tmp_dir: Path, *, suffix: str) -> list[Component]:
    """Writes ``text`` to a file in ``tmp_dir`` and returns what ical.js read from it."""
    path = tmp_dir / f"icaljs-input{suffix}"
    path.write_text(text, encoding="utf-8", newline="")
    [parsed] = parse_with_icaljs(path)
    return parsed.components


__all__: Sequence[str] = (
    "Component",
    "IcalJsRejected",
    "ParsedFile",
    "parse_text_with_icaljs",
    "parse_with_icaljs",
)
