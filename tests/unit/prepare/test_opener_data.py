"""Checks on the shipped opener library: every locale file, its shape, coverage and quality."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz, process

from companion import paths
from companion.domain.openers import MAX_OPENER_LENGTH, OpenerStage
from companion.services.prepare.opener_library import GENERAL, builtin_openers, clear_cache
from companion.services.profile.interests import builtin_catalogue

OPENERS_DIR = paths.resources_dir() / "openers"
LOCALE_FILES = sorted(OPENERS_DIR.glob("*.json"))
MIN_OPENERS = 300
MIN_CATALOGUE_INTERESTS = 40
MIN_GENERAL_PER_STAGE = 6
MAX_SHOWN_LENGTH = 200  # a card line, well under the domain's MAX_OPENER_LENGTH
MIN_LENGTH = 15
NEAR_DUPLICATE_SCORE = 88
# Each catalogue interest has its own lines (the interest first, as in its ids) in every stage.
MIN_OWN_PER_STAGE = {"open": 2, "go_deeper": 2, "offer_help": 3, "close": 3}
# No two-word start may open more than this share of a stage's lines (a card should not sound
# like a form: "What's the … What's the …").
MAX_SHARE_OF_A_START = 0.25
ID_PATTERN = re.compile(r"^[a-z0-9-]+\.(open|go_deeper|offer_help|close)\.[0-9]+$")
# The small talk this app exists to replace.
SMALL_TALK = (
    "what do you do?",
    "what do you do for a living",
    "so, what",
    "was machst du beruflich",
    "und, was machst du?",
)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _openers(path: Path) -> list[dict[str, Any]]:
    openers: list[dict[str, Any]] = _load(path)["openers"]
    return openers


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _first_two_words(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", text.casefold().replace("\u2019", "'"))[:2])


@pytest.fixture(autouse=True)
def fresh_library() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(params=LOCALE_FILES, ids=lambda path: path.stem)
def locale_file(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def test_english_and_german_files_are_shipped() -> None:
    # Given the resources folder / When its opener files are listed / Then both languages are there
    assert {path.stem for path in LOCALE_FILES} >= {"en", "de"}


def test_each_file_has_the_versioned_schema(locale_file: Path) -> None:
    # Given a shipped opener file
    data = _load(locale_file)
    # When its top level and entries are read
    # Then it names its version and locale, and every entry has exactly the four fields
    assert data["version"] == 1
    assert data["locale"] == locale_file.stem
    assert isinstance(data["openers"], list)
    for entry in data["openers"]:
        assert set(entry) == {"id", "stage", "interests", "text"}, entry
        assert isinstance(entry["id"], str) and ID_PATTERN.match(entry["id"]), entry
        assert isinstance(entry["text"], str), entry
        assert isinstance(entry["interests"], list), entry


def test_each_file_holds_enough_openers_with_unique_ids(locale_file: Path) -> None:
    # Given a shipped opener file / When its ids are counted
    ids = [entry["id"] for entry in _openers(locale_file)]
    # Then there are enough of them and none repeats
    assert len(ids) >= MIN_OPENERS
    repeated = sorted({opener_id for opener_id in ids if ids.count(opener_id) > 1})
    assert repeated == []


def test_every_opener_has_a_known_stage_and_known_interests(locale_file: Path) -> None:
    # Given the catalogue's interest slugs and the general one
    known = {interest.slug for interest in builtin_catalogue().interests} | {GENERAL}
    # When each opener is checked
    for entry in _openers(locale_file):
        # Then its stage is one of the four and it has at least one interest, all known
        assert entry["stage"] in {stage.value for stage in OpenerStage}, entry
        assert entry["interests"], entry
        unknown = set(entry["interests"]) - known
        assert not unknown, f"{entry['id']}: unknown interests {sorted(unknown)}"
        assert entry["id"].startswith(f"{entry['interests'][0]}.{entry['stage']}."), entry


def test_enough_catalogue_interests_are_covered_in_all_four_stages(locale_file: Path) -> None:
    # Given the stages each interest has openers for
    stages: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for entry in _openers(locale_file):
        for slug in entry["interests"]:
            stages[slug].add(entry["stage"])
            counts[slug] += 1
    # Then enough catalogue interests are covered, each with every stage and a handful of openers
    catalogue_slugs = set(stages) - {GENERAL}
    assert len(catalogue_slugs) >= MIN_CATALOGUE_INTERESTS
    all_stages = {stage.value for stage in OpenerStage}
    missing = {
        slug: sorted(all_stages - found) for slug, found in stages.items() if found != all_stages
    }
    assert missing == {}
    assert {slug: n for slug, n in counts.items() if n < 6} == {}


def test_general_openers_cover_every_stage(locale_file: Path) -> None:
    # Given the openers that suit any crowd / When counted per stage
    per_stage: dict[str, int] = defaultdict(int)
    for entry in _openers(locale_file):
        if GENERAL in entry["interests"]:
            per_stage[entry["stage"]] += 1
    # Then an event with no interests still gets several good openers for each stage
    short = {stage.value: per_stage[stage.value] for stage in OpenerStage}
    assert min(short.values()) >= MIN_GENERAL_PER_STAGE, short


def test_texts_fit_on_a_card_and_are_not_small_talk(locale_file: Path) -> None:
    # Given every opener text
    for entry in _openers(locale_file):
        text = entry["text"]
        # Then it is trimmed, a sentence long, fits the card and the domain, and avoids small talk
        assert text == text.strip() and "  " not in text, entry["id"]
        assert MIN_LENGTH <= len(text) <= min(MAX_SHOWN_LENGTH, MAX_OPENER_LENGTH), entry["id"]
        assert not any(phrase in text.casefold() for phrase in SMALL_TALK), entry["id"]


def test_no_two_openers_in_a_file_are_near_duplicates(locale_file: Path) -> None:
    # Given the normalised texts of one locale
    entries = _openers(locale_file)
    texts = [_normalised(entry["text"]) for entry in entries]
    # When each is fuzzy-matched against all the others
    pairs = []
    for index, text in enumerate(texts):
        matches = process.extract(
            text, texts, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE, limit=None
        )
        pairs += [
            (round(score), entries[index]["text"], entries[other]["text"])
            for _, score, other in matches
            if other > index
        ]
    # Then no pair is close enough to be the same opener twice
    assert pairs == [], "near-duplicate openers:\n" + "\n".join(map(str, pairs))


def test_translations_have_exactly_the_english_ids_stages_and_interests(
    locale_file: Path,
) -> None:
    # Given the English library, which defines ids, stages and interests
    english = {entry["id"]: entry for entry in _openers(OPENERS_DIR / "en.json")}
    # When a locale file is compared with it
    entries = {entry["id"]: entry for entry in _openers(locale_file)}
    # Then it translates every opener, adds none, and keeps each opener's stage and interests
    assert sorted(entries) == sorted(english)
    for opener_id, entry in entries.items():
        assert entry["stage"] == english[opener_id]["stage"], opener_id
        assert entry["interests"] == english[opener_id]["interests"], opener_id


@pytest.mark.parametrize(
    "translation",
    [path for path in LOCALE_FILES if path.stem != "en"],
    ids=lambda path: path.stem,
)
def test_translations_are_not_left_in_english(translation: Path) -> None:
    # Given a translated locale file
    english = {entry["id"]: entry["text"] for entry in _openers(OPENERS_DIR / "en.json")}
    # When each text is compared with the English one / Then none is a copy
    untranslated = [e["id"] for e in _openers(translation) if e["text"] == english[e["id"]]]
    assert untranslated == []


def test_the_loader_builds_every_shipped_opener_in_its_own_language(locale_file: Path) -> None:
    # Given a shipped locale / When the loader reads it
    openers = builtin_openers(locale_file.stem)
    # Then every entry becomes a built-in opener in that language (no English fallback needed)
    assert len(openers) == len(_openers(locale_file))
    assert {opener.locale for opener in openers} == {locale_file.stem}
    assert all(opener.builtin for opener in openers)


def test_every_catalogue_interest_has_its_own_lines_in_every_stage(locale_file: Path) -> None:
    # Given the openers of a locale, grouped by the interest they are about (their first one)
    own: dict[tuple[str, str], int] = defaultdict(int)
    for entry in _openers(locale_file):
        own[(entry["interests"][0], entry["stage"])] += 1
    # When every catalogue interest is checked stage by stage
    short = {
        interest.slug: {
            stage: own[(interest.slug, stage)]
            for stage, least in MIN_OWN_PER_STAGE.items()
            if own[(interest.slug, stage)] < least
        }
        for interest in builtin_catalogue().interests
    }
    # Then each has at least two open, two go-deeper, three offer-help and three close lines
    assert {slug: counts for slug, counts in short.items() if counts} == {}


def test_no_stage_leans_on_one_way_of_starting(locale_file: Path) -> None:
    # Given the lines of each stage in one locale
    starts: dict[str, list[str]] = defaultdict(list)
    for entry in _openers(locale_file):
        starts[entry["stage"]].append(_first_two_words(entry["text"]))
    # When the most common two-word start of each stage is counted
    monotone = {}
    for stage, words in starts.items():
        start, count = Counter(words).most_common(1)[0]
        if count > MAX_SHARE_OF_A_START * len(words):
            monotone[stage] = (start, count, len(words))
    # Then none opens more than a quarter of its stage's lines
    assert monotone == {}


def test_the_monotony_check_catches_a_stage_that_always_starts_alike() -> None:
    # Given two-word starts where one start opens a third of the lines
    texts = ["What's the best one?", "What's the worst one?", "How do you do it?"]
    words = [_first_two_words(text) for text in texts]
    # When the most common one is counted / Then it is over the limit, apostrophes kept
    start, count = Counter(words).most_common(1)[0]
    assert start == "what's the"
    assert count > MAX_SHARE_OF_A_START * len(words)
    assert _first_two_words("What\u2019s the point?") == "what's the"


# Narrow interests and the broad ones they sit under: a narrow line must not reach a broad event.
NARROW_UNDER_BROAD = {
    "game-design": "board-games",
    "python": "programming",
    "web-development": "programming",
    "electronic-music": "making-music",
    "sci-fi-fantasy": "book-clubs",
}


def test_narrow_lines_do_not_carry_the_broad_interest(locale_file: Path) -> None:
    # Given the openers about a narrow interest (game design, Python, …)
    leaking = [
        entry["id"]
        for entry in _openers(locale_file)
        if NARROW_UNDER_BROAD.get(entry["interests"][0]) in entry["interests"]
    ]
    # Then none is also tagged with the broad interest above it (designing games is not for
    # every board-game night)
    assert leaking == []
