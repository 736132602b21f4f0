"""Guess which interests an event is about from its categories, title and description.

Matching works on words, never on substrings: "art" does not match "start". Case and accents
are ignored ("Café" = "cafe", "Fußball" = "fussball"); the last word of a keyword also matches
its English plural ("board game" matches "board games"), and a keyword ending in ``*`` matches
any word starting with it (German compounds: "brettspiel*" matches "Brettspielabend").
A category counts more than a word in the title, which counts more than one in the description.

Staying on topic:

* The longest match wins: where "mental health" matches, the "health" inside it does not also
  count for healthy living, nor "science" inside "data science" for popular science.
* In a description, a keyword right before a word of service or welcome ("good fitness
  required", "dogs welcome", "gloves provided", "Kinder willkommen") does not count.
* Weak keywords (``Interest.weak_keywords``) are words events use for amenities and boilerplate
  ("coffee and croissants", "kids welcome", "drinks in the beer garden"): they count in a
  category, and in a title that names no other interest ("Specialty Coffee Cupping" is about
  coffee, "Gravel Ride & Coffee" is not), never in a description.

Build an ``InterestMatcher`` once per catalogue (it indexes every keyword), then call
``infer_interests`` per event: a fraction of a millisecond each (``make bench`` measures it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from companion.domain.folding import fold
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
# Words after which a keyword is boilerplate, not the topic (normalised forms).
_BOILERPLATE_AFTER = frozenset(
    {
        "welcome",
        "required",
        "needed",
        "provided",
        "included",
        "available",
        "recommended",
        "willkommen",
        "erwunscht",
        "erforderlich",
        "inklusive",
        "vorhanden",
        "gestellt",
    }
)


def words(text: str) -> list[str]:
    """The folded words of ``text``: the form both texts and keywords take."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True, slots=True)
class _Phrase:
    slug: str
    words: tuple[str, ...]
    prefix: bool  # the last word is a prefix (keyword ended in "*")
    weak: bool = False  # an amenity or boilerplate word: see the module docstring

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
        weak = set(interest.weak_keywords)
        # Shortest first, so that of "outdoor" and "outdoors" only "outdoor" (which matches
        # both) is kept: one word in two forms must not count as two different keywords.
        # Strong before weak at the same length, so a word in both lists is strong.
        keywords = sorted(
            (interest.label, *interest.keywords, *interest.weak_keywords),
            key=lambda keyword: (len(keyword), keyword in weak),
        )
        strong = {*interest.keywords}
        # The label is strong unless it is made of weak words only ("Coffee & tea", "Wine").
        weak_words = {word for keyword in interest.weak_keywords for word in words(keyword)}
        if not set(words(interest.label)) <= weak_words:
            strong.add(interest.label)
        for keyword in keywords:
            prefix = keyword.rstrip().endswith("*")
            tokens = tuple(words(keyword))
            if not tokens:
                continue
            *leading, last = tokens
            forms = {last, *(last[: -len(e)] for e in _PLURAL_ENDINGS if last.endswith(e))}
            if any((tuple(leading), form, prefix) in seen for form in forms):
                continue
            seen.add((tuple(leading), last, prefix))
            phrase = _Phrase(interest.slug, tokens, prefix, weak=keyword not in strong)
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


def _matches_in(
    matcher: InterestMatcher, text: str, *, boilerplate: bool = False
) -> list[tuple[int, int, _Phrase]]:
    """(start, end, phrase) of every keyword in ``text``, but none inside a longer match.

    ``boilerplate``: leave out keywords right before a word like "welcome" or "provided".
    """
    tokens = words(text)
    matches: list[tuple[int, int, _Phrase]] = []
    longest = 1
    for position, token in enumerate(tokens):
        single, longer = matcher.phrases_starting_at(token)
        for phrase in single:
            matches.append((position, position + 1, phrase))
        for phrase in longer:
            if phrase.matches_at(tokens, position):
                matches.append((position, position + len(phrase.words), phrase))
                longest = max(longest, len(phrase.words))
    if boilerplate:
        matches = [
            match
            for match in matches
            if match[1] >= len(tokens) or tokens[match[1]] not in _BOILERPLATE_AFTER
        ]
    if longest == 1:
        return matches
    spans = [(start, end) for start, end, _phrase in matches if end - start > 1]
    return [
        (start, end, phrase)
        for start, end, phrase in matches
        if not any(
            other_start <= start and end <= other_end and other_end - other_start > end - start
            for other_start, other_end in spans
        )
    ]


def _matched_phrases(
    matcher: InterestMatcher, texts: Iterable[str], *, weak: str
) -> dict[str, set[tuple[str, ...]]]:
    """slug -> the different keywords of that interest found in ``texts``.

    ``weak``: what weak keywords do here: "count", "alone" (count when no strong keyword of
    any interest matched in the same text) or "ignore".
    """
    found: dict[str, set[tuple[str, ...]]] = {}
    for text in texts:
        matches = _matches_in(matcher, text, boilerplate=weak == "ignore")
        strong_seen = any(not phrase.weak for _start, _end, phrase in matches)
        for _start, _end, phrase in matches:
            if phrase.weak and (weak == "ignore" or (weak == "alone" and strong_seen)):
                continue
            found.setdefault(phrase.slug, set()).add(phrase.words)
    return found


def _add_field(
    scores: dict[str, float],
    matcher: InterestMatcher,
    texts: Iterable[str],
    weight: float,
    *,
    weak: str,
) -> None:
    for slug, keywords in _matched_phrases(matcher, texts, weak=weak).items():
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
    _add_field(scores, matcher, categories, CATEGORY_WEIGHT, weak="count")
    _add_field(scores, matcher, (title,), TITLE_WEIGHT, weak="alone")
    _add_field(scores, matcher, (description,), DESCRIPTION_WEIGHT, weak="ignore")
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
