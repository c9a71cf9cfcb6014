"""Which readouts are accounts of the same meeting: the rules, kept apart from the grouping.

Two readouts from different publishers are one meeting when

1. their meeting dates are at most one day apart (a release dated the morning after, a meeting
   late in the evening in one time zone and past midnight in the other);
2. at least two principals of one are principals of the other: the same known person (people
   file: any alias, any order), or, for people the file does not know, the same family name
   and given names that differ by little ("Kyung-wha" / "Kyung-hwa"), in either name order
   ("Kishida Fumio" / "Fumio Kishida"); a Korean family name's usual romanisations count
   as one (Yun / Yoon, Lee / Yi / Rhee);
3. their places agree when both name one and the dates differ: the same ministers meeting on
   two days in two cities held two meetings. A place only one side names is no objection.

Among several candidates a readout goes with the closest: the same date before a day apart,
the same place before none named, more shared principals before fewer. A meeting never holds
two readouts of one publisher, and every readout in it satisfies the rules with every other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache

from index.model import Participant, Readout
from index.people import lookup

MAX_DAYS_APART = 1
"""How far apart two sides' dates of one meeting may be."""
MIN_SHARED = 2
"""Principals two readouts must share to be one meeting."""
GIVEN_NAME_SIMILARITY = 0.75
"""How alike two given names must be (difflib's ratio on letters only) to be one person's."""


_FAMILY_SPELLINGS = {
    variant: canonical
    for canonical, variants in {
        "lee": ("yi", "rhee", "rhie", "ri", "rhi"),
        "park": ("pak", "bak"),
        "yoon": ("yun",),
        "choi": ("choe", "chwe"),
        "jung": ("chung", "jeong", "cheong"),
        "kang": ("gang",),
        "cho": ("jo", "joe"),
        "shin": ("sin",),
        "lim": ("im", "rim"),
        "kim": ("gim",),
        "han": ("hahn",),
        "oh": ("o",),
    }.items()
    for variant in (canonical, *variants)
}
"""Romanisations of one Korean family name (Yun / Yoon, Lee / Yi / Rhee): folded to one."""


def _family(text: str) -> str:
    folded = _fold(text)
    return _FAMILY_SPELLINGS.get(folded, folded)


def _fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: "Kyung-wha" -> "kyungwha"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower())


@dataclass(frozen=True)
class PersonKey:
    """How a principal is compared: a known person's canonical name, or name splits."""

    known: str
    """The canonical name from the people file; empty for a person it does not know."""
    splits: tuple[tuple[str, str], ...]
    """(family, given) readings of the name, folded: a two-part name either way round."""
    families: tuple[str, ...]
    """The family names of `splits`, each once."""


@lru_cache(maxsize=4096)
def person_key(name: str) -> PersonKey:
    """The key of one principal's name (cached: a corpus repeats its ministers)."""
    person = lookup(name)
    canonical = person.name if person is not None else ""
    words = [w for w in re.split(r"\s+", name.strip()) if _fold(w)]
    splits: list[tuple[str, str]] = []
    if len(words) == 1:
        splits.append((_family(words[0]), ""))
    elif words:
        splits.append((_family(words[-1]), _fold(" ".join(words[:-1]))))
        splits.append((_family(words[0]), _fold(" ".join(words[1:]))))
    if person is not None and person.family:
        given = _fold(person.name.replace(person.family, " ", 1))
        splits.insert(0, (_family(person.family), given))
    unique = tuple(dict.fromkeys(splits))
    return PersonKey(canonical, unique, tuple(dict.fromkeys(f for f, _ in unique if f)))


@lru_cache(maxsize=65536)
def same_person(a: str, b: str) -> bool:
    """Whether two principals' names are one person's (rule 2 of the module docstring)."""
    if a == b:
        return True  # also a name in kanji the people file does not know (船越健裕)
    ka, kb = person_key(a), person_key(b)
    if ka.known and kb.known:
        return ka.known == kb.known
    for fa, ga in ka.splits:
        for fb, gb in kb.splits:
            if fa != fb or not fa:
                continue
            if not ga or not gb or ga == gb:
                return True
            if SequenceMatcher(None, ga, gb).ratio() >= GIVEN_NAME_SIMILARITY:
                return True
    return False


