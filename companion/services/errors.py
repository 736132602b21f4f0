"""Errors a use case reports to the user (the CLI maps them to exit statuses)."""

from __future__ import annotations

from pathlib import Path

from companion.i18n import _


class ImportFailed(Exception):
    """A file could not be imported; nothing was changed. ``str()`` names the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(
            _("{file}: {reason}. Nothing was imported.").format(file=path, reason=reason)
        )
        self.path = path
        self.reason = reason
