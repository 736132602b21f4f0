"""The folded form of searched records, kept between keystrokes, with no object per record.

Folding (case, accents) every record on every keystroke would cost far too much with 10,000
people and 30,000 notes, so each record is folded once and kept. What is kept is only what a
search scans: per kind, parallel lists of the record ids, of what the record was read from (its
"token": the stored document, or the record itself) and of its folded text; titled kinds add
the folded titles. The records themselves are made again from their tokens for the few results
shown. Until issue 18 each record also had a small text object, a ``FoldedEntry`` and a place in
two dictionaries, ~450 bytes a note; now a note costs ~20 bytes besides its folded text (notes
are joined, see ``joined_texts``) and a person ~150, most of it its title kept apart for
ranking (ARCHITECTURE.md).

A changed record is found by its token: the store replaces a document on change (and a
repository its record), never edits one in place, so a token that is not the very object seen
before means the record is folded again, with no invalidation to get wrong. Ranking and
snippets live in ``everything_search``; this module keeps the folded text current and scans it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from companion.domain.folding import fold
from companion.services.search.joined_texts import JoinedTexts


class Record(Protocol):
    """Anything searched: identified by an id that stays the same across changes."""

    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=Record)
R_co = TypeVar("R_co", bound=Record, covariant=True)

#: Between the fields of a record's folded text (ASCII "unit separator": never typed by anyone,
#: and whitespace to ``str.split``, so no query term contains it and no term spans two fields).
FIELD_SEPARATOR = "\x1f"


class KeyedRecords(Protocol[R_co]):
    """Records as the index reads them: ``(id, token)`` pairs, the record made from a token
    only when it is folded or shown (so no record has to be kept for the index)."""

    def keyed(self) -> Iterable[tuple[str, object]]:
        """Every record's id and token, in a stable order; a changed record has a new token."""
        ...

    def made(self, key: str, token: object) -> R_co:
        """The record read from ``token`` (one that ``keyed`` gave for ``key``)."""
        ...

    def find(self, key: str) -> R_co | None:
        """The current record with id ``key``, if there is one."""
        ...

    def version(self) -> tuple[object, ...] | None:
        """Objects replaced whenever any record changes, or None when there are none: then
        every search reads ``keyed`` again to find changes."""
        ...


class LiveRecords(Generic[R]):
    """A re-iterable collection of records (a list, a repository) as ``KeyedRecords``: each
    record is its own token, so a repository's cached records are folded once."""

    def __init__(
        self, records: Iterable[R], version: Callable[[], tuple[object, ...]] | None = None
    ) -> None:
        self._records = records
        self._version = version

    def keyed(self) -> Iterator[tuple[str, object]]:
        return ((record.id, record) for record in self._records)

    def made(self, key: str, token: object) -> R:
        return token  # type: ignore[return-value]  # ``keyed`` hands out the records themselves

    def find(self, key: str) -> R | None:
        return next((record for record in self._records if record.id == key), None)

    def version(self) -> tuple[object, ...] | None:
        return self._version() if self._version is not None else None


def keyed_records(records: Iterable[R] | KeyedRecords[R]) -> KeyedRecords[R]:
    """``records`` as ``KeyedRecords``: as it is when it already reads by key."""
    if callable(getattr(records, "keyed", None)):
        return records  # type: ignore[return-value]
    return LiveRecords(records)  # type: ignore[arg-type]


def title_words(title: str) -> str:
    """``title`` with every non-alphanumeric character made a space, and a space in front:
    ``" " + term in title_words(title)`` tells whether a word of the title starts with term."""
    return " " + "".join(char if char.isalnum() else " " for char in title)


