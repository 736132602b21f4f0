"""A record field whose stored key differs from its Python name.

Names in code change with the vocabulary (issue 18: the promise record used to be called an
offer); keys in stores and backups never do, or older files would stop reading. A field
declared with ``metadata=stored_as("old_key")`` is written and read under ``old_key``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import Field
from typing import Any

_KEY = "stored_as"


def stored_as(key: str) -> Mapping[str, str]:
    """Field metadata: store this field under ``key``."""
    return {_KEY: key}


def stored_key(field: Field[Any]) -> str:
    """The key ``field`` is stored under: its ``stored_as`` name, else its own."""
    return str(field.metadata.get(_KEY, field.name))
