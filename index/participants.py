"""Who met and where: the principals, the other attendees and the place, read from a readout's
lead paragraph (the one that says who held the meeting).

`index.parse` calls these on the lead it finds with `lead`; names are matched against the
people file (`index.people`) first, then read from honorifics and titles in the text.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.countries import adjective_before, canonical, country_at, find_countries, us_state_at
from index.model import Participant
from index.people import (
    Mention,
    Person,
    all_people,
    find_people,
    lookup,
    original_names,
    read_name,
)

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
        "Gen",
        "Lt",
        "Col",
        "Adm",
        "Sen",
        "Rep",
        "Gov",
        "Amb",
        "[A-Z]",
    )
)
# The punctuation first, then the look-behinds (which include it): tried only at a ".", "!"
# or "?", not at every character of the paragraph.
_SENTENCE_END = re.compile(r"[.!?]" + _ABBREV + r"[\"”’]?\s+(?=[A-Z(“\"])")
_LEAD_VERB = re.compile(
    r"\b(held|hold|holds|met|meets|meeting|talks|spoke|speaks|telephone|call|visited|visit|"
    r"welcomed|welcomes|hosted|hosts|convened|convenes|gathered)\b"
    r"|会談|会合|회담|통화|면담"
)
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿĀ-ſ'’"
_HONORIFIC_NAME = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|Gen)\.|\bH\.E\.)(?:\s+(?:Mr|Ms|Mrs|Dr)\.)*\s+"
    rf"(?P<name>[{_UP}][{_UP}{_LOW}\-]+"
    rf"(?:\s+(?:(?:de|da|del|dos|van|von|bin|al|la|le|di|du)\s+)?[{_UP}][{_UP}{_LOW}\-]+){{0,3}})"
)
"""An honorific and the name after it, accented letters and particles included ("Mr. José
Manuel", "Mr. Jaime de Piniés", "H.E. Miroslav Lajčák")."""
_NOT_A_NAME = re.compile(
    r"(?:President|Speaker|Chairman|Chair|Chairperson|Secretary(?:-General)?|Minister|Vice|"
    r"Ambassador|Prime|Foreign|Deputy|Acting|Under-Secretary-General|Commissioner)$"
)
"""What follows "Mr." when it addresses an office, not a person ("Mr. President", "Mr.
Secretary-General"): the first word of such a "name"."""
_WORD = rf"(?:Mc|Mac|O['’])?[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+(?:[{_UP}][{_LOW}]+)?)*"
"""A word of a name: "Herzog", "Sherwood-Randall", "Al-Sisi", "Kyung-wha", "Arévalo"."""
_US_DEPARTMENTS = (
    r"(?:State|Defense|the Treasury|Commerce|the Interior|Agriculture|Labor|Health and Human "
    r"Services|Housing and Urban Development|Transportation|Energy|Education|Veterans Affairs|"
    r"Homeland Security|the Army|the Navy|the Air Force)"
)
"""The departments of the American government, whose heads are "Secretary of ..."."""
_HEAD = (
    r"(?:Vice |Deputy |Acting |Former )?(?:President(?:-elect)?|Prime Minister|Premier|Chancellor)"
    r"|Foreign Minister|Minister(?: (?:of|for) (?:the )?[A-Z][a-z]+"
    r"(?:,? (?:and |the )?[A-Z][a-z]+){0,5}?)?"
    rf"|(?:Deputy )?Secretary of {_US_DEPARTMENTS}"
    r"|(?:Advis[eo]r|Assistant|Envoy|Counsell?or|Representative) to the (?:Vice President|"
    r"President|Prime Minister|Chancellor|Secretary(?: of State)?|King|Crown Prince)"
    r"(?: (?:for|on)(?: [A-Z][a-z]+| and){1,5}?)?"
    r"|Secretary[- ]General"
    r"|Secretary|Crown Prince and Prime Minister|Crown Prince|King|Queen|Emir|Amir|Sultan|Sheikh"
    r"|Taoiseach|Chairman|Chair|Chief of (?:Cabinet|Staff)|Chief Advis[eo]r|Speaker|Senator"
    r"|Commander-in-Chief(?: of the(?: [A-Z][a-z]+){1,3})?"
    r"|(?:National Security |Special )?Advis[eo]r|Director(?: General)?|Ambassador|Envoy"
    r"|Governor|Commissioner|Representative|Leader|Administrator|Coordinator|Head|Mayor"
    r"|Sen\.|Rep\.|Gov\.|Amb\.|Congress(?:man|woman|member)|Speaker of the House|Whip"
)
_ORG_NOUN = (
    r"(?:Council|Office|Agency|Administration|Commission|Committee|Authority|Organi[sz]ation|"
    r"Forces|Staff|Service|Services|Bureau|Department|Ministry|Secretariat|Board|Institute|"
    r"Center|Centre|Fund|Bank|Cooperation|Affairs|Policy|Development|Relations|Engagement|"
    r"Prevention|Innovation|Mobility|Outreach|Partnerships|Operations|Management|Protection|"
    r"Intelligence|Communications|Strategy|Justice|Foundation|Equity|Implementation|Planning|"
    r"Resilience)"
)
"""The nouns that end the name of an organisation or a portfolio in an office ("Director of
the Gender Policy Council", "Special Representative for International Cooperation")."""
_NOT_OFFICE = (
    r"(?!(?:Mr|Ms|Mrs|Dr|Gen|Lt|Col|Adm)\.)(?!(?:Affairs|Trade|Defen[cs]e|State|Security|Office|Council|Secretariat|Ministry|Minister|"
    r"President|Advisor|Adviser|Secretary|General|Director|Cabinet|House|Government|"
    r"Of|The|And|For|On|To|In|At|Policy|Cooperation|Commission|Committee|Administration|Agency|"
    r"Authority|Organi[sz]ation|Forces|Staff|Services|Development|Relations|Coordinator|"
    r"Commissioner|Representative|Ambassador|Envoy|Assistant|Administrator|Liberation|Chiefs|Mayor|"
    r"Interior|Treasury|Energy|States|Kingdom|Republic|Nations|Union|Emirates|Crimes|Response)\b)"
    rf"(?!{_ORG_NOUN}\b)"
)
_OFFICE_OF = (
    r"(?:,? (?:of|for|on|and) (?:the )?(?:(?:[A-Z][\w-]*|U\.S\.|and|of|on|for|the) )*?"
    + _ORG_NOUN
    + r"(?: (?:of|for|to) the (?:President|Prime Minister))?"
    r"| and (?:[A-Z][a-z]+ ){0,4}(?:Advis[eo]r|Director|Coordinator|Counsel(?:or)?|Assistant to "
    r"the (?:Vice )?President)){0,5}?"
)
_OF_STATE = r"(?: of (?:the )?[A-Z][\w.]*(?: [A-Z][\w.]*)??)??"
"""The state after an office and its organisation ("Secretary of the National Security and
Defense Council of Ukraine"): checked to be a state after the match."""
"""What may follow an office before the name: the organisation it heads, ending in one of its
nouns, and further offices joined by "and" ("Assistant to the President and Director of the
Gender Policy Council Jennifer Klein")."""
_TITLED = (
    rf"\b(?P<title>(?:(?:His |Her )?(?:Royal )?(?:Majesty|Highness|Excellency),? )?"
    rf"(?:(?:[{_UP}][a-z]+|U\.S\.|[A-Z]{{2,5}}(?:-\d+)?) +){{0,5}}?(?:{_HEAD}){_OFFICE_OF}"
    r"(?P<tail>TAIL))\s+"
    r"(?:(?:(?:Rear |Vice )?Admiral|General|Gen\.|Adm\.|Lt\. Gen\.|Col\.|Mayor) )?"
    rf"(?P<name>{_NOT_OFFICE}(?:{_WORD}|[A-Z]\.(?![A-Z]))"
    rf"(?:\s+{_NOT_OFFICE}(?:{_WORD}|[A-Z]\.(?![A-Z])|bin|al|der|de|von|[IV]{{1,3}}\b)){{0,4}})"
    r"(?:,?\s+Jr\.?)?"
)
_TITLED_NAME = re.compile(_TITLED.replace("TAIL", _OF_STATE))
_TITLED_NAME_NO_STATE = re.compile(_TITLED.replace("TAIL", ""))
"""A name after a title: a leader's ("President Isaac Herzog") or an official's, with the
words of the office before it ("National Security Secretariat Secretary General Akiba
Takeo")."""
_TITLE_WORDS = re.compile(rf"^(?:{_HEAD})$")
_COUNTRY_AFTER = re.compile(r"(?:,?\s+Jr\.?)?,?\s+of\s+")
_POSSESSIVE = re.compile(r"['’]s\s+$")
_ROLE_AFTER = re.compile(
    r"^\s*,\s*(?P<role>(?:Minister|Deputy|Director|Permanent|Special|Ambassador|Prime|President|"
    r"Vice|Secretary|Chief|Senior|Counsellor|Counselor|Foreign|State|Assistant|Chair|Chairman|"
    r"Chairwoman|Head|Commissioner|Coordinator|Administrator|Governor|Senator)[^,;()]*"
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


def later_meeting_sentences(paragraphs: list[str], lead: str, limit: int = 3) -> list[str]:
    """The sentences after `lead` in the first paragraphs whose verb says someone met, hosted
    or spoke (at most `limit`)."""
    out: list[str] = []
    seen = False
    for para in paragraphs[:4]:
        for sentence in _sentences(para[:MAX_LEAD]):
            if seen and _MEET_VERB.search(sentence) and len(out) < limit:
                out.append(sentence)
            seen = seen or sentence == lead
    return out


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
        if country or us_state_at(text, after.end()):
            return country or "United States"
    rest = text[end:]
    # The title may run on past a comma ("Minister of Foreign Affairs, European Union and
    # Cooperation of the Kingdom of Spain"), but not into lower-case words (", in Tokyo").
    m = re.match(r"^,\s+(?P<role>[^,;]{0,120}(?:,\s+[A-Z][^,;]{0,80}){0,2})", rest)
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
    inside = _OF_THE_ADJECTIVE.search(lead_in)  # "Commander-in-Chief of the Ukrainian Armed Forces"
    country = country or (adjective_before(inside.group("adj") + " ") if inside else "")
    if country:
        return country
    if _POSSESSIVE.search(lead_in):
        return _trailing_country(_POSSESSIVE.sub("", lead_in))
    return ""


_OF_THE_ADJECTIVE = re.compile(rf"\bof the (?P<adj>[{_UP}][\w-]+) (?:[{_UP}][\w-]+\s+){{1,3}}$")
_HONORIFICS_BEFORE = re.compile(r"(?:(?:(?:Mr|Ms|Mrs|Dr|H\.E|Gen)\.|Shri|Sheikh)\s+)+$")
_TITLE_BEFORE = re.compile(
    rf"(?:(?:[{_UP}][a-z]+|U\.S\.|[A-Z]{{2,5}}(?:-\d+)?) +){{0,5}}?(?:{_HEAD}){_OFFICE_OF}"
    rf"{_OF_STATE}\s+$"
)


_NOT_TITLE_START = re.compile(
    r"^(?:(?:The|the|Today|Tonight|Yesterday|Earlier|Later|Then|And|Also|Both|On|In)\s+)+"
)
"""Words a title regex may take from the sentence before a title ("Today President Biden")."""


def _title_country(title: str) -> tuple[str, str]:
    """A title without its courtesy ("His Majesty") and without the state it starts with,
    and that state: "Israeli National Security Advisor" -> ("National Security Advisor",
    "Israel")."""
    title = " ".join(_NOT_TITLE_START.sub("", title).split())
    title = re.sub(r"^(?:(?:His|Her) )?(?:Royal )?(?:Majesty|Highness|Excellency),? ", "", title)
    of = re.search(r"\s+of\s+(?:the\s+)?(?P<state>[^,]+)$", title)
    if of and canonical(of.group("state")):  # "Prime Minister of Canada"
        return title[: of.start()], canonical(of.group("state"))
    for of_state in re.finditer(r" of (?=[A-Z]|the )", title):  # "... of the Republic of X and"
        country, end = country_at(title, of_state.end())
        if country and re.match(r"(?: and\b|,|$)", title[end:]):
            return title[: of_state.start()] + title[end:], country
    org = re.match(rf"(?P<adj>[A-Z][a-z]+) (?:(?!National\b)[A-Z][\w-]+ )?{_ORG_NOUN}\b", title)
    if org and adjective_before(org.group("adj") + " "):  # "Palestinian Authority President"
        return title, adjective_before(org.group("adj") + " ")
    inner = re.search(r"\bof the (?P<adj>[A-Z][a-z]+) (?=[A-Z])", title)
    if inner and adjective_before(inner.group("adj") + " "):  # "... of the Ukrainian Armed Forces"
        country = adjective_before(inner.group("adj") + " ")
        return title[: inner.start("adj")] + title[inner.end("adj") + 1 :], country
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
    return _ABBREVIATED.sub(lambda m: _OFFICES[m.group(0)], title), ""


_OFFICES = {"Sen.": "Senator", "Rep.": "Representative", "Gov.": "Governor", "Amb.": "Ambassador"}
_ABBREVIATED = re.compile(r"\b(?:Sen|Rep|Gov|Amb)\.")


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
    possessive = re.search(r"\bof (?P<state>[A-Z][\w .-]*?)['’]s ", role)
    if possessive and canonical(possessive.group("state")):  # "Chair of Israel's Commission"
        role = role[: possessive.start("state")] + "the " + role[possessive.end() :]
    return role.strip().rstrip(",.")


_MEET_VERB = re.compile(
    r"\b(?:met|meets|meet|spoke|speaks|talked|talks|called|calls|held|holds|hold|convened|"
    r"convenes|hosted|hosts|welcomed|welcomes|received|receives|gathered|telephoned|visited|"
    r"dropped by)\b"
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
    r"^(?:(?:(?:(?:Following|After|Building on|Ahead of|On the (?:margins|sidelines) of|At|During|"
    r"As|On|In)\b|[a-z]|\d)[^,]*"
    r"|(?:Earlier |Later )?"
    r"(?:Today|today|Tonight|Yesterday|This (?:morning|afternoon|evening|week)))"
    r",\s*)+"
)
"""Phrases before the subject ("On July 13, commencing at 10:00 a.m. for 45 minutes, ...")."""
_VERB_LINK = re.compile(
    r"\s*(?:(?:today|yesterday|this \w+|by (?:tele)?phone|virtually|separately|jointly|again|"
    r"on [A-Z][a-z]+ \d{1,2}(?:,? \d{4})?,?|(?:in|at) (?:the )?[A-Z][\w.’'-]*"
    r"(?:,? [A-Z][\w.’'-]*)*,?)\s+)*"
    r"(?:(?:(?:a|an|the|his|her|their)\s+)?(?:(?:[a-z\d(][\w’'()-]*|[\w.]+-[\w.’'-]+)\s+){0,8}?"
    r"(?:call|meeting|talks?|"
    r"dialogue|conversation|videoconference|summit|discussion|consultations)\s+"
    r"(?:(?:today|by (?:tele)?phone|virtually|(?:in|at) (?:the )?[A-Z][\w.’'-]*"
    r"(?:,? [A-Z][\w.’'-]*)*,?)\s+)*)?"
    r"(?:with|to)?\s*"
)
"""What comes between the meeting verb and its object: time, manner, place, and the kind of
meeting ("held talks in Seoul with", "spoke by phone today with", "held a trilateral call
with")."""
_OBJECT_END = re.compile(
    r"(?<!Advisor)(?<!Adviser)(?<!Assistant)(?<!Envoy)(?<!Representative)\sto\s|\sto\s(?!the )"
    r"|\s(?:on|about|regarding|concerning|following|after|ahead|during|where|which|"
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


MAX_PRINCIPALS = 16
"""At most this many principals per readout (a call of three officials with three others)."""


def find_principals(
    sentence: str,
    meeting_date: str,
    source: str,
    mentions_all: list[Mention],
    title: str = "",
    context: str = "",
) -> list[Participant]:
    """The people who met, named in the lead `sentence` (outside its parentheses) as the
    subject or the object of its meeting verb: people from the people file, then honorific and
    titled names, "Name, Role" pairs, the publisher's "the President"; names the page `title`
    gives in full complete a family name, as do those of the `context` (the opening paragraphs:
    "Senator Kyrsten Sinema" there completes the lead's "Senator Sinema"). The publisher's side
    first, at most
    `MAX_PRINCIPALS`. One principal alone is kept only as the subject of a meeting verb (the
    President who met a group); otherwise a readout names two sides or none."""
    sentence = re.sub(r"\s", " ", sentence)  # a line break of a wrapped page is a space
    outside = sentence
    for s, e in reversed(_balanced_parens(sentence)):
        outside = outside[:s] + " " * (e - s) + outside[e:]
    clause, _ = principal_clause(outside)
    clause, of_country = _title_of_country(clause)
    verb = _MEET_VERB.search(outside)
    verb_at = verb.start() if verb else -1
    known = [
        m for m in find_people(clause, meeting_date) if m.full or m.person in _persons(mentions_all)
    ]
    found: list[_Found] = [
        _Found(m.start, m.end, _known(m.person, meeting_date, outside, m.start)) for m in known
    ]

    def taken(start: int, end: int) -> bool:
        return any(f.start <= start < f.end or start <= f.start < end for f in found)

    for m in _HONORIFIC_NAME.finditer(clause):
        start, end = m.span("name")
        if taken(start, end) or _NOT_A_NAME.match(m.group("name").split()[0]):
            continue
        name = read_name(m.group("name"))
        person = lookup(name)
        if person is not None:
            found.append(_Found(start, end, _known(person, meeting_date, outside, start)))
        else:
            country = _country_near(outside, start, end)
            role = _role_near(outside, end) or _title_before(outside, start)
            if not country and source == "white-house" and _US_OFFICE.search(role):
                country = "United States"
            found.append(_Found(start, end, Participant(name, country, role)))
    for m in _titled_names(clause):
        start, end = m.span("name")
        if taken(start, end):
            continue
        raw = m.group("name")
        if _TITLE_WORDS.match(raw.split()[0]) or canonical(raw):
            continue  # "President Minister", "Prime Minister Japan": no name here
        name = read_name(raw)
        person = lookup(name)
        if person is not None:
            found.append(_Found(start, end, _known(person, meeting_date, outside, start)))
            continue
        tail = _TAIL_OF.search(m.group("title"))
        if (
            tail
            and " " not in name
            and not canonical(tail.group("state"))
            and not _HEAD_END.search(m.group("title"))
        ):
            continue  # "Director of the National | Economic Council": the office runs on
        if " " not in name and _ORG_AFTER.match(outside, end):
            continue  # "Commissioner of the U.S. | Food and Drug Administration"
        title_words, country = _title_country(m.group("title"))
        country = country or of_country.get(start, "") or _country_near(outside, start, m.end())
        person = _by_family(name, meeting_date) if " " not in name else None
        if person is not None:
            found.append(_Found(start, end, _known(person, meeting_date, outside, start)))
            continue
        if not country and source == "white-house" and _US_OFFICE.search(title_words):
            country = "United States"  # "Secretary of the Interior", "Advisor to the President"
        if " " not in name and not country and not _in_title(name, title):
            continue  # "President Smith" alone is too little to name someone new
        if not country and 0 <= start < verb_at:
            country = SOURCE_COUNTRY.get(source, "")  # the publisher's own officials
        found.append(_Found(start, m.end(), Participant(name, country, title_words)))
    for m in _NAME_ROLE.finditer(clause):
        start, end = m.span("name")
        if taken(start, end) or canonical(m.group("name")) or lookup(m.group("name")):
            continue
        whole = _NAME_ROLE.match(outside, start) or m  # the role may run past the clause
        country = _country_after(outside, whole.end())
        role = " ".join(whole.group("role").split())
        if not country and source == "white-house" and (_US_OFFICE.search(role) or start < verb_at):
            country = "United States"  # the publisher's officials, its offices
        found.append(_Found(start, end, Participant(m.group("name"), country, role)))
    if not sentence.isascii():  # the originals: 고노 다로(河野太郎), 金健（キム・ゴン）
        for start, p in original_names(sentence, meeting_date, SOURCE_COUNTRY.get(source, "")):
            if not any(p.name == f.person.name for f in found):
                found.append(_Found(start, start + 1, p))
    found.extend(_publisher_offices(clause, source, meeting_date, taken))
    found = _complete_from_title(found, clause, title, meeting_date, outside)
    found = _complete_from_text(found, context)
    found.extend(_listed_in_title(clause, title, {f.person.name for f in found}))
    _share_country(found, outside)
    people: list[Participant] = []
    names: set[str] = set()
    for f in sorted(found, key=lambda f: f.start):
        if f.person.name not in names:
            names.add(f.person.name)
            people.append(f.person)
    home = SOURCE_COUNTRY.get(source, "")
    if home:
        people.sort(key=lambda p: p.country != home)
    if len(people) == 1 and not (found and 0 <= min(f.start for f in found) < verb_at):
        return []
    return people[:MAX_PRINCIPALS]


_ORG_AFTER = re.compile(rf"(?:\s+(?:and\s+)?[A-Z][\w-]*){{0,3}}\s+{_ORG_NOUN}\b")


def _titled_names(text: str) -> Iterator[re.Match[str]]:
    """The titled names of `text`; a title that ends "of X" where X is no state is read again
    without it ("Director of the Office of Public | Engagement Cedric Richmond")."""
    for found in _TITLED_NAME.finditer(text):
        m: re.Match[str] | None = found
        tail = found.group("tail").removeprefix(" of ")
        if tail and not canonical(tail):
            m = _TITLED_NAME_NO_STATE.match(text, found.start())
        if m is not None:
            yield m


_HEAD_END = re.compile(rf"(?:{_HEAD})$")
_TAIL_OF = re.compile(r" of (?:the )?(?P<state>[A-Z][\w.]*(?: [A-Z][\w.]*)?)$")


def _by_family(family: str, date: str) -> Person | None:
    """The one known person of that family name in office on `date` ("Secretary of Homeland
    Security Mayorkas"), or None."""
    people = [p for p in all_people() if p.family == family and p.role_on(date)]
    return people[0] if len(people) == 1 else None


_US_OFFICE = re.compile(
    rf"^(?:Deputy |Acting )?Secretary of {_US_DEPARTMENTS}$|^(?:[A-Z][a-z]+ )*Administrator$"
    r"|\bto the (?:Vice )?President\b|\bU\.S\.|\bWhite House\b|^Attorney General$"
    r"|^(?:Senator|Sen\.|Rep\.|Representative|Congress(?:man|woman|member)|Speaker of the House)$"
    r"|\b(?:Senate|House)(?: Majority| Minority| Democratic| Republican)? (?:Leader|Whip)$"
)
"""Offices of the American government and Congress that name no state: in a White House
readout, their holders are American ("Senator Sinema", "Senate Majority Leader", "Rep.")."""


@dataclass
class _Found:
    start: int
    end: int
    person: Participant


def _known(person: Person, date: str, text: str, start: int) -> Participant:
    """A known person, with the office the readout gives them just before the name ("Japanese
    National Security Advisor Takeo Akiba") or else the one the people file has on `date`."""
    before = _HONORIFICS_BEFORE.sub("", text[max(0, start - 120) : start])
    m = _TITLE_BEFORE.search(before)
    role = _title_country(m.group(0).strip())[0] if m else ""
    member = _MEMBER_OF.search(before) or _ASSISTANT_TO.search(before)
    if member:
        role = member.group(0).strip()
    office = person.role_on(date)
    extra = _words(office) - _words(role)
    if not role or (_words(role) <= _words(office) and extra <= {"affairs"}):
        role = office  # "Foreign Minister" is the file's "Minister of Foreign Affairs"
    return Participant(person.name, person.country, role)


def _words(role: str) -> set[str]:
    return set(re.findall(r"[a-z]+", role.casefold())) - {"of", "the", "for", "to"}


_MEMBER_OF = re.compile(rf"\b[Mm]ember of the (?:[{_UP}][\w-]*\s+)+$")
_ASSISTANT_TO = re.compile(
    rf"\b(?:Deputy )?Assistant to the (?:President|Secretary)(?: for (?:[{_UP}][\w-]*\s+)+|\s+)$"
)
""""Assistant to the President for National Security Affairs": the American formal title."""


_OF_COUNTRY = re.compile(rf"(?:{_HEAD})(?P<of>\s+of\s+)")


def _title_of_country(clause: str) -> tuple[str, dict[int, str]]:
    """`clause` with the state blanked out of "Prime Minister of Canada Justin Trudeau" (so the
    title reads as "Prime Minister"), and the state for each such name, by where it starts."""
    states: dict[int, str] = {}
    for m in _OF_COUNTRY.finditer(clause):
        country, end = country_at(clause, m.end("of"))
        after = re.match(r"\s+(?:(?:Mr|Ms|Dr)\.\s+|Shri\s+)?(?=[A-Z])", clause[end:])
        org = re.match(rf"\s+(?:[A-Z][\w-]*\s+(?:and\s+)?){{0,4}}{_ORG_NOUN}\b", clause[end:])
        if not country or after is None or org is not None:
            continue
        clause = clause[: m.start("of")] + " " * (end - m.start("of")) + clause[end:]
        states[end + after.end()] = country
    return clause, states


_NAME_ROLE = re.compile(
    r"(?:(?<=\band )|(?<=\bwith )|(?<=, )|(?<=^)|(?<=\|))"
    rf"(?P<name>{_WORD}(?:\s+{_WORD}){{1,2}}),\s+"
    r"(?P<role>(?:[A-Z][a-z]+\s+){0,4}(?:Advis[eo]r|Minister|Director|Secretary|Ambassador|Envoy|"
    r"Representative|Counsell?or|Assistant|Coordinator|Administrator|Chair)"
    r"(?:\s+to\s+the\s+(?:Prime Minister|President))?"
    rf"(?:(?:{_OFFICE_OF})(?=\s*[,;.]|\s+(?:met|spoke|convened|hosted|held)\b))?)\b"
)
"""A name followed by its office: "Francesco Talo, Diplomatic Advisor to the Prime Minister"."""


def _country_after(text: str, end: int) -> str:
    """The first state named as "of COUNTRY" in the 160 characters after `end`."""
    window = text[end : end + 160]
    for m in re.finditer(r"\bof\s+", window):
        country, _ = country_at(window, m.end())
        if country:
            return country
    return ""


def _in_title(family: str, title: str) -> bool:
    return bool(title) and re.search(rf"\b{re.escape(family)}\b", title) is not None


_OFFICE_ALONE = re.compile(
    r"(?<!\bto )(?<!\bof )(?<!\bfor )\b(?:[Tt]he|and) (?P<office>(?:Vice )?President)\b"
    r"(?!\s+(?:of\b|for\b|[A-Z]))(?![’'])"
)


def _publisher_offices(
    clause: str, source: str, date: str, taken: Callable[[int, int], bool]
) -> list[_Found]:
    """ "The President" and "the Vice President" of a White House readout: the people who held
    those offices on the meeting's date, by the people file."""
    home = SOURCE_COUNTRY.get(source, "")
    if home != "United States":
        return []
    out = []
    for m in _OFFICE_ALONE.finditer(clause):
        office = m.group("office")
        start = m.start("office")
        if taken(start, m.end()):
            continue
        holders = [p for p in all_people() if p.country == home and p.role_on(date) == office]
        if len(holders) == 1:
            out.append(_Found(start, m.end(), Participant(holders[0].name, home, office)))
    return out


def _title_people(title: str, date: str) -> list[Participant]:
    """The people a page title names in full ("... with President Hakainde Hichilema of
    Zambia"), with their states."""
    out = [
        Participant(m.person.name, m.person.country, m.person.role_on(date))
        for m in find_people(title, date)
    ]
    for m in _titled_names(title):
        name = read_name(m.group("name"))
        if " " in name and not _TITLE_WORDS.match(name.split()[0]) and not canonical(name):
            title_words, country = _title_country(m.group("title"))
            country = country or _country_near(title, m.start("name"), m.end())
            if all(p.name != name for p in out):
                out.append(Participant(name, country, title_words))
    return out


def _complete_from_title(
    found: list[_Found], clause: str, title: str, date: str, text: str
) -> list[_Found]:
    """Names the title gives in full complete those of the lead: "Prime Minister Shmyhal" is
    the title's "Denys Shmyhal", "Jair Messias Bolsonaro" its "Jair Bolsonaro"; a person of the
    title whose family name the lead's clause names ("Prime Minster Johnson") is a principal."""
    if not title:
        return found
    named = _title_people(title, date)
    out = []
    for f in found:
        p = f.person
        words = p.name.split()
        for t in named:
            t_words = t.name.split()
            same = words[-1] == t_words[-1] and (len(words) == 1 or words[0] == t_words[0])
            same = same or (len(t_words) >= 2 and words[: len(t_words)] == t_words)
            if same and p.name != t.name and lookup(p.name) is None:
                p = Participant(t.name, p.country or t.country, p.role or t.role)
                break
        out.append(_Found(f.start, f.end, p))
    have = {f.person.name for f in out}
    for t in named:
        if t.name in have:
            continue
        family = t.name.split()[-1]
        for m in re.finditer(rf"(?<![\w-]){re.escape(family)}(?![\w-])", clause):
            if any(f.start <= m.start() < f.end for f in out):
                continue
            role = _title_before(text, m.start()) or _title_word_before(text, m.start())
            out.append(_Found(m.start(), m.end(), Participant(t.name, t.country, role or t.role)))
            break
    return out


_OFFICES_OF = re.compile(
    r"\bthe (?P<office>(?:[A-Z][a-z]+ ){0,4}[A-Z][a-z]+)s of (?P<states>(?:(?:the )?[A-Z][\w.]*"
    r"(?: [A-Z][\w.]*)*(?:,? and |, |$)?)+)"
)
_LISTED = re.compile(
    rf"(?P<name>{_WORD}(?: {_WORD}){{1,3}})"
    r"(?: of (?P<state>(?:the )?[A-Z][\w.]*(?: [A-Z][\w.]*)*))?"
)


def _listed_in_title(clause: str, title: str, have: set[str]) -> list[_Found]:
    """Officials the lead names only by their office and states ("met virtually with the Deputy
    National Security Advisors of France, Germany, Italy and the United Kingdom") whom the page
    title lists after a colon ("...: Xavier Chatel of France, ..., and Nick Catsaras and Matt
    Collins of the United Kingdom"): each of the state written after them (or after the next
    name), with the office in the singular."""
    m = _OFFICES_OF.search(clause)
    if m is None or ":" not in title or not _TITLE_BEFORE.search(m.group("office") + " "):
        return []
    states = {c for c, _, _ in find_countries(m.group("states"))}
    listed = title.split(":", 1)[1]
    out: list[_Found] = []
    waiting: list[str] = []
    for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", listed):
        named = _LISTED.fullmatch(item.strip())
        if named is None:
            waiting = []
            continue
        waiting.append(named.group("name"))
        state = canonical(named.group("state") or "")
        if not named.group("state"):
            continue
        for name in waiting:
            if state in states and name not in have:
                person = Participant(name, state, m.group("office"))
                out.append(_Found(m.start("office"), m.end("office"), person))
        waiting = []
    return out


def _complete_from_text(found: list[_Found], context: str) -> list[_Found]:
    """A principal the lead names by a title and family name only ("Senator Sinema"), whom the
    opening paragraphs name in full after a title ("Senator Kyrsten Sinema"): the full name, when
    only one such name has that family name."""
    if not context or all(" " in f.person.name for f in found):
        return found
    full: dict[str, set[str]] = {}
    for m in _titled_names(context):
        name = read_name(m.group("name"))
        if " " in name and not canonical(name):
            full.setdefault(name.split()[-1], set()).add(name)
    out = []
    for f in found:
        p = f.person
        names = full.get(p.name, set()) if " " not in p.name else set()
        if len(names) == 1:
            p = Participant(names.pop(), p.country, p.role)
        out.append(_Found(f.start, f.end, p))
    return out


def _title_word_before(text: str, start: int) -> str:
    m = _TITLE_BEFORE.search(text[max(0, start - 120) : start])
    return _title_country(m.group(0).strip())[0] if m else ""


def _share_country(found: list[_Found], text: str) -> None:
    """ "President Andrzej Duda and Prime Minister Donald Tusk of Poland": the state after the
    last of two names joined by "and" is the first's too, when the first has none."""
    ordered = sorted(found, key=lambda f: f.start)
    for a, b in itertools.pairwise(ordered):
        if a.person.country or not b.person.country:
            continue
        between = text[a.end : b.start]
        if re.fullmatch(rf",?\s+and\s+(?:(?:[{_UP}][a-z]+|U\.S\.|of|the|for)\s+){{0,6}}", between):
            after = _COUNTRY_AFTER.match(text, b.end)
            if after and country_at(text, after.end())[0] == b.person.country:
                a.person = Participant(a.person.name, b.person.country, a.person.role)


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
_PLACE_AT = re.compile(
    rf"\b(?:in|at|In|At) (?:the )?(?P<place>{_WORD}(?:\s(?:{_WORD}|de|of)){{0,3}})"
)
_PLACE_END = re.compile(
    r"\s(?:to|about|regarding|concerning|following|where|which|that|amid|"
    r"and (?:discussed|reaffirmed|expressed|welcomed|exchanged|agreed))\s"
    r"|\son (?!(?:the (?:margins|sidelines)|[A-Z][a-z]+ \d|\d{1,2} [A-Z][a-z]+|\w+day\b))"
    r"|\sfor (?![A-Z]|the first time|(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+)?(?:meeting|talks|"
    r"call|visit|dinner|lunch|breakfast|session|summit)\b)"
    r"|[;:]"
)
_PLACE_WELCOMED = re.compile(rf"\sto (?:the )?(?P<place>{_WORD}(?:\s(?:{_WORD}|de|of)){{0,3}})")
""""welcomed X to the White House": where a welcome verb's guest came."""
_BUILDING = re.compile(r"\b(?:Residence|House|Office|Palace|Hall|Room)$")


_PLACE_CJK = re.compile(
    r"(?P<ja>[\u30a1-\u30fa\u30fc\u4e00-\u9fff]{2,10})(?:において|を訪問中)"
    r"|(?<![\uac00-\ud7a3])(?P<ko>[\uac00-\ud7a3]{2,6})에서"
)
_CALL_CJK = re.compile("電話会談|電話|통화|화상")
_READING = re.compile(r"[（(][\u30a1-\u30fa\u30fc・]+[）)]")
"""A katakana reading in brackets, as MOFA Japan gives a Korean name or place."""


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
    if not sentence.isascii():  # "済州（チェジュ）を訪問中": the place without its reading
        sentence = _READING.sub("", sentence)
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
    intro = _INTRO.match(outside[: verb.start()])  # "On June 15, 2023 in Tokyo, Japan, ..."
    for text in (window, intro.group(0) if intro else ""):
        for m in _PLACE_AT.finditer(text):
            place = _place_named(m.group("place"))
            if place:
                return place
    if end is not None and verb.group(0).startswith("welcom"):
        m = _PLACE_WELCOMED.match(outside, end.start())
        place = _place_named(m.group("place")) if m else ""
        if place:
            return place
    return ""


def _place_named(written: str) -> str:
    """A place read after "in", "at" or "to", or "" when the words name no place (a month, a
    title, a person): "Vice President's Residence" is a place, "Vice President" is not."""
    place = _tidy_place(written)
    first = place.split()[0] if place else ""
    if not place or lookup(place) is not None:
        return ""
    if first in _NOT_PLACES and not (" " in place and _BUILDING.search(place)):
        return ""
    return place


def _tidy_place(place: str) -> str:
    place = re.sub(r"\s+(?:on|of|de)$", "", place.rstrip(".,")).strip()
    words = place.split()
    if len(words) >= 2 and canonical(words[-1]) and not canonical(place):
        place = " ".join(words[:-1])  # "Tokyo Japan": the town, without its state
    return place
