"""A file that cannot be read, with where and why."""

from __future__ import annotations


class FormatError(ValueError):
    """``str(error)`` says what is wrong; ``location`` names the line or record if known."""

    def __init__(self, message: str, *, location: str | None = None) -> None:
        super().__init__(message if location is None else f"{location}: {message}")
        self.message = message
        self.location = location
