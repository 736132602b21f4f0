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
from typing import TypeVar

from companion.domain.events import Event
from companion.domain.folding import fold
from companion.domain.openers import OPENER_STAGE_LABELS, Opener
from companion.domain.people import Encounter, Promise
from companion.i18n import _
from companion.i18n.formats import format_date, local_timezone
from companion.services.search.search import query_terms
from companion.services.search.search_index import (
    FoldedIndex,
    KeyedRecords,
    LiveRecords,
    Record,
    keyed_records,
)
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
    index: FoldedIndex[R], matches: list[int], terms: tuple[str, ...], limit: int
) -> list[tuple[float, int]]:
    """The best ``limit`` of ``matches`` (record numbers) with their scores, by title within a
    score."""
    titles = index.titles
    words = index.words
    # Partitioned with comprehensions, not a key function per record: a one-letter query
    # matches thousands of records and this runs on every keystroke.
    if len(terms) == 1:
        term = terms[0]
        word = " " + term
        in_title = [number for number in matches if term in titles[number]]
        word_starts = [number for number in in_title if word in words(number)]
        prefixes = [number for number in word_starts if words(number).startswith(word)]
        starts = [number for number in word_starts if not words(number).startswith(word)]
        inside = [number for number in in_title if word not in words(number)]
        elsewhere = [number for number in matches if term not in titles[number]]
    else:
        prefixes, starts, inside, elsewhere = [], [], [], []
        for number in matches:
            title = titles[number]
            if not all(term in title for term in terms):
                elsewhere.append(number)
            elif all(" " + term in words(number) for term in terms):
                starts.append(number)
            else:
                inside.append(number)
    groups = (
        (SCORE_TITLE_PREFIX, prefixes),
        (SCORE_TITLE_WORD_START, starts),
        (SCORE_IN_TITLE, inside),
        (SCORE_ELSEWHERE, elsewhere),
    )
    best: list[tuple[float, int]] = []
    for score, group in groups:
        room = limit - len(best)
        if room <= 0:
            break
        best.extend(
            (score, number) for number in heapq.nsmallest(room, group, key=titles.__getitem__)
        )
    return best


def _matches(
    index: FoldedIndex[R], terms: tuple[str, ...], query: str, limit: int
) -> list[tuple[float, int]]:
    """The best ``limit`` records' numbers, with their scores: exact first, then close titles."""
    index.refresh()
    best = _ranked(index, index.matching(terms), terms, limit)
    if len(best) < limit and len(query) >= FUZZY_MIN_QUERY_LENGTH:
        found = {number for _score, number in best}
        best.extend(_close_titles(index.titles, query, limit - len(best), found))
    return best


def _close_titles(
    titles: list[str], query: str, limit: int, exclude: set[int]
) -> list[tuple[float, int]]:
    # Imported here: the first keystroke pays for it, not every start of the app.
    from rapidfuzz import fuzz, process

    candidates = [number for number in range(len(titles)) if number not in exclude]
    found = process.extract(
        query,
        [titles[number] for number in candidates],
        scorer=fuzz.partial_ratio,
        score_cutoff=FUZZY_SCORE_CUTOFF,
        limit=limit,
    )
    return [(float(score), candidates[position]) for _title, score, position in found]


