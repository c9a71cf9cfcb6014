"""Who is who: canonical names for the people readouts mention, from `data/people.toml`.

`find_people(text)` returns every mention of a known person (any alias, either name order, any
case or hyphenation) with its character span. Unknown people are read by `read_name`, which
normalises the shapes MOFA pages use ("HAYASHI Yoshimasa" -> "Yoshimasa Hayashi").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "people.toml"
DATA_FILES = (DATA_FILE, DATA_FILE.with_name("people_world.toml"))
"""The people files: Japan's and Korea's officials, then leaders and officials elsewhere."""


@dataclass(frozen=True)
class Person:
    """A known person and every way documents write their name."""

    name: str
    family: str
    country: str
    aliases: tuple[str, ...]
    roles: tuple[tuple[str, str], ...]
    """(from ISO date, title), oldest first."""

    def role_on(self, date: str) -> str:
        """The office held on `date` (ISO); the first known role when the date is unknown."""
        if not date:
            return self.roles[0][1] if self.roles else ""
        role = ""
        for start, title in self.roles:
            if start <= date:
                role = title
        return role


@dataclass(frozen=True)
class Mention:
    person: Person
    start: int
    end: int
    full: bool
    """True for a full-name mention, False for a family name after a title ("Minister Kono")."""


@lru_cache(maxsize=1)
def all_people() -> tuple[Person, ...]:
    """The people files, read once."""
    entries = []
    for path in DATA_FILES:
        with path.open("rb") as f:
            entries.extend(tomllib.load(f).get("person", []))
    people = []
    for entry in entries:
        roles = tuple(
            sorted(
                (str(r.get("from", "")), str(r.get("title", ""))) for r in entry.get("roles", [])
            )
        )
        people.append(
            Person(
                name=entry["name"],
                family=entry.get("family") or entry["name"].split()[-1],
                country=entry.get("country", ""),
                aliases=tuple(entry.get("aliases", [])),
                roles=roles,
            )
        )
    return tuple(people)


def name_key(name: str) -> str:
    """Case, hyphens, dots and spaces folded away: "Kang Kyung-wha" -> "kangkyungwha"."""
    return re.sub(r"[\s\-‐‑.’']+", "", name).casefold()


def _variants(name: str) -> set[str]:
    """The name as written, and for a two-part Latin name also the other order."""
    out = {name}
    parts = name.split()
    if len(parts) == 2 and parts[0].isascii():
        out.add(f"{parts[1]} {parts[0]}")
    return out


def _flexible(name: str) -> str:
    """A regex for `name` that tolerates hyphen/space differences between its syllables."""
    pieces = re.split(r"[\s\-‐‑]+", name)
    if not name.isascii():
        return r"\s*".join(re.escape(p) for p in pieces)
    return r"[\s\-‐‑]?".join(re.escape(p) for p in pieces)


@dataclass(frozen=True)
class _Matcher:
    full: re.Pattern[str]
    by_form: dict[str, Person]


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    forms: dict[str, Person] = {}
    for person in all_people():
        for alias in (person.name, *person.aliases):
            for variant in _variants(alias):
                forms.setdefault(name_key(variant), person)
    variants = {v for p in all_people() for a in (p.name, *p.aliases) for v in _variants(a)}
    # Kanji, kana and Hangul names sit against other words with no space ("河野太郎外務大臣"):
    # they are matched without word boundaries. Longest first, in both groups.
    latin = sorted({_flexible(v) for v in variants if not _CJK.search(v)}, key=len, reverse=True)
    cjk = sorted({_flexible(v) for v in variants if _CJK.search(v)}, key=len, reverse=True)
    full = re.compile(
        r"(?<![\w-])(?:" + "|".join(latin) + r")(?![\w-])" + ("|" + "|".join(cjk) if cjk else ""),
        re.IGNORECASE,
    )
    return _Matcher(full, forms)


def lookup(name: str) -> Person | None:
    """The known person `name` refers to (any alias, order, case), or None."""
    return _matcher().by_form.get(name_key(name))


_TITLE_BEFORE_FAMILY = re.compile(
    r"\b(?P<title>Mr\.|Ms\.|Mrs\.|Dr\.|Foreign Minister|Minister|Secretary|Vice President|"
    r"President|Chancellor|Speaker|Leader|Taoiseach|King|Premier|National Security Advisor|"
    r"Prime Minister|Ambassador)\s+(?P<family>[A-Z][a-z]+)(?:['’]s)?\b"
)


def find_people(text: str, date: str = "") -> list[Mention]:
    """Every mention of a known person in `text`, in text order.

    Full-name mentions come from the people file. A family name after a title ("Minister
    Kono", "President Biden") counts for a person whose full name the text also gives, or,
    failing that, for the one known person with that family name who held an office of that
    title on `date`.
    """
    m = _matcher()
    mentions: list[Mention] = []
    for hit in m.full.finditer(text):
        person = m.by_form.get(name_key(hit.group(0)))
        if person is not None:
            mentions.append(Mention(person, hit.start(), hit.end(), True))
    named = {x.person.family.casefold(): x.person for x in mentions}
    covered = [(x.start, x.end) for x in mentions]
    for hit in _TITLE_BEFORE_FAMILY.finditer(text):
        start, end = hit.span("family")
        if any(s <= start < e for s, e in covered):
            continue
        person = named.get(hit.group("family").casefold())
        if person is None and date:
            person = _by_office(hit.group("family"), hit.group("title"), date)
        if person is not None:
            mentions.append(Mention(person, start, end, False))
    mentions.sort(key=lambda x: x.start)
    return mentions


def _by_office(family: str, title: str, date: str) -> Person | None:
    word = title.rstrip(".").split()[-1].casefold()
    if word in ("mr", "ms", "mrs", "dr"):
        return None
    if title == "Vice President":  # "Vice President Harris": the office as a whole
        candidates = [
            p
            for p in all_people()
            if p.family.casefold() == family.casefold()
            and p.role_on(date).casefold() == "vice president"
        ]
        return candidates[0] if len(candidates) == 1 else None
    candidates = [
        p
        for p in all_people()
        if p.family.casefold() == family.casefold() and _holds(p.role_on(date), word)
    ]
    return candidates[0] if len(candidates) == 1 else None


def _holds(role: str, word: str) -> bool:
    """Whether the office `role` is addressed as `word` ("Vice President" is not "President")."""
    role = role.casefold()
    return word in role and f"vice {word}" not in role and f"deputy {word}" not in role


def read_name(raw: str) -> str:
    """A readable canonical form for a name the people file does not know.

    "HAYASHI Yoshimasa" (family name in capitals, MOFA's style since 2020) becomes
    "Yoshimasa Hayashi"; other names keep their order, with whitespace tidied.
    """
    parts = raw.split()
    if len(parts) >= 2 and parts[0].isupper() and len(parts[0]) > 1 and not parts[1].isupper():
        return " ".join([*parts[1:], parts[0].capitalize()])
    return " ".join(parts)


def family_name(name: str) -> str:
    """The family name of a canonical name: from the people file, else a sensible guess.

    Korean-style names with a hyphenated given name ("Kim Hong-kyun") put the family name
    first; otherwise the last word is taken.
    """
    person = lookup(name)
    if person is not None:
        return person.family
    parts = name.split()
    if not parts:
        return ""
    if len(parts) >= 2 and "-" in parts[-1]:
        return parts[0]
    return parts[-1]
