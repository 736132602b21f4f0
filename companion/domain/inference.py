"""Guess which interests an event is about from its categories, title and description.

Matching works on words, never on substrings: "art" does not match "start". Case and accents
are ignored ("Café" = "cafe", "Fußball" = "fussball"); the last word of a keyword also matches
its English plural ("board game" matches "board games"), and a keyword ending in ``*`` matches
any word starting with it (German compounds: "brettspiel*" matches "Brettspielabend").
A category counts more than a word in the title, which counts more than one in the description.

Build an ``InterestMatcher`` once per catalogue (it indexes every keyword), then call
``infer_interests`` per event: 2,000 events take a few tens of milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from companion.domain.interests import Interest

CATEGORY_WEIGHT = 3.0
TITLE_WEIGHT = 2.0
DESCRIPTION_WEIGHT = 1.0
# A second or third different keyword of the same interest in one field adds a little: an event
# mentioning "Catan" and "meeple" is more surely about board games than one saying "Catan".
EXTRA_KEYWORD_SHARE = 0.25
MAX_EXTRA_KEYWORDS = 2
DEFAULT_LIMIT = 5
DEFAULT_MIN_SCORE = 1.0

_WORD = re.compile(r"[^\W_]+[+#]*")
_PLURAL_ENDINGS = ("s", "es")
_CACHE_LIMIT = 200_000
# The combining marks NFKD splits off Latin, Greek and Cyrillic letters ("é" -> "e" + U+0301).
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def normalize(text: str) -> str:
    """Lower case, accents removed, ``ß`` as ``ss``: the form both texts and keywords take."""
    if text.isascii():
        return text.lower()  # the common case, and ten times faster than decomposing
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", text.casefold()))


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


@dataclass(frozen=True, slots=True)
class _Phrase:
    slug: str
    words: tuple[str, ...]
    prefix: bool  # the last word is a prefix (keyword ended in "*")

    def matches_at(self, tokens: list[str], start: int) -> bool:
        end = start + len(self.words)
        if end > len(tokens):
            return False
        *leading, last = self.words
        if any(tokens[start + offset] != word for offset, word in enumerate(leading)):
            return False
        token = tokens[end - 1]
        if self.prefix:
            return token.startswith(last)
        return token == last or any(token == last + ending for ending in _PLURAL_ENDINGS)


@dataclass(frozen=True, slots=True)
class InterestMatcher:
    """Every keyword (and label) of a catalogue, indexed by the word it starts with."""

    order: dict[str, int]  # slug -> catalogue position, to break ties the same way every time
    by_first_word: dict[str, tuple[_Phrase, ...]]
    prefix_lengths: tuple[int, ...]  # lengths of prefix keywords that are a single word
    # Words repeat across events ("the", "and", "meetup"): the phrases that may start at a word
    # are looked up once per word. Only a cache; cleared when it grows past _CACHE_LIMIT.
    candidates: dict[str, _Candidates] = field(default_factory=dict)

    def phrases_starting_at(self, token: str) -> _Candidates:
        """(one-word keywords this word matches, longer keywords that may start here)."""
        cached = self.candidates.get(token)
        if cached is None:
            if len(self.candidates) >= _CACHE_LIMIT:
                self.candidates.clear()
            keys = _candidate_keys(token, self.prefix_lengths)
            found = {p: None for key in sorted(keys) for p in self.by_first_word.get(key, ())}
            single = tuple(p for p in found if len(p.words) == 1 and p.matches_at([token], 0))
            longer = tuple(p for p in found if len(p.words) > 1)
            cached = self.candidates[token] = (single, longer)
        return cached


_Candidates = tuple[tuple[_Phrase, ...], tuple[_Phrase, ...]]


def build_matcher(interests: Iterable[Interest]) -> InterestMatcher:
    """Index the labels and keywords of ``interests`` (built-in and user-made alike)."""
    order: dict[str, int] = {}
    index: dict[str, dict[_Phrase, None]] = {}
    prefix_lengths: set[int] = set()
    for interest in interests:
        order.setdefault(interest.slug, len(order))
        seen: set[tuple[tuple[str, ...], str, bool]] = set()
        # Shortest first, so that of "outdoor" and "outdoors" only "outdoor" (which matches
        # both) is kept: one word in two forms must not count as two different keywords.
        for keyword in sorted((interest.label, *interest.keywords), key=len):
            prefix = keyword.rstrip().endswith("*")
            tokens = tuple(words(keyword))
            if not tokens:
                continue
            *leading, last = tokens
            forms = {last, *(last[: -len(e)] for e in _PLURAL_ENDINGS if last.endswith(e))}
            if any((tuple(leading), form, prefix) in seen for form in forms):
                continue
            seen.add((tuple(leading), last, prefix))
            phrase = _Phrase(interest.slug, tokens, prefix)
            index.setdefault(tokens[0], {})[phrase] = None
            if prefix and len(tokens) == 1:
                prefix_lengths.add(len(tokens[0]))
    return InterestMatcher(
        order=order,
        by_first_word={word: tuple(phrases) for word, phrases in index.items()},
        prefix_lengths=tuple(sorted(prefix_lengths)),
    )


def _candidate_keys(token: str, prefix_lengths: tuple[int, ...]) -> set[str]:
    keys = {token}
    for ending in _PLURAL_ENDINGS:
        if token.endswith(ending) and len(token) > len(ending):
            keys.add(token[: -len(ending)])
    keys.update(token[:length] for length in prefix_lengths if length < len(token))
    return keys


def _matched_phrases(
    matcher: InterestMatcher, texts: Iterable[str]
) -> dict[str, set[tuple[str, ...]]]:
    """slug -> the different keywords of that interest found in ``texts``."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for text in texts:
        tokens = words(text)
        for position, token in enumerate(tokens):
            single, longer = matcher.phrases_starting_at(token)
            for phrase in single:
                found.setdefault(phrase.slug, set()).add(phrase.words)
            for phrase in longer:
                if phrase.matches_at(tokens, position):
                    found.setdefault(phrase.slug, set()).add(phrase.words)
    return found


