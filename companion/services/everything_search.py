"""One search over people, events and openers, for the Ctrl+K box.

A person is also found by what was noted on meeting them (an encounter's note, which is where a
quick capture's one line goes) and by what I promised them.

Matching is that of ``companion.services.search``: case and accents are ignored and every word
of the query must appear somewhere in the record (AND). Records whose title (a person's name,
an event's title) matches rank first. When a kind has too few such matches, titles that are
merely close (a typo: "jurgn" for "Jürgen") are added, so a slip of the finger still finds.

Each record is folded once and kept, keyed by record identity: the repositories hand out the
same object until its stored document changes, so a changed record is a new object and gets
folded again, without any invalidation to get wrong (the idea of ``PeopleSearch``).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate
from operator import attrgetter
from typing import Generic, Protocol, TypeVar

from companion.domain.events import Event
from companion.domain.openers import OPENER_STAGE_LABELS, Opener
from companion.domain.people import Encounter, Offer
from companion.i18n import _
from companion.i18n.formats import format_date, local_timezone
from companion.services.search import fold, query_terms
from companion.storage.store import Store

#: Results per kind: more than fit a popup, few enough to build in no time.
DEFAULT_LIMIT_PER_KIND = 8
SNIPPET_LENGTH = 90
#: A close title needs at least this rapidfuzz score (0-100) and this many typed letters.
FUZZY_SCORE_CUTOFF = 80.0
FUZZY_MIN_QUERY_LENGTH = 4

# Higher is better; a fuzzy match scores below every exact one.
SCORE_TITLE_WORD_START = 300.0
SCORE_IN_TITLE = 200.0
SCORE_ELSEWHERE = 100.0


class ResultKind(StrEnum):
    PERSON = "person"
    EVENT = "event"
    OPENER = "opener"


@dataclass(frozen=True, slots=True)
class SearchResult:
    kind: ResultKind
    id: str
    title: str
    #: One line that says where the query matched, or what the record is.
    snippet: str
    score: float


class _Record(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Record)


#: Between the fields in ``_Entry.text`` (ASCII "unit separator": never typed by anyone).
_FIELD_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class _Entry(Generic[R]):
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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, length: int = SNIPPET_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class _Index(Generic[R]):
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
        self._seen: tuple[tuple[object, ...], list[_Entry[R]]] | None = None
        self._entries: dict[str, _Entry[R]] = {}
        self._warming: Iterator[R] | None = None
        self._warm = False
        # What warming up has seen so far, in order, and the version it started from: when
        # nothing changed meanwhile, the finished list serves the first search as is.
        self._warmed: list[_Entry[R]] = []
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

    def entry(self, record_id: str) -> _Entry[R] | None:
        """The entry folded for ``record_id`` by the last ``current()``, if any."""
        return self._entries.get(record_id)

    def current(self) -> list[_Entry[R]]:
        version = self._version() if self._version is not None else None
        seen = self._seen
        if version is not None and seen is not None and _same(version, seen[0]):
            return seen[1]
        known = self._entries
        entries: list[_Entry[R]] = []
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

    def _fold(self, record: R) -> _Entry[R]:
        title = fold(self._title(record))
        words = " " + "".join(char if char.isalnum() else " " for char in title)
        fields = (fold(field).replace(_FIELD_SEPARATOR, " ") for field in self._fields(record))
        text = _FIELD_SEPARATOR.join((title.replace(_FIELD_SEPARATOR, " "), *fields))
        return _Entry(record, title, words, text)


def _same(version: tuple[object, ...], other: tuple[object, ...]) -> bool:
    return len(version) == len(other) and all(a is b for a, b in zip(version, other, strict=True))


def _ranked(
    matches: list[_Entry[R]], terms: tuple[str, ...], limit: int
) -> list[tuple[float, _Entry[R]]]:
    """The best ``limit`` of ``matches`` with their scores, by title within a score."""
    # Partitioned with comprehensions, not a key function per entry: a one-letter query
    # matches thousands of records and this runs on every keystroke.
    if len(terms) == 1:
        term = terms[0]
        word = " " + term
        in_title = [entry for entry in matches if term in entry.title]
        starts = [entry for entry in in_title if word in entry.title_words]
        inside = [entry for entry in in_title if word not in entry.title_words]
        elsewhere = [entry for entry in matches if term not in entry.title]
    else:
        starts, inside, elsewhere = [], [], []
        for entry in matches:
            if not all(term in entry.title for term in terms):
                elsewhere.append(entry)
            elif all(" " + term in entry.title_words for term in terms):
                starts.append(entry)
            else:
                inside.append(entry)
    groups = (
        (SCORE_TITLE_WORD_START, starts),
        (SCORE_IN_TITLE, inside),
        (SCORE_ELSEWHERE, elsewhere),
    )
    by_title = attrgetter("title")
    best: list[tuple[float, _Entry[R]]] = []
    for score, group in groups:
        room = limit - len(best)
        if room <= 0:
            break
        best.extend((score, entry) for entry in heapq.nsmallest(room, group, key=by_title))
    return best


def _matches(
    index: _Index[R], terms: tuple[str, ...], query: str, limit: int
) -> list[tuple[float, _Entry[R]]]:
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
    entries: list[_Entry[R]], query: str, limit: int, exclude: set[str]
) -> list[tuple[float, _Entry[R]]]:
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


def _snippet(entry: _Entry[R], originals: tuple[str, ...], terms: tuple[str, ...]) -> str:
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


class SearchedPerson(Protocol):
    """What search needs of a person: a ``Person``, or a ``PersonText`` read from storage."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def working_on(self) -> str: ...
    @property
    def notes(self) -> str: ...
    @property
    def organization(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PersonText:
    """The searched fields of a person, without the rest of the record."""

    id: str
    name: str
    working_on: str
    notes: str
    organization: str


def _person_fields(person: SearchedPerson) -> tuple[str, ...]:
    return (person.working_on, person.notes, person.organization)


def _event_fields(event: Event) -> tuple[str, ...]:
    return (event.organizer, event.venue, event.description)


def _opener_fields(opener: Opener) -> tuple[str, ...]:
    return ()


#: An encounter (its note) or an offer (what I promised): both say something about a person.
@dataclass(frozen=True, slots=True)
class PersonNote:
    """What is searched of an encounter's note or a promise: small, so that 30,000 of them
    cost a few megabytes, not the decoded records."""

    id: str
    person_id: str
    text: str


_PersonNote = PersonNote


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
        offers: Iterable[Offer] = (),
        notes: Iterable[PersonNote] | None = None,
        notes_version: Callable[[], tuple[object, ...]] | None = None,
    ) -> None:
        """``notes`` (e.g. ``StoredNotes``) or else ``encounters`` and ``offers`` give the notes
        that find a person. ``notes_version`` returns objects that are replaced whenever an
        encounter or an offer changes (the store's tables): 30,000 notes are then re-read only
        after a change, not on every keystroke."""
        self._people = _Index(people, lambda person: person.name, _person_fields)
        self._events = _Index(events, lambda event: event.title, _event_fields)
        visible = _VisibleOpeners(openers)
        self._openers = _Index(visible, lambda opener: opener.text, _opener_fields)
        # No title: a note is found by its words only.
        self._notes = _Index(
            notes if notes is not None else _NotesAboutPeople(encounters, offers),
            lambda _note: "",
            _note_fields,
            version=notes_version,
        )
        self._note_text = _JoinedText[_PersonNote]()

    def warm_up(self, budget: int = 200) -> bool:
        """Fold a few more records (see ``_Index.warm_up``); True when all kinds are done."""
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
            when = format_date(event.start.astimezone(local_timezone()).date())
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


