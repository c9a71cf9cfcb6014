"""`readouts-tui search`: exit codes, JSON, and no terminal control characters from documents."""

from __future__ import annotations

import io
import json
from argparse import Namespace

import pytest

from index.corpus import load_corpus
from index.model import Corpus, Readout
from index.search import Snippet
from tui.cli_search import SEARCH_EPILOG, clean, print_hits, run_search

EVIL_TEXT = (
    "Plain start. \x1b[31mDokdo\x1b[0m is named here \u202eevil\u202c and \x9b2J there,\n"
    "with a bell\x07 and an OSC \x1b]0;title\x07 sequence. Dokdo again."
)


def args(query: str, **kw: object) -> Namespace:
    base: dict[str, object] = {
        "query": query,
        "json": False,
        "limit": None,
        "exact": False,
        "prefix": False,
    }
    base.update(kw)
    return Namespace(**base)


def evil_corpus() -> Corpus:
    r = Readout(
        id="2018-01-01-unknown-x\x1b[2J",
        path="evil.txt",
        source="unknown",
        title="Evil \x1b]0;pwned\x07 title \u202eredro",
        published="2018-01-01",
        meeting_date="2018-01-01",
        participants=(),
        attendees=(),
        place="",
        headings=(),
        topics=(),
        text=EVIL_TEXT,
        format="generic",
    )
    return Corpus(label="evil", readouts=(r,), meetings=())


UNSAFE = ["\x1b", "\x07", "\x9b", "\u202e", "\u202c"]


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_corpus()


def test_found_prints_ranked_hits(seeds: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_search(args("takeshima"), seeds) == 0
    out = capsys.readouterr().out
    assert out.count("score") == 3
    assert "dokdo (equivalent of takeshima)" in out
    assert "3 of 3 matching readouts" in out
    assert "\x1b" not in out  # not a terminal: no highlighting


def test_exact_and_limit(seeds: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_search(args("takeshima", exact=True, limit=1, json=True), seeds) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 1 and hits[0]["equivalents"] == []


def test_prefix_flag(seeds: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_search(args("denucl", prefix=True, json=True), seeds) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert run_search(args("denucl", json=True), seeds) == 1


def test_no_hits_exits_1(seeds: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_search(args("zzzyzzy"), seeds) == 1
    assert run_search(args("zzzyzzy", json=True), seeds) == 1
    assert json.loads(capsys.readouterr().out.split("0 of 0 matching readouts")[-1]) == []


@pytest.mark.parametrize("query", ["foo:bar", "OR", "date:2018-13", "(" * 100 + "x"])
def test_bad_query_exits_2_with_one_line(
    seeds: Corpus, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert run_search(args(query, json=True), seeds) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("readouts-tui search: ")


def test_notice_goes_to_stderr(seeds: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_search(args('"comfort women', json=True), seeds) == 0
    captured = capsys.readouterr()
    assert "unbalanced quote" in captured.err
    json.loads(captured.out)


def test_json_hit_objects(seeds: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    run_search(args("dokdo", json=True), seeds)
    hits = json.loads(capsys.readouterr().out)
    assert {"id", "score", "title", "meeting_date", "snippets", "positions"} <= set(hits[0])
    for hit in hits:
        text = seeds.readout(hit["id"]).text  # type: ignore[union-attr]
        for s, e in hit["positions"]:
            assert text[s:e].lower() in {"dokdo", "takeshima"}
        for sn in hit["snippets"]:
            for s, e in sn["spans"]:
                assert sn["text"][s:e].lower() in {"dokdo", "takeshima"}


@pytest.mark.parametrize("as_json", [False, True])
def test_document_text_cannot_drive_the_terminal(
    capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    assert run_search(args("dokdo", json=as_json), evil_corpus()) == 0
    out = capsys.readouterr().out
    for ch in UNSAFE:
        assert ch not in out
    if as_json:
        (hit,) = json.loads(out)
        for sn in hit["snippets"]:
            assert {sn["text"][s:e] for s, e in sn["spans"]} == {"Dokdo"}


def test_highlight_on_a_terminal_is_bold_reverse_only_around_hits() -> None:
    corpus = evil_corpus()
    from index.search import SearchIndex

    result = SearchIndex.build(corpus.readouts).search("dokdo")
    buf = io.StringIO()
    print_hits(result.hits, result.total, buf, color=True)
    out = buf.getvalue()
    marks = out.count("\x1b[1;7mDokdo\x1b[0m")
    assert marks >= 1
    assert out.count("\x1b") == 2 * marks  # only our own highlight sequences
    assert "\u202e" not in out


def test_clean_moves_spans() -> None:
    text = "a\x1b[31mbc\u202ed\x85e"
    spans = ((text.index("b"), text.index("b") + 2), (text.index("d"), text.index("d") + 1))
    cleaned, moved = clean(text, spans)
    assert cleaned == "abcde"
    assert [cleaned[s:e] for s, e in moved] == ["bc", "d"]
    assert clean("x\ny")[0] == "x y"
    assert clean("x\ny\tz", keep_newlines=True)[0] == "x\ny\tz"
    assert Snippet("ab", ((0, 1),)).to_json() == {"text": "ab", "spans": [[0, 1]]}


def test_epilog_states_exit_codes() -> None:
    assert "exit status" in SEARCH_EPILOG
    assert "1 no readout matched" in SEARCH_EPILOG
    assert "2 the query could not be read" in SEARCH_EPILOG
