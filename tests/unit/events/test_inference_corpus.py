"""Inference and prep cards measured on the labelled corpus of 200+ realistic events.

The figures themselves are printed by ``make bench``; these floors keep them from sliding back.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from companion.domain.opener_suggestion import GENERAL
from companion.domain.openers import Opener, OpenerStage
from companion.services.profile.interests import builtin_catalogue

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS = REPO_ROOT / "tests" / "fixtures" / "inference" / "labelled_events.json"
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.85


@pytest.fixture
def quality(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """``benchmarks/inference_quality.py``, which measures what ``make bench`` prints."""
    monkeypatch.syspath_prepend(str(REPO_ROOT / "benchmarks"))
    path = REPO_ROOT / "benchmarks" / "inference_quality.py"
    spec = importlib.util.spec_from_file_location("inference_quality", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_the_corpus_is_big_varied_and_labelled_with_catalogue_interests() -> None:
    # Given the labelled corpus
    events = json.loads(CORPUS.read_text(encoding="utf-8"))["events"]
    known = {interest.slug for interest in builtin_catalogue().interests}
    # Then it holds at least 200 events with unique ids, German ones among them, and every
    # label is a catalogue interest, never both expected and merely acceptable
    assert len(events) >= 200
    assert len({event["id"] for event in events}) == len(events)
    german = [e for e in events if any(w in e["description"] for w in (" wir ", " und ", " für "))]
    assert len(german) >= 35
    for event in events:
        assert set(event["interests"]) <= known, event["id"]
        assert set(event.get("also", ())) <= known, event["id"]
        assert not set(event["interests"]) & set(event.get("also", ())), event["id"]
    groups = {
        interest.group
        for interest in builtin_catalogue().interests
        if any(interest.slug in event["interests"] for event in events)
    }
    assert len(groups) == len(builtin_catalogue().groups)


def test_inference_on_the_corpus_keeps_its_precision_and_recall(quality: ModuleType) -> None:
    # Given the corpus, When every event's interests are inferred from its title and text
    result = quality.inference_quality(quality.load_corpus(CORPUS))
    # Then the inferred interests are mostly right and mostly complete
    assert result.precision >= PRECISION_FLOOR, "\n".join(result.misses)
    assert result.recall >= RECALL_FLOOR, "\n".join(result.misses)


def test_with_lines_for_every_interest_cards_stay_on_topic(quality: ModuleType) -> None:
    # Given a library with the minimum lines per interest and stage the content must have
    # (2 open, 2 go deeper, 3 offer help, 3 close) plus general lines
    library = [
        Opener(
            id=f"general.{stage.value}", text="A general line?", stage=stage, interests=(GENERAL,)
        )
        for stage in OpenerStage
    ]
    minimum = {
        OpenerStage.OPEN: 2,
        OpenerStage.GO_DEEPER: 2,
        OpenerStage.OFFER_HELP: 3,
        OpenerStage.CLOSE: 3,
    }
    for interest in builtin_catalogue().interests:
        for stage, count in minimum.items():
            library += [
                Opener(
                    id=f"{interest.slug}.{stage.value}.{n}",
                    text=f"A line about {interest.label}?",
                    stage=stage,
                    interests=(interest.slug,),
                )
                for n in range(count)
            ]
    # When a card is suggested for every corpus event from its inferred interests
    cards = quality.card_quality(quality.load_corpus(CORPUS), library)
    # Then at least 90 % of them have 3 or 4 of their 4 lines about the event's own interests
    assert cards.share_meeting_goal >= 0.9, "\n".join(cards.misses)