class _JoinedText(Generic[R]):
    """The folded text of many entries as one string, for a scan that can stop early.

    30,000 notes tested one by one cost ~4 ms a keystroke; one ``str.find`` over them all is
    a fraction of that, and stops as soon as enough people are found.
    """

    def __init__(self) -> None:
        self._entries: list[_Entry[R]] | None = None
        self._text = ""
        self._starts: list[int] = []

    def prepare(self, entries: list[_Entry[R]]) -> None:
        """Join ``entries`` (from ``_Index.current``) unless they are the ones joined last."""
        if entries is not self._entries:
            self._entries = entries
            self._text = "\0".join(entry.text for entry in entries)
            self._starts = list(accumulate((len(entry.text) + 1 for entry in entries), initial=0))

    def matching(self, entries: list[_Entry[R]], terms: tuple[str, ...]) -> Iterator[_Entry[R]]:
        """The entries containing every term, in order (``entries`` from ``_Index.current``)."""
        self.prepare(entries)
        first = max(terms, key=len)
        position = self._text.find(first)
        while position >= 0:
            number = bisect_right(self._starts, position) - 1
            entry = entries[number]
            if all(term in entry.text for term in terms):
                yield entry
            position = self._text.find(first, self._starts[number + 1])


def notes_tables(store: Store) -> tuple[object, ...]:
    """The stored encounter and offer tables: a new object each time one of them changes."""
    tables = store.tables()
    return (tables.get("encounters"), tables.get("offers"))


