"""How the tables are laid out inside the (sealed) store and snapshot files.

One JSON document per table, after a small index: parsing a 20 MB document in one go costs
several times its size in passing memory, while table by table the peak follows the largest
table. Layout: ``MAGIC``, the index ``[[name, byte length], …]`` as JSON, a newline, then each
table's JSON. A single JSON object (stores written before, hand-made test files) reads too.
"""

from __future__ import annotations

from typing import Any

import orjson

from companion.i18n import _

MAGIC = b"CGTABLES1\n"


def encode_tables(tables: dict[str, Any]) -> bytes:
    blobs = [(name, orjson.dumps(table)) for name, table in tables.items()]
    index = orjson.dumps([[name, len(blob)] for name, blob in blobs])
    return b"".join([MAGIC, index, b"\n", *(blob for _name, blob in blobs)])


def decode_tables(plaintext: bytes) -> Any:
    """The parsed tables; raises ``ValueError`` (``orjson.JSONDecodeError`` is one) if damaged."""
    if not plaintext.startswith(MAGIC):
        return orjson.loads(plaintext)
    view = memoryview(plaintext)
    end = plaintext.find(b"\n", len(MAGIC))
    if end < 0:
        raise ValueError(_("its table index is cut short"))
    index = orjson.loads(view[len(MAGIC) : end])
    if not isinstance(index, list) or not all(
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], int)
        and entry[1] >= 0
        for entry in index
    ):
        raise ValueError(_("its table index is damaged"))
    tables: dict[str, Any] = {}
    offset = end + 1
    for name, length in index:
        if offset + length > len(plaintext):
            raise ValueError(_("it is cut short"))
        tables[name] = orjson.loads(view[offset : offset + length])
        offset += length
    if offset != len(plaintext):
        raise ValueError(_("it has data after its last table"))
    return tables
