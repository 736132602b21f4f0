"""Child process for the memory benchmark: open a store, run a search, exit.

``python memory_child.py companion DIR`` opens a Common Ground store (unlocked as the app does
it, from the keychain or ``COMPANION_PASSPHRASE``) and searches its people;
``python memory_child.py tinydb FILE`` does the same with stock TinyDB. The parent reads the
peak resident memory of this process from ``wait4``; the count found is printed, not judged
(stock TinyDB's regex does not fold accents, so it may find nobody).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

QUERY = "muller"


def _companion(folder: Path) -> int:
    from companion.services.data.session import open_session
    from companion.services.search.search import PeopleSearch
    from companion.storage.keys import PassphrasePrompt

    def ask(prompt: PassphrasePrompt) -> str | None:
        return os.environ.get("COMPANION_PASSPHRASE")

    with open_session(folder, ask, read_only=True) as session:
        return len(PeopleSearch(session.store.people).search(QUERY))


def _tinydb(file: Path) -> int:
    from tinydb import Query, TinyDB

    database = TinyDB(str(file))
    try:
        person = Query()
        return len(
            database.table("people").search(
                person.name.search(QUERY, flags=re.IGNORECASE)
                | person.notes.search(QUERY, flags=re.IGNORECASE)
            )
        )
    finally:
        database.close()


def main(argv: list[str]) -> int:
    kind, location = argv
    found = _companion(Path(location)) if kind == "companion" else _tinydb(Path(location))
    print(f"{kind}: {found} found")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
