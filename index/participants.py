"""Who met and where: the principals, the other attendees and the place, read from a readout's
lead paragraph (the one that says who held the meeting).

`index.parse` calls these on the lead it finds with `lead`; names are matched against the
people file (`index.people`) first, then read from honorifics and titles in the text.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from index.countries import adjective_before, canonical, country_at
from index.model import Participant
from index.people import Mention, Person, find_people, lookup, original_names, read_name

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
    r"|会談|会合|회담|통화|면담"
)
_HONORIFIC_NAME = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr)\.|\bH\.E\.)(?:\s+(?:Mr|Ms|Mrs|Dr)\.)*\s+"
    r"(?P<name>[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+){0,3})"
)
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿĀ-ſ'’"
_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+)*"
"""A word of a name: "Herzog", "Sherwood-Randall", "Al-Sisi", "Kyung-wha", "Arévalo"."""
_HEAD = (
    r"(?:Vice |Deputy |Acting |Former )?(?:President(?:-elect)?|Prime Minister|Premier|Chancellor)"
    r"|Foreign Minister|Minister(?: (?:of|for) (?:the )?[A-Z][a-z]+"
    r"(?:,? (?:and |the )?[A-Z][a-z]+){0,5}?)?"
    r"|(?:Deputy )?Secretary of (?:State|Defense|the Treasury|Commerce)|Secretary[- ]General"
    r"|Secretary|Crown Prince|King|Queen|Emir|Amir|Sultan|Sheikh|Taoiseach|Chairman|Chair"
    r"|(?:National Security |Special )?Advis[eo]r|Director(?: General)?|Ambassador|Envoy"
    r"|Governor|Commissioner|Representative|Leader"
)
_NOT_OFFICE = (
    r"(?!(?:Mr|Ms|Mrs|Dr)\.)(?!(?:Affairs|Trade|Defen[cs]e|State|Security|Office|Council|Secretariat|Ministry|Minister|"
    r"President|Advisor|Adviser|Secretary|General|Director|Cabinet|House|Government)\b)"
)
_TITLED_NAME = re.compile(
    rf"\b(?P<title>(?:(?:His |Her )?(?:Royal )?(?:Majesty|Highness|Excellency),? )?"
    rf"(?:(?:[{_UP}][a-z]+|U\.S\.|ROK) ){{0,5}}?(?:{_HEAD}))\s+"
    rf"(?P<name>{_NOT_OFFICE}(?:{_WORD}|[A-Z]\.(?![A-Z]))"
    rf"(?:\s+{_NOT_OFFICE}(?:{_WORD}|[A-Z]\.(?![A-Z])|bin|al|der|de|von|[IV]{{1,3}}\b)){{0,4}})"
    r"(?:,?\s+Jr\.?)?"
)
"""A name after a title: a leader's ("President Isaac Herzog") or an official's, with the
words of the office before it ("National Security Secretariat Secretary General Akiba
Takeo")."""
_TITLE_WORDS = re.compile(rf"^(?:{_HEAD})$")
_COUNTRY_AFTER = re.compile(r"(?:,?\s+Jr\.?)?,?\s+of\s+")
_POSSESSIVE = re.compile(r"['’]s\s+$")
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
    "Response", "Order", "Regard", "Ministry", "Mr", "Dr", "Ms", "Vice", "National", "Secretary",
    "Ambassador", "Director", "Chancellor", "His", "Her", "Today", "Tonight",
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
    """The state a name belongs to, from the words around it: "X of COUNTRY" (or "X, Jr. of",
    "X, Secretary General of the ... of COUNTRY" up to the next comma), "COUNTRY's Title X",
    or a state's adjective before the title ("Israeli President X")."""
    after = _COUNTRY_AFTER.match(text, end)
    if after is not None:
        country, _ = country_at(text, after.end())
        if country:
            return country
    rest = text[end:]
    m = re.match(r"^,\s+(?P<role>[^,;]{0,120})", rest)
    if m:
        for phrase in re.finditer(r"\bof\s+", m.group("role")):
            country, _ = country_at(m.group("role"), phrase.end())
            if country:
                return country
        possessive = re.search(r"(\S+(?:\s+\S+){0,5}?)['’]s\b", m.group("role"))
        if possessive:
            country = _trailing_country(possessive.group(0)[:-2])
            if country:
                return country
    before = _HONORIFICS_BEFORE.sub("", text[max(0, start - 120) : start])
    title = _TITLE_BEFORE.search(before)
    lead_in = before[: title.start()] if title else before
    country = _title_country(title.group(0).strip())[1] if title else ""
    country = country or adjective_before(lead_in)
    if country:
        return country
    if _POSSESSIVE.search(lead_in):
        return _trailing_country(_POSSESSIVE.sub("", lead_in))
    return ""


_HONORIFICS_BEFORE = re.compile(r"(?:(?:Mr|Ms|Mrs|Dr|H\.E)\.\s+)+$")
_TITLE_BEFORE = re.compile(rf"(?:(?:[{_UP}][a-z]+|U\.S\.|ROK) ){{0,5}}?(?:{_HEAD})\s+$")


def _title_country(title: str) -> tuple[str, str]:
    """A title without its courtesy ("His Majesty") and without the state it starts with,
    and that state: "Israeli National Security Advisor" -> ("National Security Advisor",
    "Israel")."""
    title = re.sub(r"^(?:(?:His|Her) )?(?:Royal )?(?:Majesty|Highness|Excellency),? ", "", title)
    country, end = country_at(title)
    if not country:
        words = title.split()
        for n in (3, 2, 1):
            if len(words) > n:
                country = adjective_before(" ".join(words[:n]) + " ")
                if country:
                    end = len(" ".join(words[:n]))
                    break
    if country and end < len(title):
        return title[end:].strip(), country
    return title, ""


def _title_before(text: str, start: int) -> str:
    """The office named just before an honorific and a name ("Israeli National Security
    Advisor Dr. Eyal Hulata" -> "National Security Advisor"), or ""."""
    before = _HONORIFICS_BEFORE.sub("", text[max(0, start - 120) : start])
    if before == text[max(0, start - 120) : start]:
        return ""  # no honorific: the title regex reads this name itself
    m = _TITLE_BEFORE.search(before)
    return _title_country(m.group(0).strip())[0] if m else ""


def _trailing_country(text: str) -> str:
    """The state whose name ends `text` ("... Japan" -> "Japan"), or ""."""
    words = text.split()
    for n in range(min(6, len(words)), 0, -1):
        country = canonical(" ".join(words[-n:]))
        if country:
            return country
    return ""


def _role_near(text: str, end: int) -> str:
    m = _ROLE_AFTER.match(text[end:])
    if not m:
        return ""
    role = re.sub(r"\s+(?:and others.*|attended.*|held\b.*|during\b.*)$", "", m.group("role"))
    return role.strip().rstrip(",")


def _participant(person: Person, date: str) -> Participant:
    return Participant(person.name, person.country, person.role_on(date))


_MEET_VERB = re.compile(
    r"\b(?:met|meets|meet|spoke|speaks|talked|talks|called|calls|held|holds|hold|convened|"
    r"convenes|hosted|hosts|welcomed|welcomes|received|receives|gathered|telephoned|visited)\b"
)
_MEETING_CJK = re.compile("会談|会合|協議|電話|회담|통화|면담|협의")


def has_meeting_verb(sentence: str) -> bool:
    """Whether `sentence` says someone met or spoke: met, spoke, held, welcomed..., or 会談,
    電話, 회담, 통화, 면담 in an original."""
    return _MEET_VERB.search(sentence) is not None or _MEETING_CJK.search(sentence) is not None


def reports_meeting(sentence: str) -> bool:
    """Whether `sentence` says a meeting or a call took place: a meeting verb (met, spoke,
    held, welcomed...) or noun (meeting, call, talks, visit), or 会談, 電話, 회담, 통화, 면담."""
    return any(p.search(sentence) for p in (_MEET_VERB, _LEAD_VERB, _MEETING_CJK))


def meeting_sentence(paragraphs: list[str]) -> str:
    """The first sentence of the first paragraphs that reports a meeting, or "" (a notice, a
    proclamation, a declaration)."""
    for para in paragraphs[:4]:
        for sentence in _sentences(para):
            if reports_meeting(sentence):
                return sentence
    return ""


_CALL = re.compile(
    r"\b(?:spoke|speaks|talked|called|calls|telephoned|telephone|phone|call|videoconference|"
    r"video conference|virtual(?:ly)?)\b",
    re.IGNORECASE,
)
_INTRO = re.compile(
    r"^(?:(?:Following|After|Building on|Ahead of|On the (?:margins|sidelines) of|At|During|As|"
    r"On|In|Earlier|Today|Tonight|Yesterday|This (?:morning|afternoon|evening|week)|[a-z])"
    r"[^,]*,\s*)+"
)
"""Phrases before the subject ("On July 13, commencing at 10:00 a.m. for 45 minutes, ...")."""
_VERB_LINK = re.compile(
    r"\s*(?:(?:today|yesterday|this \w+|by (?:tele)?phone|virtually|separately|jointly|again|"
    r"on [A-Z][a-z]+ \d{1,2}(?:,? \d{4})?,?|(?:in|at) (?:the )?[A-Z][\w.’'-]*"
    r"(?:,? [A-Z][\w.’'-]*)*,?)\s+)*"
    r"(?:(?:(?:a|an|the|his|her|their)\s+)?(?:[\w’'()-]+\s+){0,8}?(?:call|meeting|talks?|"
    r"dialogue|conversation|videoconference|summit|discussion|consultations)\s+"
    r"(?:(?:today|by (?:tele)?phone|virtually|(?:in|at) (?:the )?[A-Z][\w.’'-]*"
    r"(?:,? [A-Z][\w.’'-]*)*,?)\s+)*)?"
    r"(?:with|to)?\s*"
)
"""What comes between the meeting verb and its object: time, manner, place, and the kind of
meeting ("held talks in Seoul with", "spoke by phone today with", "held a trilateral call
with")."""
_OBJECT_END = re.compile(
    r"\s(?:to|on|about|regarding|concerning|following|after|ahead|during|where|which|"
    r"that|who|as|amid|in|at|and (?:discussed|reaffirmed|expressed|welcomed|exchanged))\s"
    r"|\sfor (?![A-Z])"
    r"|[;:]|\s[\u2013\u2014-]\s|,\s+(?:and\s+)?(?:to|on|where|who|which|as|in|at)\s",
)


_BLANK = "|"
"""What stands for the blanked words: no name or title reads across it."""


def principal_clause(sentence: str) -> tuple[str, bool]:
    """`sentence` with everything but the subject and the object of its meeting verb blanked
    (offsets kept), and whether the verb is a call's; the sentence as it is when it has no
    meeting verb. People named elsewhere in the sentence (a summit "led by" leaders, a meeting
    "to prepare for" another) are context, not principals."""
    verb = _MEET_VERB.search(sentence)
    if verb is None:
        return sentence, False
    intro = _INTRO.match(sentence[: verb.start()])
    subject_start = intro.end() if intro else 0
    link = _VERB_LINK.match(sentence, verb.end())
    object_start = link.end() if link else verb.end()
    end = _OBJECT_END.search(sentence, object_start)
    object_end = end.start() if end else len(sentence)
    # "X of the Republic of Korea on ..." is cut at "on", after the name of the state.
    blank = _BLANK * len(sentence)
    kept = (
        blank[:subject_start]
        + sentence[subject_start : verb.start()]
        + blank[verb.start() : object_start]
        + sentence[object_start:object_end]
        + blank[object_end:]
    )
    is_call = _CALL.search(sentence[verb.start() : object_start]) is not None
    return kept, is_call


def find_principals(
    sentence: str, meeting_date: str, source: str, mentions_all: list[Mention]
) -> list[Participant]:
    """The people who met, named in the lead `sentence` (outside its parentheses) as the
    subject or the object of its meeting verb: people from the people file, then honorific and
    titled names; the publisher's side first, at most 4."""
    people: list[Participant] = []
    names: set[str] = set()
    outside = sentence
    for s, e in reversed(_balanced_parens(sentence)):
        outside = outside[:s] + " " * (e - s) + outside[e:]
    clause, _ = principal_clause(outside)
    verb = _MEET_VERB.search(outside)
    verb_at = verb.start() if verb else -1
    known = [
        m for m in find_people(clause, meeting_date) if m.full or m.person in _persons(mentions_all)
    ]
    found: list[tuple[int, Participant]] = [
        (m.start, _participant(m.person, meeting_date)) for m in known
    ]
    for m in _HONORIFIC_NAME.finditer(clause):
        start, end = m.span("name")
        if any(k.start <= start < k.end or start <= k.start < end for k in known):
            continue
        name = read_name(m.group("name"))
        person = lookup(name)
        if person is not None:
            found.append((start, _participant(person, meeting_date)))
        else:
            country = _country_near(outside, start, end)
            role = _role_near(outside, end) or _title_before(outside, start)
            found.append((start, Participant(name, country, role)))
    for m in _TITLED_NAME.finditer(clause):
        start, end = m.span("name")
        if any(start <= f_start < end or f_start <= start < f_start + 1 for f_start, _ in found):
            continue
        if any(k.start <= start < k.end or start <= k.start < end for k in known):
            continue
        raw = m.group("name")
        if _TITLE_WORDS.match(raw.split()[0]) or canonical(raw):
            continue  # "President Minister", "Prime Minister Japan": no name here
        name = read_name(raw)
        person = lookup(name)
        if person is not None:
            found.append((start, _participant(person, meeting_date)))
            continue
        title, country = _title_country(m.group("title"))
        country = country or _country_near(outside, start, m.end())
        if " " not in name and not country:
            continue  # "President Smith" alone is too little to name someone new
        if not country and 0 <= start < verb_at:
            country = SOURCE_COUNTRY.get(source, "")  # the publisher's own officials
        found.append((start, Participant(name, country, title)))
    if not sentence.isascii():  # the originals: 고노 다로(河野太郎), 金健（キム・ゴン）
        for start, p in original_names(sentence, meeting_date, SOURCE_COUNTRY.get(source, "")):
            if not any(p.name == q.name for _, q in found):
                found.append((start, p))
    for _, p in sorted(found, key=lambda x: x[0]):
        if p.name not in names:
            names.add(p.name)
            people.append(p)
    home = SOURCE_COUNTRY.get(source, "")
    if home:
        people.sort(key=lambda p: p.country != home)
    return people[:4]


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


_PLACE_VISITING = re.compile(
    r"\bwho (?:is|was|are|were) (?:visiting|in) (?P<place>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)*)"
)
_PLACE_AT = re.compile(rf"\b(?:in|at) (?:the )?(?P<place>{_WORD}(?:\s(?:{_WORD}|de|of)){{0,3}})")
_PLACE_END = re.compile(
    r"\s(?:to|about|regarding|concerning|following|where|which|that|amid|"
    r"and (?:discussed|reaffirmed|expressed|welcomed|exchanged|agreed))\s"
    r"|\son (?!(?:the (?:margins|sidelines)|[A-Z][a-z]+ \d|\w+day\b))"
    r"|\sfor (?![A-Z])"
    r"|[;:]"
)


_PLACE_CJK = re.compile(
    r"(?P<ja>[\u30a1-\u30fa\u30fc\u4e00-\u9fff]{2,10})(?:において|を訪問中)"
    r"|(?<![\uac00-\ud7a3])(?P<ko>[\uac00-\ud7a3]{2,6})에서"
)
_CALL_CJK = re.compile("電話会談|電話|통화|화상")


@lru_cache(maxsize=1)
def _cjk_places() -> dict[str, str]:
    with (Path(__file__).with_name("data") / "places.toml").open("rb") as f:
        data = tomllib.load(f).get("places", {})
    return {form: name for name, forms in data.items() for form in forms}


def _find_place_cjk(sentence: str) -> str:
    """The place of a Japanese or Korean original ("ソウルにおいて", "서울에서"), in English when
    the places file lists it; none for a call (電話会談, 통화)."""
    if _CALL_CJK.search(sentence):
        return ""
    places = _cjk_places()
    # "Xにおいて" (at X) before "Xを訪問中の" (visiting X, often a whole country)
    for m in sorted(_PLACE_CJK.finditer(sentence), key=lambda m: "訪問中" in m.group(0)):
        written = m.group("ja") or m.group("ko")
        for form, name in places.items():
            if written.endswith(form):
                return name
        if m.group("ko") is None:
            return written
    return ""


def find_place(sentence: str) -> str:
    """Where the meeting was, when the lead sentence says the meeting was there: "during his
    visit to X", "who is visiting X", or "in X" / "at X" in the meeting verb's own clause
    ("met ... in Seoul", "met at Camp David"). A call has no place; a region named in a clause
    about something else ("to discuss prosperity in Northeast Asia") is none."""
    outside = sentence
    for s, e in reversed(_balanced_parens(sentence)):
        outside = outside[:s] + " " * (e - s) + outside[e:]
    if not outside.isascii() and _PLACE_CJK.search(outside):
        return _find_place_cjk(outside)
    _, is_call = principal_clause(outside)
    if is_call:
        return ""
    for pattern in (_PLACE_VISIT, _PLACE_VISITING):
        m = pattern.search(outside)
        if m:
            return _tidy_place(m.group("place"))
    verb = _MEET_VERB.search(outside)
    if verb is None:
        return ""
    end = _PLACE_END.search(outside, verb.end())
    window = outside[verb.start() : end.start() if end else len(outside)]
    for m in _PLACE_AT.finditer(window):
        place = _tidy_place(m.group("place"))
        first = place.split()[0] if place else ""
        if place and first not in _NOT_PLACES and lookup(place) is None:
            return place
    return ""


def _tidy_place(place: str) -> str:
    return re.sub(r"\s+(?:on|of|de)$", "", place.rstrip(".,")).strip()
