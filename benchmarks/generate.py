"""A deterministic synthetic store for the benchmarks, and the same data for stock TinyDB.

The store holds realistic records (names from many cultures, accents, right-to-left scripts,
notes of 50-600 characters) built as domain records, so they pass the same validation as the
app's own data. Generated stores are cached under ``benchmarks/out/`` keyed by their
parameters, because building 40,000 records takes a while and the benchmarks only read them.

Run as a script to (re)build one: ``python benchmarks/generate.py --people 10000``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    # Run as a script (``python benchmarks/generate.py``): make ``companion`` importable
    # even without the editable install.
    sys.path.insert(0, str(REPO_ROOT))

from companion import paths  # noqa: E402
from companion.domain.events import Event, EventStatus, PrepPlan, Reflection  # noqa: E402
from companion.domain.people import (  # noqa: E402
    Encounter,
    EncounterKind,
    FollowUp,
    Person,
    Promise,
    PromiseStatus,
)
from companion.storage.codec import to_full_document  # noqa: E402
from companion.storage.migrations import SCHEMA_VERSION  # noqa: E402
from companion.storage.store import Store  # noqa: E402

# Bump when the generated content changes, so cached stores are rebuilt.
GENERATOR_VERSION = 2  # 2: documents without their default fields
OUT_DIR = REPO_ROOT / "benchmarks" / "out"
COMPANION_DIR_NAME = "companion"
BASELINE_FILE_NAME = "tinydb-baseline.json"
_DONE_MARKER = "complete.json"


def _listed(text: str, separator: str = ", ") -> tuple[str, ...]:
    return tuple(text.split(separator))


INTERESTS = _listed(
    "board-games, climbing, machine-learning, open-source, photography, cycling, "
    "urban-gardening, jazz, startups, design, chess, running, cooking, language-exchange, "
    "volunteering, hiking, writing, rust, python, ceramics",
)

FIRST_NAMES = _listed(
    "Zoë, José, François, Søren, Łukasz, Ngọc Anh, Jürgen, Siobhán, Ayşe, Bjørn, Ólafur, "
    "María, Chloé, Renée, Thảo, Aigerim, Oluwaseun, Chidi, Amara, Kwame, Priya, Arjun, "
    "Ananya, Hiroshi, Yuki, Mei, Wei, Jae-won, Min-jun, Fatima, Omar, Leila, Yosef, Noa, "
    "Mateo, Sofía, Camila, Emma, Liam, Olivia, Noah, Anna, Lukas, Marta, Ines, João, "
    "Gonçalo, Dmitri, Олег, Наталья, Αλέξανδρος, Ελένη, محمد, فاطمة, דוד, שרה, राहुल, "
    "अनीता, 太郎, さくら, 伟, Žofia, Ștefan, İlkay, Mārtiņš, Greta, Ana Lucía, Jean-Luc, "
    "Mary-Kate, Åsa, Eero, Niamh, Tadhg, Zainab",
)

LAST_NAMES = _listed(
    "Müller, Peña, Dvořák, Kowalczyk, Nguyễn, Trần, Takahashi, Öztürk, Çelik, Đorđević, "
    "Ó Briain, García Márquez, Fernández, Schröder, Jørgensen, Sæther, Guðmundsdóttir, "
    "Okonkwo, Adeyemi, Mensah, Sharma, Iyer, Patel, Kim, Park, Li, Wang, Chen, Haddad, "
    "Khalil, Cohen, Levi, Silva, Gonçalves, Rossi, Bianchi, Dubois, Lefèvre, Smith, "
    "Johnson, O'Connor, van der Berg, de la Cruz, Nowak, Петров, Иванова, Παπαδόπουλος, "
    "الحسن, כהן, गुप्ता, 山田, 佐藤, 张, Virtanen, Kuznetsov, Brzęczyszczykiewicz, Häkkinen, "
    "Żurawski, Ionescu, Bērziņš, Yılmaz, Ngata, Tūhoe, Wójcik",
)

EMOJI = ("🌱", "🎲", "🧗", "📷", "🚲", "🎷")

NOTE_SENTENCES = (
    "Met at the {interest} meetup; we talked for ages about {topic}.",
    "Works on {topic} and is looking for someone who knows {interest}.",
    "Mentioned a side project about {topic}, wants feedback before launching.",
    "Has two kids, loves {interest}, recommended a book on {topic}.",
    "We both got lost on the way to the venue and ended up sharing a table.",
    "Asked me about {interest}; I promised to send the slides from my talk.",
    "Very calm, thoughtful questions. Prefers email over chat.",
    "Runs a small group for {interest} every second Thursday in the café near the station.",
    "Moved here from abroad last year, still finding their way around the city.",
    "Knows everyone in the {topic} scene, happy to make introductions.",
    "Next time: ask how the move went and whether the new job is about {topic}.",
    "Café au lait enthusiast; told a great story about a naïve robot and a façade.",
    "Could use help with {topic}; I know a person at the library who could help.",
    "Gave a lightning talk about {topic} that everybody was still discussing later.",
)

TOPICS = _listed(
    "community gardens, compilers, the history of chess openings, data privacy, "
    "bike repair, sourdough, accessibility, sustainable fashion, grant writing, "
    "mentoring juniors, small-batch ceramics, local politics, trail running, "
    "language learning apps, open data, typography, home automation, birdwatching",
)

EVENT_KINDS = _listed(
    "Game night, Bouldering social, Reading group, Hack evening, Photo walk, Group ride, "
    "Garden workday, Jam session, Founders breakfast, Design critique, Chess café, "
    "Park run, Supper club, Tandem evening, Repair café",
)

VENUES = _listed(
    "Community Hall; Café Größenwahn; Public Library, 2nd floor; Climbing gym Nordwand; "
    "Coworking Loft; Parc de la Villette; The Old Brewery; Makerspace; Online",
    separator="; ",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scale:
    """How many records of each kind the synthetic store holds."""

    people: int = 10_000
    events: int = 1_000
    encounters: int = 30_000
    promises: int = 2_000
    seed: int = 20_240_601

    def key(self) -> str:
        return (
            f"v{GENERATOR_VERSION}-s{SCHEMA_VERSION}-p{self.people}-e{self.events}"
            f"-c{self.encounters}-o{self.promises}-r{self.seed}"
        )

    def scaled(self, factor: float) -> Scale:
        return Scale(
            people=max(1, round(self.people * factor)),
            events=max(1, round(self.events * factor)),
            encounters=max(1, round(self.encounters * factor)),
            promises=max(1, round(self.promises * factor)),
            seed=self.seed,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SyntheticData:
    people: list[Person]
    events: list[Event]
    encounters: list[Encounter]
    promises: list[Promise]


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneratedStore:
    """Where a generated store lives: a companion data dir and a stock TinyDB file."""

    folder: Path
    scale: Scale

    @property
    def companion_dir(self) -> Path:
        return self.folder / COMPANION_DIR_NAME

    @property
    def baseline_file(self) -> Path:
        return self.folder / BASELINE_FILE_NAME


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def name(self) -> str:
        rng = self.rng
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if rng.random() < 0.02:
            name = f"{name} {rng.choice(EMOJI)}"
        return name

    def sentence(self) -> str:
        template = self.rng.choice(NOTE_SENTENCES)
        return template.format(
            interest=self.rng.choice(INTERESTS).replace("-", " "), topic=self.rng.choice(TOPICS)
        )

    def text(self, minimum: int, maximum: int) -> str:
        target = self.rng.randint(minimum, maximum)
        parts: list[str] = []
        length = 0
        while length < target:
            sentence = self.sentence()
            parts.append(sentence)
            length += len(sentence) + 1
        text = " ".join(parts)
        return text[:maximum].rstrip()

    def interests(self, most: int) -> tuple[str, ...]:
        return tuple(self.rng.sample(INTERESTS, self.rng.randint(0, most)))

    def day(self, start: date, span_days: int) -> date:
        return start + timedelta(days=self.rng.randrange(span_days))


def _ascii_handle(name: str, number: int) -> str:
    handle = "".join(char for char in name.lower() if char.isascii() and char.isalnum())
    return f"{handle or 'person'}{number}"


def generate(scale: Scale) -> SyntheticData:
    """Build the records; the same ``scale`` always gives the same records."""
    make = _Maker(scale.seed)
    first_day = date(2021, 1, 1)
    events = [_event(make, number, first_day) for number in range(scale.events)]
    person_ids = [make.id() for _ in range(scale.people)]
    encounters: list[Encounter] = []
    met_at: dict[str, list[str]] = {}
    for _ in range(scale.encounters):
        person_id = make.rng.choice(person_ids)
        event = make.rng.choice(events) if make.rng.random() < 0.7 else None
        if event is not None:
            met_at.setdefault(person_id, []).append(event.id)
        encounters.append(
            Encounter(
                id=make.id(),
                person_id=person_id,
                on=make.day(first_day, 1200),
                event_id=event.id if event else None,
                kind=make.rng.choice(list(EncounterKind)),
                note=make.text(0, 300) if make.rng.random() < 0.6 else "",
            )
        )
    people = [
        _person(make, person_id, number, met_at.get(person_id, []), first_day)
        for number, person_id in enumerate(person_ids)
    ]
    promises = [
        Promise(
            id=make.id(),
            person_id=make.rng.choice(person_ids),
            text=f"Send {make.rng.choice(TOPICS)} notes and an intro to a friend",
            due=make.day(first_day, 1300),
            status=make.rng.choice(list(PromiseStatus)),
            created=make.day(first_day, 1000),
        )
        for _ in range(scale.promises)
    ]
    return SyntheticData(people=people, events=events, encounters=encounters, promises=promises)


def _event(make: _Maker, number: int, first_day: date) -> Event:
    rng = make.rng
    kind = rng.choice(EVENT_KINDS)
    offset = timezone(timedelta(hours=rng.choice((-5, 0, 1, 2, 9))))
    start = datetime.combine(make.day(first_day, 1200), datetime.min.time(), offset) + timedelta(
        hours=rng.randint(8, 20)
    )
    reflection = (
        Reflection(felt_natural=rng.randint(1, 5), note=make.text(0, 200))
        if (rng.random() < 0.3)
        else None
    )
    return Event(
        id=make.id(),
        title=f"{kind}: {rng.choice(TOPICS)} #{number}",
        start=start,
        end=start + timedelta(hours=rng.randint(1, 4)),
        venue=rng.choice(VENUES),
        url=f"https://example.org/events/{number}",
        organizer=f"{rng.choice(LAST_NAMES)} group",
        description=make.text(100, 1500),
        source=rng.choice(("meetup", "eventbrite", "manual")),
        source_uid=f"event-{number}@example.org",
        interests=make.interests(3),
        status=rng.choice(list(EventStatus)),
        prep=PrepPlan(intention=make.text(0, 120)) if rng.random() < 0.4 else PrepPlan(),
        reflection=reflection,
    )


def _person(
    make: _Maker, person_id: str, number: int, event_ids: list[str], first_day: date
) -> Person:
    rng = make.rng
    name = make.name()
    handle = _ascii_handle(name, number)
    return Person(
        id=person_id,
        name=name,
        emails=(f"{handle}@example.org",) if rng.random() < 0.6 else (),
        phones=(f"+49 30 {rng.randint(1_000_000, 9_999_999)}",) if rng.random() < 0.3 else (),
        organization=rng.choice(("", "", "Freelance", "University", "City council", "Acme")),
        interests=make.interests(4),
        working_on=make.sentence() if rng.random() < 0.7 else "",
        looking_for=make.sentence() if rng.random() < 0.4 else "",
        notes=make.text(50, 600),
        event_ids=tuple(event_ids),
        first_met=make.day(first_day, 1200),
        follow_up=FollowUp(cadence_days=rng.choice((30, 90, 180))) if rng.random() < 0.3 else None,
    )


def write_companion_store(folder: Path, data: SyntheticData) -> None:
    """Write ``data`` into a Common Ground store in ``folder``, as one durable write."""
    with Store.open(folder) as store, store.batch():
        store.events.put_many(data.events)
        store.people.put_many(data.people)
        store.encounters.put_many(data.encounters)
        store.promises.put_many(data.promises)


def baseline_tables(data: SyntheticData) -> dict[str, dict[str, dict[str, Any]]]:
    """The same documents as stock TinyDB stores them: tables keyed by counting ids."""
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for name, records in (
        ("events", data.events),
        ("people", data.people),
        ("encounters", data.encounters),
        ("offers", data.promises),
    ):
        tables[name] = {
            # Every field, as a plain dataclass dump stores it (and as this app did before it
            # left default fields out): the baseline stays the same across versions.
            str(number): to_full_document(record)
            for number, record in enumerate(records, start=1)
        }
    return tables


def write_baseline(path: Path, data: SyntheticData) -> None:
    """Write the same documents into a stock TinyDB ``JSONStorage`` file."""
    from tinydb.storages import JSONStorage

    storage = JSONStorage(str(path), create_dirs=True)
    try:
        storage.write(baseline_tables(data))
    finally:
        storage.close()


def ensure_store(scale: Scale, *, out_dir: Path = OUT_DIR, log: bool = False) -> GeneratedStore:
    """The generated store for ``scale``: from the cache, or built now."""
    generated = GeneratedStore(folder=out_dir / scale.key(), scale=scale)
    if (generated.folder / _DONE_MARKER).exists():
        return generated
    if generated.folder.exists():
        # A run that was interrupted left half a store behind.
        shutil.rmtree(generated.folder)
    if log:
        print(f"generating synthetic store {scale.key()} …", file=sys.stderr, flush=True)
    data = generate(scale)
    building = generated.folder.with_name(generated.folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    write_companion_store(building / COMPANION_DIR_NAME, data)
    write_baseline(building / BASELINE_FILE_NAME, data)
    (building / _DONE_MARKER).write_text(json.dumps({"key": scale.key()}), encoding="utf-8")
    building.rename(generated.folder)
    return generated


def copy_data_folder(source: Path, target: Path) -> Path:
    """A private copy of a data folder, without its lock (benchmarks that write must not touch
    the cache, and each process must find the folder as a fresh start would)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock", "*lock*"))
    paths.ensure_private_dir(target)
    return target


def copy_companion_store(generated: GeneratedStore, target: Path) -> Path:
    """A private copy of the generated (plain, never encrypted) store."""
    return copy_data_folder(generated.companion_dir, target)


def _records_summary(generated: GeneratedStore) -> Iterator[str]:
    with Store.open(generated.companion_dir, read_only=True) as store:
        for name in ("people", "events", "encounters", "promises"):
            yield f"{name}: {len(getattr(store, name))}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build (or find) a synthetic benchmark store.")
    defaults = Scale()
    parser.add_argument("--people", type=int, default=defaults.people)
    parser.add_argument("--events", type=int, default=defaults.events)
    parser.add_argument("--encounters", type=int, default=defaults.encounters)
    parser.add_argument("--promises", type=int, default=defaults.promises)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    options = parser.parse_args(argv)
    scale = Scale(
        people=options.people,
        events=options.events,
        encounters=options.encounters,
        promises=options.promises,
        seed=options.seed,
    )
    generated = ensure_store(scale, out_dir=options.out, log=True)
    print(generated.folder)
    for line in _records_summary(generated):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
