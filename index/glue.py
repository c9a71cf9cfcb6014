"""Words glued together by a site that lost its spaces: "inSingapore", "theRepublic of Korea",
"Minister of Foreign AffairsKang", "Ministers Kangand Kono" (MOFA Korea's English pages).

`glued(text)` finds such tokens and where each of their words is, so that the search index
can hold "singapore" and "kang" as words (`index.search.analysis`) with their own character
offsets, and `deglue(text)` puts the spaces back for the readers of a page's fields (who met
where). A split is made only where it is safe, by these rules:

1. **A small word before a capital** ("inSingapore", "theRepublic", "ofLiberia", "theNCI"): a
   token that starts in lower case with a function word (`FUNCTION_WORDS`: in, the, of, and,
   with...) glued to a capitalised word or an acronym. "mRNA", "iPhone", "eSwatini",
   "superPowers" start with no such word and stay whole.
2. **Two capitalised words** ("AffairsKang", "SecretaryGeneral", "KoreaJapan"): a lower-case
   letter then a capital, where the word before has at least four letters (or is a function
   word: "RepublicOfKorea") and the word after at least three. "McCarthy", "DeSantis",
   "MacArthur", "YouTube", "TikTok" have a shorter first part and stay whole. Brand names
   split ("AstraZeneca", "BlackRock"), but stay searchable whole (see below).
3. **A known name with a small word after it** ("Kangand", "Konowith"): a capitalised token that
   is a family name of the people file (`data/people.toml`, three letters or more) followed
   by and, the, with or from ("Shinto" and "Kanto" are not "Shin to", "Kan to"; "Poland" is
   no name + word).

A token is split at all its boundaries or not at all ("realDonaldTrump" stays whole: its first
part is no function word). Tokens with digits, or next to Hangul, kana or kanji, are never
split. The whole token stays searchable too (the index holds it beside its parts), so a brand
that rule 2 splits ("astrazeneca") is still found as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SMALL = (
    "a an and as at by for from in into of on onto or the to with within without between "
    "during after before about over under his her its their this that these those which who "
    "whom whose is was were are be been also both"
)
FUNCTION_WORDS = frozenset(_SMALL.split())
"""Small words that the lost spaces glue to the capitalised word after them."""

SUFFIX_WORDS = ("and", "the", "with", "from")
"""Small words glued after a name ("Kangand", "Konowith")."""

_TOKEN_END = re.compile(r"[^\W_]*")
_LETTERS = re.compile(r"[^\W\d_]+")
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3005\u3007\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_ACRONYM = re.compile(r"[A-Z]{2,}")


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """The people file's family names of three letters or more, lower-cased."""
    from index.people import all_people

    return frozenset(
        p.family.lower() for p in all_people() if re.fullmatch(r"[A-Za-z]{3,}", p.family)
    )


def _boundary_ok(left: str, right: str, first: bool) -> bool:
    low = left.lower()
    if first and left[0].islower():  # rule 1
        return low in FUNCTION_WORDS and bool(
            _CAPITALISED.fullmatch(right) or _ACRONYM.fullmatch(right)
        )
    right_ok = (_CAPITALISED.fullmatch(right) is not None and len(right) >= 3) or (
        right.lower() in FUNCTION_WORDS and right[0].isupper()
    )
    return right_ok and (len(left) >= 4 or low in FUNCTION_WORDS)  # rule 2


def _name_split(word: str) -> int:
    """Where a known name ends in `word` when a small word follows it ("Kangand" -> 4), or 0."""
    if not _CAPITALISED.fullmatch(word):
        return 0
    names = name_words()
    low = word.lower()
    if low in names:
        return 0
    for suffix in SUFFIX_WORDS:
        if low.endswith(suffix) and low[: -len(suffix)] in names:
            return len(word) - len(suffix)
    return 0


