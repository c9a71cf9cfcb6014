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
- **Who raised what**: a principal as the subject of a verb of speech in a sentence holding a
  topic term (`index.attribution`).

The records are in `index.compare_model`; which two readouts to compare, from ids or for a
picker, is `index.compare_select`.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.attribution import attributions
from index.compare_model import (
    Attribution,
    Comparison,
    Paragraph,
    Side,
    SideInfo,
    TermDifference,
    TermUse,
    TopicRow,
)
from index.model import Readout
from index.topics import all_topics, term_regex

__all__ = [
    "Attribution",
    "Comparison",
    "Paragraph",
    "Side",
    "SideInfo",
    "TermDifference",
    "TermUse",
    "TopicRow",
    "compare",
    "paragraphs",
    "side_info",
    "term_uses",
]

EQUIVALENTS_FILE = Path(__file__).with_name("data") / "equivalents.toml"

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
        if not same_length:
            found.extend((m.start(), m.end(), entry) for m in entry.pattern.finditer(text))
        else:
            found.extend(_matches(text if entry.acronym else folded, text, entry))
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


def _matches(haystack: str, text: str, entry: _Entry) -> list[tuple[int, int, _Entry]]:
    """What `entry.pattern.finditer(text)` finds, trying the pattern only where its first word
    occurs in `haystack` (`text`, case-folded unless an acronym; the same length): a plain
    substring search, then an anchored match, several times faster than a case-insensitive
    scan of the whole text. The pattern's look-behind still sees the text before the match."""
    out: list[tuple[int, int, _Entry]] = []
    needle, pattern = entry.needle, entry.pattern
    at = haystack.find(needle)
    resume = 0
    while at >= 0:
        if at >= resume:
            m = pattern.match(text, at)
            if m is not None:
                out.append((m.start(), m.end(), entry))
                resume = max(m.end(), at + 1)
        at = haystack.find(needle, at + 1)
    return out


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
        place=readout.place,
    )


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
