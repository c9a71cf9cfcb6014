"""What the meeting list shows: the full list in order, a search result's meetings, and the
words that describe them (the search bar's line, the list's text when it is empty).

A search finds readouts; the list shows meetings. `meeting_hits` groups a result's hits by
meeting, best first: a meeting is listed once, at the rank of its best readout, with that
readout's first snippet and the publishers of all its readouts that matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.cache_listing import ListedMeetings
from tui.counts import counted

if TYPE_CHECKING:
    from index.model import Corpus, Meeting
    from index.search import Hit, SearchResult

RowSnippet = tuple[str, tuple[tuple[int, int], ...]]
"""A snippet's text and the [start, end) offsets of its highlighted matches."""


@dataclass(frozen=True)
class MeetingHits:
    """One meeting of a search result: what its row in the list shows."""

    meeting: Meeting
    readout_id: str
    """The meeting's best-ranked matching readout: the one opened in front."""
    snippet: RowSnippet
    """That readout's first snippet; ("", ()) when it has none (not highlighted yet)."""
    sources: tuple[str, ...]
    """The publishers of the meeting's matching readouts, best-ranked first."""


def meeting_hits(hits: Iterable[Hit], meeting_of: Mapping[str, Meeting]) -> list[MeetingHits]:
    """The meetings of `hits` (ranked best first), each once, at the rank of its best hit.

    `meeting_of` maps a readout id to its meeting; a hit whose readout is not there (the corpus
    changed since the index was built) is left out.
    """
    found: dict[str, MeetingHits] = {}
    for hit in hits:
        meeting = meeting_of.get(hit.id)
        if meeting is None:
            continue
        source = next(r.source for r in meeting.readouts if r.id == hit.id)
        row = found.get(meeting.id)
        if row is None:
            first = hit.snippets[0] if hit.snippets else None
            snippet: RowSnippet = (first.text, tuple(first.spans)) if first else ("", ())
            found[meeting.id] = MeetingHits(meeting, hit.id, snippet, (source,))
        else:
            found[meeting.id] = MeetingHits(
                meeting, row.readout_id, row.snippet, (*row.sources, source)
            )
    return list(found.values())


def ordered(meetings: Sequence[Meeting], newest_first: bool) -> Sequence[Meeting]:
    """The full list: `meetings` (oldest first, as the corpus holds them) in the order asked.
    The cache's listing stays a listing (its meetings are made when their rows are drawn)."""
    if isinstance(meetings, ListedMeetings):
        return meetings.newest_first() if newest_first else meetings
    return list(meetings[::-1]) if newest_first else list(meetings)


_EQUIVALENT = re.compile(r" \(equivalent of ([^)]*)\)")
"""The search core's note on an equivalent term, "takeshima (equivalent of dokdo)", whose short
form is "takeshima = dokdo"."""

Part = tuple[str, str]
"""One part of the search bar's line: what it says, and a shorter way to say it when room is
short (the same text when there is none)."""

SEPARATOR = " · "
"""Between two parts of the search bar's line."""

ELLIPSIS = "…"
"""Where the search bar's line leaves something out."""


def describe_parts(
    result: SearchResult, meetings: int, searched: int = 0, readouts: int = 0
) -> list[Part]:
    """The parts of the search bar's line for a result listed as `meetings` meetings: the counts,
    the order when it is by date, the query's notice, the equivalent terms searched, and while
    indexing goes on how much of the corpus's `readouts` the search could see
    (`searched_note`)."""
    found = counted(result.total, "readout")
    parts: list[Part]
    if result.total > len(result.hits):
        # Not every match is loaded yet (more as the list scrolls): say how many there are.
        shown = f"{len(result.hits):,} of {found} shown"
        parts = [(shown, shown), (f"{counted(meetings, 'meeting')} listed", "")]
    else:
        parts = [(f"{found} in {counted(meetings, 'meeting')}", found)]
    if result.order == "date":
        parts.append(("sorted by date", "by date"))
    if result.notice:  # first: it may say why the list did not change ('ko' waits)
        parts.append((result.notice, result.notice))
    notes = dict.fromkeys(note for hit in result.hits for note in hit.equivalents)
    if notes:
        note = "; ".join(list(notes)[:2])
        parts.append((note, _EQUIVALENT.sub(r" = \1", note)))
    if searched:
        parts.append((searched_note(searched, readouts).removeprefix(SEPARATOR), ""))
    return parts


def describe(result: SearchResult, meetings: int) -> str:
    """The search bar's line for a result listed as `meetings` meetings, in full."""
    return SEPARATOR.join(long for long, _ in describe_parts(result, meetings))


def fit_parts(parts: Sequence[Part | str], room: int) -> str:
    """The parts on one line of at most `room` characters, never cut inside a word.

    In turn, until the line fits: each part (from the last) is said its shorter way (a short
    way that is "" leaves the part out); then the parts are left out from the last, an "…"
    saying so; then the first part is cut after a word, with an "…".
    """
    pairs = [(p, p) if isinstance(p, str) else p for p in parts if p]
    chosen = [long for long, _ in pairs]

    def line(texts: Sequence[str]) -> str:
        return SEPARATOR.join(t for t in texts if t)

    if len(line(chosen)) <= room or not chosen:
        return line(chosen)
    for i in range(len(pairs) - 1, -1, -1):
        chosen[i] = pairs[i][1]
        if len(line(chosen)) <= room:
            return line(chosen)
    kept = [t for t in chosen if t]
    while len(kept) > 1:
        kept.pop()
        text = line(kept) + SEPARATOR + ELLIPSIS
        if len(text) <= room:
            return text
    return cut_at_word(kept[0] if kept else pairs[0][0], room)


