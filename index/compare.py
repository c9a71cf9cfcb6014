"""Two readouts side by side, by topic: what both raise, what only one raises, in whose words.

`compare(a, b)` reads two readouts (usually the two sides' accounts of one meeting) and
returns a `Comparison`: plain frozen records with paragraph indices and character offsets into
each readout's `text`, the way search hits are, so the app, the command line and tests all
read the same answer.

- **Topics** are those of `data/topics.toml`. A group of `data/equivalents.toml` that shares
  a term with a topic adds its other terms to that topic ("military sexual slavery" counts for
  "Comfort women"), so each side's own words for a subject land in one row.
- **Paragraphs** are the parts of `text` between blank lines that are not headings, numbered
  from 0 in text order (`paragraphs()`).
- **Terms that differ**: for each equivalents group both sides use, the terms each side used,
  when the two sets differ ("Takeshima" against "Dokdo").
- **Who raised what**: in a sentence holding a topic term, a principal of the readout (full
  name, family name with or without a title, or "Japanese Foreign Minister") directly followed
  by a verb of speech (`SPEECH_VERBS`). Passive sentences ("Takeshima was raised") name no
  one, and none is guessed.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.model import Corpus, Meeting, Participant, Readout
from index.pairing import same_person, shared_principals
from index.people import family_name, lookup
from index.topics import all_topics, term_regex

EQUIVALENTS_FILE = Path(__file__).with_name("data") / "equivalents.toml"

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


# --- the vocabulary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    term: str
    """As written in the data file."""
    topic: str
    """The topic the term counts for; empty for an equivalent term outside every topic."""
    group: int
    """Index of its equivalents group; -1 when it is in none."""
    needle: str
    acronym: bool
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Vocabulary:
    entries: tuple[_Entry, ...]
    groups: tuple[tuple[str, ...], ...]
    """Each equivalents group's terms, in file order."""
    topics: tuple[str, ...]


