"""Which two readouts to compare: from the ids a user gives, or the likeliest for a picker.

`resolve_pair` reads the command line's `ID [ID2]`; `candidates` orders the readouts the app
offers when a meeting has only one readout; `publisher_pairs` lists a meeting's pairs of
publishers (three publishers: three pairs).
"""

from __future__ import annotations

from datetime import date

from index.model import Corpus, Meeting, Readout
from index.pairing import shared_principals


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
