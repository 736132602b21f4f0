"""One search over people, events and openers, for the Ctrl+K box.

A person is also found by what was noted on meeting them (an encounter's note, which is where a
quick capture's one line goes) and by what I promised them.

Matching is that of ``companion.services.search.search``: case and accents are ignored and every
word of the query must appear somewhere in the record (AND). Records whose title (a person's name,
an event's title) matches rank first. When a kind has too few such matches, titles that are merely
close (a typo: "jurgn" for "Jürgen") are added, so a slip of the finger still finds.

This module ranks and describes the results; the folded text it searches is kept by
``search_index`` and read from the store by ``search_sources``.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import TypeVar

from companion.domain.events import Event
from companion.domain.folding import fold
from companion.domain.openers import OPENER_STAGE_LABELS, Opener
from companion.domain.people import Encounter, Promise
from companion.i18n import _
from companion.i18n.formats import format_date, local_timezone
from companion.services.search.search import query_terms
from companion.services.search.search_index import FoldedEntry, FoldedIndex, JoinedText, Record
from companion.services.search.search_sources import (
    NotesAboutPeople,
    PersonNote,
    SearchedPerson,
    VisibleOpeners,
)

#: Results per kind: more than fit a popup, few enough to build in no time.
DEFAULT_LIMIT_PER_KIND = 8
SNIPPET_LENGTH = 90
#: A close title needs at least this rapidfuzz score (0-100) and this many typed letters:
#: below five, one wrong letter is already a fifth of the name ("anna" found "Annika").
FUZZY_SCORE_CUTOFF = 80.0
FUZZY_MIN_QUERY_LENGTH = 5

# Higher is better; a fuzzy match scores below every exact one.
SCORE_TITLE_PREFIX = 400.0
SCORE_TITLE_WORD_START = 300.0
SCORE_IN_TITLE = 200.0
SCORE_ELSEWHERE = 100.0


class ResultKind(StrEnum):
    PERSON = "person"
    EVENT = "event"
    OPENER = "opener"
    #: A page of the window (Promises…), offered by the search box itself.
    PAGE = "page"


@dataclass(frozen=True, slots=True)
class SearchResult:
    kind: ResultKind
    id: str
    title: str
    #: One line that says where the query matched, or what the record is.
    snippet: str
    score: float


R = TypeVar("R", bound=Record)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, length: int = SNIPPET_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _ranked(
    matches: list[FoldedEntry[R]], terms: tuple[str, ...], limit: int
) -> list[tuple[float, FoldedEntry[R]]]:
    """The best ``limit`` of ``matches`` with their scores, by title within a score."""
    # Partitioned with comprehensions, not a key function per entry: a one-letter query
    # matches thousands of records and this runs on every keystroke.
    if len(terms) == 1:
        term = terms[0]
        word = " " + term
        in_title = [entry for entry in matches if term in entry.title]
        word_starts = [entry for entry in in_title if word in entry.title_words]
        prefixes = [entry for entry in word_starts if entry.title_words.startswith(word)]
        starts = [entry for entry in word_starts if not entry.title_words.startswith(word)]
        inside = [entry for entry in in_title if word not in entry.title_words]
        elsewhere = [entry for entry in matches if term not in entry.title]
    else:
        prefixes, starts, inside, elsewhere = [], [], [], []
        for entry in matches:
            if not all(term in entry.title for term in terms):
                elsewhere.append(entry)
            elif all(" " + term in entry.title_words for term in terms):
                starts.append(entry)
            else:
                inside.append(entry)
    groups = (
        (SCORE_TITLE_PREFIX, prefixes),
        (SCORE_TITLE_WORD_START, starts),
        (SCORE_IN_TITLE, inside),
        (SCORE_ELSEWHERE, elsewhere),
    )
    by_title = attrgetter("title")
    best: list[tuple[float, FoldedEntry[R]]] = []
    for score, group in groups:
        room = limit - len(best)
        if room <= 0:
            break
        best.extend((score, entry) for entry in heapq.nsmallest(room, group, key=by_title))
    return best


def _matches(
    index: FoldedIndex[R], terms: tuple[str, ...], query: str, limit: int
) -> list[tuple[float, FoldedEntry[R]]]:
    """The best ``limit`` entries, with their scores: exact first, then close titles."""
    entries = index.current()
    matches = entries
    for term in terms:
        matches = [entry for entry in matches if term in entry.text]
    best = _ranked(matches, terms, limit)
    if len(best) < limit and len(query) >= FUZZY_MIN_QUERY_LENGTH:
        found = {entry.record.id for _score, entry in best}
        best.extend(_close_titles(entries, query, limit - len(best), found))
    return best


def _close_titles(
    entries: list[FoldedEntry[R]], query: str, limit: int, exclude: set[str]
) -> list[tuple[float, FoldedEntry[R]]]:
    # Imported here: the first keystroke pays for it, not every start of the app.
    from rapidfuzz import fuzz, process

    candidates = [entry for entry in entries if entry.record.id not in exclude]
    found = process.extract(
        query,
        [entry.title for entry in candidates],
        scorer=fuzz.partial_ratio,
        score_cutoff=FUZZY_SCORE_CUTOFF,
        limit=limit,
    )
    return [(float(score), candidates[position]) for _title, score, position in found]


def _snippet(entry: FoldedEntry[R], originals: tuple[str, ...], terms: tuple[str, ...]) -> str:
    """The first field where a term matched, around the match; else the first non-empty field."""
    for folded, original in zip(entry.fields, originals, strict=True):
        hits = [folded.find(term) for term in terms if term in folded]
        if hits:
            text = original
            # Folding can change lengths ("ß" -> "ss"); only then is the position unusable.
            start = min(hits) if len(folded) == len(original) else 0
            if start > SNIPPET_LENGTH // 3:
                cut = text.rfind(" ", 0, start - SNIPPET_LENGTH // 4)
                text = "…" + text[cut + 1 if cut >= 0 else start :]
            return _shorten(_one_line(text))
    return next((_shorten(_one_line(text)) for text in originals if text.strip()), "")


def _person_fields(person: SearchedPerson) -> tuple[str, ...]:
    # Names from merged records first: "Ana López" finds the "Ana Lopez" she was merged into.
    return (" · ".join(person.also_known_as), person.working_on, person.notes, person.organization)


def _event_fields(event: Event) -> tuple[str, ...]:
    return (event.organizer, event.venue, event.description)


def _opener_fields(opener: Opener) -> tuple[str, ...]:
    return ()


def _note_fields(note: PersonNote) -> tuple[str, ...]:
    return (note.text,)


class EverythingSearch:
    """Search over live collections (usually ``store.people``, ``store.events``, ``store.openers``).

    Each collection is iterated on every search, so it must be re-iterable and current; the
    repositories are both, and hand out cached records, which is what keeps this cheap.
    """

    def __init__(
        self,
        *,
        people: Iterable[SearchedPerson],
        events: Iterable[Event],
        openers: Iterable[Opener],
        encounters: Iterable[Encounter] = (),
        promises: Iterable[Promise] = (),
        notes: Iterable[PersonNote] | None = None,
        notes_version: Callable[[], tuple[object, ...]] | None = None,
    ) -> None:
        """``notes`` (e.g. ``StoredNotes``) or else ``encounters`` and ``promises`` give the notes
        that find a person. ``notes_version`` returns objects that are replaced whenever an
        encounter or an offer changes (the store's tables): 30,000 notes are then re-read only
        after a change, not on every keystroke."""
        self._people = FoldedIndex(people, lambda person: person.name, _person_fields)
        self._events = FoldedIndex(events, lambda event: event.title, _event_fields)
        visible = VisibleOpeners(openers)
        self._openers = FoldedIndex(visible, lambda opener: opener.text, _opener_fields)
        # No title: a note is found by its words only.
        self._notes = FoldedIndex(
            notes if notes is not None else NotesAboutPeople(encounters, promises),
            lambda _note: "",
            _note_fields,
            version=notes_version,
        )
        self._note_text = JoinedText[PersonNote]()

    def warm_up(self, budget: int = 200) -> bool:
        """Fold a few more records (see ``FoldedIndex.warm_up``); True when all kinds are done."""
        indexes = (self._people, self._events, self._openers, self._notes)
        if not all(index.warm_up(budget) for index in indexes):
            return False
        self._note_text.prepare(self._notes.current())
        # The typo-tolerant part loads rapidfuzz on first use: load it now, not on a keystroke.
        import rapidfuzz.process  # noqa: F401

        return True

    def prepare(self) -> None:
        """Fold every record now (say, when the box opens) so the first keystroke is quick."""
        self._people.current()
        self._events.current()
        self._openers.current()
        self._notes.current()

    def search(
        self, query: str, *, limit_per_kind: int = DEFAULT_LIMIT_PER_KIND
    ) -> list[SearchResult]:
        """Matches for ``query``: people, then events, then openers, each best first."""
        terms = query_terms(query)
        if not terms or limit_per_kind <= 0:
            return []
        folded_query = " ".join(fold(query).split())
        results = self._people_found(terms, folded_query, limit_per_kind)
        for score, event_entry in _matches(self._events, terms, folded_query, limit_per_kind):
            event = event_entry.record
            snippet = _snippet(event_entry, _event_fields(event), terms)
            day = (
                event.first_day
                if event.all_day
                else event.start.astimezone(local_timezone()).date()
            )
            when = format_date(day)
            snippet = f"{when} · {snippet}" if snippet else when
            results.append(SearchResult(ResultKind.EVENT, event.id, event.title, snippet, score))
        for score, opener_entry in _matches(self._openers, terms, folded_query, limit_per_kind):
            opener = opener_entry.record
            title = _shorten(_one_line(opener.text))
            stage = _(OPENER_STAGE_LABELS[opener.stage])
            results.append(SearchResult(ResultKind.OPENER, opener.id, title, stage, score))
        return results

    def _people_found(
        self, terms: tuple[str, ...], folded_query: str, limit: int
    ) -> list[SearchResult]:
        """People by their own fields, then by their notes and promises, best first."""
        found: dict[str, SearchResult] = {}
        for score, person_entry in _matches(self._people, terms, folded_query, limit):
            person = person_entry.record
            snippet = _snippet(person_entry, _person_fields(person), terms)
            found[person.id] = SearchResult(
                ResultKind.PERSON, person.id, person.name, snippet, score
            )
        # Notes have no title to rank by: the first ones that match will do.
        for note_entry in self._note_text.matching(self._notes.current(), terms):
            if len(found) >= limit:
                break
            note = note_entry.record
            owner = self._people.entry(note.person_id)
            if owner is None or note.person_id in found:
                continue
            person = owner.record
            snippet = _snippet(note_entry, _note_fields(note), terms)
            found[person.id] = SearchResult(
                ResultKind.PERSON, person.id, person.name, snippet, SCORE_ELSEWHERE
            )
        # Stable: within a score, the order the matching gave (by name).
        return sorted(found.values(), key=lambda result: -result.score)[:limit]
