"""Readouts made up for a test: only an id, a text and a date; every other field empty."""

from __future__ import annotations

from index.model import Readout


def plain_readout(rid: str, text: str, date: str = "2020-01-01") -> Readout:
    """A generic readout `rid` (its id, path and title) holding `text`, dated `date`."""
    return Readout(
        id=rid,
        path=rid,
        source="unknown",
        title=rid,
        published=date,
        meeting_date=date,
        participants=(),
        attendees=(),
        place="",
        headings=(),
        topics=(),
        text=text,
        format="generic",
    )
