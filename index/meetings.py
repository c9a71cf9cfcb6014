"""Readout ids, and grouping readouts into meetings.

An id reads as what the readout is: `<meeting date>-<source>-<family names>` (for example
`2018-01-16-mofa-japan-kono-kang`), or the start of the title when no principals are known. It
depends only on the document, never on load order, so it is the same on every machine; two
documents that would share one get `-2`, `-3` in the order of their paths.

Readouts from different publishers are one meeting when they name the same principals (the
rules are in `index.pairing`); each meeting has at most one readout per publisher.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import replace

from index.model import Meeting, Readout
from index.pairing import pair_groups
from index.people import family_name


def slug(text: str, max_words: int = 8) -> str:
    """Lower-case ASCII words joined by hyphens ("Kang Kyung-wha" -> "kang-kyung-wha")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])


def base_id(r: Readout) -> str:
    date = r.meeting_date or r.published or "undated"
    if r.participants:
        who = "-".join(slug(family_name(p.name), 3) for p in r.participants[:3])
    else:
        who = slug(r.title, 6)
        if len(who) < 6:  # a title in Hangul or kanji has no readable ASCII slug
            who = slug(r.meta("id"), 6) or slug(r.path.rsplit("/", 1)[-1], 6) or "document"
    return "-".join(x for x in (date, r.source, who) if x)


def assign_ids(readouts: list[Readout]) -> list[Readout]:
    """Give every readout its final, unique id (collisions numbered in path order)."""
    by_base: dict[str, list[int]] = defaultdict(list)
    bases = [base_id(r) for r in readouts]
    for i, b in enumerate(bases):
        by_base[b].append(i)
    out = list(readouts)
    for b, idxs in by_base.items():
        ordered = sorted(idxs, key=lambda i: _path_key(readouts[i].path))
        for n, i in enumerate(ordered):
            out[i] = readouts[i].with_id(b if n == 0 else f"{b}-{n + 1}")
    return out


def _path_key(path: str) -> tuple[str, int]:
    """Paths sort naturally, so `file.jsonl:10` comes after `file.jsonl:9`."""
    m = re.fullmatch(r"(.*):(\d+)", path)
    return (m.group(1), int(m.group(2))) if m else (path, 0)


def group_meetings(readouts: list[Readout]) -> tuple[Meeting, ...]:
    """Readouts grouped into meetings, oldest first (ties by id)."""
    ordered = sorted(readouts, key=lambda r: (r.meeting_date, r.source, r.id))
    meetings = [_meeting(group) for group in pair_groups(ordered)]
    meetings.sort(key=lambda m: (m.meeting_date, m.id))
    taken: dict[str, int] = {}
    out = []
    for m in meetings:
        n = taken.get(m.id, 0) + 1
        taken[m.id] = n
        out.append(m if n == 1 else replace(m, id=f"{m.id}-{n}"))
    return tuple(out)


def _meeting(readouts: list[Readout]) -> Meeting:
    readouts = sorted(readouts, key=lambda r: r.source)
    first = readouts[0]
    # The earliest date the sides give: a release dated the morning after, or a meeting late
    # in the evening of one time zone, says the next day.
    if len(readouts) == 1:
        date = first.meeting_date
        meeting_id = first.id
    else:
        date = min((r.meeting_date for r in readouts if r.meeting_date), default="")
        who = "-".join(slug(family_name(p.name), 3) for p in first.participants[:3])
        meeting_id = f"{date}-{who}"
    place = next((r.place for r in readouts if r.place), "")
    return Meeting(
        id=meeting_id,
        meeting_date=date,
        title=first.title,
        participants=first.participants,
        place=place,
        readouts=tuple(readouts),
    )
