"""Where a query matched inside a readout's text, and the snippets around those places.

The highlight plan from `search_compile` is matched against the readout's own tokens (the same
tokenizer that built the index), so every span is the exact [start, end) character range of
the tokens that matched, CJK bigrams included. Fuzzy patterns are resolved against the index's
term list first (Whoosh's own edit-distance expansion), so a highlighted word is always one the
index matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from index.search_analysis import columns
from index.search_compile import Part

SNIPPET_WIDTH = 180
MAX_SNIPPETS = 3
ELLIPSIS = "…"
_PUNCT = re.compile(r"[^\w\s'’.-]")


@dataclass(frozen=True)
class Slot:
    """A resolved pattern: an exact term, a prefix, or a set of words (fuzzy expansions, a
    narrowed prefix)."""

    kind: str
    text: str
    expansions: frozenset[str] = frozenset()

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


def resolve(
    parts: Iterable[Part], fuzzy: Callable[[str, int, int], Iterable[str]]
) -> list[tuple[Slot, ...]]:
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
            elif p.kind == "set":
                slots.append(Slot("set", p.text, frozenset(p.choices)))
            else:
                slots.append(Slot(p.kind, p.text))
        out.append(tuple(slots))
    return out


class Analysed:
    """A text's tokens plus, for each distinct term, where it occurs (built once per readout,
    then reused while the user types)."""

    __slots__ = ("ends", "poss", "starts", "terms", "where")

    def __init__(self, text: str) -> None:
        self.terms, self.poss, self.starts, self.ends = columns(text)
        where: dict[str, list[int]] = {}
        for i, term in enumerate(self.terms):
            where.setdefault(term, []).append(i)
        self.where = where


def _first_terms(slot: Slot, doc: Analysed) -> list[str]:
    if slot.kind == "term":
        return [slot.text] if slot.text in doc.where else []
    if slot.kind == "prefix":
        return [t for t in doc.where if t.startswith(slot.text)]
    return [t for t in slot.expansions if t in doc.where]


def find(doc: Analysed, plan: list[tuple[Slot, ...]]) -> list[Match]:
    """Every place in `doc` where a part of the plan matches, in text order."""
    out = []
    n = len(doc.terms)
    terms, poss, starts, ends = doc.terms, doc.poss, doc.starts, doc.ends
    for k, slots in enumerate(plan):
        rest = slots[1:]
        for term in _first_terms(slots[0], doc):
            for i in doc.where[term]:
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
    for m in matches:
        surface = _surface(text[m.start : m.end])
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
    out: list[str] = [lead]
    at = [0] * (b - a + 1)
    size = len(lead)
    space = False
    for i in range(a, b):
        at[i - a] = size
        ch = text[i]
        if ch.isspace():
            if space:
                continue
            ch = " "
        space = ch == " "
        out.append(ch)
        size += 1
    at[b - a] = size
    out.append(tail)
    return Window("".join(out), tuple((at[s - a], at[e - a]) for s, e in spans))


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
    candidates = []
    for k, (s, _) in enumerate(positions):
        m = k
        while m + 1 < len(positions) and positions[m + 1][1] - s <= width:
            m += 1
        distinct = len({_surface(text[x:y]) for x, y in positions[k : m + 1]})
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
