"""Equivalent terms: `data/equivalents.toml` plus the name variants of `data/people.toml`.

A group is a set of term sequences (each analysed with the search tokenizer, so case, hyphens
and punctuation do not matter) that mean the same. `Equivalents.variants(terms)` answers "what
else should a search for these terms find?"; the query compiler ORs those in and the highlighter
reports which one matched.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.search.analysis import terms

DATA_FILE = Path(__file__).parent.parent / "data" / "equivalents.toml"


@dataclass(frozen=True)
class Variant:
    """One way of writing a group's meaning."""

    terms: tuple[str, ...]
    label: str
    """Lowercased, as written in the data file: "north korea", "dokdo"."""


class Equivalents:
    """A lookup from a term sequence to the other members of its groups."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        self._groups: list[tuple[Variant, ...]] = []
        self._by_terms: dict[tuple[str, ...], list[int]] = {}
        for group in groups:
            members: dict[tuple[str, ...], Variant] = {}
            for text in group:
                key = tuple(terms(text))
                if key and key not in members:
                    members[key] = Variant(key, " ".join(text.lower().split()))
            if len(members) < 2:
                continue
            index = len(self._groups)
            self._groups.append(tuple(members.values()))
            for key in members:
                self._by_terms.setdefault(key, []).append(index)
        self.max_terms = max((len(k) for k in self._by_terms), default=0)
        """The longest member in terms: how far a run of query words needs to be scanned."""

    def __len__(self) -> int:
        return len(self._groups)

    def members(self) -> tuple[tuple[str, ...], ...]:
        """Every term sequence of every group, once."""
        return tuple(self._by_terms)

    def variants(self, key: tuple[str, ...]) -> tuple[Variant, ...]:
        """The other members of every group `key` belongs to (empty when it is in none)."""
        out: dict[tuple[str, ...], Variant] = {}
        for index in self._by_terms.get(key, ()):
            for v in self._groups[index]:
                if v.terms != key:
                    out.setdefault(v.terms, v)
        return tuple(out.values())


def _people() -> tuple[Any, ...]:
    """The people file's records, or nothing while `index.people` is unavailable."""
    try:
        from index.people import all_people
    except ImportError:
        return ()
    try:
        return tuple(all_people())
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return ()


def swapped(name: str) -> str:
    """A two-part name in the other order: "Taro Kono" -> "Kono Taro"."""
    parts = name.split()
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 else name


@lru_cache(maxsize=1)
def person_names() -> dict[str, tuple[str, ...]]:
    """Canonical name -> every way to write it (name, other order, aliases, family name)."""
    out: dict[str, tuple[str, ...]] = {}
    for person in _people():
        names = [person.name, swapped(person.name), *person.aliases]
        family = getattr(person, "family", "")
        if family:
            names.append(family)
        out[person.name] = tuple(dict.fromkeys(names))
    return out


def _load_groups(path: Path) -> list[list[str]]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    groups = []
    for entry in data.get("group", []):
        items = entry.get("terms", []) if isinstance(entry, dict) else []
        groups.append([str(t) for t in items if isinstance(t, str)])
    return groups


@lru_cache(maxsize=1)
def default_equivalents() -> Equivalents:
    """The bundled equivalents file plus one group per known person (full names only)."""
    groups = _load_groups(DATA_FILE) if DATA_FILE.exists() else []
    for person in _people():
        groups.append([person.name, swapped(person.name), *person.aliases])
    return Equivalents(groups)