def _load_groups() -> list[list[str]]:
    try:
        with EQUIVALENTS_FILE.open("rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError):
        return []
    groups = []
    for entry in data.get("group", []):
        terms = entry.get("terms", []) if isinstance(entry, dict) else []
        group = [t for t in terms if isinstance(t, str) and t.strip()]
        if len(group) >= 2:
            groups.append(group)
    return groups


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    topics = all_topics()
    groups = _load_groups()
    topic_of: dict[str, str] = {}
    for topic in topics:
        for term in topic.terms:
            topic_of.setdefault(term.casefold(), topic.name)
    group_of: dict[str, int] = {}
    for index, group in enumerate(groups):
        for term in group:
            group_of.setdefault(term.casefold(), index)
    # A group that shares a term with a topic lends that topic its other terms.
    group_topic: dict[int, str] = {}
    for index, group in enumerate(groups):
        for term in group:
            if term.casefold() in topic_of:
                group_topic.setdefault(index, topic_of[term.casefold()])
    terms: dict[str, tuple[str, str, int]] = {}
    for topic in topics:
        for term in topic.terms:
            key = term.casefold()
            terms.setdefault(key, (term, topic.name, group_of.get(key, -1)))
    for index, group in enumerate(groups):
        for term in group:
            terms.setdefault(term.casefold(), (term, group_topic.get(index, ""), index))
    entries = []
    for term, topic_name, group_index in terms.values():
        acronym = term.isupper() and term.isascii()
        first = term.split()[0]
        entries.append(
            _Entry(
                term,
                topic_name,
                group_index,
                first if acronym else first.casefold(),
                acronym,
                term_regex(term),
            )
        )
    return _Vocabulary(
        tuple(entries), tuple(tuple(g) for g in groups), tuple(t.name for t in topics)
    )


# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a readout: its number and where it is in `Readout.text`."""

    index: int
    start: int
    end: int


@dataclass(frozen=True)
class TermUse:
    """One occurrence of a topic or equivalent term in a readout."""

    paragraph: int
    start: int
    """Character offsets into `Readout.text`, like a search hit's."""
    end: int
    term: str
    """The term as the data file writes it ("Dokdo"), whatever the case in the text."""
    topic: str
    """The topic it counts for; empty for an equivalent term outside every topic ("ROK")."""
    group: int
    """Its equivalents group (an index into `Comparison`'s vocabulary); -1 for none."""


@dataclass(frozen=True)
class Side:
    """One readout's part in a topic row."""

    label: str
    """How the side is named: its publisher, or publisher and date when both are one's."""
    readout_id: str
    paragraphs: tuple[int, ...]
    """The paragraphs that raise the topic; empty when this side does not mention it."""
    uses: tuple[TermUse, ...]
    """The topic's terms in those paragraphs."""

    @property
    def mentioned(self) -> bool:
        return bool(self.paragraphs)


@dataclass(frozen=True)
class TopicRow:
    """One topic, with the paragraphs of each side that raise it."""

    topic: str
    left: Side
    right: Side

    @property
    def sides(self) -> tuple[Side, Side]:
        return (self.left, self.right)

    @property
    def only(self) -> str:
        """The label of the one side that raises the topic; empty when both do."""
        if self.left.mentioned and not self.right.mentioned:
            return self.left.label
        if self.right.mentioned and not self.left.mentioned:
            return self.right.label
        return ""


@dataclass(frozen=True)
class TermDifference:
    """An equivalents group both sides use, in different words."""

    group: int
    name: str
    """The group's first term in the data file: how the difference is named."""
    left: tuple[str, ...]
    """The group's terms the left side used (data-file spelling), in text order."""
    right: tuple[str, ...]


@dataclass(frozen=True)
class Attribution:
    """A sentence saying that a principal raised or stated something about a topic."""

    label: str
    """The side whose readout says so."""
    readout_id: str
    speaker: str
    """The principal's name as the readout records it."""
    verb: str
    topic: str
    paragraph: int
    start: int
    """The sentence's offsets in `Readout.text`."""
    end: int
    subject_start: int
    """Where the speaker is named in the sentence (offsets in `Readout.text`)."""
    subject_end: int


@dataclass(frozen=True)
class SideInfo:
    """What the comparison says about one readout as a whole."""

    label: str
    readout_id: str
    source: str
    title: str
    meeting_date: str
    words: int
    chars: int
    paragraphs: tuple[Paragraph, ...]
    uses: tuple[TermUse, ...]
    """Every topic and equivalent term in the readout, in text order."""


@dataclass(frozen=True)
class Comparison:
    """Two readouts aligned by topic (see the module docstring)."""

    left: SideInfo
    right: SideInfo
    rows: tuple[TopicRow, ...]
    """Every topic either side raises, in reading order (see `compare`)."""
    terms: tuple[TermDifference, ...]
    attributions: tuple[Attribution, ...]

    @property
    def labels(self) -> tuple[str, str]:
        return (self.left.label, self.right.label)

    @property
    def both(self) -> tuple[str, ...]:
        """Topics both sides raise, in row order."""
        return tuple(r.topic for r in self.rows if not r.only)

    def only(self, label: str) -> tuple[str, ...]:
        """Topics only the side `label` raises, in row order."""
        return tuple(r.topic for r in self.rows if r.only == label)

    def next_one_sided(self, row: int, step: int = 1) -> int | None:
        """The next row after `row` (before it, for a negative step) that only one side
        raises, wrapping round; None when there is none."""
        count = len(self.rows)
        for n in range(1, count + 1):
            index = (row + n * (1 if step >= 0 else -1)) % count
            if self.rows[index].only:
                return index
        return None

    def term_colour(self, group: int) -> int | None:
        """The position of `group` among the differing terms (a colour index), or None."""
        for index, difference in enumerate(self.terms):
            if difference.group == group:
                return index
        return None

    def summary(self) -> str:
        """One line: how many topics both / each side alone raise, and each side's length."""
        left, right = self.labels
        parts = [
            f"both: {_count(len(self.both), 'topic')}",
            f"only {left}: {len(self.only(left))}",
            f"only {right}: {len(self.only(right))}",
            f"{left} {self.left.words:,} words",
            f"{right} {self.right.words:,} words",
        ]
        return " · ".join(parts)

    def to_json(self) -> dict[str, Any]:
        left, right = self.labels
        return {
            "readouts": [self.left.readout_id, self.right.readout_id],
            "sides": {
                s.label: {
                    "id": s.readout_id,
                    "source": s.source,
                    "title": s.title,
                    "meeting_date": s.meeting_date,
                    "words": s.words,
                    "chars": s.chars,
                    "paragraphs": len(s.paragraphs),
                }
                for s in (self.left, self.right)
            },
            "summary": self.summary(),
            "both": list(self.both),
            "only": {left: list(self.only(left)), right: list(self.only(right))},
            "topics": [
                {
                    "topic": row.topic,
                    "only": row.only or None,
                    "sides": {s.label: list(s.paragraphs) for s in row.sides},
                    "terms": {s.label: sorted({u.term for u in s.uses}) for s in row.sides},
                }
                for row in self.rows
            ],
            "terms": [
                {"group": d.name, "sides": {left: list(d.left), right: list(d.right)}}
                for d in self.terms
            ],
            "attributions": [
                {
                    "side": a.label,
                    "speaker": a.speaker,
                    "verb": a.verb,
                    "topic": a.topic,
                    "paragraph": a.paragraph,
                    "start": a.start,
                    "end": a.end,
                }
                for a in self.attributions
            ],
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- reading one readout ----------------------------------------------------------------------


def paragraphs(readout: Readout) -> tuple[Paragraph, ...]:
    """The readout's paragraphs (parts of its text that are not headings), in order."""
    text = readout.text
    heads = set(readout.headings)
    out: list[Paragraph] = []
    position = 0
    for part_index, part in enumerate(text.split("\n\n")):
        start, end = position, position + len(part)
        position = end + 2
        if part_index in heads or not part.strip():
            continue
        out.append(Paragraph(len(out), start, end))
    return tuple(out)


def term_uses(text: str, paras: Sequence[Paragraph]) -> tuple[TermUse, ...]:
    """Every topic or equivalent term in `text` within `paras`, longest first where two
    overlap ("women forced into sexual slavery", not "sexual slavery" inside it)."""
    folded = text.casefold()
    same_length = len(folded) == len(text)
    found: list[tuple[int, int, _Entry]] = []
    for entry in _vocabulary().entries:
        haystack = text if entry.acronym or not same_length else folded
        if same_length and entry.needle not in haystack:
            continue
        for m in entry.pattern.finditer(text):
            found.append((m.start(), m.end(), entry))
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    starts = [p.start for p in paras]
    uses: list[TermUse] = []
    last_end = -1
    for start, end, entry in found:
        if start < last_end:
            continue
        at = bisect_right(starts, start) - 1
        if at < 0 or end > paras[at].end:
            continue  # in a heading, or across a paragraph break
        last_end = end
        uses.append(TermUse(paras[at].index, start, end, entry.term, entry.topic, entry.group))
    return tuple(uses)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def side_info(readout: Readout, label: str) -> SideInfo:
    """The whole-readout facts a comparison needs about `readout`."""
    text = readout.text
    paras = paragraphs(readout)
    return SideInfo(
        label=label,
        readout_id=readout.id,
        source=readout.source,
        title=readout.title,
        meeting_date=readout.meeting_date,
        words=_words(text),
        chars=len(text),
        paragraphs=paras,
        uses=term_uses(text, paras),
    )


# --- who said what ----------------------------------------------------------------------------

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


# --- the comparison ---------------------------------------------------------------------------


def side_labels(a: Readout, b: Readout) -> tuple[str, str]:
    """Publisher codes; with one publisher on both sides, each with its meeting date (or id)."""
    if a.source != b.source:
        return (a.source, b.source)
    la = f"{a.source} {a.meeting_date}".strip()
    lb = f"{b.source} {b.meeting_date}".strip()
    return (la, lb) if la != lb else (a.id, b.id)


def compare(a: Readout, b: Readout) -> Comparison:
    """`a` (the left side) and `b` (the right) aligned by topic.

    Rows come in reading order: each topic sits where it first comes up, as a share of the
    way through its readout (the earlier of the two sides), so the rows follow both texts;
    ties keep the topics file's order."""
    left_label, right_label = side_labels(a, b)
    left, right = side_info(a, left_label), side_info(b, right_label)
    topic_order = {name: i for i, name in enumerate(_vocabulary().topics)}
    rows: list[tuple[float, int, TopicRow]] = []
    for topic in topic_order:
        sides = []
        positions = []
        for info in (left, right):
            uses = tuple(u for u in info.uses if u.topic == topic)
            paras = tuple(dict.fromkeys(u.paragraph for u in uses))
            sides.append(Side(info.label, info.readout_id, paras, uses))
            if paras:
                positions.append(paras[0] / max(len(info.paragraphs), 1))
        if positions:
            row = TopicRow(topic, sides[0], sides[1])
            rows.append((min(positions), topic_order[topic], row))
    rows.sort(key=lambda r: (r[0], r[1]))
    return Comparison(
        left=left,
        right=right,
        rows=tuple(r for _, _, r in rows),
        terms=_differences(left, right),
        attributions=attributions(a, left) + attributions(b, right),
    )


def _differences(left: SideInfo, right: SideInfo) -> tuple[TermDifference, ...]:
    groups = _vocabulary().groups
    out = []
    for index, group in enumerate(groups):
        lt = tuple(dict.fromkeys(u.term for u in left.uses if u.group == index))
        rt = tuple(dict.fromkeys(u.term for u in right.uses if u.group == index))
        if lt and rt and set(lt) != set(rt):
            out.append(TermDifference(index, group[0], lt, rt))
    return tuple(out)


# --- which two readouts -----------------------------------------------------------------------


class PairError(ValueError):
    """Two readouts cannot be compared as asked; the message says why, in one line."""


def _find(corpus: Corpus, ident: str) -> tuple[Readout | None, Meeting | None]:
    readout = corpus.readout(ident)
    if readout is not None:
        return readout, corpus.meeting_of(ident)
    meeting = next((m for m in corpus.meetings if m.id == ident), None)
    return None, meeting


def resolve_pair(corpus: Corpus, first: str, second: str = "") -> tuple[Readout, Readout]:
    """The two readouts `first` and `second` name (readout or meeting ids).

    `first` alone: a readout and its meeting's next publisher's readout, or a meeting's first
    two readouts. A meeting id as `second` stands for its readout from another publisher than
    the first side's. Raises `PairError` for an unknown id, a lone readout without a second
    id, or two readouts of one publisher's account of one meeting."""
    readout, meeting = _find(corpus, first)
    if readout is None and meeting is None:
        raise PairError(f"no readout or meeting with id {first!r}")
    if not second:
        if meeting is None or len(meeting.readouts) < 2:
            raise PairError(
                f"{first!r}: its meeting has one readout; name a second readout to compare with"
            )
        if readout is None:
            return meeting.readouts[0], meeting.readouts[1]
        others = [r for r in meeting.readouts if r.source != readout.source]
        return readout, others[0]
    other, other_meeting = _find(corpus, second)
    if other is None and other_meeting is None:
        raise PairError(f"no readout or meeting with id {second!r}")
    if readout is None:
        assert meeting is not None
        away = [r for r in meeting.readouts if other is None or r.source != other.source]
        readout = away[0] if away else meeting.readouts[0]
    if other is None:
        assert other_meeting is not None
        choices = [r for r in other_meeting.readouts if r.source != readout.source]
        other = choices[0] if choices else other_meeting.readouts[0]
    same_meeting = corpus.meeting_of(readout.id) is corpus.meeting_of(other.id)
    if other.source == readout.source and same_meeting:
        raise PairError(
            f"{first!r} and {second!r} are both {readout.source}'s account of one meeting; "
            "compare readouts from two publishers"
        )
    return readout, other


def publisher_pairs(meeting: Meeting) -> list[tuple[Readout, Readout]]:
    """Every pair of the meeting's readouts, in publisher order (three publishers: three)."""
    rs = meeting.readouts
    return [(rs[i], rs[j]) for i in range(len(rs)) for j in range(i + 1, len(rs))]


def _days(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 1 << 30


def candidates(corpus: Corpus, readout: Readout) -> list[Readout]:
    """Readouts to compare `readout` with, the likeliest first.

    First the same principals' other meetings as another publisher told them, the nearest in
    time first and the earlier of two equally near (the previous meeting); then the same
    principals' meetings as the same publisher told them; then every other readout, nearest
    in time first."""
    own = corpus.meeting_of(readout.id)
    own_ids = {r.id for r in own.readouts} if own is not None else {readout.id}

    def key(r: Readout) -> tuple[int, int, int, str]:
        same_people = (
            bool(readout.participants)
            and shared_principals(readout.participants, r.participants) >= 2
        )
        if same_people and r.source != readout.source:
            tier = 0
        elif same_people:
            tier = 1
        else:
            tier = 2
        days = _days(readout.meeting_date, r.meeting_date)
        later = int(r.meeting_date > readout.meeting_date)
        return (tier, days, later, r.id)

    return sorted((r for r in corpus.readouts if r.id not in own_ids), key=key)


def same_principals(a: Readout, b: Readout) -> bool:
    """Whether two readouts name the same principals (at least two of them)."""
    return shared_principals(a.participants, b.participants) >= 2 and all(
        any(same_person(p.name, q.name) for q in b.participants) for p in a.participants[:2]
    )