def cut_at_word(text: str, room: int) -> str:
    """`text` in at most `room` characters: whole words, then "…" when some are left out."""
    if len(text) <= room:
        return text
    words = text[: max(room - len(ELLIPSIS), 0) + 1].split(" ")
    kept = " ".join(words[:-1]).rstrip(" ·;,:")
    return (kept + ELLIPSIS) if kept else ELLIPSIS[:room]


SHARED_WORDS = 5
"""Same-day titles that begin with this many words or more in common are told apart by what
follows them (`distinct_titles`)."""


def distinct_titles(meetings: Iterable[Meeting]) -> dict[str, str]:
    """What the list says instead of the title of a meeting whose title begins as that of
    another meeting of the same day: "…in Joint Press Conference" beside "…During Bilateral
    Meeting", the words they share left out (their rows show the principals). Meetings whose
    titles need no such help are not in the dict."""
    return _distinct(_dated(meetings))


Dated = tuple[str, str, str]
"""A meeting's id, date and title: all that `distinct_titles` looks at."""


def _dated(meetings: Iterable[Meeting]) -> Iterable[Dated]:
    if isinstance(meetings, ListedMeetings):  # from its columns, making no Meeting
        return meetings.dated()
    return ((m.id, m.meeting_date, m.title) for m in meetings)


def _distinct(meetings: Iterable[Dated]) -> dict[str, str]:
    by_day: dict[str, list[tuple[list[str], str]]] = {}
    for meeting_id, date, title in meetings:
        if date and title:
            by_day.setdefault(date, []).append((title.split(), meeting_id))
    out: dict[str, str] = {}
    for titles in by_day.values():
        if len(titles) < 2:
            continue
        titles.sort()
        for i, (words, meeting_id) in enumerate(titles):
            shared = 0
            for j in (i - 1, i + 1):  # sorted: the longest shared start is with a neighbour
                if 0 <= j < len(titles):
                    shared = max(shared, _shared_start(words, titles[j][0]))
            if shared >= SHARED_WORDS and shared < len(words):
                out[meeting_id] = ELLIPSIS + " ".join(words[shared:])
    return out


class SameDayTitles(Mapping[str, str]):
    """`distinct_titles(meetings)` worked out a day at a time, when a row of that day is
    drawn: a long list draws a screenful of rows, and working out every day's titles when the
    corpus came held up the UI thread (docs/search-flow.md, "Rows"). Iterating or counting it
    works out every day."""

    def __init__(self, meetings: Sequence[Meeting]) -> None:
        self._meetings = meetings
        self._day_of: dict[str, str] | None = None
        self._by_day: dict[str, list[Dated]] = {}
        self._done: dict[str, dict[str, str]] = {}

    def _day(self, meeting_id: str) -> dict[str, str]:
        if self._day_of is None:
            day_of: dict[str, str] = {}
            by_day: dict[str, list[Dated]] = {}
            for dated in _dated(self._meetings):
                one, date, title = dated
                if date and title:
                    day_of[one] = date
                    by_day.setdefault(date, []).append(dated)
            self._by_day, self._day_of = by_day, day_of
        day = self._day_of.get(meeting_id)
        if day is None:
            return {}
        done = self._done.get(day)
        if done is None:
            done = self._done[day] = _distinct(self._by_day[day])
        return done

    def __getitem__(self, meeting_id: str) -> str:
        return self._day(meeting_id)[meeting_id]

    def get(self, meeting_id: str, default: str = "") -> str:  # type: ignore[override]
        return self._day(meeting_id).get(meeting_id, default)

    def __contains__(self, meeting_id: object) -> bool:
        return isinstance(meeting_id, str) and meeting_id in self._day(meeting_id)

    def _all(self) -> dict[str, str]:
        return _distinct(_dated(self._meetings))

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _shared_start(a: Sequence[str], b: Sequence[str]) -> int:
    """How many words `a` and `b` begin with in common."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def searched_note(searched: int, readouts: int) -> str:
    """What the bar adds while indexing goes on: how much of the corpus a search could see
    (`searched` readouts of `readouts`); "" once the index is complete (`searched` is 0)."""
    return f" · searched {searched:,} of {readouts:,} indexed" if searched else ""


def no_match(query: str) -> str:
    """What the list (and the document pane) say when no readout matches `query`."""
    return f"no readouts match {query.strip()!r}"


def empty_corpus(corpus: Corpus) -> str:
    """What the document pane says when `corpus` has no readouts, with the first reason when
    files were skipped."""
    why = f"no readouts found in {corpus.label}"
    if corpus.skipped:
        count = len(corpus.skipped)
        files = "file" if count == 1 else "files"
        why += f" ({count} {files} skipped: {corpus.skipped[0].reason})"
    return why
