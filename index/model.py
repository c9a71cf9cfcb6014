"""The plain records the core hands out: readouts, meetings and skipped files.

Everything here is a frozen dataclass made of strings, numbers and tuples, so records can cross
threads, be cached, compared in tests and dumped to JSON without any UI or Whoosh object behind
them. `to_json()` gives the field names the command line's `--json` output promises.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from sys import intern
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.textstore import TextRef

GENERIC = "generic"
"""`Readout.format` for a file the parser does not recognise: read with the generic rules."""


@dataclass(frozen=True)
class RawDoc:
    """A decoded document before parsing: what `index.corpus` reads and `index.parse` reads
    into a `Readout`."""

    path: str
    text: str
    kind: str
    """`txt`, `md`, `html` or `jsonl` (one line of a collection)."""
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)
    """Fields from a collection line (everything but `text`), as strings."""


@dataclass(frozen=True)
class Participant:
    """A person present at a meeting."""

    name: str
    """One canonical name per person across all documents (see `index/data/people.toml`)."""
    country: str
    """Country the person speaks for, e.g. "Japan", "ROK"; empty when the text does not say."""
    role: str
    """Office held at the time, e.g. "Minister for Foreign Affairs"; empty when unknown."""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "country": self.country, "role": self.role}


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs under it; the heading is empty for the lead paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"heading": self.heading, "paragraphs": list(self.paragraphs)}


_META_SEP = "\x1f"
"""Between the keys and values of packed metadata (a readout whose metadata holds it keeps
its pairs as they are)."""

Pairs = tuple[tuple[str, str], ...]

_SHARED = ("title", "published", "meeting_date", "place", "source", "format")
"""A readout's strings that `Readout.provisional` shares with other readouts' equal ones."""


def _pack(pairs: Pairs) -> str | Pairs:
    """`pairs` as one string, keys and values one after another (or as they are, when a key
    or value holds the separator or is not a string)."""
    if not pairs:
        return ""
    flat = [x for pair in pairs for x in pair]
    if len(flat) != 2 * len(pairs) or any(not isinstance(x, str) or _META_SEP in x for x in flat):
        return tuple(pairs)
    return _META_SEP.join(flat)


def _unpack(packed: str | Pairs) -> Pairs:
    if not isinstance(packed, str):
        return packed
    if not packed:
        return ()
    parts = packed.split(_META_SEP)
    return tuple(zip(parts[::2], parts[1::2], strict=True))


@dataclass(frozen=True)
class Readout:
    """One published account of a meeting, as read from one file (or one line of a collection)."""

    id: str
    """Unique, stable and readable: `<meeting date>-<source>-<principals>`, e.g.
    `2018-01-16-mofa-japan-kono-kang`; a numeric suffix only when two would collide."""
    path: str
    """The file it came from; `file.jsonl.xz:LINE` for one line of a collection."""
    source: str
    """Publisher code: `mofa-japan`, `mofa-korea`, `white-house`, ... or `unknown`."""
    title: str
    published: str
    """ISO date of the page's date line; empty when the page has none."""
    meeting_date: str
    """ISO date the meeting took place, read from the text; falls back to `published`."""
    participants: tuple[Participant, ...]
    """The principals, the publisher's side first."""
    attendees: tuple[Participant, ...]
    """Other people the text lists as attending."""
    place: str
    """Where the meeting was held when the text says so; never guessed."""
    headings: tuple[int, ...]
    """Which of the text's blank-line-separated parts are headings (their indexes); the rest
    are paragraphs. `sections` is rebuilt from this and `text`, so the text is held once."""
    topics: tuple[str, ...]
    """Topic names from `index/data/topics.toml`, in that file's order."""
    text: str = field(repr=False)
    """The cleaned text: the sections, headings and paragraphs separated by blank lines. Search
    positions are character offsets into this string."""
    format: str
    """Which reading produced this record: `mofa-japan`, `mofa-korea`, `markdown`, `generic`..."""
    encoding: str = "utf-8"
    metadata: tuple[tuple[str, str], ...] = field(default=())
    """Extra fields from front matter or a collection line (e.g. `source_url`), as pairs."""
    paths: tuple[str, ...] = field(default=())
    """Every place the same document was found (a file copied beside itself, a collection line
    repeated), in path order, when there are several; empty when it was found once. The first
    is the readout the corpus keeps; the others are copies (see `is_copy`)."""

    # -- texts kept on disk (see index/textstore.py)
    #
    # A readout from the parse cache holds a `TextRef` in place of its text: the `text` field
    # is then absent from the instance and read back from the store each time it is asked
    # for. Everything else about the record is unchanged (equality, JSON, `sections`).

    #
    # `metadata` is kept packed (`_meta`: its keys and values in one string) and unpacked when
    # asked for: as tuples of pairs it was half the memory of a large corpus (docs/corpus.md).

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name == "text":
                ref = self.__dict__.get("_text_ref")
                if ref is not None:
                    return ref.read()
            elif name == "metadata":
                return _unpack(self.__dict__.get("_meta", ""))
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __post_init__(self) -> None:
        state = self.__dict__
        state["_meta"] = _pack(state.pop("metadata"))

    def __setstate__(self, state: dict[str, Any]) -> None:
        # What unpickling does without it, minus a failed lookup of this very method through
        # `__getattr__` (an exception per readout; see docs/corpus.md for what it costs).
        # Key by key: a dictionary updated from another whole is laid out anew, one filled in
        # the order of its class's keys shares them, less than half the size (docs/caches.md).
        own = self.__dict__
        for key, value in state.items():
            own[key] = value
        if "metadata" in state:  # pickled before metadata was packed
            self.__dict__["_meta"] = _pack(self.__dict__.pop("metadata"))

    @property
    def text_ref(self) -> TextRef | None:
        """Where the text is on disk, or None when it is held in memory."""
        ref: TextRef | None = self.__dict__.get("_text_ref")
        return ref

    @property
    def text_on_disk(self) -> bool:
        """True when the text is read from a text store on demand, not held in memory."""
        return "_text_ref" in self.__dict__

    @property
    def text_digest(self) -> str:
        """A digest of `text` (from the store's record when the text is on disk)."""
        ref = self.__dict__.get("_text_ref")
        if ref is not None:
            return str(ref.digest)
        return text_digest(self.text)

    def identified(self, new_id: str, paths: tuple[str, ...] = ()) -> Readout:
        """This readout under its final id and with the places its copies were found (its
        text stays where it is: memory or disk)."""
        return self._copy(id=new_id, paths=paths)

    def provisional(self, new_id: str) -> Readout:
        """This readout, just read, under `new_id`, with its strings that many readouts share
        (dates, titles, places: a title repeats in every copy of a document) made one object
        each with `sys.intern`: each came from its worker process as its own copy."""
        return self._copy(id=new_id, **{f: intern(self.__dict__[f]) for f in _SHARED})

    @property
    def locations(self) -> tuple[str, ...]:
        """Where this document was found: `paths`, or just `path` when it was found once."""
        return self.paths or (self.path,)

    @property
    def is_copy(self) -> bool:
        """True for a copy of a document found first at another path (`paths[0]`): it stands
        in a corpus's list of readouts read for its path only, and is left out of the corpus."""
        return bool(self.paths) and self.path != self.paths[0]

    def stored(self, ref: TextRef) -> Readout:
        """This readout with its text on disk at `ref` instead of in memory."""
        copy = self._copy()
        copy.__dict__.pop("text", None)
        copy.__dict__["_text_ref"] = ref
        return copy

    def with_text(self, text: str) -> Readout:
        """This readout with `text` held in memory instead of on disk."""
        copy = self._copy(text=text)
        copy.__dict__.pop("_text_ref", None)
        return copy

    def _copy(self, **changes: Any) -> Readout:
        copy = object.__new__(Readout)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy

    @property
    def sections(self) -> tuple[Section, ...]:
        """The headings and paragraphs, in order; lead paragraphs have an empty heading."""
        if not self.text:
            return ()
        heads = set(self.headings)
        sections: list[Section] = []
        heading, paragraphs = "", list[str]()
        for i, part in enumerate(self.text.split("\n\n")):
            if i in heads:
                if heading or paragraphs:
                    sections.append(Section(heading, tuple(paragraphs)))
                heading, paragraphs = part, []
            else:
                paragraphs.append(part)
        if heading or paragraphs:
            sections.append(Section(heading, tuple(paragraphs)))
        return tuple(sections)

    @property
    def is_generic(self) -> bool:
        return self.format == GENERIC

    @property
    def year(self) -> int | None:
        """The meeting's year; for an undated document, a `year` field of its metadata."""
        date = self.meeting_date or self.published
        if date[:4].isdigit():
            return int(date[:4])
        year = self.meta("year")
        return int(year) if year.isdigit() and len(year) == 4 else None

    def meta(self, key: str) -> str:
        """The metadata value for `key`, or an empty string."""
        packed = self.__dict__.get("_meta")
        if isinstance(packed, str):  # without unpacking them all
            parts = packed.split(_META_SEP)
            for i in range(0, len(parts) - 1, 2):
                if parts[i] == key:
                    return parts[i + 1]
            return ""
        for k, v in self.metadata:
            if k == key:
                return v
        return ""

    def to_json(self, *, full: bool = False) -> dict[str, Any]:
        """The record with the documented field names; `full` adds the cleaned text.

        The original text is not held in memory (a large corpus would hold it twice); the
        command line adds it with `index.corpus.original_text`.
        """
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "meeting_date": self.meeting_date,
            "participants": [p.to_json() for p in self.participants],
            "attendees": [p.to_json() for p in self.attendees],
            "place": self.place,
            "topics": list(self.topics),
            "format": self.format,
            "generic": self.is_generic,
            "encoding": self.encoding,
            "metadata": dict(self.metadata),
            "paths": list(self.locations),
            "sections": [s.to_json() for s in self.sections],
        }
        if full:
            out["text"] = self.text
        return out


