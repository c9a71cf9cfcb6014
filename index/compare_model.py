"""The records a comparison of two readouts is made of (see `index.compare`).

Frozen dataclasses of strings, numbers and tuples, with paragraph numbers and character
offsets into `Readout.text`, like search hits: the app, the command line and the tests read the
same answer, and `Comparison.to_json` gives the command line's `--json` fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
    place: str = ""
    """Where this side says the meeting was, as it names it ("Woodside" against "San
    Francisco"); empty when it names no place."""


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
                    "place": s.place,
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
