"""States by name: one short English name each, from `data/countries.toml`.

`country_at(text, pos)` reads a state's name, long form or abbreviation starting at `pos`
("the People's Republic of China" -> "China"), whole or not at all: a word of a long form
("People", "Republic") is never a country. `adjective_before(text)` reads the adjective that
names a state directly before a title ("Israeli" in "Israeli President Isaac Herzog").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "countries.toml"


def _pattern(form: str) -> str:
    # Either apostrophe, any run of spaces (a line break in a hard-wrapped page).
    body = re.escape(form).replace("'", "['’]").replace(r"\ ", r"\s+")
    return body.replace("’", "['’]") if "'" not in form else body


def _key(form: str) -> str:
    return re.sub(r"\s+", " ", form.replace("’", "'")).casefold()


@dataclass(frozen=True)
class _Tables:
    by_form: dict[str, str]
    by_adjective: dict[str, str]
    form_re: re.Pattern[str]
    adjective_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    with DATA_FILE.open("rb") as f:
        data = tomllib.load(f).get("countries", {})
    by_form: dict[str, str] = {}
    by_adjective: dict[str, str] = {}
    for name, entry in data.items():
        for form in (name, *entry.get("forms", [])):
            by_form.setdefault(_key(form.removeprefix("the ").removeprefix("The ")), name)
        for adjective in entry.get("adjectives", []):
            by_adjective.setdefault(_key(adjective), name)
    forms = sorted(by_form, key=len, reverse=True)
    adjectives = sorted(by_adjective, key=len, reverse=True)
    # Names are proper nouns: matched with their capitals ("Chad", not "chad"), longest first.
    originals = {_key(f): f for n, e in data.items() for f in (n, *e.get("forms", []))}
    form_re = re.compile(
        r"(?:[Tt]he\s+)?(?P<form>"
        + "|".join(_pattern(originals.get(f, f).removeprefix("the ")) for f in forms)
        + r")(?![\w-])"
    )
    adj_originals = {_key(a): a for e in data.values() for a in e.get("adjectives", [])}
    adjective_re = re.compile(
        r"(?<![\w-])(?P<adj>" + "|".join(_pattern(adj_originals[a]) for a in adjectives) + r")\s+$"
    )
    return _Tables(by_form, by_adjective, form_re, adjective_re)


def canonical(name: str) -> str:
    """The state's short name for any of its names ("the Republic of Korea" -> "ROK"), or ""."""
    key = _key(name.strip())
    key = key.removeprefix("the ")
    return _tables().by_form.get(key, "")


def country_at(text: str, pos: int = 0) -> tuple[str, int]:
    """The state named at `pos` in `text` (a leading "the" allowed) and where its name ends,
    or ("", pos)."""
    m = _tables().form_re.match(text, pos)
    if m is None:
        return "", pos
    return _tables().by_form.get(_key(m.group("form")), ""), m.end()


def find_countries(text: str) -> list[tuple[str, int, int]]:
    """Every state named in `text`, with its span, in text order."""
    t = _tables()
    return [
        (t.by_form.get(_key(m.group("form")), ""), m.start(), m.end())
        for m in t.form_re.finditer(text)
        if (m.start() == 0 or not text[m.start() - 1].isalnum())
    ]


def adjective_before(text: str) -> str:
    """The state named by the adjective that ends `text` ("... met with Israeli " -> "Israel")."""
    m = _tables().adjective_re.search(text[-40:])
    return _tables().by_adjective.get(_key(m.group("adj")), "") if m else ""


US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
    "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey",
    "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "West Virginia", "Wisconsin", "Wyoming", "Puerto Rico",
    "Guam",
)  # fmt: skip
"""The states of the United States whose names are no other state's ("Georgia" is a state of
both; "Washington" is also the capital): "Governor Asa Hutchinson of Arkansas" is American."""
_US_STATE = re.compile(r"(?P<state>" + "|".join(US_STATES) + r")(?![\w-])")


def us_state_at(text: str, pos: int = 0) -> str:
    """ "United States" when the name of one of its states starts at `pos`, else ""."""
    return "United States" if _US_STATE.match(text, pos) else ""
