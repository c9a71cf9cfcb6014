"""What the search index holds for a readout: the Whoosh schema and the document built from a
readout (one place, shared by the in-memory index of the seeds and the on-disk store)."""

from __future__ import annotations

from typing import Any

from whoosh import fields

from index.model import Readout
from index.search import phrases
from index.search.analysis import VALUE_SEPARATOR, analyzer
from index.search.equivalents import swapped


def schema() -> fields.Schema:
    text = analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        body=fields.TEXT(analyzer=text, phrase=True),
        title=fields.TEXT(analyzer=text, phrase=True),
        section=fields.TEXT(analyzer=text, phrase=True),
        minister=fields.TEXT(analyzer=text, phrase=True),
        source=fields.TEXT(analyzer=text, phrase=True),
        place=fields.TEXT(analyzer=text, phrase=True),
        topic=fields.TEXT(analyzer=text, phrase=True),
        phrase=phrases.field(),
        year=fields.NUMERIC(int),
        date=fields.NUMERIC(int),
    )


def date_number(iso: str) -> int | None:
    """ "2018-01-16" -> 20180116 ("2018" -> 20180101); None when there is no year."""
    parts = iso.split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4:
        return None
    nums = [int(p) if p.isdigit() else 1 for p in parts[1:3]]
    month, day = [*nums, 1, 1][:2]
    return int(parts[0]) * 10000 + month * 100 + day


def names(readout: Readout, known: dict[str, tuple[str, ...]]) -> list[str]:
    out: dict[str, None] = {}
    for p in readout.participants:
        for name in (p.name, swapped(p.name), *known.get(p.name, ())):
            out.setdefault(name, None)
    return list(out)


def headings(readout: Readout, text: str) -> list[str]:
    """The text's headings (the parts `Readout.headings` names), in order."""
    if not readout.headings:
        return []
    parts = text.split("\n\n")
    return [parts[i] for i in readout.headings if i < len(parts)]


def document(readout: Readout, known: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    text = readout.text
    body = f"{readout.title}\n\n{text}"
    # The phrase field is given the body's text: the equivalents' phrases it holds.
    doc: dict[str, Any] = {"id": readout.id, phrases.TEXT: body, phrases.FIELD: body}
    values = {
        "title": [readout.title],
        "section": headings(readout, text),
        "minister": names(readout, known),
        "source": [readout.source],
        "place": [readout.place],
        "topic": list(readout.topics),
    }
    for name, items in values.items():
        joined = f" {VALUE_SEPARATOR} ".join(v for v in items if v)
        if joined:
            doc[name] = joined
    if readout.year is not None:
        doc["year"] = readout.year
    date = date_number(readout.meeting_date or readout.published)
    if date is not None:
        doc["date"] = date
    return doc
