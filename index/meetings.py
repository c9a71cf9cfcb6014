"""Readout ids, and grouping readouts into meetings.

An id reads as what the readout is: `<meeting date>-<source>-<family names>` (for example
`2018-01-16-mofa-japan-kono-kang`), or the start of the title when no principals are known. It
depends only on the documents, never on load order, so it is the same on every machine and
every start; two documents that would share one get `-2`, `-3` in the order of their paths,
never one that another document has (see `docs/corpus.md`). The same document found at
several paths is one readout that knows them all.

Readouts from different publishers are one meeting when they name the same principals (the
rules are in `index.pairing`); each meeting has at most one readout per publisher.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from index.model import Meeting, Readout
from index.pairing import pair_groups
from index.people import family_name

_WORD = re.compile(r"[a-z0-9]+")


def slug(text: str, max_words: int = 8) -> str:
    """Lower-case ASCII words joined by hyphens ("Kang Kyung-wha" -> "kang-kyung-wha")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(_WORD.findall(ascii_text.lower())[:max_words])


@lru_cache(maxsize=4096)
def _family_slug(name: str) -> str:
    """A principal's part of an id (the same few names recur across a whole corpus)."""
    return slug(family_name(name), 3)


def base_id(r: Readout) -> str:
    """The id `r` gets unless another document would share it (see `assign_ids`)."""
    date = r.meeting_date or r.published or "undated"
    if r.participants:
        who = "-".join(_family_slug(p.name) for p in r.participants[:3])
    else:
        who = slug(r.title, 6)
        if len(who) < 6:  # a title in Hangul or kanji has no readable ASCII slug
            who = slug(r.meta("id"), 6) or slug(r.path.rsplit("/", 1)[-1], 6) or "document"
    return "-".join(x for x in (date, r.source, who) if x)


def assign_ids(readouts: Sequence[Readout]) -> list[Readout]:
    """Every readout with its final id, one per readout given and in the same order.

    Identical documents (every field equal but the path: a file copied beside itself, a line
    of a collection repeated) are one document: each gets the id of the first in path order
    and `paths`, the places all of them were found; all but that first are copies
    (`Readout.is_copy`), which `Corpus` and `group_meetings` leave out. Ids are unique among
    the documents and depend only on the documents and their paths, never on the order given.
    A readout that already has its id and paths is given back as it is (`provisional`).
    """
    documents = _documents(readouts)
    ids = _unique_ids([readouts[doc[0]] for doc in documents])
    out = list(readouts)
    for doc, doc_id in zip(documents, ids, strict=True):
        paths = tuple(readouts[i].path for i in doc) if len(doc) > 1 else ()
        for i in doc:
            r = readouts[i]
            out[i] = (
                r  # already so: the same object (readouts never change)
                if r.id == doc_id and r.paths == paths
                else r.identified(doc_id, paths)
            )
    return out


def provisional(r: Readout) -> Readout:
    """`r` (just parsed, without an id) under its `base_id`: the id nearly every readout keeps
    in every list of a first start and in the corpus saved, so that `assign_ids` gives it back
    as it is rather than as a copy (one set of readouts in memory, not two; docs/caches.md)."""
    return r if r.id else r.provisional(base_id(r))


def _documents(readouts: Sequence[Readout]) -> list[list[int]]:
    """The readouts grouped into documents (positions, in path order), in no fixed order.

    A few string fields are compared first (most documents differ in their title or dates);
    the rest only within a group that agrees on those, and the texts only within a group that
    agrees on every field (by digest, which a text in the store keeps: no text is read back)."""
    by_title: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, r in enumerate(readouts):
        by_title[(r.title, r.meeting_date, r.published, r.source)].append(i)
    documents: list[list[int]] = []
    for group in by_title.values():
        if len(group) == 1:
            documents.append(group)
            continue
        same: dict[tuple[object, ...], list[int]] = defaultdict(list)
        for i in group:
            same[(*_fields(readouts[i]), readouts[i].text_digest)].append(i)
        for doc in same.values():
            if len(doc) > 1:
                doc.sort(key=lambda i: _order_key(readouts[i]))
            documents.append(doc)
    return documents


