"""How the tables are laid out inside the (sealed) store and snapshot files.

One JSON document per table, after a small index: parsing a 20 MB document in one go costs
several times its size in passing memory, while table by table the peak follows the largest
table. Layout: ``MAGIC``, the index ``[[name, byte length], …]`` as JSON, a newline, then each
table's JSON. A single JSON object (stores written before, hand-made test files) reads too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from companion.i18n import _
from companion.storage.plaintext import Plaintext

MAGIC = b"CGTABLES1\n"


def encode_table_parts(tables: dict[str, Any]) -> Iterator[bytes]:
    """The encoded store in parts (header, then one per table) whose concatenation is the file.

    Each table is serialised twice, once for the index of lengths and once to be written, so
    that only one table's JSON is in memory at a time: a 20 MB store written in one piece
    costs that much again, or more, at the moment of every backup and compaction.
    """
    lengths = [[name, len(orjson.dumps(table))] for name, table in tables.items()]
    yield MAGIC + orjson.dumps(lengths) + b"\n"
    for (name, length), table in zip(lengths, tables.values(), strict=True):
        blob = orjson.dumps(table)
        if len(blob) != length:
            # Only if a table changed while it was written: fail rather than write a bad file.
            raise RuntimeError(f"table {name!r} changed while it was being written")
        yield blob


def encode_tables(tables: dict[str, Any]) -> bytes:
    return b"".join(encode_table_parts(tables))


def decode_tables(plaintext: bytes | Plaintext) -> Any:
    """The parsed tables; raises ``ValueError`` (``orjson.JSONDecodeError`` is one) if damaged.

    Each table's bytes are given back (``Plaintext.release``) as soon as it is parsed, so the
    whole plaintext and every parsed document are never held at once.
    """
    if isinstance(plaintext, bytes):
        plaintext = Plaintext.of(plaintext)
    with plaintext.view() as view:
        if not plaintext.startswith(MAGIC):
            return orjson.loads(view)
        end = plaintext.find(b"\n", len(MAGIC))
        if end < 0:
            raise ValueError(_("its table index is cut short"))
        with view[len(MAGIC) : end] as part:
            index = orjson.loads(part)
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
            if offset + length > plaintext.length:
                raise ValueError(_("it is cut short"))
            with view[offset : offset + length] as part:
                tables[name] = orjson.loads(part)
            plaintext.release(offset, offset + length)
            offset += length
        if offset != plaintext.length:
            raise ValueError(_("it has data after its last table"))
    return tables
