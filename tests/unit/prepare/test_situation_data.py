"""The shipped situations: every one the Prepare dialog offers, in English and German, with at
least ten lines each that are varied, short enough to say and free of placeholders."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

from companion import paths
from companion.services.prepare.situations import clear_cache, shipped_situations

FOLDER = paths.resources_dir() / "situations"
LOCALE_FILES = sorted(FOLDER.glob("*.json"))
REQUIRED = {
    "joining-a-group",
    "leaving-gracefully",
    "reconnecting",
    "knowing-no-one",
    "introverts",
    "format-talk",
    "format-workshop",
    "format-run-walk",
    "format-breakfast",
    "format-online",
}
FORMATS = {"talk", "workshop", "run-walk", "breakfast", "online"}
MIN_LINES = 10
MAX_LENGTH = 200
NEAR_DUPLICATE = 88


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def _data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _start(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.casefold()).split()[:2])


def test_english_and_german_are_shipped_with_every_situation() -> None:
    assert {path.stem for path in LOCALE_FILES} >= {"en", "de"}
    for path in LOCALE_FILES:
        data = _data(path)
        assert data["version"] == 1 and data["locale"] == path.stem
        assert {entry["id"] for entry in data["situations"]} == REQUIRED


def test_the_format_situations_name_their_format_and_words_that_reveal_it() -> None:
    english = _data(FOLDER / "en.json")["situations"]
    formats = {entry["format"]: entry["match"] for entry in english if entry.get("format")}
    assert set(formats) == FORMATS
    assert all(len(words) >= 3 for words in formats.values())


@pytest.mark.parametrize("path", LOCALE_FILES, ids=lambda path: path.stem)
def test_each_situation_has_ten_varied_sayable_lines(path: Path) -> None:
    for entry in _data(path)["situations"]:
        texts = [line["text"] for line in entry["lines"]]
        where = f"{path.stem} {entry['id']}"
        assert len(texts) >= MIN_LINES, where
        assert all(15 <= len(text) <= MAX_LENGTH for text in texts), where
        assert not any("{" in text or "}" in text for text in texts), where
        assert len({line["id"] for line in entry["lines"]}) == len(texts), where
        # Monotony: no two-word start opens more than a quarter of them (rounded up)
        start, count = Counter(_start(text) for text in texts).most_common(1)[0]
        assert count <= math.ceil(len(texts) / 4), f"{where}: {count} start with {start!r}"
        for index, text in enumerate(texts):
            for other in texts[index + 1 :]:
                assert fuzz.ratio(text.casefold(), other.casefold()) < NEAR_DUPLICATE, (text, other)


def test_german_has_the_english_ids_in_its_own_words_with_du() -> None:
    english = {e["id"]: e for e in _data(FOLDER / "en.json")["situations"]}
    german = {e["id"]: e for e in _data(FOLDER / "de.json")["situations"]}
    assert german.keys() == english.keys()
    for situation_id, entry in german.items():
        english_lines = {line["id"]: line["text"] for line in english[situation_id]["lines"]}
        german_lines = {line["id"]: line["text"] for line in entry["lines"]}
        assert german_lines.keys() == english_lines.keys(), situation_id
        assert entry["label"] != english[situation_id]["label"] or entry["label"] == "Online"
        assert all(german_lines[key] != english_lines[key] for key in german_lines)
        # "du" (or "ihr" to a group), never the formal "Sie"/"Ihnen"
        formal = [text for text in german_lines.values() if re.search(r"\b(Sie|Ihnen)\b", text)]
        assert formal == [], formal


def test_the_loader_gives_every_situation_in_german_with_english_fallback() -> None:
    german = shipped_situations("de_DE")
    assert {situation.id for situation in german} == REQUIRED
    assert german[0].label == "Zu einer Gruppe dazustoßen, die schon redet"
    assert shipped_situations("fr")[0].label == "Joining a group already talking"
