"""How the tables are laid out inside the (sealed) store and snapshot files.

One JSON document per table, after a small index: parsing a 20 MB document in one go costs
several times its size in passing memory, while table by table the peak follows the largest
table. Layout: ``MAGIC``, the index ``[[name, byte length], …]`` as JSON, a newline, then each
table's JSON. A single JSON object (stores written before, hand-made test files) reads too.
"""

from __future__ import annotations

import re
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
            tables[name] = _parse_table(plaintext, view, offset, offset + length)
            plaintext.release(offset, offset + length)
            offset += length
        if offset != plaintext.length:
            raise ValueError(_("it has data after its last table"))
    return tables


#: A table bigger than this is parsed in pieces of about this many bytes, cut between its
#: documents: orjson builds a tree of all it parses before it makes the Python objects, a
#: passing ~14 MiB for the largest table at 10,000 people, gone when parsed in pieces.
PARSE_PIECE_BYTES = 256 * 1024

#: Where one document ends and the next, keyed by a record id, begins: ``},"<32 hex>":{``.
#: Inside a JSON string a quote is always escaped, so ``},"`` never occurs there; and no field
#: name is 32 hex digits, so the end of a nested record does not match either.
_ID_KEY = re.compile(rb'\},"[0-9a-f]{32}":\{')


def _parse_table(plaintext: Plaintext, view: memoryview, start: int, end: int) -> Any:
    """The table whose JSON is ``view[start:end]``, parsed in pieces when it is big."""
    cuts = _cuts(plaintext, start, end) if end - start > 2 * PARSE_PIECE_BYTES else []
    if cuts:
        table: dict[str, Any] = {}
        begin = start + 1  # after the table's "{"
        try:
            # Each piece: its documents, from a key to the "}" closing the last of them.
            for cut in [*cuts, end - 2]:
                parsed = orjson.loads(b"{" + view[begin : cut + 1].tobytes() + b"}")
                if not isinstance(parsed, dict):
                    raise ValueError(type(parsed).__name__)
                table.update(parsed)
                begin = cut + 2  # past "},"
            return table
        except ValueError:
            # Not cut where documents meet after all (or damaged): read whole, as always.
            table.clear()
    with view[start:end] as part:
        return orjson.loads(part)


def _cuts(plaintext: Plaintext, start: int, end: int) -> list[int]:
    """Where to cut the table in ``[start, end)``: positions of a ``}`` closing a document,
    about ``PARSE_PIECE_BYTES`` apart; none unless it is an object of documents keyed by ids."""
    buffer = plaintext.buffer
    if buffer[start : start + 1] != b"{" or buffer[end - 1 : end] != b"}":
        return []
    cuts: list[int] = []
    position = start + PARSE_PIECE_BYTES
    while position < end - PARSE_PIECE_BYTES:
        found = _ID_KEY.search(buffer, position, end)
        if found is None:
            break
        cuts.append(found.start())
        position = found.start() + PARSE_PIECE_BYTES
    return cuts
