"""Who is who: canonical names for the people readouts mention, from `data/people.toml`.

`find_people(text)` returns every mention of a known person (any alias, either name order, any
case or hyphenation) with its character span. Unknown people are read by `read_name`, which
normalises the shapes MOFA pages use ("HAYASHI Yoshimasa" -> "Yoshimasa Hayashi").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.model import Participant

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
    starts: re.Pattern[str]
    """Matches (empty) where `full` could match: see `_hits`."""
    scan_all: bool
    """Some name form starts otherwise: every position is tried, as `full.finditer` does."""


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
    prefixes: set[tuple[str, ...]] = set()  # a word starting so may begin a name form
    words: set[tuple[str, ...]] = set()  # a word just so may begin one ("J" of "J.D. Vance")
    cjk_leads: set[tuple[str, ...]] = set()  # a kanji, kana or Hangul form begins so
    scan_all = False
    for form in variants:
        pieces = [p for p in _PIECES.split(form) if p]
        if not pieces:
            continue
        sep = _SEP if form.isascii() else _SPACES  # as `_flexible` joins the pieces
        if _CJK.search(form):
            if not _CJK.match(form):
                scan_all = True
            elif len(pieces[0]) > 1 or len(pieces) == 1:
                cjk_leads.add(tuple(pieces[0][:2]))
            else:
                cjk_leads.add((pieces[0], sep, pieces[1][0]))
            continue
        head = _WORD_START.match(form)
        if head is None:
            if not re.match(r"\w", form):
                scan_all = True  # not at a word's start: every position is tried
            else:  # a non-ASCII first letter: the ASCII letters that fold to it, if any
                prefixes.update((c,) for c in _folds_to(form[0]))
            continue
        lead = tuple(head.group(0).lower())
        after = form[head.end() : head.end() + 1]
        if not after or _SEPARATOR.match(after):
            if len(lead) < 4 and len(pieces) > 1 and (more := _WORD_START.match(pieces[1])):
                # "Li" of "Li Qiang": words starting "li" are many, "li qia" few
                lead = (*lead, sep, *more.group(0).lower()[:3])
            prefixes.add(lead)
        elif re.match(r"\w", after):  # a non-ASCII letter next
            prefixes.update((*lead, c) for c in _folds_to(after))
        else:
            words.add(lead)
    latin_starts = [_trie(prefixes)]
    if words:
        latin_starts.append(f"(?:{_trie(words)})(?!\\w)")
    latin_starts.append(f"(?!{_CJK.pattern})\\w*[^\\W\\x00-\\x7f]")  # a letter beyond ASCII
    starts = r"(?<![\w-])(?=" + "|".join(filter(None, latin_starts)) + ")"
    if cjk_leads:  # anywhere: a class of their first characters first, the cheap test
        firsts = "".join(sorted({re.escape(lead[0]) for lead in cjk_leads}))
        starts += f"|(?=[{firsts}])(?={_trie(cjk_leads)})"
    return _Matcher(full, forms, re.compile(starts, re.IGNORECASE), scan_all)


_ASCII = "abcdefghijklmnopqrstuvwxyz0123456789"
_WORD_START = re.compile(r"[A-Za-z0-9]+")
"""The leading ASCII letters and digits of a name form."""
_SEPARATOR = re.compile(r"[\s\-‐‑]")
_PIECES = re.compile(r"[\s\-‐‑]+")
"""What `_flexible` splits a name form's syllables on."""
_SEP = r"[\s\-‐‑]?"
_SPACES = r"\s*"
"""What `_flexible` puts between syllables: a Latin form's and the others'."""


def _folds_to(letter: str) -> list[str]:
    """The ASCII letters or digits that `letter` matches ignoring case ("K", the Kelvin sign,
    matches "k"; "ñ" none)."""
    return [c for c in _ASCII if re.fullmatch(re.escape(letter), c, re.IGNORECASE)]


