"""Where a query matched inside a readout's text, and the snippets around those places.

The highlight plan from `compile` is matched against the readout's own tokens (the same
tokenizer that built the index), so every span is the exact [start, end) character range of
the tokens that matched, CJK bigrams included. Fuzzy patterns are resolved against the index's
term list first (Whoosh's own edit-distance expansion), so a highlighted word is always one the
index matched.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.glue import SUFFIX_WORDS, glued_at, may_start_word
from index.search.analysis import CJK_CLASS, Columns, columns, is_cjk, split_columns
from index.search.compile import Part

SNIPPET_WIDTH = 180
MAX_SNIPPETS = 3
ELLIPSIS = "…"
_PUNCT = re.compile(r"[^\w\s'’.-]")
_SPACES = re.compile(r"\s+")
PHRASE_PAD = 40
"""Characters a window reaches past a phrase's anchor word for each word after it, and before
it for each word before it (enough for ordinary text; a longer gap means the whole text is
tokenized)."""
DENSE = 16
"""Characters counted per place an anchor word occurs, beyond its window: when the windows
would add up to the text's length, the whole text is tokenized in one go instead."""
SHORT_NEEDLE = 2
"""Words this short occur everywhere inside other words ('n' in "international"): the places
where one may start a token are found by one regular expression, not one place at a time."""
_SIGMA, _FINAL_SIGMA = "σ", "ς"
_FIRST_CJK = "\u1100"
"""Below this, no character is in the tokenizer's Hangul/kana/kanji ranges."""


@dataclass(frozen=True)
class Slot:
    """A resolved pattern: an exact term, a prefix, or a set of words (fuzzy expansions, a
    narrowed prefix, a word's forms)."""

    kind: str
    text: str
    expansions: frozenset[str] = frozenset()

    def key(self) -> tuple[str, str | frozenset[str]]:
        """What `find` depends on: a set of words (fuzzy, or a narrowed prefix, whose words all
        start with `text`) finds the same tokens whatever the text it came from."""
        if self.kind in ("term", "prefix"):
            return (self.kind, self.text)
        return ("words", self.expansions)

    def accepts(self, term: str) -> bool:
        if self.kind == "term":
            return term == self.text
        if self.kind == "prefix":
            return term.startswith(self.text)
        return term in self.expansions


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    part: int
    """Index into the plan's parts."""


@dataclass(frozen=True)
class Found:
    """What one readout's text contains of a query."""

    positions: tuple[tuple[int, int], ...]
    """Merged, sorted [start, end) ranges."""
    matched: tuple[str, ...]
    equivalents: tuple[str, ...]


Plan = list[tuple[Slot, ...]]
"""A slot tuple per part of the query, in the order of its parts."""


def resolve(parts: Iterable[Part], fuzzy: Callable[[str, int, int], Iterable[str]]) -> Plan:
    """Slots for each part; `fuzzy(text, maxdist, prefixlength)` lists the index's near terms."""
    cache: dict[tuple[str, int, int], frozenset[str]] = {}
    out = []
    for part in parts:
        slots = []
        for p in part.patterns:
            if p.kind == "fuzzy":
                key = (p.text, p.maxdist, p.prefixlength)
                if key not in cache:
                    cache[key] = frozenset(fuzzy(*key)) | {p.text}
                slots.append(Slot("fuzzy", p.text, cache[key]))
            elif p.kind in ("set", "forms"):
                slots.append(Slot(p.kind, p.text, frozenset(p.choices)))
            else:
                slots.append(Slot(p.kind, p.text))
        out.append(tuple(slots))
    return out


def plan_key(plan: Plan) -> tuple[tuple[tuple[str, str | frozenset[str]], ...], ...]:
    """Equal for two plans that find the same matches in every text: while a word is typed,
    'semicond' and 'semicondu' complete to the same index words."""
    return tuple(tuple(slot.key() for slot in slots) for slots in plan)


