"""The forms of an English word: the index words that share its stem.

Stemming is done at query time, on the index's own words: a word typed is searched as every
word of the index with the same Snowball (Porter 2) stem, so `abduction` finds "abductions" and
`sanction` finds "sanctioned". The index keeps the words as written (one unstemmed field), so
fuzzy and prefix queries, exact quoted phrases and the highlighter all work on the surface
words, and a highlighted word is always a form that matched (see docs/search-language.md).

Only words of the Latin letters a-z are stemmed (the stemmer is English); digits, other
scripts and Korean/Japanese bigrams are searched as they are.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable

from whoosh.lang.snowball.english import EnglishStemmer

_ENGLISH = re.compile(r"[a-z]+")
MIN_STEM_PREFIX = 3
"""Shortest prefix whose index words are looked at for a word's forms."""
STEM_MEMO = 200_000
"""Words whose stems are remembered (a few megabytes); past it, the memo starts again."""

_stemmer = EnglishStemmer()
_memo: dict[str, str] = {}
_lock = threading.Lock()

Completions = Callable[[str], Iterable[tuple[int, str]]]
"""prefix -> (document frequency, word) of every index word that starts with it."""


def stem(word: str) -> str:
    """The Snowball English stem of a lowercased word (the word itself when it is not made of
    the letters a-z)."""
    known = _memo.get(word)
    if known is not None:
        return known
    out: str = _stemmer.stem(word) if _ENGLISH.fullmatch(word) else word  # type: ignore[no-untyped-call]
    with _lock:
        if len(_memo) >= STEM_MEMO:
            _memo.clear()
        _memo[word] = out
    return out


def stemmable(word: str) -> bool:
    """True for a word the English stemmer applies to."""
    return _ENGLISH.fullmatch(word) is not None


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def prefixes(word: str) -> tuple[str, ...]:
    """Prefixes that every form of `word` starts with, all told: a stem usually keeps all but
    the last letter or two of its forms ("policies", "policy": "polici"); an irregular one
    ("dying": "die") is looked for under the stem too."""
    s = stem(word)
    k = max(MIN_STEM_PREFIX, min(_common(word, s), len(s) - 1))
    out = {word[:k], s[: max(MIN_STEM_PREFIX, len(s) - 1)]}
    return tuple(sorted(out))


def forms(word: str, completions: Completions) -> tuple[tuple[str, int], ...]:
    """(index word, document frequency) of the index words with the stem of `word`, commonest
    first (ties alphabetical); empty when there is none. `word` itself is among them when the
    index has it."""
    if len(word) < MIN_STEM_PREFIX or not stemmable(word):
        return ()
    s = stem(word)
    found: dict[str, int] = {}
    for prefix in prefixes(word):
        for df, text in completions(prefix):
            if text not in found and stem(text) == s:
                found[text] = df
    return tuple(sorted(found.items(), key=lambda t: (-t[1], t[0])))