class _NotesAboutPeople:
    """Encounters with a note, and offers, re-read on every iteration (as ``PersonNote``s,
    the same object for as long as its record is the same)."""

    def __init__(self, encounters: Iterable[Encounter], offers: Iterable[Offer]) -> None:
        self._encounters = encounters
        self._offers = offers
        self._made: dict[str, tuple[object, PersonNote]] = {}

    def _note(self, record: Encounter | Offer, text: str) -> PersonNote:
        made = self._made.get(record.id)
        if made is None or made[0] is not record:
            made = (record, PersonNote(id=record.id, person_id=record.person_id, text=text))
            self._made[record.id] = made
        return made[1]

    def __iter__(self) -> Iterator[PersonNote]:
        for encounter in self._encounters:
            if encounter.note:
                yield self._note(encounter, encounter.note)
        for offer in self._offers:
            yield self._note(offer, offer.text)


def _text_field(document: dict[str, object], field: str) -> str:
    value = document.get(field)
    return value if isinstance(value, str) else ""


class StoredPeople:
    """The searched fields of the store's people, read from the stored documents without
    decoding 10,000 records (the People page decodes them when it is opened)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._made: dict[str, tuple[object, PersonText]] = {}

    def __iter__(self) -> Iterator[PersonText]:
        made = self._made
        people = self._store.tables().get("people", {})
        for key, document in people.items():
            known = made.get(key)
            if known is None or known[0] is not document:
                person = PersonText(
                    id=key,
                    name=_text_field(document, "name"),
                    working_on=_text_field(document, "working_on"),
                    notes=_text_field(document, "notes"),
                    organization=_text_field(document, "organization"),
                )
                known = made[key] = (document, person)
            yield known[1]
        if len(made) > len(people) + FORGET_AFTER:
            self._made = {}


#: How many deleted notes ``StoredNotes`` may remember before it forgets them all.
FORGET_AFTER = 1_000


class StoredNotes:
    """The notes of the store's encounters and promises, read from the stored documents
    without decoding them into records (which would keep 30,000 of those in memory)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._made: dict[str, tuple[object, PersonNote]] = {}

    def __iter__(self) -> Iterator[PersonNote]:
        tables = self._store.tables()
        made = self._made
        seen = 0
        for table, field in (("encounters", "note"), ("offers", "text")):
            for key, document in tables.get(table, {}).items():
                text = document.get(field)
                if not text or not isinstance(text, str):
                    continue
                known = made.get(key)
                if known is None or known[0] is not document:
                    person_id = document.get("person_id")
                    note = PersonNote(id=key, person_id=str(person_id or ""), text=text)
                    known = made[key] = (document, note)
                seen += 1
                yield known[1]
        if len(made) > seen + FORGET_AFTER:
            # Many notes were deleted: start afresh rather than keep them forever.
            self._made = {}


class _VisibleOpeners:
    """The openers the user has not hidden, re-read on every iteration."""

    def __init__(self, openers: Iterable[Opener]) -> None:
        self._openers = openers

    def __iter__(self) -> Iterator[Opener]:
        return (opener for opener in self._openers if not opener.hidden)
