"""A readout's metadata is kept packed in one string and is the same pairs to everything that
asks: the constructor, `meta`, equality, JSON, pickling, copies; and a parse cache pickled before
it was packed loads as the same corpus and is saved again in the new layout."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest

from index import cache
from index.cache import cached_corpus, load_corpus_cached
from index.model import Readout

PAIRS = (
    ("source_url", "https://www.mofa.go.jp/a1/kr/page4e_000123.html"),
    ("year", "2018"),
    ("empty", ""),
    ("title", "Japan-ROK Foreign Ministers' Meeting"),
    ("kind", "취임사"),
)


def readout(metadata: tuple[tuple[str, str], ...] = PAIRS) -> Readout:
    return Readout(
        id="2018-01-16-mofa-japan-kono-kang",
        path="jp.md",
        source="mofa-japan",
        title="Japan-ROK Foreign Ministers' Meeting",
        published="2018-01-16",
        meeting_date="2018-01-16",
        participants=(),
        attendees=(),
        place="Tokyo",
        headings=(),
        topics=("Takeshima/Dokdo",),
        text="On January 16, Foreign Minister Taro Kono held a meeting.",
        format="markdown",
        metadata=metadata,
    )


@pytest.mark.parametrize(
    "pairs",
    [
        PAIRS,
        (),
        (("", ""),),
        (("a", ""), ("", "b")),
        (("unit\x1fseparator", "kept"), ("x", "as it is")),  # the packing's own separator
        (("x", "value with \x1f inside"),),
    ],
)
def test_metadata_is_the_pairs_given(pairs: tuple[tuple[str, str], ...]) -> None:
    r = readout(pairs)
    assert r.metadata == pairs
    for key, value in pairs:
        assert r.meta(key) == value
    assert r.meta("no-such-key") == ""
    again = pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == r and hash(again) == hash(r) and again.metadata == pairs
    changed = dataclasses.replace(r, title="Another")
    assert changed.metadata == pairs and changed.title == "Another"
    assert r.identified("new-id").metadata == pairs
    assert json.loads(json.dumps(r.to_json()))["metadata"] == dict(pairs)
    assert "metadata=" in repr(r)


def test_readouts_differing_only_in_metadata_differ() -> None:
    assert readout() != readout(PAIRS[:-1])
    assert readout() == readout(tuple(PAIRS))


def test_metadata_is_one_string_in_memory() -> None:
    r = readout()
    assert "metadata" not in r.__dict__
    assert isinstance(r.__dict__["_meta"], str)


def _unpacked(r: Readout) -> Readout:
    """`r` as pickled before metadata was packed: its pairs in its state."""
    old = object.__new__(Readout)
    state = dict(r.__dict__)
    state.pop("_meta")
    state["metadata"] = r.metadata
    old.__dict__.update(state)
    return old


def test_a_cache_of_the_older_layout_loads_alike_and_is_saved_anew(tmp_path: Path) -> None:
    docs, folder = tmp_path / "docs", tmp_path / "cache"
    docs.mkdir()
    for n, (day, url) in enumerate([("2023-03-16", "a"), ("2023-05-07", "b")]):
        (docs / f"r{n}.md").write_text(
            f"---\ntitle: Japan-ROK Summit Meeting {n}\ndate: '{day}'\nsource_url: "
            f"https://www.mofa.go.jp/{url}.html\nkind: summit\n---\n\nThe leaders met.\n",
            encoding="utf-8",
        )
    fresh, _ = load_corpus_cached([docs], cache_dir=folder)
    file = cache._cache_file(folder, [docs])
    loaded = cache._load(file, cache.CacheReport())
    assert loaded is not None and loaded.layout == cache.LAYOUT
    # Write the snapshot as an older version did: the pairs unpacked, layout 1.
    old_readouts = tuple(_unpacked(r) for r in loaded.readouts)
    old_meetings = tuple(
        dataclasses.replace(m, readouts=tuple(_unpacked(r) for r in m.readouts))
        for m in loaded.meetings
    )
    older = dataclasses.replace(loaded, readouts=old_readouts, meetings=old_meetings)
    del older.__dict__["layout"]  # as pickled by a version without the field
    assert cache._save(file, older, cache.CacheReport())
    assert b"metadata" in file.read_bytes()
    shown = cached_corpus([docs], cache_dir=folder)
    assert shown is not None and shown.readouts == fresh.readouts
    assert [r.meta("source_url") for r in shown.readouts] == [
        "https://www.mofa.go.jp/a.html",
        "https://www.mofa.go.jp/b.html",
    ]
    # The next load that finds nothing changed saves it in this layout.
    again, report = load_corpus_cached([docs], cache_dir=folder)
    assert not report.changed and again.readouts == fresh.readouts
    resaved = cache._load(file, cache.CacheReport())
    assert resaved is not None and resaved.layout == cache.LAYOUT
    assert all("_meta" in r.__dict__ for r in resaved.readouts)
