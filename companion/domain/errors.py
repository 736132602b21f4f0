"""Errors the domain raises with a message fit to show to the user."""

from __future__ import annotations


class ValidationError(ValueError):
    """A record was given values it cannot hold; ``str(error)`` is a translated message."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
