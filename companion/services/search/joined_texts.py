"""Many short texts kept as a few long strings: for the 30,000 notes Ctrl+K searches.

A Python string costs ~50 bytes besides its characters; a note has ~170 characters, so one
string per note spends a quarter of the notes' index on headers. Joined, the notes cost their
characters plus four bytes each for where they start, and one ``str.find`` scans many of them
(testing 30,000 strings one by one costs ~4 ms a keystroke).

A string is as wide as its widest character: one emoji makes every character of its string four
bytes. So consecutive texts are joined only while they have the same width (Latin-1, the rest of
the Basic Multilingual Plane, beyond it): an emoji in one note widens that note alone.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

#: Texts joined into one string at most: a change re-joins a few chunks' worth, not more.
CHUNK = 256
_LATIN_1_END = "\u0100"
_BMP_END = "\U00010000"


def _width(text: str) -> int:
    if text.isascii():
        return 1
    widest = max(text)
    return 1 if widest < _LATIN_1_END else 2 if widest < _BMP_END else 4


class JoinedTexts:
    """Texts by number (appended in order), joined in chunks; read with ``[number]`` or scanned
    with ``each_matching``. ``seal`` after appending, before reading."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        #: Per chunk, where each of its texts starts within it, and where the last one ends.
        self._bounds: list[array[int]] = []
        #: The number of each chunk's first text.
        self._firsts: array[int] = array("q")
        self._open: list[str] = []
        self._open_width = 0
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, text: str) -> None:
        width = _width(text)
        if self._open and (width != self._open_width or len(self._open) >= CHUNK):
            self.seal()
        self._open.append(text)
        self._open_width = width
        self._count += 1

    def seal(self) -> None:
        """Join the texts appended since the last seal."""
        if not self._open:
            return
        self._firsts.append(self._count - len(self._open))
        self._chunks.append("".join(self._open))
        self._bounds.append(array("I", accumulate(map(len, self._open), initial=0)))
        self._open = []

    def __getitem__(self, number: int) -> str:
        chunk = bisect_right(self._firsts, number) - 1
        bounds = self._bounds[chunk]
        place = number - self._firsts[chunk]
        return self._chunks[chunk][bounds[place] : bounds[place + 1]]

    def each_matching(self, terms: tuple[str, ...]) -> Iterator[int]:
        """The numbers of the texts containing every term, in order."""
        first = max(terms, key=len)
        length = len(first)
        for chunk, joined in enumerate(self._chunks):
            bounds = self._bounds[chunk]
            base = self._firsts[chunk]
            found = joined.find(first)
            while found >= 0:
                place = bisect_right(bounds, found) - 1
                start, end = bounds[place], bounds[place + 1]
                # A find bounded by the text's ends: a term never matches across two texts.
                if found + length <= end and all(
                    joined.find(term, start, end) >= 0 for term in terms
                ):
                    yield base + place
                # The next text's first match; a match that ran over this text's end means
                # the text has none (any later one would run over it too).
                found = joined.find(first, end)
