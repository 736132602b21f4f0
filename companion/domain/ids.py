"""Record identifiers: random, opaque and stable across export and import."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return uuid.uuid4().hex
