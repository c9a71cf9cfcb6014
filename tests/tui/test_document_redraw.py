"""The document pane is drawn anew only when what it shows changes: a keystroke whose result
leaves the readout on display and its matches as they were (`north kor` -> `north kore`, same
best readout, same words highlighted) does not repaint it, nor does setting its title to the
same text (Textual repaints a whole widget each time a border title is set). A result that
changes the matches redraws it, with the new highlights."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult

import tui.widgets.document_view as document_view
from index.corpus import load_corpus
from index.search import Hit, SearchResult
from tests.tui.conftest import async_test
from tui.widgets.document_body import DocumentBody
from tui.widgets.document_view import DocumentView, Selection

APP_TCSS = Path(document_view.__file__).resolve().parents[1] / "app.tcss"


class Pane(App[None]):
    CSS_PATH = str(APP_TCSS)

    def compose(self) -> ComposeResult:
        yield DocumentView(id="document")


def result(query: str, readout: Any, word: str) -> SearchResult:
    """A result whose one hit is `readout`, with every `word` in its text matched."""
    text = readout.text
    spans, at = [], text.find(word)
    while at >= 0:
        spans.append((at, at + len(word)))
        at = text.find(word, at + 1)
    assert spans
    hit = Hit(readout.id, 1.0, readout.title, readout.meeting_date, (word,), (), (), tuple(spans))
    return SearchResult(query, (hit,), 1)


@async_test
async def test_the_same_readout_and_matches_again_are_not_drawn_anew() -> None:
    corpus = load_corpus()
    meeting = corpus.meetings[0]
    readout = meeting.readouts[0]
    app = Pane()
    drawn: list[int] = []
    real = DocumentBody.render_line
    framed: list[Any] = []
    real_pane = DocumentView.render_lines

    def counted(self: DocumentBody, y: int) -> Any:
        drawn.append(y)
        return real(self, y)

    def pane(self: DocumentView, crop: Any) -> Any:
        framed.append(crop)  # the pane's border and title drawn
        return real_pane(self, crop)

    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        view.selection = Selection(meeting)
        view.result = result("minister", readout, "Minister")
        await pilot.pause()
        await pilot.pause(0.1)
        body = view.body
        before = body.hits
        assert before and view.border_subtitle
        DocumentBody.render_line = counted  # type: ignore[method-assign]
        DocumentView.render_lines = pane  # type: ignore[method-assign]
        try:
            # The next keystroke: a new result, the same readout and matches.
            view.result = dataclasses.replace(result("ministe", readout, "Minister"))
            await pilot.pause()
            await pilot.pause(0.1)
            assert drawn == [] and framed == [] and body.hits == before
            # Matches that change are drawn, highlighted where the new word stands.
            view.result = result("foreign", readout, "Foreign")
            await pilot.pause()
            await pilot.pause(0.1)
            assert drawn and framed and body.hits != before
            start, end = body.hits[0]
            assert readout.text[start:end] == "Foreign"
        finally:
            DocumentBody.render_line = real  # type: ignore[method-assign]
            DocumentView.render_lines = real_pane  # type: ignore[method-assign]