def _snippet(folded: tuple[str, ...], originals: tuple[str, ...], terms: tuple[str, ...]) -> str:
    """The first field where a term matched, around the match; else the first non-empty field."""
    for folded_field, original in zip(folded, originals, strict=True):
        hits = [folded_field.find(term) for term in terms if term in folded_field]
        if hits:
            text = original
            # Folding can change lengths ("ß" -> "ss"); only then is the position unusable.
            start = min(hits) if len(folded_field) == len(original) else 0
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

    Each collection is a re-iterable, current collection of records (the repositories hand out
    cached records, which is what keeps this cheap) or ``KeyedRecords`` that read the stored
    documents (``StoredPeople``, ``StoredNotes``): those say when they changed, so a keystroke
    reads nothing unless something did.
    """

    def __init__(
        self,
        *,
        people: Iterable[SearchedPerson] | KeyedRecords[SearchedPerson],
        events: Iterable[Event] | KeyedRecords[Event],
        openers: Iterable[Opener],
        encounters: Iterable[Encounter] = (),
        promises: Iterable[Promise] = (),
        notes: Iterable[PersonNote] | KeyedRecords[PersonNote] | None = None,
        notes_version: Callable[[], tuple[object, ...]] | None = None,
    ) -> None:
        """``notes`` (e.g. ``StoredNotes``) or else ``encounters`` and ``promises`` give the notes
        that find a person. ``notes_version`` returns objects that are replaced whenever an
        encounter or an offer changes (the store's tables): 30,000 notes are then re-read only
        after a change, not on every keystroke."""
        self._people = FoldedIndex(
            keyed_records(people), title=lambda person: person.name, fields=_person_fields
        )
        self._events = FoldedIndex(
            keyed_records(events), title=lambda event: event.title, fields=_event_fields
        )
        visible = LiveRecords(VisibleOpeners(openers))
        self._openers = FoldedIndex(
            visible, title=lambda opener: opener.text, fields=_opener_fields
        )
        # No title: a note is found by its words only.
        self._notes = FoldedIndex(
            keyed_records(notes if notes is not None else NotesAboutPeople(encounters, promises)),
            title=None,
            fields=_note_fields,
            version=notes_version,
        )

    def warm_up(self, budget: int = 200) -> bool:
        """Fold a few more records (see ``FoldedIndex.warm_up``); True when all kinds are done."""
        indexes = (self._people, self._events, self._openers, self._notes)
        if not all(index.warm_up(budget) for index in indexes):
            return False
        # The typo-tolerant part loads rapidfuzz on first use: load it now, not on a keystroke.
        import rapidfuzz.process  # noqa: F401

        return True

    def prepare(self) -> None:
        """Fold every record now (say, when the box opens) so the first keystroke is quick."""
        for index in (self._people, self._events, self._openers, self._notes):
            index.refresh()

    def search(
        self, query: str, *, limit_per_kind: int = DEFAULT_LIMIT_PER_KIND
    ) -> list[SearchResult]:
        """Matches for ``query``: people, then events, then openers, each best first."""
        terms = query_terms(query)
        if not terms or limit_per_kind <= 0:
            return []
        folded_query = " ".join(fold(query).split())
        results = self._people_found(terms, folded_query, limit_per_kind)
        events = self._events
        for score, number in _matches(events, terms, folded_query, limit_per_kind):
            event = events.record(number)
            snippet = _snippet(events.fields(number), _event_fields(event), terms)
            day = (
                event.first_day
                if event.all_day
                else event.start.astimezone(local_timezone()).date()
            )
            when = format_date(day)
            snippet = f"{when} · {snippet}" if snippet else when
            results.append(SearchResult(ResultKind.EVENT, event.id, event.title, snippet, score))
        openers = self._openers
        for score, number in _matches(openers, terms, folded_query, limit_per_kind):
            opener = openers.record(number)
            title = _shorten(_one_line(opener.text))
            stage = _(OPENER_STAGE_LABELS[opener.stage])
            results.append(SearchResult(ResultKind.OPENER, opener.id, title, stage, score))
        return results

    def _people_found(
        self, terms: tuple[str, ...], folded_query: str, limit: int
    ) -> list[SearchResult]:
        """People by their own fields, then by their notes and promises, best first."""
        people = self._people
        found: dict[str, SearchResult] = {}
        for score, number in _matches(people, terms, folded_query, limit):
            person = people.record(number)
            snippet = _snippet(people.fields(number), _person_fields(person), terms)
            found[person.id] = SearchResult(
                ResultKind.PERSON, person.id, person.name, snippet, score
            )
        # Notes have no title to rank by: the first ones that match will do.
        notes = self._notes
        notes.refresh()
        for number in notes.each_matching(terms):
            if len(found) >= limit:
                break
            note = notes.record(number)
            if note.person_id in found:
                continue
            owner = people.find(note.person_id)
            if owner is None:
                continue
            snippet = _snippet(notes.fields(number), _note_fields(note), terms)
            found[owner.id] = SearchResult(
                ResultKind.PERSON, owner.id, owner.name, snippet, SCORE_ELSEWHERE
            )
        # Stable: within a score, the order the matching gave (by name).
        return sorted(found.values(), key=lambda result: -result.score)[:limit]