class Analysed:
    """Tokens of a text (all of them, or only those around the places a plan can match, see
    `around`), as parallel lists."""

    __slots__ = ("ends", "poss", "starts", "terms")

    def __init__(self, text: str, cols: Columns | None = None) -> None:
        self.terms, self.poss, self.starts, self.ends = columns(text) if cols is None else cols

    @classmethod
    def around(cls, text: str, plan: Plan) -> Analysed:
        """The tokens of `text` that `find(…, plan)` can use, tokenizing only short windows
        around the places where a part's anchor word occurs (a hit's text is often tens of
        thousands of characters; the query's words occur in a few places).

        A part's anchor is its word that occurs least in the text: for `"n k"` (N.K., an
        equivalent of North Korea) that is 'k', not the letter 'n' found everywhere. A window
        reaches `PHRASE_PAD` characters past the anchor for each word of the part after it, and
        as far before it for each word before it.

        `find` gives exactly what it gives on the whole text: each window starts and ends at a
        character that is no part of any token, so the tokenizer cuts the same tokens with the
        same offsets inside it; positions are consecutive within a window and never across two.
        When a window might not hold all the tokens a part needs around an anchor (a long gap
        between its words), the whole text is used.

        Glued words ("inSingapore", see `index.glue`): a word of one starts inside a token, so
        those places are anchors too; a glued token lies whole in a window or outside all of
        them (windows end between tokens), and is cut there as in the whole text (checked:
        else the whole text is used); the glued tokens themselves come after all the others,
        as `columns` puts them.
        """
        spots = _spots(text, plan)
        if spots is None:
            return cls(text)
        if not spots:
            return cls(text, ([], [], [], []))
        n = len(text)
        reach = sorted(
            (
                _token_start(text, max(0, at - PHRASE_PAD * before)),
                _token_end(text, at + size + PHRASE_PAD * after),
                (at, before, after),
            )
            for at, size, before, after in spots
        )
        windows: list[tuple[int, int, list[tuple[int, int, int]]]] = []
        for a, b, spot in reach:
            if windows and a <= windows[-1][1]:
                last = windows[-1]
                windows[-1] = (last[0], max(last[1], b), [*last[2], spot])
            else:
                windows.append((a, b, [spot]))
        # One tokenizer call for all the windows, joined by spaces (no token crosses one);
        # then offsets are moved back into the text, and positions apart by more than any
        # part spans, window by window.
        (terms, poss, starts, ends), whole, _ = split_columns(
            " ".join(text[a:b] for a, b, _ in windows)
        )
        step = max(len(slots) for slots in plan) + 1
        bounds: list[tuple[int, int]] = []  # each window's tokens: [lo, hi) indexes
        k, lo = 0, 0
        shift = windows[0][0]  # text offset minus joined offset, in window k
        joined_end = windows[0][1] - windows[0][0]  # where window k ends in the joined text
        for i, start in enumerate(starts):
            while start > joined_end:
                bounds.append((lo, i))
                lo, k = i, k + 1
                a, b, _ = windows[k]
                shift = a - joined_end - 1
                joined_end += b - a + 1
            starts[i] = start + shift
            ends[i] += shift
            poss[i] += k * step
        bounds.append((lo, len(starts)))
        bounds += [(len(starts), len(starts))] * (len(windows) - len(bounds))
        for (a, b, inside), (lo, hi) in zip(windows, bounds, strict=True):
            for at, before, after in inside:
                i = bisect_left(starts, at, lo, hi)
                if before and i - lo < before and a > 0:
                    return cls(text)  # a part could start before this window
                if after and hi - i <= after and b < n:
                    return cls(text)  # a part could run past this window
        if whole:
            joined_at = []  # where each window starts in the joined text
            at = 0
            for a, b, _ in windows:
                joined_at.append(at)
                at += b - a + 1

            def moved(x: int) -> int:
                k = bisect_right(joined_at, x) - 1
                return x - joined_at[k] + windows[k][0]

            found = sorted((moved(s), moved(e)) for s, e in whole)
            for s, e in found:
                stuck = glued_at(text, s)
                if stuck is None or stuck[:2] != (s, e):
                    return cls(text)  # cut otherwise than in the whole text (a window's edge)
            pos = (poss[-1] if poss else 0) + step
            for s, e in found:
                terms.append(text[s:e].lower())
                poss.append(pos)
                starts.append(s)
                ends.append(e)
                pos += step
        return cls(text, (terms, poss, starts, ends))


