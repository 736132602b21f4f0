"""How well interest inference and the prep card stay on topic, on a labelled corpus.

The corpus (``tests/fixtures/inference/labelled_events.json``) holds 200+ realistic event titles
and descriptions in English and German, each with the interests it is about (``interests``) and
ones that are acceptable but not required (``also``: a broader interest, a side topic).

* Precision: of the interests inferred, the share that are expected (ones in ``also`` are left
  out of both counts). Recall: of the expected interests, the share inferred.
* Card: a prep card is suggested for each event from its inferred interests (empty profile,
  the shipped English library); a line counts as on topic when it is about an interest the
  event is really about (expected or ``also``, or a broader one of those). General lines do not
  count. Reported: how many events get at least 3 of 4 lines on topic.

The baseline, measured in the same run, is naive matching: every keyword and label of the
catalogue looked for as a case-folded substring of the title and description.

    python benchmarks/inference_quality.py [--misses]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figures import Row, median_ms

from companion.domain.folding import fold
from companion.domain.inference import build_matcher, infer_interests
from companion.domain.interests import with_ancestors
from companion.domain.opener_suggestion import STAGES, SuggestionContext, about, suggest_card
from companion.domain.openers import Opener
from companion.services.prepare.opener_library import builtin_openers
from companion.services.profile.interests import builtin_catalogue

CORPUS = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "fixtures"
    / "inference"
    / "labelled_events.json"
)
ON_TOPIC_GOAL = 3  # of the four lines on a card


@dataclass(frozen=True, slots=True)
class LabelledEvent:
    id: str
    title: str
    description: str
    expected: frozenset[str]
    also: frozenset[str]


@dataclass(frozen=True, slots=True)
class Quality:
    events: int
    true_positives: int
    false_positives: int
    false_negatives: int
    misses: tuple[str, ...]  # one line per event with a wrong or missing interest

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


@dataclass(frozen=True, slots=True)
class CardQuality:
    events: int
    on_topic_counts: tuple[int, ...]  # per event: lines of the card on topic (0-4)
    misses: tuple[str, ...]

    @property
    def share_meeting_goal(self) -> float:
        good = sum(1 for count in self.on_topic_counts if count >= ON_TOPIC_GOAL)
        return good / self.events if self.events else 1.0


def load_corpus(path: Path = CORPUS) -> list[LabelledEvent]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return [
        LabelledEvent(
            id=entry["id"],
            title=entry["title"],
            description=entry["description"],
            expected=frozenset(entry["interests"]),
            also=frozenset(entry.get("also", ())),
        )
        for entry in data["events"]
    ]


Infer = Callable[[Sequence[LabelledEvent]], list[tuple[str, ...]]]


def inferred_by_the_app(events: Sequence[LabelledEvent]) -> list[tuple[str, ...]]:
    matcher = build_matcher(builtin_catalogue().interests)
    return [
        infer_interests(matcher, title=event.title, description=event.description)
        for event in events
    ]


def inferred_naively(events: Sequence[LabelledEvent]) -> list[tuple[str, ...]]:
    """The baseline: any keyword or label as a substring, up to five interests."""
    needles = [
        (interest.slug, fold(keyword.rstrip("*")))
        for interest in builtin_catalogue().interests
        for keyword in (interest.label, *interest.keywords, *interest.weak_keywords)
    ]
    found: list[tuple[str, ...]] = []
    for event in events:
        text = fold(f"{event.title} {event.description}")
        slugs = dict.fromkeys(slug for slug, needle in needles if needle and needle in text)
        found.append(tuple(slugs)[:5])
    return found


def inference_quality(
    events: Sequence[LabelledEvent], infer: Infer = inferred_by_the_app
) -> Quality:
    tp = fp = fn = 0
    misses: list[str] = []
    for event, inferred in zip(events, infer(events), strict=True):
        found = set(inferred) - event.also
        right = found & event.expected
        wrong = found - event.expected
        missing = event.expected - set(inferred)
        tp += len(right)
        fp += len(wrong)
        fn += len(missing)
        if wrong or missing:
            misses.append(
                f"{event.id} {event.title!r}: wrong {sorted(wrong)} missing {sorted(missing)}"
            )
    return Quality(len(events), tp, fp, fn, tuple(misses))


def card_quality(
    events: Sequence[LabelledEvent],
    library: Sequence[Opener],
    infer: Infer = inferred_by_the_app,
) -> CardQuality:
    parents = builtin_catalogue().parents
    counts: list[int] = []
    misses: list[str] = []
    for event, inferred in zip(events, infer(events), strict=True):
        if not event.expected:
            continue  # an event about nothing in particular rightly gets general lines
        context = SuggestionContext(event_interests=inferred, parents=parents, seed=len(counts))
        card = suggest_card(library, context)
        truth = with_ancestors(event.expected | event.also, parents)
        on_topic = 0
        for stage in STAGES:
            opener = card[stage]
            if opener is not None and about(opener, parents) & truth:
                on_topic += 1
        counts.append(on_topic)
        if on_topic < ON_TOPIC_GOAL:
            misses.append(f"{event.id} {event.title!r}: {on_topic}/4 on topic ({inferred})")
    return CardQuality(len(counts), tuple(counts), tuple(misses))


def _distribution(cards: CardQuality) -> str:
    """How many cards had 4, 3, 2, 1 and 0 lines on topic: "4/4: 120, 3/4: 30, …"."""
    counts = Counter(cards.on_topic_counts)
    return ", ".join(f"{n}/4: {counts.get(n, 0)}" for n in range(4, -1, -1))


def inference_rows(*, runs: int) -> list[Row]:
    """The ``make bench`` rows: precision, recall, on-topic cards and time per event."""
    events = load_corpus()
    library = builtin_openers("en")
    ours = inference_quality(events)
    naive = inference_quality(events, inferred_naively)
    cards = card_quality(events, library)
    naive_cards = card_quality(events, library, inferred_naively)
    baseline = "naive substring matching"
    where = f"{len(events)} labelled events"
    ms_ours = median_ms(lambda: inferred_by_the_app(events), runs=runs) / len(events)
    ms_naive = median_ms(lambda: inferred_naively(events), runs=runs) / len(events)
    return [
        Row(
            name="interest inference, precision",
            unit="%",
            ours=100 * ours.precision,
            baseline=100 * naive.precision,
            baseline_name=baseline,
            runs=1,
            budget=">= 90 %",
            within_budget=ours.precision >= 0.9,
            note=where,
        ),
        Row(
            name="interest inference, recall",
            unit="%",
            ours=100 * ours.recall,
            baseline=100 * naive.recall,
            baseline_name=baseline,
            runs=1,
            budget=">= 85 %",
            within_budget=ours.recall >= 0.85,
        ),
        Row(
            name=f"prep cards with >= {ON_TOPIC_GOAL}/4 lines on topic",
            unit="%",
            ours=100 * cards.share_meeting_goal,
            baseline=100 * naive_cards.share_meeting_goal,
            baseline_name=f"cards from {baseline}",
            runs=1,
            budget=">= 90 %",
            within_budget=cards.share_meeting_goal >= 0.9,
            note=(
                f"{cards.events} events about something; lines on topic per card "
                f"{_distribution(cards)}; English opener library as in this branch "
                f"({len(library)} lines); empty profile"
            ),
        ),
        Row(
            name="interest inference, per event",
            unit="ms",
            ours=ms_ours,
            baseline=ms_naive,
            baseline_name=baseline,
            runs=runs,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--misses", action="store_true", help="list the events that went wrong")
    options = parser.parse_args()
    events = load_corpus()
    quality = inference_quality(events)
    cards = card_quality(events, builtin_openers("en"))
    naive = inference_quality(events, inferred_naively)
    print(f"naive baseline: precision {naive.precision:.3f}  recall {naive.recall:.3f}")
    print(f"events: {quality.events}")
    print(f"precision {quality.precision:.3f}  recall {quality.recall:.3f}")
    print(
        f"cards with >= {ON_TOPIC_GOAL}/4 lines on topic: {cards.share_meeting_goal:.1%}"
        f" of {cards.events} events ({_distribution(cards)})"
    )
    if options.misses:
        print("\n".join([*quality.misses, "", *cards.misses]))


if __name__ == "__main__":
    main()
