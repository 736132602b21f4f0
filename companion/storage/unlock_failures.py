"""Wrong passphrases in a row, remembered across runs in ``unlock-failures.json`` (no secret in
it), so each further guess waits longer: 1, 2, 4… seconds, up to a minute."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import orjson

from companion.storage.atomic import atomic_write_bytes

FAILURES_FILE = "unlock-failures.json"
#: Seconds to wait after the n-th wrong passphrase in a row: 1, 2, 4… up to this.
MAX_UNLOCK_DELAY = 60.0
_clock = time.time


class UnlockFailures:
    """Wrong passphrases in a row, and when the last one was given (kept across runs)."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / FAILURES_FILE
        self.count, self.last = 0, 0.0
        try:
            saved = orjson.loads(self._path.read_bytes())
            self.count = min(int(saved["count"]), 64)
            self.last = float(saved["last"])
        except (OSError, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
            pass

    def wait(self) -> float:
        """Seconds until the next passphrase may be tried."""
        if self.count <= 0:
            return 0.0
        delay = min(2.0 ** (self.count - 1), MAX_UNLOCK_DELAY)
        return max(0.0, min(delay, self.last + delay - _clock()))

    def record(self) -> None:
        self.count += 1
        self.last = _clock()
        data = orjson.dumps({"count": self.count, "last": self.last})
        # Not written (read-only folder, full disk): the delay holds for this run only.
        with contextlib.suppress(OSError):
            atomic_write_bytes(self._path, data)

    def clear(self) -> None:
        if self.count:
            self.count = 0
            with contextlib.suppress(OSError):
                self._path.unlink()
