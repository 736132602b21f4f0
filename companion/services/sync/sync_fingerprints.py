"""What a round remembers between rounds: each person's fingerprint, per account."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from companion.services.sync.sync_cards import fingerprint


class Fingerprints:
    """Each person's fingerprint, remembered per stored document.

    The store never changes a document in place (it hands out frozen ones and replaces them on
    every write), so the same object has the same fingerprint: a round hashes only the people
    changed since the last one. Rounds draw their cards on worker threads (``sync_outgoing``),
    so one round at a time holds the account's fingerprints (``round``).
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, str, str]] = {}
        self._seen: dict[int, tuple[object, str, str]] = {}
        self._lock = threading.Lock()

    @contextmanager
    def round(self) -> Iterator[Fingerprints]:
        """The fingerprints for one round: only the documents it looked at are kept after it."""
        with self._lock:
            self._seen = {}
            try:
                yield self
            finally:
                # Replaced documents are let go; a round that saw none keeps what was known.
                self._known, self._seen = self._seen or self._known, {}

    def of(self, document: Any, context: str) -> str:
        key = id(document)
        entry = self._known.get(key)
        if entry is None or entry[0] is not document or entry[1] != context:
            entry = (document, context, fingerprint(document, context))
        self._seen[key] = entry
        return entry[2]


_ACCOUNTS_LOCK = threading.Lock()
#: Per account (its context differs).
_FINGERPRINTS: dict[str, Fingerprints] = {}


def fingerprints_of(account_id: str) -> Fingerprints:
    """The account's remembered fingerprints (its card context differs from other accounts')."""
    with _ACCOUNTS_LOCK:
        return _FINGERPRINTS.setdefault(account_id, Fingerprints())