def _trie(leads: set[tuple[str, ...]]) -> str:
    """A regex matching the start of any of `leads` (characters, lower case, and the
    separators `_SEP` and `_SPACES`), factored by their common beginnings: Python's regex
    engine tries an alternation one branch after another, a trie a character at a time."""
    if not leads:
        return ""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for lead in leads:
        node = tree
        for token in lead:
            node = node.setdefault(token, {})
        node[""] = {}

    def pattern(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [
            (t if t in (_SEP, _SPACES) else re.escape(t)) + pattern(child)
            for t, child in sorted(node.items())
            if t
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A lead that ends here is already enough: as a prefix nothing more is needed.
        return f"(?:{body})?" if ends else body

    return pattern(tree)


def _hits(m: _Matcher, text: str) -> Iterator[re.Match[str]]:
    """What `m.full.finditer(text)` finds: the leftmost match, then the next one from its
    end; `full` is tried only where a name form can begin (`m.starts`: a word whose first
    letters begin a Latin form, a word with a letter beyond ASCII, whose case is left to
    `full`, a kanji, kana or Hangul character that begins a form). `full.finditer` tries
    every position; these find the same names (a test compares both on every corpus) at a
    fraction of the cost."""
    if m.scan_all:
        yield from m.full.finditer(text)
        return
    end = 0
    match = m.full.match
    for start in m.starts.finditer(text):
        at = start.start()
        if at < end:
            continue
        hit = match(text, at)
        if hit is not None:
            yield hit
            end = hit.end()


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
    for hit in _hits(m, text):
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


# --- names with their other form in brackets (the originals) ----------------------------------

_BRACKETED = re.compile(
    r"(?P<ja>[\u4e00-\u9fff\u3005]{2,8})[（(](?P<kana>[\u30a1-\u30fa\u30fc・]{2,24})[）)]"
    r"|(?P<ko>[\uac00-\ud7a3]{1,5}(?: [\uac00-\ud7a3]{1,5})?)"
    r"[（(](?P<other>[\u4e00-\u9fff\u3005]{2,8}|[A-Z][A-Za-z.'’ -]{2,40})[）)]"
)
"""A name in kanji with its katakana reading (MOFA Japan: 康京和（カン・ギョンファ）), or in
Hangul with its hanja or Latin spelling (MOFA Korea: 고노 다로(河野太郎), 토니 블링컨(Antony
Blinken)). Hangul with hanja is also how Korean texts gloss common words (오염수(處理水),
원자전쟁(原子戰爭)): one the people file does not know is a name only with an office after it."""
_STATE_WORDS = (
    ("ROK", ("大韓民国", "韓国", "한국", "대한민국")),
    ("Japan", ("日本", "일본")),
    ("United States", ("米国", "アメリカ", "미국")),
    ("China", ("中国", "중국")),
)
_TITLE_END = re.compile(r"[と、，,。과와및은는]")
_KO_OFFICE = (
    "대신|총리|수상|외상|장관|차관|차관보|대사|대통령|국장|실장|본부장|부장|대표|보좌관|대변인|"
    "보도관|의원|위원장|의장|수석|심의관|총재|회장|총장|주석|국왕|특사|비서관"
)
_KO_TITLE = re.compile(
    rf"^(?=[\uac00-\ud7a3])(?:[\uac00-\ud7a30-9]+ ){{0,2}}[\uac00-\ud7a30-9]*(?:{_KO_OFFICE})$"
)
"""The title a MOFA Korea original writes after a bracketed name ("일본 외무대신", "일본
외무성 아시아대양주국장") or its own official's name ("외교부 한반도평화교섭본부장"): one to
three words of Hangul (and digits: "제1차관"), the last ending in an office."""
_JA_TITLE = re.compile(
    r"(?:大臣|長官|次官|大統領|首相|総理|大使|局長|本部長|審議官|補佐官|室長|部長|代表|特使|"
    r"委員長|議長|主席|総裁|国王|顧問|外相)$"
)
"""The office MOFA Japan writes after a bracketed name (韓国外交部長官, 韓国外交部朝鮮半島平和
交渉本部長)."""
_JA_PARTICLE = re.compile(r"[をにでのはがへともや]")
"""A particle right after the bracket: what the brackets read was no one's name (a place:
済州（チェジュ）を訪問中の)."""
_KO_PARTICLE = re.compile(r"[을를이가의에로도만]")
"""A particle right after the bracket (no space between): the word before it was a common
word glossed in hanja ("원자전쟁(原子戰爭)을"), as older Korean texts write them, not a name
(which a space and an office follow; "의장" after a space is an office)."""


@dataclass(frozen=True)
class Bracketed:
    """A name found with its other form in brackets."""

    start: int
    end: int
    name: str
    """The people file's name, else the kanji or hanja (which both originals write for a
    Japanese name), else the Latin spelling, else the name as written."""
    person: Person | None
    country: str
    """The state named at the start of the title after the brackets ("韓国外交部長官")."""
    role: str
    """That title without the state, as written."""


def bracketed_people(text: str) -> list[Bracketed]:
    """Every name of `text` given with its other form in brackets, resolved through the people
    file by either form, in text order."""
    out = []
    for m in _BRACKETED.finditer(text):
        written, other = (
            (m.group("ja"), m.group("kana"))
            if m.group("ja")
            else (
                m.group("ko"),
                m.group("other"),
            )
        )
        if m.group("ja") and len(written) > 4:
            written = written[-3:]  # a title's kanji before the name ("長官金健"): the name's
        person = lookup(other) or lookup(written)
        if person is not None:
            name = person.name
        elif m.group("ja") or _CJK.search(other):
            name = written if m.group("ja") else other
        else:
            name = read_name(other)
        after = text[m.end() : m.end() + 40].lstrip()
        country = ""
        for state, words in _STATE_WORDS:
            word = next((w for w in words if after.startswith(w)), "")
            if word:
                country, after = state, after[len(word) :].lstrip()
                break
        end = _TITLE_END.search(after)
        role = after[: end.start() if end else len(after)]
        if (
            person is None
            and m.group("ko")
            and (_KO_PARTICLE.match(text, m.end()) or not _KO_TITLE.match(role))
        ):
            continue  # a glossed word ("오염수(處理水) 문제", "공포심(恐怖心)을"), or no office
        if (
            person is None
            and m.group("ja")
            and (_JA_PARTICLE.match(text, m.end()) or not _JA_TITLE.search(role))
        ):
            continue  # a place's reading ("済州（チェジュ）を訪問中の"), or no office
        if person is not None:
            country = person.country or country
        start = m.start() if not m.group("ja") else m.end("ja") - len(written)
        out.append(Bracketed(start, m.end(), name, person, country, role))
    return out


_JA_SUBJECT = re.compile(r"(?:^|[、，])(?P<chunk>[^、，。は]{2,30})は[、，]")
_JA_OFFICE = re.compile(
    r"(?:内閣総理大臣|総理大臣|外務大臣|外務副大臣|外務大臣政務官|外務事務次官|外務審議官|"
    r"国家安全保障局長|[\u4e00-\u9fff]{0,8}局長|[\u4e00-\u9fff]{0,8}大使)$"
)
_KO_SUBJECT = re.compile(
    r"^(?:\d+\.\s*)?(?P<name>[\uac00-\ud7a3]{2,4}) (?P<title>[\uac00-\ud7a3 ]{2,30}?)(?:은|는)\s"
)


def subject_name(sentence: str) -> tuple[int, str, str] | None:
    """The publisher's own official who is the subject of an original's lead sentence, when the
    people file does not know him: (where, the name as written, the title) from "船越健裕アジア
    大洋州局長は、" or "김건 외교부 한반도평화교섭본부장은 "; None when there is none."""
    m = _KO_SUBJECT.match(sentence)
    if m and not find_people(m.group("name")) and _KO_TITLE.match(m.group("title").strip()):
        return m.start("name"), m.group("name"), m.group("title").strip()
    m = _JA_SUBJECT.search(sentence)
    if m is None:
        return None
    chunk = re.split(r"[\u3041-\u3093]+", m.group("chunk").strip())[-1]  # after "…を訪問中の"
    if find_people(chunk):
        return None  # a known person: read by the people file
    run = re.match(r"[\u4e00-\u9fff\u3005]+", chunk)
    if run is None:
        return None
    name = run.group(0)
    office = _JA_OFFICE.search(name)
    if office is not None and office.start() >= 2:
        name = name[: office.start()]
    elif len(name) == len(chunk):
        return None  # kanji only, and no office to cut off: no telling where the name ends
    if not 2 <= len(name) <= 4:
        return None
    return m.start("chunk") + m.group("chunk").rindex(chunk), name, chunk[len(name) :]


def original_names(sentence: str, date: str, home: str) -> list[tuple[int, Participant]]:
    """The principals an original's lead sentence names with a bracketed other form, and its
    subject when the people file does not know him (of the publisher's state `home`), each with
    where it starts."""
    out: list[tuple[int, Participant]] = []
    for b in bracketed_people(sentence):
        if b.person is not None:
            out.append(
                (b.start, Participant(b.person.name, b.person.country, b.person.role_on(date)))
            )
        else:
            out.append((b.start, Participant(b.name, b.country, b.role)))
    subject = subject_name(sentence)
    if subject is not None and lookup(subject[1]) is None:
        at, name, title = subject
        if not any(p.name == name for _, p in out):
            out.append((at, Participant(name, home, title)))
    return out
