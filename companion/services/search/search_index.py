"""The folded form of searched records, kept between keystrokes.

Folding (case, accents) every record on every keystroke would cost far too much with 10,000
people and 30,000 notes, so each record is folded once and kept, keyed by record identity: the
repositories hand out the same object until its stored document changes, so a changed record is
a new object and gets folded again, without any invalidation to get wrong (the idea of
``PeopleSearch``). Ranking and snippets live in ``everything_search``; this module only keeps
the folded text current and scans it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, Protocol, TypeVar

from companion.domain.folding import fold


class Record(Protocol):
    """Anything searched: identified by an id that stays the same across changes."""

    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=Record)


#: Between the fields in ``FoldedEntry.text`` (ASCII "unit separator": never typed by anyone).
_FIELD_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class FoldedEntry(Generic[R]):
    record: R
    title: str
    # The title with every non-alphanumeric run made one space and a space in front, so
    # " term" in it tells whether a word of the title starts with the term.
    title_words: str
    # Title and every searched field in one string: one substring test covers them all.
    text: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The folded searched fields besides the title, in order, for the snippet.

        Cut out of ``text`` when a result is shown rather than kept beside it: with 30,000
        notes, a second folded copy of every field costs tens of megabytes.
        """
        return tuple(self.text.split(_FIELD_SEPARATOR)[1:])


class FoldedIndex(Generic[R]):
    """The folded form of each record of one kind, refreshed by identity on every search."""

    def __init__(
        self,
        records: Iterable[R],
        title: Callable[[R], str],
        fields: Callable[[R], tuple[str, ...]],
        version: Callable[[], tuple[object, ...]] | None = None,
    ) -> None:
        self._records = records
        self._title = title
        self._fields = fields
        self._version = version
        self._seen: tuple[tuple[object, ...], list[FoldedEntry[R]]] | None = None
        self._entries: dict[str, FoldedEntry[R]] = {}
        self._warming: Iterator[R] | None = None
        self._warm = False
        # What warming up has seen so far, in order, and the version it started from: when
        # nothing changed meanwhile, the finished list serves the first search as is.
        self._warmed: list[FoldedEntry[R]] = []
        self._warm_version: tuple[object, ...] | None = None

    def warm_up(self, budget: int) -> bool:
        """Fold up to ``budget`` more records; True once every record has been seen.

        Lets the app fold 10,000 people in small steps while it is idle, instead of making
        the first keystroke wait half a second.
        """
        if self._warm:
            return True
        if self._warming is None:
            self._warming = iter(self._records)
            self._warm_version = self._version() if self._version is not None else None
        known = self._entries
        warmed = self._warmed
        try:
            for _ in range(budget):
                record = next(self._warming)
                entry = known.get(record.id)
                if entry is None or entry.record is not record:
                    entry = known[record.id] = self._fold(record)
                warmed.append(entry)
        except StopIteration:
            self._finish_warm_up(complete=True)
        except (KeyError, RuntimeError):
            # The records changed under the iteration: the next search folds what is left.
            self._finish_warm_up(complete=False)
        return self._warm

    def _finish_warm_up(self, *, complete: bool) -> None:
        version = self._warm_version
        unchanged = (
            complete
            and version is not None
            and self._version is not None
            and _same(self._version(), version)
        )
        if unchanged and version is not None:
            self._seen = (version, self._warmed)
        self._warming = None
        self._warmed = []
        self._warm = True

    def entry(self, record_id: str) -> FoldedEntry[R] | None:
        """The entry folded for ``record_id`` by the last ``current()``, if any."""
        return self._entries.get(record_id)

    def current(self) -> list[FoldedEntry[R]]:
        version = self._version() if self._version is not None else None
        seen = self._seen
        if version is not None and seen is not None and _same(version, seen[0]):
            return seen[1]
        known = self._entries
        entries: list[FoldedEntry[R]] = []
        for record in self._records:
            entry = known.get(record.id)
            if entry is None or entry.record is not record:
                entry = self._fold(record)
                known[record.id] = entry
            entries.append(entry)
        if len(known) > len(entries):
            # Records were removed: forget them so the index does not grow forever.
            self._entries = {entry.record.id: entry for entry in entries}
        if version is not None:
            self._seen = (version, entries)
        return entries

    def _fold(self, record: R) -> FoldedEntry[R]:
        title = fold(self._title(record))
        words = " " + "".join(char if char.isalnum() else " " for char in title)
        fields = (fold(field).replace(_FIELD_SEPARATOR, " ") for field in self._fields(record))
        text = _FIELD_SEPARATOR.join((title.replace(_FIELD_SEPARATOR, " "), *fields))
        return FoldedEntry(record, title, words, text)


def _same(version: tuple[object, ...], other: tuple[object, ...]) -> bool:
    return len(version) == len(other) and all(a is b for a, b in zip(version, other, strict=True))


class JoinedText(Generic[R]):
    """The folded text of many entries as one string, for a scan that can stop early.

    30,000 notes tested one by one cost ~4 ms a keystroke; one ``str.find`` over them all is
    a fraction of that, and stops as soon as enough people are found.
    """

    def __init__(self) -> None:
        self._entries: list[FoldedEntry[R]] | None = None
        self._text = ""
        self._starts: list[int] = []

    def prepare(self, entries: list[FoldedEntry[R]]) -> None:
        """Join ``entries`` (from ``FoldedIndex.current``) unless they are the ones joined last."""
        if entries is not self._entries:
            self._entries = entries
            self._text = "\0".join(entry.text for entry in entries)
            self._starts = list(accumulate((len(entry.text) + 1 for entry in entries), initial=0))

    def matching(
        self, entries: list[FoldedEntry[R]], terms: tuple[str, ...]
    ) -> Iterator[FoldedEntry[R]]:
        """The entries containing every term, in order (``entries`` as for ``prepare``)."""
        self.prepare(entries)
        first = max(terms, key=len)
        position = self._text.find(first)
        while position >= 0:
            number = bisect_right(self._starts, position) - 1
            entry = entries[number]
            if all(term in entry.text for term in terms):
                yield entry
            position = self._text.find(first, self._starts[number + 1])