def _needles(slot: Slot) -> list[str]:
    """Strings one of which starts every token `slot` accepts (lowercased, as terms are)."""
    if slot.kind in ("term", "prefix", "set"):  # a narrowed set's words share its prefix
        return [slot.text]
    words = sorted(slot.expansions)
    # A word that starts with another listed word is found where that one is.
    return [w for i, w in enumerate(words) if not any(w.startswith(v) for v in words[:i])]


def _spots(text: str, plan: Plan) -> list[tuple[int, int, int, int]] | None:
    """(offset, length, tokens a part needs before it, tokens after it) of every place where a
    part's anchor slot may start a token (a glued word's words start inside a run of
    letters); None when the whole text is the better (or the only exact) choice: the
    lowercased text does not line up with the text character for character, or the places
    are so many that windows would cover most of it."""
    low = text.lower()
    if len(low) != len(text):  # "İ" lowercases to two characters
        return None
    choices = [[_needles(slot) for slot in slots] for slots in plan]
    if any(_SIGMA in n or _FINAL_SIGMA in n for part in choices for ns in part for n in ns):
        # str.lower() picks "ς" or "σ" from the neighbouring characters, which can differ
        # between a token and the whole text: find either.
        low = low.replace(_FINAL_SIGMA, _SIGMA)
        choices = [
            [[n.replace(_FINAL_SIGMA, _SIGMA) for n in ns] for ns in part] for part in choices
        ]
    counts: dict[str, int] = {}
    places: dict[str, list[int]] = {}  # a short needle's places, found at once
    for part in choices:
        for ns in part:
            for needle in ns:
                if needle in counts:
                    continue
                if len(needle) <= SHORT_NEEDLE and needle[0].isalnum() and not is_cjk(needle):
                    places[needle] = _token_places(text, low, needle)
                    counts[needle] = len(places[needle])
                else:
                    counts[needle] = low.count(needle)
    needles: dict[str, tuple[int, int]] = {}  # anchor needle -> (tokens before, tokens after)
    for part in choices:
        if not part:
            continue
        j = min(  # a slot without needles (none is made so) can be no anchor
            range(len(part)),
            key=lambda m: sum(counts[n] for n in part[m]) if part[m] else len(low) + 1,
        )
        for needle in part[j]:
            before, after = needles.get(needle, (0, 0))
            needles[needle] = (max(before, j), max(after, len(part) - 1 - j))
    reach = sum(
        counts[n] * (len(n) + PHRASE_PAD * (before + after) + DENSE)
        for n, (before, after) in needles.items()
    )
    if reach > len(text):
        return None
    out = []
    for needle, (before, after) in needles.items():
        if needle in places:
            out += [(at, len(needle), before, after) for at in places[needle]]
            continue
        at = low.find(needle)
        while at != -1:
            if at == 0 or not _inside_word(text[at - 1], text[at]) or _glued_word_at(text, at):
                out.append((at, len(needle), before, after))
            at = low.find(needle, at + 1)
    out.sort()
    return out


_Pattern = re.Pattern[str]


@lru_cache(maxsize=256)
def _short_patterns(needle: str) -> tuple[_Pattern, _Pattern | None, _Pattern | None]:
    """For `_token_places`: where `needle` follows no letter or digit, or Hangul, kana or
    kanji (in the lowercased text); where its first letter is a capital after a small letter
    (in the text: glue's rules 1 and 2); where it starts a small word glued after a letter
    (in the lowercased text: rule 3). Each starts with the word itself, then looks back: a
    pattern that starts with a literal is scanned for it at the speed of str.find, one that
    starts with a lookbehind is tried at every character."""
    n = re.escape(needle)
    starts = re.compile(rf"{n}(?:(?<![^\W_]{n})|(?<={CJK_CLASS}{n}))")
    camel = None
    if "a" <= needle[0] <= "z":
        first = needle[0].upper()
        camel = re.compile(rf"{first}(?<=[a-z]{first})")
    rests = [re.escape(w[len(needle) :]) for w in SUFFIX_WORDS if w.startswith(needle)]
    suffix = re.compile(rf"{n}(?<=[^\W_]{n})(?={'|'.join(rests)})") if rests else None
    return starts, camel, suffix