def shared_principals(a: Sequence[Participant], b: Sequence[Participant]) -> int:
    """How many principals of `a` are principals of `b`, each matched once."""
    free = list(b)
    count = 0
    for p in a:
        for i, q in enumerate(free):
            if same_person(p.name, q.name):
                del free[i]
                count += 1
                break
    return count


def _place_words(place: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", place.casefold()) if w not in ("the", "of", "city")}


def places_agree(a: str, b: str) -> bool:
    """True unless both places are named and neither's words include the other's."""
    wa, wb = _place_words(a), _place_words(b)
    return not wa or not wb or wa <= wb or wb <= wa


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def days_apart(a: str, b: str) -> int | None:
    """Days between two ISO dates; None when either is missing or not a date."""
    da, db = _day(a), _day(b)
    if da is None or db is None:
        return None
    return abs((da - db).days)


def pair_score(a: Readout, b: Readout) -> tuple[int, int, int] | None:
    """How well `a` and `b` fit as one meeting (higher is closer), or None when they do not.

    The score orders candidates: same date first, then agreeing named places, then shared
    principals."""
    if a.source == b.source or not a.participants or not b.participants:
        return None
    apart = days_apart(a.meeting_date, b.meeting_date)
    if apart is None or apart > MAX_DAYS_APART:
        return None
    if apart and not places_agree(a.place, b.place):
        return None
    shared = shared_principals(a.participants, b.participants)
    if shared < MIN_SHARED:
        return None
    same_place = bool(a.place and b.place and places_agree(a.place, b.place))
    return (-apart, int(same_place), shared)


def _bucket_keys(r: Readout) -> tuple[str, ...]:
    keys: dict[str, None] = {}
    for p in r.participants:
        keys.update(dict.fromkeys(person_key(p.name).families))
    return tuple(keys)


def pair_groups(readouts: Iterable[Readout]) -> list[list[Readout]]:
    """The readouts grouped into meetings (each group in input order; groups by first member).

    Candidate pairs are scored with `pair_score` and joined best first, so a readout goes with
    its closest match; a join that would put two readouts of one publisher in a meeting, or
    two readouts that do not pair, is skipped."""
    items = list(readouts)
    days = [_day(r.meeting_date) if r.participants else None for r in items]
    keys = [_bucket_keys(r) if days[i] is not None else () for i, r in enumerate(items)]
    by_key: dict[tuple[date, str], list[int]] = {}
    for i, day in enumerate(days):
        if day is not None:
            for family in keys[i]:
                by_key.setdefault((day, family), []).append(i)
    shifts = [timedelta(days=n) for n in range(-MAX_DAYS_APART, MAX_DAYS_APART + 1)]
    candidates: list[tuple[tuple[int, int, int], int, int]] = []
    seen: set[tuple[int, int]] = set()
    for i, day in enumerate(days):
        if day is None:
            continue
        for family in keys[i]:
            for shift in shifts:
                for j in by_key.get((day + shift, family), ()):
                    if j <= i or items[j].source == items[i].source or (i, j) in seen:
                        continue
                    seen.add((i, j))
                    score = pair_score(items[i], items[j])
                    if score is not None:
                        candidates.append((score, i, j))
    candidates.sort(key=lambda c: (c[0], -c[1], -c[2]), reverse=True)
    group_of = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    for _, i, j in candidates:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        joined = members[gi] + members[gj]
        if len({items[k].source for k in joined}) < len(joined):
            continue
        if any(
            pair_score(items[x], items[y]) is None
            for x in members[gi]
            for y in members[gj]
            if (x, y) != (i, j)
        ):
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi] = sorted(joined)
        del members[gj]
    return [[items[k] for k in members[g]] for g in sorted(members)]