def readout_date(readout: Readout) -> str:
    """The date a readout goes by in analyses and date order: its meeting date, the published
    date when there is none ("" when neither)."""
    return readout.meeting_date or readout.published


def text_digest(text: str) -> str:
    """The digest `Readout.text_digest` gives for `text`."""
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


if not TYPE_CHECKING:
    # The dataclass's default for `metadata`, as a class attribute, would answer for the packed
    # field instead of `__getattr__` (the generated __init__ keeps its own copy of the default).
    del Readout.metadata


@dataclass(frozen=True)
class Meeting:
    """One meeting: one or more readouts of it, one per publisher."""

    id: str
    meeting_date: str
    title: str
    participants: tuple[Participant, ...]
    place: str
    readouts: tuple[Readout, ...]
    """Ordered by publisher code, so the pairing is stable."""

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(r.source for r in self.readouts)

    @property
    def topics(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for r in self.readouts:
            for t in r.topics:
                seen.setdefault(t, None)
        return tuple(seen)

    def to_json(self, *, full: bool = False) -> dict[str, Any]:
        return {
            "id": self.id,
            "meeting_date": self.meeting_date,
            "title": self.title,
            "participants": [p.to_json() for p in self.participants],
            "place": self.place,
            "sources": list(self.sources),
            "topics": list(self.topics),
            "readouts": [r.to_json(full=full) for r in self.readouts],
        }


@dataclass(frozen=True)
class Skip:
    """A file (or collection line) that could not be loaded, and why."""

    path: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True)