def _token_places(text: str, low: str, needle: str) -> list[int]:
    """Where `needle` (short, its first character a letter or digit, no Hangul, kana or kanji)
    occurs in `low` at a place a token may start, in order: what the loop of `_spots` keeps
    (after no letter or digit, after Hangul, kana or kanji, or where a glued word starts),
    found by regular expressions. A needle's characters are all a token's, so no such place
    lies inside another's match."""
    starts, camel, suffix = _short_patterns(needle)
    found = [m.start() for m in starts.finditer(low)]
    inside = [m.start() for m in camel.finditer(text)] if camel else []
    inside += [m.start() for m in suffix.finditer(low)] if suffix else []
    glued = [at for at in inside if low.startswith(needle, at) and _glued_word_at(text, at)]
    return sorted({*found, *glued}) if glued else found


def _glued_word_at(text: str, at: int) -> bool:
    """True when a word of a glued token starts at `at` (see `index.glue`)."""
    if not may_start_word(text, at):
        return False
    stuck = glued_at(text, at)
    return stuck is not None and any(s == at for s, _ in stuck[2])


def _inside_word(before: str, at: str) -> bool:
    """True when no token can start between `before` and `at` (two letters or digits of the
    same run; a Hangul/kana/kanji run is cut into bigrams, so any of its characters can)."""
    return before.isalnum() and at.isalnum() and not is_cjk(before + at)


def _in_token(ch: str) -> bool:
    """True for a character the tokenizer can put in a token: a letter or digit, or anything
    in its Hangul/kana/kanji ranges (radicals and the like too, which are not letters)."""
    return ch.isalnum() or (ch >= _FIRST_CJK and is_cjk(ch))


def _token_start(text: str, at: int) -> int:
    """`at` moved back past every character that could belong to a token with text[at]."""
    while at > 0 and _in_token(text[at - 1]):
        at -= 1
    return at


def _token_end(text: str, at: int) -> int:
    """`at` moved forward past every character that could belong to a token with
    text[at - 1]."""
    n = len(text)
    at = min(at, n)
    while at < n and _in_token(text[at]):
        at += 1
    return at


def _starting(slot: Slot, terms: list[str]) -> list[int]:
    """Indexes of the tokens `slot` accepts (one pass, no per-token call)."""
    if slot.kind == "term":
        text = slot.text
        return [i for i, term in enumerate(terms) if term == text]
    if slot.kind == "prefix":
        text = slot.text
        return [i for i, term in enumerate(terms) if term.startswith(text)]
    words = slot.expansions
    return [i for i, term in enumerate(terms) if term in words]