def _add_field(
    scores: dict[str, float], matcher: InterestMatcher, texts: Iterable[str], weight: float
) -> None:
    for slug, keywords in _matched_phrases(matcher, texts).items():
        extra = min(len(keywords) - 1, MAX_EXTRA_KEYWORDS)
        scores[slug] = scores.get(slug, 0.0) + weight * (1 + EXTRA_KEYWORD_SHARE * extra)


def score_interests(
    matcher: InterestMatcher,
    *,
    categories: Iterable[str] = (),
    title: str = "",
    description: str = "",
) -> list[tuple[str, float]]:
    """Every interest the texts mention, with its score, best first (ties: catalogue order)."""
    scores: dict[str, float] = {}
    # Each category is matched on its own (no phrase spans two of them), but an interest named
    # by several categories counts once per field, like one named twice in a title.
    _add_field(scores, matcher, categories, CATEGORY_WEIGHT)
    _add_field(scores, matcher, (title,), TITLE_WEIGHT)
    _add_field(scores, matcher, (description,), DESCRIPTION_WEIGHT)
    return sorted(scores.items(), key=lambda item: (-item[1], matcher.order.get(item[0], 0)))


def infer_interests(
    matcher: InterestMatcher,
    *,
    categories: Iterable[str] = (),
    title: str = "",
    description: str = "",
    limit: int = DEFAULT_LIMIT,
    min_score: float = DEFAULT_MIN_SCORE,
) -> tuple[str, ...]:
    """The slugs of the interests an event is most likely about, best first, at most ``limit``."""
    ranked = score_interests(matcher, categories=categories, title=title, description=description)
    return tuple(slug for slug, score in ranked if score >= min_score)[:limit]
