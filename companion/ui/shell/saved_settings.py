"""The current settings and where they are saved, shared by the window and its dialogs."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from companion import settings
from companion.settings import Settings

_log = logging.getLogger(__name__)


class SavedSettings:
    """Holds the ``Settings`` value and writes every change straight to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.current: Settings = settings.load(path)

    def update(self, **changes: Any) -> Settings:
        """Apply ``changes`` and save; a failed save keeps them for this session only."""
        self.current = dataclasses.replace(self.current, **changes)
        try:
            settings.save(self.current, self.path)
        except OSError as error:
            # Preferences are a convenience: losing them must never stop the app.
            _log.warning("could not save settings to %s: %s", self.path, error)
        return self.current
