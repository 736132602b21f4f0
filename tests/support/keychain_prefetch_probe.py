"""A fresh process that starts the keychain prefetch, as the window does, and reports on it.

Run by ``tests/unit/storage/test_keychain_prefetch.py`` as
``python -m tests.support.keychain_prefetch_probe FOLDER [options]``: pytest itself must never
fork (its threads, atexit handlers and fixtures have no business in a child), and only a clean
process shows whether ``keyring`` was imported. Prints one JSON object:

``pid``
    this process's id;
``started``
    whether a child was forked;
``outcome``
    the data key (hex) that ``keys.unlock`` returned, or ``"ErrorName: message"``;
``keyring_loaded``
    whether this process imported ``keyring``;
``children_after_start`` / ``children_after_unlock`` / ``children_at_end``
    this process's children (pid and state, "Z" for a zombie) after the start, after
    unlocking, and at exit (after the prefetch's own exit handler).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import sys
from pathlib import Path
from typing import Any

from companion.storage import keychain_prefetch, keys
from companion.storage.encryption import new_data_key, new_key_id

PASSPHRASE_ENV = "COMPANION_PASSPHRASE"


def _children() -> list[tuple[int, str]]:
    """This process's children, with their state, from /proc."""
    me = os.getpid()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces, so split after the last ")".
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == me:
            found.append((int(entry.name), state))
    return found


def _ask(prompt: keys.PassphrasePrompt) -> str | None:
    return os.environ.get(PASSPHRASE_ENV)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--no-prefetch", action="store_true")
    parser.add_argument("--child-backend", help="PYTHON_KEYRING_BACKEND for the child only")
    parser.add_argument("--switch-key", action="store_true", help="new key id before unlocking")
    parser.add_argument("--replace-keys", type=Path, help="keys file to put in place first")
    parser.add_argument("--exit-without-unlock", action="store_true")
    options = parser.parse_args()
    report: dict[str, Any] = {"pid": os.getpid()}

    def finish() -> None:
        report["children_at_end"] = _children()
        report["keyring_loaded"] = "keyring" in sys.modules
        print(json.dumps(report), flush=True)

    # Registered before the prefetch's own handler, so it runs after it (atexit is LIFO).
    atexit.register(finish)
    own_backend = os.environ.get("PYTHON_KEYRING_BACKEND")
    if options.child_backend:
        os.environ["PYTHON_KEYRING_BACKEND"] = options.child_backend
    report["started"] = False if options.no_prefetch else keychain_prefetch.start(options.folder)
    if own_backend is not None:
        os.environ["PYTHON_KEYRING_BACKEND"] = own_backend
    report["children_after_start"] = _children()
    if options.exit_without_unlock:
        return
    if options.replace_keys:
        (options.folder / keys.KEY_FILE).write_bytes(options.replace_keys.read_bytes())
    if options.switch_key:
        key = keys.DataKey(new_data_key(), new_key_id(), keys.KeyMode.KEYCHAIN)
        keys.use_keychain(options.folder, key)
    try:
        report["outcome"] = keys.unlock(options.folder, _ask).key.hex()
    except Exception as error:  # the test compares what was raised
        report["outcome"] = f"{type(error).__name__}: {error}"
    report["children_after_unlock"] = _children()


if __name__ == "__main__":
    main()