class Corpus:
    """What loading a set of paths produced: the meetings, their readouts, and what was skipped.

    The readouts given may include copies (`Readout.is_copy`: one per further path of a
    document found several times, as `index.meetings.assign_ids` returns them, one readout per
    path read); the corpus keeps each document once.
    """

    label: str
    """How the UI names it: "bundled seeds" or the paths given."""
    readouts: tuple[Readout, ...] = field(repr=False)
    """Each document once, in the order given."""
    meetings: tuple[Meeting, ...] = field(repr=False)
    """Ordered by meeting date, oldest first (ties by id)."""
    skipped: tuple[Skip, ...] = field(default=(), repr=False)
    token: str = ""
    """Names this exact corpus as the parse cache saved it (new at every change; empty when
    not from the cache): an index built for the same token needs no checking."""

    def __post_init__(self) -> None:
        if any(r.paths for r in self.readouts):
            kept = tuple(r for r in self.readouts if not r.is_copy)
            object.__setattr__(self, "readouts", kept)

    def readout(self, readout_id: str) -> Readout | None:
        for r in self.readouts:
            if r.id == readout_id:
                return r
        return None

    def meeting_of(self, readout_id: str) -> Meeting | None:
        """The meeting that holds the readout `readout_id` (None for an unknown id)."""
        for m in self.meetings:
            if any(r.id == readout_id for r in m.readouts):
                return m
        return None
