"""What a round's plan remembers between rounds: each person's fingerprint, per account."""

from __future__ import annotations

from typing import Any

from companion.services.sync.sync_cards import fingerprint


class Fingerprints:
    """Each person's fingerprint, remembered per stored document.

    The store never changes a document in place (it hands out frozen ones and replaces them on
    every write), so the same object has the same fingerprint: a round's plan hashes only the
    people changed since the last one, and the window's thread stays free with 10,000 people.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, str, str]] = {}
        self._seen: dict[int, tuple[object, str, str]] = {}

    def start_round(self) -> None:
        # Only the documents of the last plan are kept: replaced ones are let go.
        self._known, self._seen = self._seen or self._known, {}

    def of(self, document: Any, context: str) -> str:
        key = id(document)
        entry = self._known.get(key)
        if entry is None or entry[0] is not document or entry[1] != context:
            entry = (document, context, fingerprint(document, context))
        self._seen[key] = entry
        return entry[2]


#: Per account (its context differs); only ever touched on the thread that plans.
_FINGERPRINTS: dict[str, Fingerprints] = {}


def fingerprints_of(account_id: str) -> Fingerprints:
    """The account's remembered fingerprints (its card context differs from other accounts')."""
    return _FINGERPRINTS.setdefault(account_id, Fingerprints())
