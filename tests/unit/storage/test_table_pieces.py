"""A table's JSON is made in pieces of a few hundred documents; the file is the same bytes."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.storage import table_layout
from companion.storage.table_layout import MAGIC, decode_tables, encode_table_parts

documents = st.dictionaries(
    st.text(max_size=5),
    st.one_of(
        st.text(max_size=8),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.none(),
        st.lists(st.text(max_size=3)),
    ),
    max_size=4,
)
tables = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.dictionaries(st.text(max_size=6), documents, max_size=12),
    max_size=4,
)


def _written_whole(content: dict[str, Any]) -> bytes:
    """The file as written before: each table's JSON made in one piece."""
    lengths = [[name, len(orjson.dumps(table))] for name, table in content.items()]
    whole = b"".join(orjson.dumps(table) for table in content.values())
    return MAGIC + orjson.dumps(lengths) + b"\n" + whole


@given(tables, st.integers(min_value=1, max_value=5))
def test_tables_written_in_pieces_are_the_same_bytes(
    content: dict[str, Any], piece_documents: int
) -> None:
    # Given tables, when encoded a few documents at a time
    parts = list(encode_table_parts(content, piece_documents=piece_documents))
    # Then the file is byte for byte the one written whole, and reads back the same
    assert b"".join(parts) == _written_whole(content)
    assert decode_tables(b"".join(parts)) == content


def test_a_big_table_is_made_a_few_documents_at_a_time() -> None:
    # Given a table of ten documents, written three at a time
    table = {str(n): {"n": n, "notes": "x" * 100} for n in range(10)}
    parts = list(encode_table_parts({"people": table}, piece_documents=3))
    # Then it comes as its opening brace, four pieces and its closing brace after the header
    assert parts[1] == b"{" and parts[-1] == b"}"
    assert len(parts) == 1 + 1 + 4 + 1
    assert all(len(part) < len(orjson.dumps(table)) / 2 for part in parts[2:-1])


def test_a_table_changed_while_written_fails_the_write() -> None:
    # Given a table of many documents, being written a few at a time
    table = {str(n): {"n": n} for n in range(10)}
    parts = encode_table_parts({"people": table}, piece_documents=3)
    next(parts)  # the header: the lengths are counted
    # When a document is added meanwhile / Then the write fails rather than write a bad file
    table["10"] = {"n": 10}
    with pytest.raises(RuntimeError, match="changed while it was being written"):
        list(parts)


ids = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)
tricky_text = st.sampled_from(['},"' + "a" * 32 + '":{', "}", '"', "\\", '\\"},', "plain"])
record_documents = st.dictionaries(
    st.sampled_from(["name", "notes", "follow_up", "prep", "tags"]),
    st.one_of(
        st.lists(tricky_text, max_size=3).map("".join),
        st.dictionaries(st.sampled_from(["a", "b"]), tricky_text, max_size=2),
        # A nested object keyed by an id (no record has one; a newer app's field might).
        st.dictionaries(ids, st.dictionaries(st.just("x"), tricky_text), max_size=2),
        st.lists(tricky_text, max_size=2),
    ),
    max_size=4,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.dictionaries(ids, record_documents, max_size=30), piece_bytes=st.integers(1, 300))
def test_a_big_table_parsed_in_pieces_is_the_table(
    table: dict[str, Any], piece_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a table of documents keyed by record ids, and pieces of a few bytes
    monkeypatch.setattr(table_layout, "PARSE_PIECE_BYTES", piece_bytes)
    encoded = b"".join(encode_table_parts({"people": table, "x": {}}))
    # When it is read / Then it is the table, its order kept (cut between documents, or read
    # whole where a cut would not be between documents)
    decoded = decode_tables(encoded)
    assert decoded == {"people": table, "x": {}}
    assert list(decoded["people"]) == list(table)


def test_a_big_table_is_parsed_a_few_documents_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a table of 40 documents, and pieces of about ten documents' bytes
    table = {
        f"{n:032x}": {"name": f"Person {n}", "follow_up": {"cadence_days": n}} for n in range(40)
    }
    document_bytes = len(orjson.dumps(table)) // 40
    monkeypatch.setattr(table_layout, "PARSE_PIECE_BYTES", document_bytes * 10)
    parsed: list[int] = []
    real_loads = orjson.loads

    def loads(data: Any) -> Any:
        parsed.append(len(data))
        return real_loads(data)

    monkeypatch.setattr(table_layout.orjson, "loads", loads)
    # When it is read
    decoded = decode_tables(b"".join(encode_table_parts({"people": table})))
    # Then it is the table, parsed in about four pieces, none near the whole table's size
    assert decoded == {"people": table}
    table_parses = parsed[1:]  # after the index
    assert 3 <= len(table_parses) <= 5
    assert max(table_parses) < len(orjson.dumps(table)) / 2