def _fields(r: Readout) -> tuple[object, ...]:
    """Everything that makes a readout what it is, but its path, id and text."""
    return (r.source, r.title, r.published, r.meeting_date, r.participants, r.attendees,
            r.place, r.headings, r.topics, r.format, r.encoding, r.metadata)  # fmt: skip


def _order_key(r: Readout) -> tuple[str, int, str]:
    """Path order, natural (`file.jsonl:10` after `file.jsonl:9`); a path names one document
    in a corpus, and the title only breaks a tie in lists made by hand."""
    m = re.fullmatch(r"(.*):(\d+)", r.path)
    name, line = (m.group(1), int(m.group(2))) if m else (r.path, 0)
    return (name, line, r.title)


def _unique_ids(firsts: list[Readout]) -> list[str]:
    """An id for each document (given by its first readout): its `base_id`, or when several
    share that, `-2`, `-3`... after it for all but the first in path order, skipping any
    number that would give another document's own base (`...-asem` twice beside an
    `...-asem-2` of its own gives `...-asem`, `...-asem-3`, `...-asem-2`)."""
    bases = [base_id(r) for r in firsts]
    taken = set(bases)
    by_base: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(bases):
        by_base[b].append(i)
    ids = list(bases)
    for b, docs in by_base.items():
        if len(docs) == 1:
            continue
        docs.sort(key=lambda i: _order_key(firsts[i]))
        n = 1
        for i in docs[1:]:
            n += 1
            while f"{b}-{n}" in taken:
                n += 1
            ids[i] = f"{b}-{n}"
            taken.add(ids[i])
    return ids


def group_meetings(readouts: Sequence[Readout]) -> tuple[Meeting, ...]:
    """Readouts grouped into meetings, oldest first (ties by id); copies are left out.

    Which readouts are one meeting is `index.pairing`'s rule. A meeting of one readout has the
    readout's id; one of several gets `<date>-<family names>`, numbered like readout ids when
    another meeting or any readout has it already, so that a meeting id names one meeting and
    `show ID` is never ambiguous."""
    kept = [r for r in readouts if not r.is_copy]
    ordered = sorted(kept, key=lambda r: (r.meeting_date, r.source, r.id))
    groups = [sorted(g, key=lambda r: r.source) for g in pair_groups(ordered)]
    taken = {r.id for r in kept}
    shared = sorted((g for g in groups if len(g) > 1), key=lambda g: tuple(r.id for r in g))
    meetings = [_meeting(g, _unique(_shared_id(g), taken)) for g in shared]
    meetings += [_meeting(g, g[0].id) for g in groups if len(g) == 1]
    meetings.sort(key=lambda m: (m.meeting_date, m.id))
    return tuple(meetings)


def _earliest(readouts: list[Readout]) -> str:
    """The meeting's date: the earliest the sides give (a release dated the morning after, or
    a meeting late in the evening of one time zone, says the next day)."""
    return min((r.meeting_date for r in readouts if r.meeting_date), default="")


def _shared_id(readouts: list[Readout]) -> str:
    first = readouts[0]
    who = "-".join(_family_slug(p.name) for p in first.participants[:3])
    return f"{_earliest(readouts)}-{who}"


def _unique(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... the first not in `taken` (which it joins)."""
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    taken.add(candidate)
    return candidate


def _meeting(readouts: list[Readout], meeting_id: str) -> Meeting:
    readouts = sorted(readouts, key=lambda r: r.source)
    first = readouts[0]
    date = _earliest(readouts)
    place = next((r.place for r in readouts if r.place), "")
    return Meeting(
        id=meeting_id,
        meeting_date=date,
        title=first.title,
        participants=first.participants,
        place=place,
        readouts=tuple(readouts),
    )
