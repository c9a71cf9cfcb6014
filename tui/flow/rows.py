"""What the meeting list shows: the full list in order, a search result's meetings, and the
words that describe them (the search bar's line, the list's text when it is empty).

A search finds readouts; the list shows meetings. `meeting_hits` groups a result's hits by
meeting, best first: a meeting is listed once, at the rank of its best readout, with that
readout's first snippet and the publishers of all its readouts that matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def ordered(meetings: Sequence[Meeting], newest_first: bool) -> list[Meeting]:
    """The full list: `meetings` (oldest first, as the corpus holds them) in the order asked."""
    return list(meetings[::-1]) if newest_first else list(meetings)


def describe(result: SearchResult, meetings: int) -> str:
    """The search bar's line for a result listed as `meetings` meetings."""
    if result.total > len(result.hits):
        # Not every match is listed: the total counts readouts, the list rows are meetings.
        text = f"{counted(result.total, 'readout')} · best {counted(meetings, 'meeting')} listed"
    else:
        text = f"{counted(result.total, 'readout')} in {counted(meetings, 'meeting')}"
    if result.notice:  # first: it may say why the list did not change ('ko' waits)
        text += " · " + result.notice
    notes = dict.fromkeys(note for hit in result.hits for note in hit.equivalents)
    if notes:
        text += " · " + "; ".join(list(notes)[:2])
    return text


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
