"""Who met and where: the principals, the other attendees and the place, read from a readout's
lead paragraph (the one that says who held the meeting).

`index.parse` calls these on the lead it finds with `lead`; names are matched against the
people file (`index.people`) first, then read from honorifics and titles in the text.
"""

from __future__ import annotations

import re

from index.model import Participant
from index.people import Mention, Person, find_people, lookup, read_name

SOURCE_COUNTRY = {"mofa-japan": "Japan", "mofa-korea": "ROK", "white-house": "United States"}
"""The country a publisher speaks for: its principals are listed first."""

_ABBREV = "".join(
    rf"(?<!\b{a}[.!?])"
    for a in (
        "Mr",
        "Ms",
        "Dr",
        "Mrs",
        r"H\.E",
        r"a\.m",
        r"p\.m",
        r"U\.S",
        "St",
        "No",
        "Jr",
        "[A-Z]",
    )
)
# The punctuation first, then the look-behinds (which include it): tried only at a ".", "!"
# or "?", not at every character of the paragraph.
_SENTENCE_END = re.compile(r"[.!?]" + _ABBREV + r"[\"”’]?\s+(?=[A-Z(“\"])")
_LEAD_VERB = re.compile(
    r"\b(held|hold|holds|met|meets|meeting|talks|spoke|speaks|telephone|call|visited|visit)\b"
)
_HONORIFIC_NAME = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr)\.|\bH\.E\.)(?:\s+(?:Mr|Ms|Mrs|Dr)\.)*\s+"
    r"(?P<name>[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+){0,3})"
)
_TITLED_NAME = re.compile(
    r"\b(?P<title>(?:Vice |Deputy )?President|(?:Vice |Deputy )?Prime Minister|Foreign Minister|"
    r"(?:Deputy )?Secretary of State|Secretary-General|Chancellor|Crown Prince|King|Queen|Emir|"
    r"Sultan|National Security Advisor|Ambassador|Minister of Foreign Affairs|"
    r"Minister for Foreign Affairs)\s+"
    r"(?P<name>(?:[A-Z][a-z'’\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’\-]+|[A-Z]\.|bin|al|de|von)){0,3})"
)
_COUNTRY_AFTER = re.compile(
    r"^,?\s+of\s+(?:the\s+)?(?P<country>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})"
)
_ROLE_AFTER = re.compile(
    r"^\s*,\s*(?P<role>(?:Minister|Deputy|Director|Permanent|Special|Ambassador|Prime|President|"
    r"Vice|Secretary|Chief|Senior|Counsellor|Counselor|Foreign|State|Assistant)[^,;()]*"
    r"(?:\([^)]*\)[^,;()]*)?)"
)
_PLACE_VISIT = re.compile(
    r"during (?:his|her|their|the|a) (?:visit|trip|stay) (?:to|in) "
    r"(?P<place>[A-Z][\w.-]+(?:\s+(?:[A-Z][\w.-]+|of|de|del))*)"
)
_PLACE_IN = re.compile(r"\b(?:in|at) (?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\b")
_NOT_PLACES = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "The", "This", "Japan", "Korea", "Japanese", "Korean",
    "Minister", "President", "Prime", "Foreign", "Government", "Addition", "Particular",
    "Response", "Order", "Regard", "Ministry", "Mr", "Dr", "Ms",
}  # fmt: skip
_SIDE = re.compile(
    r"\b(?:and\s+)?(?i:from) the (?P<side>Japanese|Japan|ROK|Korean|U\.S\.|US) side,?\s*"
)


def _sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start : m.start() + 1])
        start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]


MAX_LEAD = 5000
"""Characters of the lead paragraph read for people, place and meeting date."""


def find_lead(paragraphs: list[str]) -> tuple[str, str]:
    """The lead paragraph and its sentence that says who held the meeting."""
    for para in paragraphs[:4]:
        for sentence in _sentences(para):
            if _LEAD_VERB.search(sentence):
                return para, sentence
    first = paragraphs[0] if paragraphs else ""
    return first, _sentences(first)[0] if first else ""


