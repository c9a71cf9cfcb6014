"""The reader's review keys and commands: mark, tag, annotate, copy with a citation, saved
searches and the citation format.

`ReviewActions` is the reader screen's helper for them: the screen's actions (`m`, `#`, `a`,
`y`, `Y`) and palette commands call it; it asks `tui.flow.review.Review` (which holds the
notes store) and shows what happened: a notice, the list's marks, the notes in the document.
A write that fails says so in an error notice ("notes not saved: the disk is full") and
changes nothing on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import SystemCommand
from textual.widget import Widget

from index.cite import FORMATS
from index.notes.keys import paragraph_at
from index.notes.store import NotesError
from index.sanitize import safe_text
from tui.delivery import deliver_copy, in_browser
from tui.flow.review import Review, copy_text, describe_tags
from tui.messages import NotesLoaded
from tui.screens.note import NoteScreen
from tui.screens.save_search import SaveSearchScreen
from tui.screens.tags import TagsScreen
from tui.workers_notes import start_load_notes

if TYPE_CHECKING:
    from index.model import Corpus, Readout
    from tui.screens.reader import ReaderScreen
    from tui.widgets.document_view import DocumentView

FORMAT_NAMES = {"plain": "plain text", "markdown": "Markdown", "bibtex": "BibTeX"}


def _short(text: str, limit: int = 50) -> str:
    line = " ".join(safe_text(text, newlines=False).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class ReviewActions:
    """See the module docstring."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.review = Review()
        """The state: the store, its snapshot, the corpus's keys."""
        self._read_failed = False

    def attach(self) -> None:
        """Let the list and the document ask for marks and notes as they draw."""
        self.screen.meeting_list.marks = self.review.row_marks
        self.screen.document.notes_for = self.review.note_lines

    def corpus_changed(self, corpus: Corpus) -> None:
        """Key the new corpus's readouts (and open the store the first time) in a worker."""
        start_load_notes(self.screen, self.review.store, corpus.readouts)

    def loaded(self, message: NotesLoaded) -> None:
        self.review.loaded(message.store, message.snapshot, message.keys, message.problem)
        if message.problem:
            self.screen.notify(message.problem, severity="warning", timeout=12, markup=False)
        elif message.store is not None and message.store.readonly:
            self.screen.notify(
                f"notes are read-only ({message.store.path}): marks, tags and notes show, "
                "but changes cannot be saved",
                severity="warning",
                timeout=12,
                markup=False,
            )
        readout = self.screen.document.readout
        if readout is not None and self.screen.document.body.has_focus:
            self._opened(readout)
        self.screen.meeting_list.refresh_marks()
        self.screen.document.refresh_notes()

    def shown(self, readout: Readout) -> None:
        """The document pane shows `readout`: read, if the user is reading in that pane (not
        passing over it in the list, or in the results of a search being typed)."""
        if self.review.ready and self.screen.document.body.has_focus:
            self._opened(readout)

    def focused(self, widget: Widget) -> None:
        """The user went to the document pane: the readout there is read."""
        document = self.screen.document
        readout = document.readout
        if widget is document.body and readout is not None and self.review.ready:
            self._opened(readout)

    def _opened(self, readout: Readout) -> None:
        try:
            if self.review.opened(readout):
                self.screen.meeting_list.refresh_marks()
        except NotesError as exc:
            if not self._read_failed:  # once: every readout shown would say it again
                self._read_failed = True
                self._failed(exc)

    def _failed(self, exc: NotesError) -> None:
        self.screen.notify(str(exc), severity="error", timeout=12, markup=False)

    def _readout(self) -> Readout | None:
        readout = self.screen.document.readout
        if readout is None:
            self.screen.notify("Open a readout first", timeout=3)
        return readout

    def _saving(self, job: Callable[[], str]) -> None:
        """Run a write; its notice on success, the error (and no change) on failure."""
        try:
            notice = job()
        except NotesError as exc:
            self._failed(exc)
            return
        self.screen.meeting_list.refresh_marks()
        self.screen.document.refresh_notes()
        self.screen.notify(notice, timeout=4, markup=False)

    # -- m, #, a

    def mark(self) -> None:
        readout = self._readout()
        if readout is None:
            return

        def job() -> str:
            marked = self.review.toggle_mark(readout)
            return f"{'Marked' if marked else 'Unmarked'}: {_short(readout.title)}"

        self._saving(job)

    def edit_tags(self) -> None:
        readout = self._readout()
        if readout is None:
            return
        screen = TagsScreen(readout.title, self.review.tags_of(readout), self.review.tags_in_use())

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return

            def job() -> str:
                kept = self.review.set_tags(readout, tags)
                return f"Tags of {_short(readout.title, 30)}: {describe_tags(kept)}"

            self._saving(job)

        self.screen.app.push_screen(screen, done)

    def edit_note(self) -> None:
        readout = self._readout()
        if readout is None:
            return
        top = self.screen.document.body.top_offset()
        paragraph = paragraph_at(readout, top or 0)
        if paragraph is None:
            self.screen.notify("This readout has no paragraph to write a note on", timeout=4)
            return
        try:
            note = self.review.note_on(readout, paragraph)
        except NotesError as exc:
            self._failed(exc)
            return

        def done(body: str | None) -> None:
            if body is None:
                return

            def job() -> str:
                saved = self.review.save_note(readout, paragraph, body, note)
                if saved is None:
                    return f"Note on paragraph {paragraph.number} deleted"
                return f"Note saved on paragraph {paragraph.number}"

            self._saving(job)

        editor = NoteScreen(paragraph.number, paragraph.text, note.body if note else "")
        self.screen.app.push_screen(editor, done)

    # -- y, Y

    def copy(self, *, quote: bool) -> None:
        readout = self._readout()
        if readout is None:
            return
        body = self.screen.document.body
        hit = body.hits[body.current_hit] if 0 <= body.current_hit < len(body.hits) else None
        fmt = self.review.citation_format
        copied = copy_text(readout, fmt, top=body.top_offset(), hit=hit, quote=quote)
        app = self.screen.app
        app.copy_to_clipboard(copied.text)
        where = "the clipboard"
        if in_browser(app):  # served: the browser's clipboard, and a tab with the text
            deliver_copy(app, copied.text)
            where = "the clipboard and a new browser tab"
        clip_file: Path | None = getattr(app, "clip_file", None)
        if clip_file is not None:
            try:
                clip_file.write_text(copied.text + "\n", encoding="utf-8")
            except OSError as exc:
                self.screen.notify(
                    f"not written to {clip_file}: {exc.strerror or exc}",
                    severity="error",
                    markup=False,
                )
            else:
                where = f"{where} and {clip_file}"
        self.screen.notify(
            f"Copied {copied.what} ({FORMAT_NAMES[fmt]}) to {where}",
            title="Copied",
            timeout=5,
            markup=False,
        )

    # -- the palette

    def commands(self) -> Iterable[SystemCommand]:
        """The palette's review commands: save the search, run or forget a saved one, choose
        the citation format."""
        query = self.screen.search_query.strip()
        if query:
            yield SystemCommand(
                "Save search…", f"Give the search {_short(query)!r} a name", self.save_search
            )
        for name, saved in self.review.searches():
            yield SystemCommand(
                f"Saved search: {_short(name)}", _short(saved, 80), self._runner(saved)
            )
            yield SystemCommand(
                f"Forget saved search: {_short(name)}",
                "Remove it from the saved searches",
                self._forgetter(name),
            )
        current = self.review.citation_format
        for fmt in FORMATS:
            if fmt != current:
                yield SystemCommand(
                    f"Cite as {FORMAT_NAMES[fmt]}",
                    f"y and Y copy citations as {FORMAT_NAMES[fmt]} "
                    f"(now {FORMAT_NAMES[current]}); remembered",
                    self._formatter(fmt),
                )

    def save_search(self) -> None:
        query = self.screen.search_query.strip()
        if not query:
            self.screen.notify("Type a search first, then save it", timeout=4)
            return

        def done(name: str | None) -> None:
            if name is None:
                return

            def job() -> str:
                kept = self.review.save_search(name, query)
                return f"Search saved as {kept!r}: run it from the palette (ctrl+p)"

            self._saving(job)

        self.screen.app.push_screen(SaveSearchScreen(query), done)

    def _runner(self, query: str) -> Callable[[], None]:
        def run() -> None:
            self.screen.search_bar.value = query  # the bar's change starts the search

        return run

    def _forgetter(self, name: str) -> Callable[[], None]:
        def forget() -> None:
            def job() -> str:
                self.review.delete_search(name)
                return f"Saved search {name!r} forgotten"

            self._saving(job)

        return forget

    def _formatter(self, fmt: str) -> Callable[[], None]:
        def choose() -> None:
            def job() -> str:
                self.review.set_citation_format(fmt)
                return f"Citations are copied as {FORMAT_NAMES[fmt]}"

            self._saving(job)

        return choose


class ReviewKeys:
    """The reader screen's review keys (m, #, a, y, Y) and the messages they need, mixed into
    `ReaderScreen` (handlers by name: `on_notes_loaded`, `on_document_view_shown`)."""

    review: ReviewActions

    def on_notes_loaded(self, message: NotesLoaded) -> None:
        self.review.loaded(message)

    def on_document_view_shown(self, message: DocumentView.Shown) -> None:
        self.review.shown(message.readout)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.review.focused(event.widget)

    def action_mark(self) -> None:
        self.review.mark()

    def action_tags(self) -> None:
        self.review.edit_tags()

    def action_note(self) -> None:
        self.review.edit_note()

    def action_copy(self, quote: bool) -> None:
        self.review.copy(quote=quote)
