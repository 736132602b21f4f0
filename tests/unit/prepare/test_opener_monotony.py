"""Monotony check on the shipped opener library: a stage's lines do not all start alike.

Rule: in each language and stage, no two-word start ("what's the", "ich hab") begins more than a
quarter of the stage's lines; and within one interest's lines of a stage (four or more), no start
begins more than a quarter of them, rounded up (so four lines start four ways).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from typing import Any

import pytest

from companion import paths

OPENERS_DIR = paths.resources_dir() / "openers"
LOCALES = sorted(path.stem for path in OPENERS_DIR.glob("*.json"))
STAGES = ("open", "go_deeper", "offer_help", "close")
MAX_SHARE = 0.25
MIN_GROUP = 4


def _entries(locale: str) -> list[dict[str, Any]]:
    data = json.loads((OPENERS_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = data["openers"]
    return entries


def two_word_start(text: str) -> str:
    """The first two words, case folded and without punctuation ("What's the…" -> "what's the")."""
    folded = re.sub(r"[^\w\s'’]", " ", text.casefold()).replace("’", "'")
    return " ".join(folded.split()[:2])


def _stages_by_id() -> dict[str, tuple[str, tuple[str, ...]]]:
    """English defines each id's stage and interests; translations only supply the text."""
    return {
        entry["id"]: (entry["stage"], tuple(sorted(entry.get("interests", ()))))
        for entry in _entries("en")
    }


def _cases() -> list[Any]:
    cases = []
    for locale in LOCALES:
        for stage in STAGES:
            cases.append(pytest.param(locale, stage, id=f"{locale}-{stage}"))
    return cases


def test_two_word_start_ignores_case_and_punctuation() -> None:
    assert two_word_start("What's the best part?") == "what's the"
    assert two_word_start("Ich hab’ da was…") == "ich hab'"
    assert two_word_start("Hi!") == "hi"


@pytest.mark.parametrize(("locale", "stage"), _cases())
def test_no_start_opens_more_than_a_quarter_of_a_stage(locale: str, stage: str) -> None:
    # Given the lines of one stage in one language
    stages = _stages_by_id()
    starts = [
        two_word_start(entry["text"])
        for entry in _entries(locale)
        if stages.get(entry["id"], ("", ()))[0] == stage
    ]
    assert starts
    # Then the most common two-word start opens at most a quarter of them
    start, count = Counter(starts).most_common(1)[0]
    assert count <= MAX_SHARE * len(starts), f"{count} of {len(starts)} start with {start!r}"


@pytest.mark.parametrize("locale", LOCALES)
def test_one_interests_lines_of_a_stage_start_in_different_ways(locale: str) -> None:
    # Given each interest's lines per stage (groups of four or more)
    stages = _stages_by_id()
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for entry in _entries(locale):
        if entry["id"] in stages:
            groups[stages[entry["id"]]].append(two_word_start(entry["text"]))
    # Then within each, no start repeats beyond a quarter (rounded up)
    monotonous = {
        key: Counter(starts).most_common(1)[0]
        for key, starts in groups.items()
        if len(starts) >= MIN_GROUP
        and Counter(starts).most_common(1)[0][1] > math.ceil(MAX_SHARE * len(starts))
    }
    assert monotonous == {}


def test_the_rule_catches_a_monotonous_stage() -> None:
    # Given five lines of which two start alike, Then the check would refuse them
    starts = [two_word_start(text) for text in ("How do you a", "How do you b", "Why c", "d", "e")]
    start, count = Counter(starts).most_common(1)[0]
    assert start == "how do" and count > MAX_SHARE * len(starts)
