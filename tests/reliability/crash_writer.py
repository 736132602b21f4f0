"""Child process for the crash test: writes people forever, printing each acknowledged id.

Usage: python crash_writer.py FOLDER KEY_HEX KEY_ID_HEX PREFIX
"""

from __future__ import annotations

import sys
from itertools import count
from pathlib import Path

from companion.domain.people import Person
from companion.storage.encryption import AesGcmCipher
from companion.storage.store import Store


def main() -> None:
    folder, key_hex, key_id_hex, prefix = sys.argv[1:5]
    cipher = AesGcmCipher(bytes.fromhex(key_hex), bytes.fromhex(key_id_hex))
    store = Store.open(Path(folder), cipher=cipher)
    print("ready", flush=True)
    for number in count():
        person = Person(
            id=f"{prefix}-{number}",
            name=f"Writer {prefix} {number}",
            notes="Met at the climbing gym; " * 40,
        )
        store.people.put(person)
        # Printed only after put() returned, i.e. after fsync and rename: "acknowledged".
        print(person.id, flush=True)


if __name__ == "__main__":
    main()
