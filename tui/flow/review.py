"""The reader's review state in the app: marks, read state, tags and notes, and citations.

A plain class, no Textual: `Review` holds the notes store (once a worker has opened it), a
snapshot of what it holds and the store key of every readout of the corpus, and answers what
the widgets ask: a row's marks, a readout's notes by text offset, the flags a search needs,
what `y` and `Y` copy. Writes go straight to the store (each is one quick transaction) and the
snapshot is read again after each; a failed write raises `NotesError`, whose message the
screen shows as is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.cite import FORMATS, Source, cite, quotation, sentence_at
from index.model import Meeting, Readout
from index.notes.filters import flags_for
from index.notes.keys import Anchor, Paragraph, locate, paragraph_at, paragraphs, readout_key
from index.notes.store import Note, NotesError, NotesStore, ReadoutInfo, Snapshot
from index.search.query import Flags
from tui.flow.marks import RowMarks

FORMAT_SETTING = "citation-format"


@dataclass(frozen=True)
class Copied:
    """What `y` or `Y` puts on the clipboard, and how the notice names it."""

    text: str
    what: str
    """E.g. "paragraph 3 with its citation"."""


@dataclass(frozen=True)
class Placed:
    """A note of the readout shown and where it stands now (None: detached)."""

    note: Note
    paragraph: Paragraph | None


class Review:
    """See the module docstring. Every method is for the UI thread but `flags`' result."""

    def __init__(self) -> None:
        self.store: NotesStore | None = None
        self.snapshot = Snapshot()
        self.problem = ""
        """Why there are no notes (the store could not be opened); empty when there are."""
        self._keys: dict[str, list[str]] = {}
        self._key_of: dict[str, str] = {}

    # -- loading

    def loaded(
        self,
        store: NotesStore | None,
        snapshot: Snapshot,
        keys: dict[str, list[str]],
        problem: str = "",
    ) -> None:
        """What the worker found: the store, its snapshot and the corpus's readouts by key."""
        self.store, self.snapshot, self.problem = store, snapshot, problem
        self._keys = keys
        self._key_of = {rid: key for key, ids in keys.items() for rid in ids}

    @property
    def ready(self) -> bool:
        return self.store is not None

    def key(self, readout: Readout) -> str:
        return self._key_of.get(readout.id) or readout_key(readout)

    def _store(self) -> NotesStore:
        if self.store is None:
            raise NotesError(self.problem or "notes not saved: the notes store is still opening")
        return self.store

    def _reread(self) -> None:
        self.snapshot = self._store().snapshot()

    # -- what the widgets show

    def row_marks(self, meeting: Meeting) -> RowMarks | None:
        """A meeting's row marks: unread when one of its readouts never was opened, marked when
        one is, the tags of all; None before the store is open (nothing to say yet)."""
        if self.store is None:
            return None
        keys = [self.key(r) for r in meeting.readouts]
        snap = self.snapshot
        tags: dict[str, None] = {}
        for k in keys:
            for t in snap.tags.get(k, ()):
                tags.setdefault(t, None)
        return RowMarks(
            unread=any(k not in snap.read for k in keys),
            marked=any(k in snap.marked for k in keys),
            tags=tuple(tags),
        )

    def flags(self) -> Flags | None:
        """What is:, tag: and has: select, for a search (safe to call from its thread)."""
        if self.store is None:
            return None
        return flags_for(self.snapshot, self._keys)

    def placed_notes(self, readout: Readout) -> list[Placed]:
        if self.store is None or self.key(readout) not in self.snapshot.noted:
            return []
        paras = paragraphs(readout)
        return [Placed(n, locate(n.anchor, paras)) for n in self.store.notes(self.key(readout))]

    def note_lines(self, readout: Readout) -> dict[int, list[str]]:
        """The notes of `readout` as lines, by the text offset they are drawn under: the end
        of their paragraph, or the end of the text for a detached note."""
        out: dict[int, list[str]] = {}
        try:
            placed = self.placed_notes(readout)
        except NotesError:
            return out
        for p in placed:
            if p.paragraph is None:
                at = len(readout.text)
                lines = [f"✎ detached (its paragraph is gone): {p.note.body}"]
            else:
                at = p.paragraph.start + len(p.paragraph.text)
                lines = [f"✎ {p.note.body}"]
            out.setdefault(at, []).extend(line for part in lines for line in part.split("\n"))
        return out

    def note_on(self, readout: Readout, paragraph: Paragraph) -> Note | None:
        """The note on `paragraph` now, if there is one."""
        for p in self.placed_notes(readout):
            if p.paragraph is not None and p.paragraph.number == paragraph.number:
                return p.note
        return None

    def tags_in_use(self) -> list[str]:
        return self.snapshot.all_tags()

    def tags_of(self, readout: Readout) -> tuple[str, ...]:
        return self.snapshot.tags.get(self.key(readout), ())

    def is_read(self, readout: Readout) -> bool:
        return self.key(readout) in self.snapshot.read

    # -- writes (each raises NotesError when it could not be saved)

    def toggle_mark(self, readout: Readout) -> bool:
        marked = self._store().toggle_mark(ReadoutInfo.of(readout))
        self._reread()
        return marked

    def opened(self, readout: Readout) -> bool:
        """Count `readout` as read; True when it was unread until now (a read-only store
        keeps the read state it has)."""
        if self.store is None or self.store.readonly or self.is_read(readout):
            return False
        self.store.mark_read(ReadoutInfo.of(readout))
        self._reread()
        return True

    def set_tags(self, readout: Readout, tags: Iterable[str]) -> tuple[str, ...]:
        kept = self._store().set_tags(ReadoutInfo.of(readout), tags)
        self._reread()
        return kept

    def save_note(
        self, readout: Readout, paragraph: Paragraph, body: str, note: Note | None
    ) -> Note | None:
        saved = self._store().save_note(
            ReadoutInfo.of(readout), Anchor.of(paragraph), body, note.id if note else None
        )
        self._reread()
        return saved

    # -- saved searches and the citation format

    def searches(self) -> list[tuple[str, str]]:
        if self.store is None:
            return []
        try:
            return self.store.searches()
        except NotesError:
            return []

    def save_search(self, name: str, query: str) -> str:
        return self._store().save_search(name, query)

    def delete_search(self, name: str) -> None:
        self._store().delete_search(name)

    @property
    def citation_format(self) -> str:
        if self.store is None:
            return "plain"
        try:
            fmt = self.store.setting(FORMAT_SETTING, "plain")
        except NotesError:
            return "plain"
        return fmt if fmt in FORMATS else "plain"

    def set_citation_format(self, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(fmt)
        self._store().set_setting(FORMAT_SETTING, fmt)


def copy_text(
    readout: Readout,
    fmt: str,
    *,
    top: int | None,
    hit: tuple[int, int] | None,
    quote: bool,
) -> Copied:
    """What `y` (`quote`) or `Y` copies from `readout`.

    `top`: the text offset at the top of the document pane (None: the header is in view);
    `hit`: the highlighted hit, whose sentence `y` quotes instead of the paragraph. `Y` cites
    the paragraph at the top, or the readout when its header is in view.
    """
    src = Source.of_readout(readout)
    if hit is not None and quote:
        para = paragraph_at(readout, hit[0])
        number = para.number if para else None
        text = quotation(sentence_at(readout.text, hit[0]), cite(src, number, fmt), fmt)
        where = f" (paragraph {number})" if number else ""
        return Copied(text, f"the hit's sentence{where} with its citation")
    para = paragraph_at(readout, top if top is not None else 0)
    if quote:
        if para is None:
            return Copied(cite(src, None, fmt), "the citation (the readout has no text)")
        text = quotation(para.text, cite(src, para.number, fmt), fmt)
        return Copied(text, f"paragraph {para.number} with its citation")
    if top is None or para is None:
        return Copied(cite(src, None, fmt), "the readout's citation")
    return Copied(cite(src, para.number, fmt), f"the citation of paragraph {para.number}")


def parse_tags(text: str) -> list[str]:
    """Tags as typed in the tags editor: separated by commas or spaces, '#' optional."""
    return [t for t in text.replace(",", " ").split() if t.strip("#")]


def describe_tags(tags: Sequence[str]) -> str:
    return ", ".join(f"#{t}" for t in tags) if tags else "no tags"
