"""Search people as you type: by name, notes and what they are working on.

Matching ignores case and accents ("zoe" finds "Zoë", "muller" finds "Müller"); every word of
the query must appear (AND), anywhere in a word. People whose name matches come first.

Folding 10,000 notes takes far longer than one keystroke may, so the folded text of each person
is computed once and kept. It is keyed by record identity: the repositories hand out the same
``Person`` object until the stored document changes, so a changed person is simply a new object
and is folded again, with no invalidation to get wrong.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from companion.domain.people import Person

DEFAULT_LIMIT = 50


def fold(text: str) -> str:
    """``text`` without case and accents: casefold, NFKD, drop the combining marks."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def query_terms(query: str) -> tuple[str, ...]:
    """The folded words of ``query``, each once, longest first (it rules out most records)."""
    unique = dict.fromkeys(term for term in fold(query).split() if term)
    return tuple(sorted(unique, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Folded:
    person: Person
    name: str
    # Name, notes and what they work on, one string, so one substring test covers them all.
    text: str


def _folded(person: Person) -> _Folded:
    name = fold(person.name)
    return _Folded(person, name, f"{name}\n{fold(person.notes)}\n{fold(person.working_on)}")


def _is_word_start(text: str, term: str) -> bool:
    index = text.find(term)
    while index != -1:
        if index == 0 or not text[index - 1].isalnum():
            return True
        index = text.find(term, index + 1)
    return False


def _rank(entry: _Folded, terms: tuple[str, ...]) -> tuple[int, int, str]:
    """Smaller is better: names holding every word, then some, then notes only."""
    in_name = sum(1 for term in terms if term in entry.name)
    tier = 0 if in_name == len(terms) else (1 if in_name else 2)
    word_starts = sum(1 for term in terms if _is_word_start(entry.name, term))
    return (tier, -word_starts, entry.name)


class PeopleSearch:
    """Search over a live collection of people (usually ``store.people``).

    ``people`` is iterated on every search, so it must be re-iterable and current; the
    repository is both, and hands out cached records, which is what keeps this cheap.
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self._people = people
        self._index: dict[str, _Folded] = {}

    def search(self, query: str, *, limit: int | None = DEFAULT_LIMIT) -> list[Person]:
        """People matching every word of ``query``, best first; none for an empty query."""
        terms = query_terms(query)
        if not terms or (limit is not None and limit <= 0):
            return []
        matches = [entry for entry in self._current_entries()
                   if all(term in entry.text for term in terms)]
        if limit is not None and limit < len(matches):
            best = heapq.nsmallest(limit, matches, key=lambda entry: _rank(entry, terms))
        else:
            best = sorted(matches, key=lambda entry: _rank(entry, terms))
        return [entry.person for entry in best]

    def _current_entries(self) -> list[_Folded]:
        index = self._index
        entries: list[_Folded] = []
        for person in self._people:
            entry = index.get(person.id)
            if entry is None or entry.person is not person:
                entry = _folded(person)
                index[person.id] = entry
            entries.append(entry)
        if len(index) > len(entries):
            # People were removed: forget them so the index does not grow forever.
            self._index = {entry.person.id: entry for entry in entries}
        return entries