def find(doc: Analysed, plan: Plan) -> list[Match]:
    """Every place in `doc` where a part of the plan matches, in text order."""
    out = []
    n = len(doc.terms)
    terms, poss, starts, ends = doc.terms, doc.poss, doc.starts, doc.ends
    firsts: dict[Slot, list[int]] = {}
    for k, slots in enumerate(plan):
        rest = slots[1:]
        if slots[0] not in firsts:
            firsts[slots[0]] = _starting(slots[0], terms)
        for i in firsts[slots[0]]:
            last = i + len(rest)
            if last >= n:
                continue
            if all(
                poss[i + m] == poss[i] + m and slot.accepts(terms[i + m])
                for m, slot in enumerate(rest, 1)
            ):
                out.append(Match(starts[i], ends[last], k))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted ranges with overlapping ones joined."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def _surface(text: str) -> str:
    """A match as shown in `Hit.matched`: lowercased, spaces collapsed, brackets and the like
    dropped ("(ALPS) Treated" -> "alps treated")."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def summarize(text: str, matches: list[Match], parts: list[Part]) -> Found:
    """Positions, the matched words as they appear, and notes on equivalents that matched."""
    matched: dict[str, None] = {}
    notes: dict[str, None] = {}
    surfaces: dict[str, str] = {}  # a word matched 300 times is one surface
    for m in matches:
        raw = text[m.start : m.end]
        surface = surfaces.get(raw)
        if surface is None:
            surface = surfaces[raw] = _surface(raw)
        matched.setdefault(surface, None)
        part = parts[m.part]
        if part.variant:
            notes.setdefault(f"{surface} (equivalent of {part.typed})", None)
    positions = merge((m.start, m.end) for m in matches)
    return Found(positions, tuple(matched), tuple(notes))


@dataclass(frozen=True)
class Window:
    text: str
    spans: tuple[tuple[int, int], ...]


def _window(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> Window:
    """text[a:b] with each run of whitespace shown as one space, spans moved to match."""
    lead = ELLIPSIS if a > 0 else ""
    tail = ELLIPSIS if b < len(text) else ""
    runs = [(m.start(), m.end()) for m in _SPACES.finditer(text, a, b)]
    starts = [rs for rs, _ in runs]
    dropped = [0]  # characters dropped by the runs before each run: all but one space of each
    for rs, re_ in runs:
        dropped.append(dropped[-1] + re_ - rs - 1)

    def moved(i: int) -> int:
        k = bisect_left(starts, i)  # runs that start before i
        gone = dropped[k - 1] if k else 0
        if k:
            rs, re_ = runs[k - 1]
            gone += max(0, min(i, re_) - rs - 1)
        return len(lead) + i - a - gone

    shown = f"{lead}{_SPACES.sub(' ', text[a:b])}{tail}"
    return Window(shown, tuple((moved(s), moved(e)) for s, e in spans))


def _snap(text: str, a: int, b: int, first: int, last: int) -> tuple[int, int]:
    """Move a cut forward/backward to whitespace so no word is sliced, and trim spaces."""
    if a > 0 and not text[a - 1].isspace():
        space = next((i for i in range(a, first) if text[i].isspace()), -1)
        if space != -1:
            a = space + 1
    if b < len(text) and not text[b].isspace():
        cut = next((i for i in range(b - 1, last - 1, -1) if text[i].isspace()), -1)
        if cut != -1:
            b = cut
    while a < first and text[a].isspace():
        a += 1
    while b > last and text[b - 1].isspace():
        b -= 1
    return a, b


def snippets(
    text: str,
    positions: tuple[tuple[int, int], ...],
    *,
    width: int = SNIPPET_WIDTH,
    count: int = MAX_SNIPPETS,
) -> list[Window]:
    """Up to `count` passages of about `width` characters holding the most matches."""
    if not text:
        return []
    if not positions:
        a, b = _snap(text, 0, min(len(text), width), 0, 0)
        return [_window(text, 0, b, [])]
    # Candidate windows: starting at each match, as many following matches as fit.
    memo: dict[str, str] = {}
    surfaces = [
        memo[raw] if raw in memo else memo.setdefault(raw, _surface(raw))
        for raw in [text[x:y] for x, y in positions]
    ]
    candidates = []
    for k, (s, _) in enumerate(positions):
        m = k
        while m + 1 < len(positions) and positions[m + 1][1] - s <= width:
            m += 1
        distinct = len(set(surfaces[k : m + 1]))
        candidates.append((distinct, m - k + 1, -k, k, m))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for *_, k, m in candidates:
        if any(not (m < ck or k > cm) for ck, cm in chosen):
            continue
        chosen.append((k, m))
        if len(chosen) == count:
            break
    out = []
    for k, m in sorted(chosen):
        first, last = positions[k][0], positions[m][1]
        ctx = max(0, width - (last - first)) // 2
        a, b = max(0, first - ctx), min(len(text), last + ctx)
        a, b = _snap(text, a, b, first, last)
        inside = [(s, e) for s, e in positions if s >= a and e <= b]
        out.append(_window(text, a, b, inside))
    return out
