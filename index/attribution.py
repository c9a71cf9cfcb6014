"""Who a readout says raised or stated what: a sentence-level rule over a comparison's terms.

In a sentence that holds a topic term, a principal of the readout as the subject of a verb of
speech: the full name (any spelling the people file knows, either order), the family name with
or without a title ("Minister Kono", "Mr. Kono"), or "the Japanese Foreign Minister" when one
principal is from that country, then optionally an appositive and a few adverbs, then one of
`SPEECH_VERBS`. Passive sentences ("Takeshima was also raised") name no one, and no one is
guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.compare_model import Attribution, SideInfo
from index.model import Participant, Readout
from index.people import family_name, lookup

SPEECH_VERBS = (
    "raised",
    "stated",
    "expressed",
    "explained",
    "emphasized",
    "emphasised",
    "stressed",
    "said",
    "asked",
    "called for",
    "reiterated",
    "mentioned",
    "conveyed",
    "urged",
    "requested",
    "noted",
    "pointed out",
    "responded",
    "replied",
)
"""Verbs that, after a principal's name, say that this principal said something."""


_ABBREVIATIONS = ("Mr", "Ms", "Mrs", "Dr", "H.E", "U.S", "N.K", "a.m", "p.m", "No", "St", "Jr")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z(“\"‘'0-9])")
_TITLES = (
    r"(?:(?:Mr|Ms|Mrs|Dr)\.\s+|H\.E\.\s+(?:(?:Mr|Ms|Mrs|Dr)\.\s+)?|"
    r"(?:(?:Japanese|Korean|South Korean|Chinese|U\.S\.|American)\s+)?"
    r"(?:Foreign Minister|Prime Minister|President|Minister|Secretary|Ambassador)\s+)"
)
_COUNTRY_WORDS = {
    "Japan": "Japanese",
    "ROK": "(?:South )?Korean",
    "United States": "(?:U\\.S\\.|American)",
    "China": "Chinese",
}
_OFFICES = r"(?:Foreign Minister|Prime Minister|President|Minister|Secretary of State)"
_BETWEEN = (
    r"(?:\s*,[^,.;]{1,80},)?\s+"  # an appositive: ", Minister for Foreign Affairs,"
    r"(?:(?:also|then|further|again|once again|in turn|in response|\w+ly),?\s+){0,3}"
)
_VERBS = r"(?P<verb>" + "|".join(v.replace(" ", r"\s+") for v in SPEECH_VERBS) + r")\b"


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of `text[start:end]`, as offsets into `text`."""
    out: list[tuple[int, int]] = []
    position = start
    for m in _SENTENCE_END.finditer(text, start, end):
        before = text[max(start, m.start() - 4) : m.start()]
        if any(before.endswith(a) for a in _ABBREVIATIONS) or re.search(r"\b[A-Z]$", before):
            continue
        out.append((position, m.start() + 1))
        position = m.end()
    if position < end:
        out.append((position, end))
    return out


def _flexible(name: str) -> str:
    return r"[\s\-‐‑]?".join(re.escape(p) for p in re.split(r"[\s\-‐‑]+", name) if p)


def _speaker_patterns(participants: Sequence[Participant]) -> list[tuple[str, re.Pattern[str]]]:
    """For each principal, a pattern for them as the subject of a verb of speech."""
    countries = [p.country for p in participants]
    out = []
    for p in participants:
        person = lookup(p.name)
        spellings = [p.name, *(person.aliases if person is not None else ())]
        names = set()
        for spelling in spellings:
            names.add(_flexible(spelling))
            parts = spelling.split()
            if len(parts) == 2:
                names.add(_flexible(f"{parts[1]} {parts[0]}"))
        family = family_name(p.name)
        if family:
            names.add(re.escape(family))
        alternatives = [rf"{_TITLES}?(?:{'|'.join(sorted(names, key=len, reverse=True))})"]
        country = _COUNTRY_WORDS.get(p.country)
        if country and countries.count(p.country) == 1:
            alternatives.append(rf"(?:the\s+)?{country}\s+{_OFFICES}")
        subject = "|".join(alternatives)
        pattern = re.compile(rf"(?<![\w-])(?P<subject>{subject})(?![\w-]){_BETWEEN}{_VERBS}")
        out.append((p.name, pattern))
    return out


def attributions(readout: Readout, info: SideInfo) -> tuple[Attribution, ...]:
    """Who the readout says raised or stated which topic (see the module docstring)."""
    if not readout.participants:
        return ()
    text = readout.text
    patterns = _speaker_patterns(readout.participants)
    uses = [u for u in info.uses if u.topic]
    out: list[Attribution] = []
    for para in info.paragraphs:
        in_para = [u for u in uses if u.paragraph == para.index]
        if not in_para:
            continue
        for start, end in sentences(text, para.start, para.end):
            topics = list(dict.fromkeys(u.topic for u in in_para if start <= u.start < end))
            if not topics:
                continue
            sentence = text[start:end]
            found = []
            for name, pattern in patterns:
                m = pattern.search(sentence)
                if m is not None:
                    found.append((m.start(), name, m))
            for _, name, m in sorted(found, key=lambda f: f[0]):
                verb = re.sub(r"\s+", " ", m.group("verb"))
                for topic in topics:
                    out.append(
                        Attribution(
                            label=info.label,
                            readout_id=readout.id,
                            speaker=name,
                            verb=verb,
                            topic=topic,
                            paragraph=para.index,
                            start=start,
                            end=end,
                            subject_start=start + m.start("subject"),
                            subject_end=start + m.end("subject"),
                        )
                    )
    return tuple(out)
