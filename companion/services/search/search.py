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
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from companion.domain.folding import fold
from companion.domain.people import Person

DEFAULT_LIMIT = 50


def query_terms(query: str) -> tuple[str, ...]:
    """The folded words of ``query``, each once, longest first (it rules out most records)."""
    unique = dict.fromkeys(fold(query).split())
    return tuple(sorted(unique, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Folded:
    person: Person
    name: str
    # The name with every non-alphanumeric run made one space and a space in front, so
    # " term" in it tells whether a word of the name starts with the term.
    name_words: str
    # Name, notes and what they work on in one string: one substring test covers them all.
    text: str


def _folded(person: Person) -> _Folded:
    name = fold(person.name)
    words = " " + "".join(char if char.isalnum() else " " for char in name)
    return _Folded(person, name, words, f"{name}\n{fold(person.notes)}\n{fold(person.working_on)}")


def _in_name_rank(entry: _Folded, terms: tuple[str, ...]) -> int:
    """0: each word starts a word of the name; 1: each is in the name; 2: some; 3: none."""
    in_name = [term for term in terms if term in entry.name]
    if len(in_name) < len(terms):
        return 2 if in_name else 3
    return 0 if all(" " + term in entry.name_words for term in terms) else 1


def _best(matches: list[_Folded], terms: tuple[str, ...], limit: int | None) -> list[_Folded]:
    """``matches`` in rank order (see ``_in_name_rank``), by name within a rank."""
    if len(terms) == 1:
        # One word is what most keystrokes send: partition with comprehensions, no key calls.
        term = terms[0]
        word = " " + term
        in_name = [entry for entry in matches if term in entry.name]
        groups = [
            [entry for entry in in_name if word in entry.name_words],
            [entry for entry in in_name if word not in entry.name_words],
            [entry for entry in matches if term not in entry.name],
        ]
    else:
        groups = [[], [], [], []]
        for entry in matches:
            groups[_in_name_rank(entry, terms)].append(entry)
    by_name = attrgetter("name")
    best: list[_Folded] = []
    for group in groups:
        room = None if limit is None else limit - len(best)
        if room is not None and room <= 0:
            break
        if room is not None and room < len(group):
            best.extend(heapq.nsmallest(room, group, key=by_name))
        else:
            best.extend(sorted(group, key=by_name))
    return best


class PeopleSearch:
    """Search over a live collection of people (usually ``store.people``).

    ``people`` is iterated on every search, so it must be re-iterable and current; the
    repository is both, and hands out cached records, which is what keeps this cheap.
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self._people = people
        self._index: dict[str, _Folded] = {}

    def prepare(self) -> None:
        """Fold every person now (say, when the app is idle) so the first keystroke is quick."""
        self._current_entries()

    def search(self, query: str, *, limit: int | None = DEFAULT_LIMIT) -> list[Person]:
        """People matching every word of ``query``, best first; none for an empty query."""
        terms = query_terms(query)
        if not terms or (limit is not None and limit <= 0):
            return []
        matches = self._current_entries()
        for term in terms:
            matches = [entry for entry in matches if term in entry.text]
        return [entry.person for entry in _best(matches, terms, limit)]

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