class FoldedIndex(Generic[R]):
    """The folded text of every record of one kind, refreshed on search when it changed.

    ``ids``, the texts (title and fields, folded, separated by ``FIELD_SEPARATOR``; joined for
    kinds without a title) and, with a ``title``, ``titles`` are parallel in the source's order;
    a record's number is its place in them. Read them only right after ``refresh``
    (``everything_search`` does).
    """

    def __init__(
        self,
        source: KeyedRecords[R],
        *,
        title: Callable[[R], str] | None,
        fields: Callable[[R], tuple[str, ...]],
        version: Callable[[], tuple[object, ...] | None] | None = None,
    ) -> None:
        self._source = source
        self._title = title
        self._fields = fields
        self._version = version if version is not None else source.version
        self.ids: list[str] = []
        self._texts = self._new_texts()
        self.titles: list[str] = []
        # A title's words where they differ from " " + title (names with hyphens, dots…):
        # for most names they do not, and None costs nothing.
        self._words: list[str | None] = []
        self._tokens: list[object] = []
        #: The version the lists are current for (None: read the source again on search).
        self._current_for: tuple[object, ...] | None = None
        self._warming: Iterator[tuple[str, object]] | None = None
        self._warm_version: tuple[object, ...] | None = None
        self._warm = False

    @property
    def titled(self) -> bool:
        return self._title is not None

    def words(self, number: int) -> str:
        """``title_words`` of record ``number``'s folded title."""
        return self._words[number] or " " + self.titles[number]

    def record(self, number: int) -> R:
        """Record ``number`` as it was folded, made from its token (for a result shown)."""
        return self._source.made(self.ids[number], self._tokens[number])

    def find(self, key: str) -> R | None:
        """The current record with id ``key`` (say, the person a note is about)."""
        return self._source.find(key)

    def warm_up(self, budget: int) -> bool:
        """Fold up to ``budget`` more records; True once every record has been seen.

        Lets the app fold 10,000 people in small steps while it is idle, instead of making
        the first keystroke wait half a second. The lists grow in place (texts are joined a
        step at a time): nothing is built beside them, so the index never costs twice its size.
        """
        if self._warm:
            return True
        if self._warming is None:
            self._warm_version = self._version()
            self._warming = iter(self._source.keyed())
        try:
            for _ in range(budget):
                key, token = next(self._warming)
                self._append_folded(key, token)
        except StopIteration:
            self._finish_warm_up(complete=True)
        except (KeyError, RuntimeError):
            # The records changed under the iteration: the next search reads them again,
            # folding only what is not folded yet.
            self._finish_warm_up(complete=False)
        finally:
            self._seal()
        return self._warm

    def _finish_warm_up(self, *, complete: bool) -> None:
        version = self._warm_version
        if complete and version is not None and _same(self._version(), version):
            self._current_for = version
        self._warming = None
        self._warm_version = None
        self._warm = True

    def refresh(self) -> None:
        """Bring the lists up to date with the source, folding only new and changed records."""
        version = self._version()
        if self._current_for is not None and _same(version, self._current_for):
            return
        # A search during warm-up takes over: the records read so far are reused below.
        self._warming = None
        self._warm = True
        self._read_again()
        self._current_for = version

    def _read_again(self) -> None:
        old_ids, old_tokens, old_texts = self.ids, self._tokens, self._texts
        old_titles, old_words = self.titles, self._words
        titled = self.titled
        self.ids, self._tokens, self.titles, self._words = [], [], [], []
        self._texts = self._new_texts()
        ids, tokens, texts, titles, words = (
            self.ids,
            self._tokens,
            self._texts,
            self.titles,
            self._words,
        )
        # Records keep their places (the store replaces a document where it stands), so the
        # next old record is nearly always the one to compare with; a dictionary of every
        # old id is made only when records were removed or reordered.
        places: dict[str, int] | None = None
        expected = 0
        count = len(old_ids)
        for key, token in self._source.keyed():
            if expected < count and old_ids[expected] == key:
                place = expected
            else:
                if places is None:
                    places = {old: number for number, old in enumerate(old_ids)}
                place = places.get(key, -1)
            if place >= 0 and old_tokens[place] is token:
                expected = place + 1
                ids.append(key)
                tokens.append(token)
                texts.append(old_texts[place])
                if titled:
                    titles.append(old_titles[place])
                    words.append(old_words[place])
            else:
                if place >= 0:
                    expected = place + 1
                self._append_folded(key, token)
        self._seal()

    def _new_texts(self) -> list[str] | JoinedTexts:
        # Notes, many and without a title, are scanned in order and stop early: joined.
        # Titled records are ranked by comprehensions over their own strings, which a one-letter
        # query runs over thousands of them.
        return [] if self.titled else JoinedTexts()

    def _seal(self) -> None:
        if isinstance(self._texts, JoinedTexts):
            self._texts.seal()

    def _append_folded(self, key: str, token: object) -> None:
        record = self._source.made(key, token)
        fields = (fold(field).replace(FIELD_SEPARATOR, " ") for field in self._fields(record))
        if self._title is None:
            self._texts.append(FIELD_SEPARATOR.join(("", *fields)))
        else:
            title = fold(self._title(record))
            words = title_words(title)
            self.titles.append(title)
            self._words.append(None if words == " " + title else words)
            self._texts.append(FIELD_SEPARATOR.join((title.replace(FIELD_SEPARATOR, " "), *fields)))
        self.ids.append(key)
        self._tokens.append(token)

    def matching(self, terms: tuple[str, ...]) -> list[int]:
        """The numbers of the records whose text contains every term, in order."""
        texts = self._texts
        if isinstance(texts, JoinedTexts):
            return list(texts.each_matching(terms))
        first, *others = terms
        numbers = [number for number, text in enumerate(texts) if first in text]
        for term in others:
            numbers = [number for number in numbers if term in texts[number]]
        return numbers

    def each_matching(self, terms: tuple[str, ...]) -> Iterator[int]:
        """As ``matching``, one at a time: a caller that needs only the first few stops early."""
        texts = self._texts
        if isinstance(texts, JoinedTexts):
            yield from texts.each_matching(terms)
            return
        first = max(terms, key=len)
        for number, text in enumerate(texts):
            if first in text and all(term in text for term in terms):
                yield number

    def fields(self, number: int) -> tuple[str, ...]:
        """The folded searched fields of record ``number`` besides the title, for a snippet."""
        return tuple(self._texts[number].split(FIELD_SEPARATOR)[1:])


def _same(version: tuple[object, ...] | None, other: tuple[object, ...]) -> bool:
    return (
        version is not None
        and len(version) == len(other)
        and all(a is b for a, b in zip(version, other, strict=True))
    )