def _balanced_parens(text: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans


def _country_near(text: str, start: int, end: int) -> str:
    after = text[end : end + 90]
    before = text[max(0, start - 80) : start]
    for window in (after.split(".")[0], before):
        if re.search(r"Republic of Korea|\bROK\b|\bKorean?\b", window):
            return "ROK"
        if re.search(r"\bJapan(?:ese)?\b", window):
            return "Japan"
        if re.search(r"United States|\bU\.S\.", window):
            return "United States"
    return ""


def _role_near(text: str, end: int) -> str:
    m = _ROLE_AFTER.match(text[end:])
    if not m:
        return ""
    role = re.sub(r"\s+(?:and others.*|attended.*|held\b.*|during\b.*)$", "", m.group("role"))
    return role.strip().rstrip(",")


def _participant(person: Person, date: str) -> Participant:
    return Participant(person.name, person.country, person.role_on(date))


def find_principals(
    sentence: str, meeting_date: str, source: str, mentions_all: list[Mention]
) -> list[Participant]:
    """The people who met, named in the lead `sentence` (outside its parentheses): people from
    the people file, then honorific and titled names; the publisher's side first, at most 4."""
    people: list[Participant] = []
    names: set[str] = set()
    outside = sentence
    for s, e in reversed(_balanced_parens(sentence)):
        outside = outside[:s] + " " * (e - s) + outside[e:]
    known = [
        m
        for m in find_people(outside, meeting_date)
        if m.full or m.person in _persons(mentions_all)
    ]
    found: list[tuple[int, Participant]] = [
        (m.start, _participant(m.person, meeting_date)) for m in known
    ]
    for m in _HONORIFIC_NAME.finditer(outside):
        start, end = m.span("name")
        if any(k.start <= start < k.end or start <= k.start < end for k in known):
            continue
        name = read_name(m.group("name"))
        person = lookup(name)
        if person is not None:
            found.append((start, _participant(person, meeting_date)))
        else:
            country = _country_near(outside, start, end)
            found.append((start, Participant(name, country, _role_near(outside, end))))
    for m in _TITLED_NAME.finditer(outside):
        start, end = m.span("name")
        if any(start <= f_start < end or f_start <= start < f_start + 1 for f_start, _ in found):
            continue
        if any(k.start <= start < k.end or start <= k.start < end for k in known):
            continue
        name = read_name(m.group("name").removesuffix(" Jr"))
        person = lookup(name)
        if person is not None:
            found.append((start, _participant(person, meeting_date)))
            continue
        after = _COUNTRY_AFTER.match(outside[end:])
        if " " not in name and after is None:
            continue  # "President Smith" alone is too little to name someone new
        country = _country_name(after.group("country")) if after else ""
        found.append((start, Participant(name, country, m.group("title"))))
    for _, p in sorted(found, key=lambda x: x[0]):
        if p.name not in names:
            names.add(p.name)
            people.append(p)
    home = SOURCE_COUNTRY.get(source, "")
    if home:
        people.sort(key=lambda p: p.country != home)
    return people[:4]


def _country_name(name: str) -> str:
    return {"the Republic of Korea": "ROK", "Republic of Korea": "ROK", "Korea": "ROK"}.get(
        name, name
    )


def _persons(mentions: list[Mention]) -> set[Person]:
    return {m.person for m in mentions}


def find_attendees(paragraph: str, principals: set[str], date: str) -> list[Participant]:
    """Others present, from the lead's parentheses ("(... attended from the Japanese side)")."""
    out: list[Participant] = []
    for s, e in _balanced_parens(paragraph):
        inner = paragraph[s + 1 : e - 1]
        if not re.search(r"\b(attended|side)\b", inner):
            continue
        side_spans = list(_SIDE.finditer(inner))
        chunks: list[tuple[str, str]] = []
        if side_spans:
            for i, m in enumerate(side_spans):
                end = side_spans[i + 1].start() if i + 1 < len(side_spans) else len(inner)
                side = m.group("side")
                country = "Japan" if side.startswith("Jap") else "ROK"
                if side.startswith("U"):
                    country = "United States"
                chunks.append((country, inner[m.end() : end]))
        else:
            chunks.append(("", inner))
        for country, chunk in chunks:
            for m in _HONORIFIC_NAME.finditer(chunk):
                name = read_name(m.group("name"))
                person = lookup(name)
                if person is not None:
                    name = person.name
                if name in principals or any(p.name == name for p in out):
                    continue
                role = _role_near(chunk, m.end("name"))
                out.append(Participant(name, country or (person.country if person else ""), role))
    return out


def find_place(sentence: str) -> str:
    """Where the meeting was, when the lead sentence says so ("during his visit to ...")."""
    m = _PLACE_VISIT.search(sentence)
    if m:
        return m.group("place").rstrip(".")
    for m in _PLACE_IN.finditer(sentence):
        place = m.group("place")
        if place.split()[0] not in _NOT_PLACES:
            return place
    return ""
