"""`timeline`, `kwic`, and `--csv`/`--jsonl`/`--sort` on `list` and `search`, as a script gets
them: CSV read back with the csv module, JSON with json, counts checked against a plain scan of
the texts (the seeds, and a corpus written into the test's folder)."""

from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.concordance import one_line
from index.corpus import load_corpus
from index.search.analysis import terms
from tests.cli_run import run

PUBLISHERS = {
    "white-house": "https://www.whitehouse.gov/briefing-room/{}/",
    "mofa-japan": "https://www.mofa.go.jp/a_o/na/kr/page{}.html",
    "mofa-korea": "https://www.mofa.go.kr/eng/brd/{}.do",
}
WORDS = ("zorbel", "tevlon", "quarnix")
FILLER = ("talks", "covered", "trade", "and", "security", "in", "detail", "with", "partners")


@dataclass(frozen=True)
class Doc:
    date: str
    publisher: str
    url: str
    text: str


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def write_corpus(folder: Path, n: int, years: tuple[int, int], seed: int) -> tuple[Path, list[Doc]]:
    """A JSON Lines collection of `n` documents with random text, dates and publishers (known
    from their URLs); returns its path and what each document was made of."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        words = [
            rng.choice(WORDS) if rng.random() < 0.07 else rng.choice(FILLER)
            for _ in range(rng.randint(20, 90))
        ]
        text = " ".join(words).capitalize() + "."
        year = rng.randint(*years)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        publisher = rng.choice(sorted(PUBLISHERS))
        docs.append(Doc(date, publisher, PUBLISHERS[publisher].format(i), text))
    path = folder / "generated.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, d in enumerate(docs):
            line = {"title": f"Readout {i}", "date": d.date, "source_url": d.url, "text": d.text}
            f.write(json.dumps(line) + "\n")
    return path, docs


def occurrences(text: str, word: str) -> int:
    return terms(text).count(word)


@pytest.fixture
def generated(tmp_path: Path) -> tuple[Path, list[Doc]]:
    return write_corpus(tmp_path, 150, (2016, 2023), seed=1)


# --- timeline ---------------------------------------------------------------------------------


def test_timeline_json_counts_each_year_and_publisher_exactly(
    capsys: pytest.CaptureFixture[str], generated: tuple[Path, list[Doc]]
) -> None:
    path, docs = generated
    got = run(capsys, "timeline", "zorbel", "--json", path)
    assert got.status == 0, got.err
    rows = json.loads(got.out)
    assert all(set(r) == {"period", "publisher", "matches", "total"} for r in rows)
    hits = Counter((d.date[:4], d.publisher) for d in docs if occurrences(d.text, "zorbel"))
    totals = Counter((d.date[:4], d.publisher) for d in docs)
    assert sum(hits.values()) > 10
    assert {(r["period"], r["publisher"]): (r["matches"], r["total"]) for r in rows} == {
        k: (hits[k], totals[k]) for k in totals
    }


def test_timeline_csv_is_the_json_as_columns(
    capsys: pytest.CaptureFixture[str], generated: tuple[Path, list[Doc]]
) -> None:
    path, _ = generated
    as_json = json.loads(run(capsys, "timeline", "tevlon", "--json", path).out)
    got = run(capsys, "timeline", "tevlon", "--csv", path)
    rows = csv_rows(got.out)
    assert list(rows[0]) == ["period", "publisher", "matches", "total"]
    assert [{**r, "matches": int(r["matches"]), "total": int(r["total"])} for r in rows] == (
        as_json
    )
    lines = [
        json.loads(line)
        for line in run(capsys, "timeline", "tevlon", "--jsonl", path).out.splitlines()
    ]
    assert lines == as_json


def test_timeline_by_month_when_the_matches_span_under_two_years(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, docs = write_corpus(tmp_path, 80, (2020, 2021), seed=4)
    rows = json.loads(run(capsys, "timeline", "quarnix", "--json", path).out)
    hits = Counter((d.date[:7], d.publisher) for d in docs if occurrences(d.text, "quarnix"))
    assert all(len(r["period"]) == 7 for r in rows)
    assert {(r["period"], r["publisher"]): r["matches"] for r in rows if r["matches"]} == hits
    by_year = json.loads(run(capsys, "timeline", "quarnix", "--json", "--by", "year", path).out)
    assert {r["period"] for r in by_year} == {"2020", "2021"}


def test_timeline_on_the_seeds_counts_equivalents_and_exact_does_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeds = load_corpus().readouts
    rows = json.loads(run(capsys, "timeline", "dokdo", "--json").out)
    named = Counter(
        (r.meeting_date[:4], r.source)
        for r in seeds
        if {"dokdo", "takeshima"} & set(terms(r.title + "\n\n" + r.text))
    )
    assert {(r["period"], r["publisher"]): r["matches"] for r in rows if r["matches"]} == named
    exact = json.loads(run(capsys, "timeline", "dokdo", "--json", "--exact").out)
    assert sum(r["matches"] for r in exact) == sum(
        1 for r in seeds if "dokdo" in terms(r.title + "\n\n" + r.text)
    )
    assert sum(r["total"] for r in rows) == len(seeds) == 5


def test_timeline_text_says_count_and_share(capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, "timeline", "dokdo")
    assert got.status == 0
    assert "2018     mofa-korea        1       1  100.0%" in got.out
    assert got.out.splitlines()[-1] == "3 of 5 readouts match, by year"


# --- kwic -------------------------------------------------------------------------------------


def test_kwic_csv_has_a_row_per_occurrence_at_its_offset(
    capsys: pytest.CaptureFixture[str], generated: tuple[Path, list[Doc]]
) -> None:
    path, docs = generated
    got = run(capsys, "kwic", "zorbel", "--csv", "--width", "20", path)
    assert got.status == 0, got.err
    rows = csv_rows(got.out)
    assert list(rows[0]) == [
        "id", "date", "meeting_date", "published", "publisher", "title", "url", "path",
        "left", "match", "right", "offset",
    ]  # fmt: skip
    assert len(rows) == sum(occurrences(d.text, "zorbel") for d in docs)
    texts = {r.id: r.text for r in load_corpus([path]).readouts}
    urls = {d.url for d in docs}
    for row in rows:
        start = int(row["offset"])
        text = texts[row["id"]]
        assert row["match"].lower() == "zorbel"
        assert one_line(text[start : start + len(row["match"])]) == row["match"]
        assert row["left"] == one_line(text[max(0, start - 20) : start])
        assert row["url"] in urls and row["date"] == row["meeting_date"]
    dates = [(r["date"], r["id"], int(r["offset"])) for r in rows]
    assert dates == sorted(dates)


def test_kwic_json_on_the_seeds_shows_the_equivalents_as_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = json.loads(run(capsys, "kwic", "dokdo", "--json").out)
    assert {r["match"] for r in records} == {"Dokdo", "Takeshima"}
    texts = {r.id: r.text for r in load_corpus().readouts}
    assert len(records) == sum(
        terms(t).count("dokdo") + terms(t).count("takeshima") for t in texts.values()
    )
    exact = json.loads(run(capsys, "kwic", "dokdo", "--json", "--exact").out)
    assert {r["match"] for r in exact} == {"Dokdo"}


def test_kwic_sorted_by_the_word_after_and_before(capsys: pytest.CaptureFixture[str]) -> None:
    after = csv_rows(run(capsys, "kwic", '"north korea"', "--csv", "--sort", "after").out)
    following = [terms(r["right"])[:1] for r in after]
    assert len(after) > 5 and following == sorted(following)
    before = csv_rows(run(capsys, "kwic", '"north korea"', "--csv", "--sort", "before").out)
    preceding = [terms(r["left"])[-1:] for r in before]
    assert preceding == sorted(preceding)
    assert sorted(r["offset"] for r in before) == sorted(r["offset"] for r in after)


def test_kwic_text_lines_up_the_matches(capsys: pytest.CaptureFixture[str]) -> None:
    got = run(capsys, "kwic", "dokdo", "--width", "25")
    lines = got.out.splitlines()
    assert lines[-1] == "5 occurrences in 3 matching readouts"
    columns = {
        line.index(" Dokdo ") if " Dokdo " in line else line.index(" Takeshima ")
        for line in lines[:-1]
    }
    assert len(columns) == 1


# --- search and list --------------------------------------------------------------------------


def test_search_csv_is_the_ranked_hits_with_readout_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    hits = json.loads(run(capsys, "search", "north korea", "--json").out)
    rows = csv_rows(run(capsys, "search", "north korea", "--csv").out)
    assert [r["id"] for r in rows] == [h["id"] for h in hits]
    assert [int(r["rank"]) for r in rows] == list(range(1, len(hits) + 1))
    assert set(rows[0]) >= {"id", "meeting_date", "published", "publisher", "title", "url", "path"}
    assert all(r["publisher"].startswith("mofa-") and r["path"].endswith(".txt") for r in rows)


def test_search_sort_date_is_newest_first_and_keeps_the_json_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    by_rank = json.loads(run(capsys, "search", "north korea", "--json").out)
    by_date = json.loads(run(capsys, "search", "north korea", "--json", "--sort", "date").out)
    assert sorted(h["id"] for h in by_date) == sorted(h["id"] for h in by_rank)
    assert [h["meeting_date"] for h in by_date] == sorted(
        (h["meeting_date"] for h in by_date), reverse=True
    )
    assert [set(h) for h in by_date] == [set(h) for h in by_rank]
    # the keys search --json always had, and the readout's fields beside them
    assert set(by_rank[0]) >= {"id", "score", "title", "meeting_date", "matched", "snippets"}
    assert {"published", "publisher", "url", "path"} <= set(by_rank[0])
    two = json.loads(
        run(capsys, "search", "north korea", "--json", "--sort", "date", "--limit", "2").out
    )
    assert [h["id"] for h in two] == [h["id"] for h in by_date[:2]]
    lines = run(capsys, "search", "north korea", "--jsonl", "--sort", "date").out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [h["id"] for h in by_date]


def test_search_sort_date_orders_every_match_not_only_the_best(
    capsys: pytest.CaptureFixture[str], generated: tuple[Path, list[Doc]]
) -> None:
    """--sort date --limit 5 is the five newest of all the matches (a sort of the docs written
    for the test), not the best five sorted."""
    path, docs = generated
    newest = sorted((d.date for d in docs if occurrences(d.text, "zorbel")), reverse=True)
    assert len(newest) > 20
    got = json.loads(run(capsys, "search", "zorbel", "--json", "--sort", "date", "--limit", "5",
                         path).out)  # fmt: skip
    assert [h["meeting_date"] for h in got] == newest[:5]
    best = json.loads(run(capsys, "search", "zorbel", "--json", "--limit", "5", path).out)
    assert [h["id"] for h in best] != [h["id"] for h in got]


def test_timeline_and_kwic_honour_tag_and_is_filters_as_search_does(
    capsys: pytest.CaptureFixture[str], generated: tuple[Path, list[Doc]]
) -> None:
    """`tag:batch zorbel`: the timeline's matches, the concordance's readouts and the search's
    total are the documents tagged and naming the word, counted here from what was written."""
    from index.notes.store import NotesStore, ReadoutInfo

    path, docs = generated
    every_third = {d.url for d in docs[::3]}
    store = NotesStore()
    tagged = set()
    for readout in load_corpus([path]).readouts:
        if readout.meta("source_url") in every_third:
            store.set_tags(ReadoutInfo.of(readout), ["batch"])
            tagged.add(readout.meta("source_url"))
    store.close()
    expected = [d for d in docs if d.url in tagged and occurrences(d.text, "zorbel")]
    assert 5 < len(expected) < sum(1 for d in docs if occurrences(d.text, "zorbel"))

    rows = json.loads(run(capsys, "timeline", "tag:batch zorbel", "--json", path).out)
    assert {(r["period"], r["publisher"]): r["matches"] for r in rows if r["matches"]} == Counter(
        (d.date[:4], d.publisher) for d in expected
    )
    lines = json.loads(run(capsys, "kwic", "tag:batch zorbel", "--json", path).out)
    assert {ln["url"] for ln in lines} == {d.url for d in expected}
    assert len(lines) == sum(occurrences(d.text, "zorbel") for d in expected)
    found = json.loads(run(capsys, "search", "tag:batch zorbel", "--json", "--limit", "500",
                           path).out)  # fmt: skip
    assert len(found) == len(expected) == sum(r["matches"] for r in rows)
    unread = json.loads(run(capsys, "timeline", "is:unread zorbel", "--json", path).out)
    assert sum(r["matches"] for r in unread) == sum(
        1 for d in docs if occurrences(d.text, "zorbel")
    )


def test_list_csv_is_a_row_per_readout(
    capsys: pytest.CaptureFixture[str], generated: tuple[Path, list[Doc]]
) -> None:
    rows = csv_rows(run(capsys, "list", "--csv").out)
    assert len(rows) == 5
    assert {r["publisher"] for r in rows} == {"mofa-japan", "mofa-korea"}
    path, docs = generated
    rows = csv_rows(run(capsys, "list", "--csv", path).out)
    assert sorted(r["url"] for r in rows) == sorted(d.url for d in docs)
    assert Counter(r["publisher"] for r in rows) == Counter(d.publisher for d in docs)
    meetings = json.loads(run(capsys, "list", "--json").out)
    assert {"id", "meeting_date", "readouts"} <= set(meetings[0])


def test_document_text_cannot_drive_the_terminal_in_any_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    evil = {
        "title": 'Evil \x1b]0;pwned\x07 title \u202eredro, "quoted"',
        "date": "2020-02-02",
        "text": "Zorbel \x1b[31mhere\x1b[0m and\u202e there \x9b2J zorbel.",
    }
    path = tmp_path / "evil.jsonl"
    path.write_text(json.dumps(evil) + "\n", encoding="utf-8")
    for argv in (["kwic", "zorbel"], ["timeline", "zorbel"], ["search", "zorbel"], ["list"]):
        for fmt in ("--csv", "--jsonl", "--json", None):
            if argv[0] == "list" and fmt == "--json":
                continue
            got = run(capsys, *argv, *([fmt] if fmt else []), path)
            assert got.status == 0, (argv, fmt, got.err)
            bad = [ch for ch in got.out if ch in "\x1b\x07\x9b\u202e"]
            assert not bad, (argv, fmt)
    rows = csv_rows(run(capsys, "search", "zorbel", "--csv", path).out)
    assert rows[0]["title"] == 'Evil ␛]0;pwned␇ title redro, "quoted"'


def test_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "timeline", "xyzzyq").status == 1
    assert run(capsys, "kwic", "xyzzyq", "--csv").status == 1
    bad = run(capsys, "kwic", "")
    assert bad.status == 2 and "kwic" in bad.err
    both = run(capsys, "timeline", "dokdo", "--json", "--csv")
    assert both.status == 2 and "choose one" in both.err
    assert run(capsys, "kwic", "dokdo", "--width", "-1").status == 2
