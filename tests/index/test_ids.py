"""Readout and meeting ids: unique in any corpus, and the same whatever order files come in.

Ids are made from a document's date, publisher and title (or principals); documents that would
share one are numbered `-2`, `-3`..., and a number is never one another document's own id
already ends in (on 100,000 documents, a title ending in "2" beside a pair of titles without it
once gave two readouts one id, and the app's meeting list refused to start).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import index.parallel_parse
from index.cache import load_corpus_cached
from index.corpus import load_corpus
from index.meetings import assign_ids, group_meetings
from index.model import Corpus, Participant, RawDoc, Readout
from index.parse import parse_document

DATES = ["2000-10-20", "2000-10-21"]
WORDS = ["President", "Korea", "ASEM", "Summit", "Talks", "3", "2", "-2", "-3", "Part"]

TITLES = st.one_of(
    # numbered titles, same stems with and without a number, titles that end in -2 or -3
    st.builds(
        "{}{}".format,
        st.sampled_from(["Korea ASEM", "Summit talks", "Talks 3"]),
        st.sampled_from(["", "", " 2", "-2", " 3", "-3", " No. 2", "-2-2"]),
    ),
    # titles sharing their first six words: their ids are made of those only
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join),
)


@st.composite
def documents(draw: st.DrawFn) -> list[RawDoc]:
    """Collection lines: same-day series of alike titles, some lines repeated exactly."""
    count = draw(st.integers(1, 14))
    docs = []
    for n in range(1, count + 1):
        title = draw(TITLES)
        date = draw(st.sampled_from(DATES))
        body = draw(st.sampled_from(["Met.", "Talked.", f"Line {n}."]))
        docs.append(
            RawDoc(f"/corpus/c.jsonl:{n}", body, "jsonl", meta={"title": title, "date": date})
        )
    return docs


def corpus_of(readouts: list[Readout]) -> Corpus:
    final = assign_ids(readouts)
    return Corpus("test", tuple(final), group_meetings(final))


def assert_unique(corpus: Corpus) -> None:
    ids = [r.id for r in corpus.readouts]
    assert len(ids) == len(set(ids)), sorted(ids)
    meeting_ids = [m.id for m in corpus.meetings]
    assert len(meeting_ids) == len(set(meeting_ids)), sorted(meeting_ids)
    # a meeting id names its own readout or no readout at all: `show ID` is never ambiguous
    by_id = {r.id: r for r in corpus.readouts}
    for m in corpus.meetings:
        assert m.id not in by_id or m.readouts == (by_id[m.id],)


@given(docs=documents(), data=st.data())
def test_ids_are_unique_and_do_not_depend_on_the_order_read(
    docs: list[RawDoc], data: st.DataObject
) -> None:
    readouts = [parse_document(d) for d in docs]
    corpus = corpus_of(readouts)
    assert_unique(corpus)
    # one readout per distinct document, and every line found in one
    distinct = {(d.text, tuple(sorted(d.meta.items()))) for d in docs}
    assert len(corpus.readouts) == len(distinct)
    assert sorted(at for r in corpus.readouts for at in r.locations) == sorted(d.path for d in docs)

    shuffled = data.draw(st.permutations(readouts))
    again = corpus_of(shuffled)
    assert {r.path: (r.id, r.paths) for r in again.readouts} == {
        r.path: (r.id, r.paths) for r in corpus.readouts
    }
    assert [m.id for m in again.meetings] == [m.id for m in corpus.meetings]


def test_a_number_is_never_one_another_title_has() -> None:
    docs = [
        RawDoc(f"/c.jsonl:{n}", f"Body {n}.", "jsonl", meta={"title": title, "date": "2000-10-20"})
        for n, title in enumerate(["Korea 3 ASEM 2", "Korea 3 ASEM", "Korea 3 ASEM"], start=1)
    ]
    corpus = corpus_of([parse_document(d) for d in docs])
    assert {r.path: r.id for r in corpus.readouts} == {
        "/c.jsonl:1": "2000-10-20-unknown-korea-3-asem-2",
        "/c.jsonl:2": "2000-10-20-unknown-korea-3-asem",
        "/c.jsonl:3": "2000-10-20-unknown-korea-3-asem-3",
    }
    assert len({m.id for m in corpus.meetings}) == 3


def _write_series(folder: Path) -> None:
    """Files whose titles collide: a same-day series, a title ending in 2, a collection."""
    folder.mkdir()
    for n in range(12):
        title = "Korea 3 ASEM 2" if n == 5 else "Korea 3 ASEM"
        body = f"{title}\n\nOctober 20, 2000\n\nThe talks went on, day {n}."
        (folder / f"doc{n:02}.txt").write_text(body, encoding="utf-8")
    lines = [
        {"title": "Korea 3 ASEM", "date": "2000-10-20", "text": f"Line {n}."} for n in range(4)
    ]
    (folder / "more.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")


def test_ids_are_the_same_read_here_in_workers_and_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "docs"
    _write_series(folder)
    here = {r.path: r.id for r in load_corpus([folder]).readouts}
    assert len(here) == 16 and len(set(here.values())) == 16
    # Files parsed in two worker processes come back in whatever order they finish.
    monkeypatch.setattr(index.parallel_parse, "PARALLEL_MIN", 2)
    monkeypatch.setattr(index.parallel_parse, "CHUNK", 1)
    for run in ("cold", "warm"):
        corpus, _ = load_corpus_cached([folder], cache_dir=tmp_path / "cache")
        assert {r.path: r.id for r in corpus.readouts} == here, run
        assert_unique(corpus)


def _readout(path: str, source: str, names: tuple[str, ...]) -> Readout:
    return Readout(
        id="",
        path=path,
        source=source,
        title=f"Talks reported by {source}",
        published="2018-01-16",
        meeting_date="2018-01-16",
        participants=tuple(Participant(n, "", "") for n in names),
        attendees=(),
        place="",
        headings=(),
        topics=(),
        text=f"The text of {path}.",
        format="generic",
    )


def test_a_meeting_id_is_never_a_readout_id_of_another_meeting() -> None:
    kono_kang = ("Taro Kono", "Kang Kyung-wha")
    readouts = [
        _readout("/a.txt", "mofa-japan", kono_kang),
        _readout("/b.txt", "mofa-korea", kono_kang),  # the same meeting, told by Korea
        _readout("/c.txt", "kono", ("Kang Kyung-wha",)),  # its own id is the meeting's
    ]
    corpus = corpus_of(readouts)
    assert sorted(r.id for r in corpus.readouts) == [
        "2018-01-16-kono-kang",
        "2018-01-16-mofa-japan-kono-kang",
        "2018-01-16-mofa-korea-kono-kang",
    ]
    assert sorted((m.id, len(m.readouts)) for m in corpus.meetings) == [
        ("2018-01-16-kono-kang", 1),
        ("2018-01-16-kono-kang-2", 2),
    ]
    assert_unique(corpus)


@given(documents())
def test_readouts_read_under_their_provisional_id_come_out_the_same_and_not_copied(
    docs: list[RawDoc],
) -> None:
    # A first start gives each readout its `base_id` as it is read (`provisional`): the ids
    # and readouts that come out are those the readouts without one get, and a readout whose
    # id stays (no other document takes it) is the object read, not a copy of it.
    from index.meetings import provisional

    parsed = [parse_document(d) for d in docs]
    read = [provisional(r) for r in parsed]
    assert all(r.id for r in read)
    out = assign_ids(read)
    assert out == assign_ids(parsed)
    for before, after in zip(read, out, strict=True):
        assert (before is after) == ((before.id, before.paths) == (after.id, after.paths))
    assert_unique(corpus_of(read))
    # Equal dates and titles (a collection's repeated lines) are one string, not one each.
    firsts: dict[str, str] = {}
    for r in read:
        for value in (r.title, r.published, r.meeting_date):
            assert firsts.setdefault(value, value) is value


def test_a_first_start_holds_each_readout_once_whatever_its_lists_renamed(
    tmp_path: Path,
) -> None:
    # A first start lists what is read so far after each file. Readouts whose ids another
    # document takes later (a same-day series: "-2", "-3"...) are renamed from one list to
    # the next; at each list every readout read is one object, the list's, not also the
    # readout as it was read (docs/caches.md).
    import gc

    folder = tmp_path / "docs"
    _write_series(folder)
    lists: list[dict[str, str]] = []
    alive: list[int] = []

    def on_partial(corpus: Corpus) -> None:
        lists.append({r.path: r.id for r in corpus.readouts})  # ids only: nothing kept
        gc.collect()
        alive.append(
            sum(isinstance(o, Readout) and o.path.startswith(str(folder)) for o in gc.get_objects())
        )
        # (one more at most: the readout being read when the list was made)
        assert alive[-1] <= len(corpus.readouts) + 1, (alive, len(corpus.readouts))

    corpus, _ = load_corpus_cached(
        [folder], cache_dir=tmp_path / "cache", on_partial=on_partial, partial_every=0
    )
    assert len(lists) > 3
    renamed = {p for before in lists for p, i in before.items() if i != lists[-1].get(p, i)}
    assert renamed  # the series did rename some from one list to the next
    assert {r.path: r.id for r in corpus.readouts} == {
        r.path: r.id for r in load_corpus([folder]).readouts
    }
