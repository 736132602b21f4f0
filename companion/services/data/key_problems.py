"""Tell a damaged keys file from a wrong passphrase.

A changed byte in ``keys.json``'s key id makes unwrapping the data key fail exactly like a
wrong passphrase would; but the store file names, in the clear, the key id it was sealed with
(``storage/encryption.py``). When the two differ, the passphrase was never the problem.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

import orjson

from companion import paths
from companion.i18n import _
from companion.storage.encryption import KEY_ID_SIZE, MAGIC
from companion.storage.keys import key_file


def keys_file_disagrees(folder: Path) -> bool:
    """True when ``keys.json`` names another key than the one the data was sealed with."""
    try:
        info = orjson.loads(key_file(folder).read_bytes())
        with paths.store_file(folder).open("rb") as store:
            header = store.read(len(MAGIC) + KEY_ID_SIZE)
        named = base64.b64decode(info["key_id"], validate=True)
    except (OSError, ValueError, KeyError, TypeError, binascii.Error):
        return False
    if not header.startswith(MAGIC) or len(header) != len(MAGIC) + KEY_ID_SIZE:
        return False  # no sealed store to compare with (or a layout this check does not know)
    return named != header[len(MAGIC) :]


def damaged_keys_message(folder: Path) -> str:
    return _(
        "The file {path} is damaged: it names another key than the one your data was locked "
        "with, so no passphrase can open it. Your data has not been changed. Put back a copy "
        "of {path} from a backup of your computer."
    ).format(path=key_file(folder))