def split_word(word: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the words glued in `word`, or [] when it is one word."""
    return list(_split_word(word))


@lru_cache(maxsize=4096)
def _split_word(word: str) -> tuple[tuple[int, int], ...]:
    """`split_word`, remembered: the highlighter asks about the same words of a text at each
    place a sought word starts inside one (every "d" of a long text while "d" is typed)."""
    cuts = [m.start() for m in _BOUNDARY.finditer(word)]
    edges = [0, *cuts, len(word)]
    segments = [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
    for k in range(len(segments) - 1):
        (a, b), (c, d) = segments[k], segments[k + 1]
        if not _boundary_ok(word[a:b], word[c:d], k == 0):
            return ()
    out: list[tuple[int, int]] = []
    for a, b in segments:
        at = _name_split(word[a:b])
        out += [(a, a + at), (a + at, b)] if at else [(a, b)]
    return tuple(out) if len(out) > 1 else ()


_CAMEL_HINT = re.compile(r"[A-Z](?<=[a-z][A-Z])")
"""A capital after a lower-case letter (a scan that skips fast to capitals)."""


@lru_cache(maxsize=1)
def _name_hint() -> re.Pattern[str] | None:
    """A family name of the people file with a small word glued after it."""
    families = sorted((w.capitalize() for w in name_words()), key=len, reverse=True)
    if not families:
        return None
    suffix = "|".join(SUFFIX_WORDS)
    return re.compile(rf"(?:{'|'.join(families)})(?:{suffix})(?![^\W_])")


def _hints(text: str) -> list[int]:
    """Where glued tokens may be, in text order (two scans, one pattern each: Python's regular
    expressions skip fast to a capital only when the pattern starts with one alternative)."""
    spots = [m.start() for m in _CAMEL_HINT.finditer(text)]
    named = _name_hint()
    if named is not None:
        spots += [m.start() for m in named.finditer(text)]
        spots.sort()
    return spots


def glued(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Every glued token of `text`: (start, end, the [start, end) spans of its words), in text
    order. Empty for almost every text (one scan that skips to capitals)."""
    found: list[tuple[int, int, list[tuple[int, int]]]] = []
    last_end = -1
    for at in _hints(text):
        if at < last_end:
            continue  # a second hint in a token already read
        start = at
        while start > 0 and (text[start - 1].isalnum()):
            start -= 1
        end = _TOKEN_END.match(text, at).end()  # type: ignore[union-attr]
        last_end = end
        parts = _split_token(text, start, end)
        if parts:
            found.append((start, end, parts))
    return found


def _split_token(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The [start, end) spans of the words glued in the token text[start:end], or []."""
    word = text[start:end]
    if (
        _LETTERS.fullmatch(word) is None
        or _CJK.search(word)
        or _CJK.search(text[max(0, start - 1) : end + 1])
    ):
        return []  # digits in it, or against Hangul, kana or kanji: left whole
    return [(start + s, start + e) for s, e in split_word(word)]


def may_start_word(text: str, at: int) -> bool:
    """False when no word of a glued token can start at `at`, inside a token (a quick test
    before `glued_at`): every such start is an ASCII capital after a lower-case letter (rules
    1 and 2) or a small word after a name (rule 3)."""
    if at <= 0 or at >= len(text):
        return False
    return ("A" <= text[at] <= "Z" and "a" <= text[at - 1] <= "z") or text.startswith(
        SUFFIX_WORDS, at
    )


def glued_at(text: str, at: int) -> tuple[int, int, list[tuple[int, int]]] | None:
    """The glued token of `text` that holds the character at `at`, as `glued(text)` lists it,
    or None: the answer for one place without scanning the whole text (the highlighter asks
    only where a word it looks for starts inside a token)."""
    if not (0 <= at < len(text)) or not text[at].isalnum():
        return None
    start = at
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    end = _TOKEN_END.match(text, at).end()  # type: ignore[union-attr]
    parts = _split_token(text, start, end)
    return (start, end, parts) if parts else None


def deglue(text: str) -> str:
    """`text` with a space between the words of each glued token ("met inSingapore" -> "met in
    Singapore"), for the readers of fields; the search index keeps the text as it is."""
    spots = glued(text)
    if not spots:
        return text
    out: list[str] = []
    at = 0
    for start, end, parts in spots:
        out.append(text[at:start])
        out.append(" ".join(text[s:e] for s, e in parts))
        at = end
    out.append(text[at:])
    return "".join(out)
