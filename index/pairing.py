"""Which readouts are accounts of the same meeting: the rules, kept apart from the grouping.

Two readouts from different publishers are one meeting when

1. their meeting dates are at most one day apart (a release dated the morning after, a meeting
   late in the evening in one time zone and past midnight in the other);
2. at least two principals of one are principals of the other: the same known person (people
   file: any alias, any order), or, for people the file does not know, the same family name
   and given names that differ by little ("Kyung-wha" / "Kyung-hwa"), in either name order
   ("Kishida Fumio" / "Fumio Kishida"); a Korean family name's usual romanisations count
   as one (Yun / Yoon, Lee / Yi / Rhee);
3. their places are not known to differ when the dates differ: the same ministers meeting on
   two days in two cities held two meetings. Places are known to differ only when both are
   places the metros file knows (`data/metros.toml`: cities, the towns and venues around each,
   regions, and countries) and they lie in different metros, regions or countries; a town
   inside the other side's city's metro ("Woodside" / "San Francisco"), a city inside the
   other's country ("Jakarta" / "Indonesia"), a place only one side names, or a place the file
   does not know is no objection.

Among several candidates a readout goes with the closest: the same date before a day apart,
the same place before none named, more shared principals before fewer. A meeting never holds
two readouts of one publisher, and every readout in it satisfies the rules with every other.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Literal

from index.countries import canonical, find_countries
from index.model import Participant, Readout
from index.people import lookup

METROS_FILE = Path(__file__).with_name("data") / "metros.toml"

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


@dataclass(frozen=True)
class Area:
    """What the metros file and the country names make of a place: the metros it names (a
    city, or a town or venue inside one), the regions and the countries, each with what the
    narrower ones imply ("Woodside" is in the San Francisco metro, California, United States).
    All empty for a place it does not know."""

    metros: frozenset[str]
    regions: frozenset[str]
    countries: frozenset[str]


@dataclass(frozen=True)
class _Gazetteer:
    pattern: re.Pattern[str] | None
    """Every metro, town, venue and region name, longest first, as whole words."""
    by_name: dict[str, tuple[str, str]]
    """Folded name -> ("metro" or "region", the metro or region it stands for)."""
    region_of: dict[str, str]
    country_of: dict[str, str]
    """Metro or region -> its country."""


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    try:
        with METROS_FILE.open("rb") as f:
            metros = tomllib.load(f).get("metro", {})
    except (OSError, tomllib.TOMLDecodeError):
        metros = {}
    by_name: dict[str, tuple[str, str]] = {}
    region_of: dict[str, str] = {}
    country_of: dict[str, str] = {}
    for city, entry in metros.items():
        if not isinstance(entry, dict):
            continue
        country = str(entry.get("country", ""))
        country = canonical(country) or country
        region = str(entry.get("region", ""))
        country_of[city] = country
        if region:
            region_of[city] = region
            country_of.setdefault(region, country)
            by_name.setdefault(region.casefold(), ("region", region))
        by_name[city.casefold()] = ("metro", city)
        for name in entry.get("near", []):
            if isinstance(name, str) and name.strip():
                by_name.setdefault(name.strip().casefold(), ("metro", city))
    names = sorted(by_name, key=len, reverse=True)
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I)
        if names
        else None
    )
    return _Gazetteer(pattern, by_name, region_of, country_of)


@lru_cache(maxsize=4096)
def area(place: str) -> Area:
    """What is known of where `place` is (see `Area`)."""
    g = _gazetteer()
    metros: set[str] = set()
    regions: set[str] = set()
    countries = {c for c, _, _ in find_countries(place) if c}
    for m in g.pattern.finditer(place) if g.pattern is not None else ():
        kind, name = g.by_name.get(m.group(0).casefold(), ("", ""))
        if kind == "metro":
            metros.add(name)
            if name in g.region_of:
                regions.add(g.region_of[name])
        elif kind == "region":
            regions.add(name)
    for name in metros | regions:
        if g.country_of.get(name):
            countries.add(g.country_of[name])
    return Area(frozenset(metros), frozenset(regions), frozenset(countries))


PlaceRelation = Literal["same", "unknown", "different"]


def place_relation(a: str, b: str) -> PlaceRelation:
    """Whether two sides' places are one place ("same": one's words include the other's, or
    one metro, or a metro inside the other's region or country), known to be two ("different":
    other metros, regions or countries), or neither ("unknown": a side names none, or a place
    the metros file does not know)."""
    wa, wb = _place_words(a), _place_words(b)
    if not wa or not wb:
        return "unknown"
    if wa <= wb or wb <= wa:
        return "same"
    pa, pb = area(a), area(b)
    if pa.metros and pb.metros:
        return "same" if pa.metros & pb.metros else "different"
    if pa.countries and pb.countries and not pa.countries & pb.countries:
        return "different"
    if pa.regions and pb.regions and not pa.regions & pb.regions:
        return "different"
    if (pa.metros or pa.regions or pa.countries) and (pb.metros or pb.regions or pb.countries):
        return "same"  # the narrower lies inside the wider: "Jakarta" and "Indonesia"
    return "unknown"


def places_agree(a: str, b: str) -> bool:
    """True unless the two places are known to be different ones (`place_relation`)."""
    return place_relation(a, b) != "different"


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

    The score orders candidates: same date first, then places known to be one, then shared
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
    same_place = place_relation(a.place, b.place) == "same"
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
