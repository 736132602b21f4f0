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


#: Documents serialised at a time: a table's JSON is made in pieces of this many documents
#: (a few hundred kilobytes), never whole beside its ciphertext and the documents.
PIECE_DOCUMENTS = 250


def encode_table_parts(
    tables: dict[str, Any], *, piece_documents: int = PIECE_DOCUMENTS
) -> Iterator[bytes]:
    """The encoded store in parts (header, then each table in pieces) whose concatenation is
    the file.

    Each table is serialised twice, once for the index of lengths and once to be written, and
    in pieces of ``piece_documents`` documents, so that only a piece of one table's JSON is in
    memory at a time: a whole 9 MB table made at once cost that much again (and its copies
    on the way) at the moment of every backup and compaction.
    """
    lengths = [[name, _json_length(table, piece_documents)] for name, table in tables.items()]
    yield MAGIC + orjson.dumps(lengths) + b"\n"
    for (name, length), table in zip(lengths, tables.values(), strict=True):
        written = 0
        for piece in _json_pieces(table, piece_documents):
            written += len(piece)
            yield piece
        if written != length:
            # Only if a table changed while it was written: fail (the atomic write is then
            # abandoned) rather than write a bad file.
            raise RuntimeError(f"table {name!r} changed while it was being written")


def _json_pieces(table: Any, piece_documents: int) -> Iterator[bytes]:
    """``orjson.dumps(table)`` in pieces (the same bytes, joined)."""
    if not isinstance(table, dict) or len(table) <= piece_documents:
        yield orjson.dumps(table)
        return
    keys = list(table)
    yield b"{"
    for start in range(0, len(keys), piece_documents):
        chunk = orjson.dumps({key: table[key] for key in keys[start : start + piece_documents]})
        # A piece's own braces dropped; pieces joined by commas make the table's object.
        yield (b"," if start else b"") + chunk[1:-1]
    yield b"}"


def _json_length(table: Any, piece_documents: int) -> int:
    return sum(len(piece) for piece in _json_pieces(table, piece_documents))


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
