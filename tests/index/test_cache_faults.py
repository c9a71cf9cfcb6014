"""Damaged caches never change an answer: every cache file, damaged every way, gives the CLI's
fresh answers.

A small corpus (the five seeds, a Markdown file and a two-line collection) is opened once with
an empty cache: its `list`, `search` and `show` answers (JSON) are the fresh build's, and the
cache folder it leaves is the template. Each case copies the template, damages one of its files
the way a disk or a copy would (bytes flipped at the start, middle or end, a letter changed
into another, the file cut to a third, emptied, deleted), puts the file's times back as they
were (so size and time checks cannot notice), and asks again, twice: the answers while the
damage is found, and after it was repaired, are the fresh ones.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.corpus import seeds_dir
from tui.cli import main

SEED_ID = "2018-01-16-mofa-japan-kono-kang"
OTHER_ID = "2011-03-19-mofa-japan-matsumoto-kim"
QUERY = "minister OR harbour OR lantern"

KINDS = {
    "text store": "corpus-*.texts",
    "parse cache": "corpus-*.pickle",
    "parse cache lock": "corpus-*.lock",
    "index segment": "index-*/*.seg",
    "table of contents": "index-*/*.toc",
    "trust file": "index-*/trusted.json",
    "index write lock": "index-*/*WRITELOCK",
    "index build lock": "index-*/*BUILDLOCK",
}
"""Every file a start leaves in the cache folder, by what it is."""


def flip(at: str):  # type: ignore[no-untyped-def]
    def damage(data: bytes) -> bytes:
        data = bytearray(data or b"\x00")  # an empty lock file gains a stray byte
        i = {"start": 0, "middle": len(data) // 2, "end": len(data) - 1}[at]
        data[i] ^= 0xFF
        return bytes(data)

    return damage


def changed_letter(data: bytes) -> bytes:
    """An ASCII letter near the middle becomes another: still valid UTF-8 (and JSON)."""
    data = bytearray(data or b"a")
    for i in range(len(data) // 2, len(data)):
        if chr(data[i]).isalpha() and data[i] < 0x80:
            data[i] = ord("q") if data[i] != ord("q") else ord("z")
            break
    return bytes(data)


DAMAGES = {
    "flipped at the start": flip("start"),
    "flipped in the middle": flip("middle"),
    "flipped at the end": flip("end"),
    "a letter changed": changed_letter,
    "cut to a third": lambda data: data[: len(data) // 3],
    "emptied": lambda data: b"",
    "deleted": None,
}


@dataclass(frozen=True)
class Answers:
    list: object
    search: object
    show: object
    show_collection: object


@dataclass(frozen=True)
class Warm:
    docs: Path
    template: Path
    """The cache folder a start left, with its parse cache and search index."""
    fresh: Answers
    collection_id: str


def cli(cache: Path, *argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(cache))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main([str(a) for a in argv])
    return status, out.getvalue(), err.getvalue()


def answers(cache: Path, docs: Path, collection_id: str) -> tuple[Answers, str]:
    """The four answers from `cache`, and everything said on stderr."""
    said = []
    got = []
    for argv in (
        ("list", "--json"),
        ("search", QUERY, "--json", "--limit", "50"),
        ("show", SEED_ID, "--json"),
        ("show", collection_id, "--json"),
    ):
        status, out, err = cli(cache, *argv, docs)
        assert status == 0, (argv, err)
        got.append(json.loads(out))
        said.append(err)
    return Answers(*got), "".join(said)


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Warm:
    root = tmp_path_factory.mktemp("faults")
    docs = root / "docs"
    docs.mkdir()
    for seed in seeds_dir().iterdir():
        shutil.copy2(seed, docs / seed.name)
    (docs / "harbour.md").write_text(
        "---\ntitle: Harbour talks\ndate: 2021-06-02\n---\n\nThe ministers met at the harbour."
        "\n\n## Outcome\n\nThey agreed to meet again by lantern light.\n",
        encoding="utf-8",
    )
    lines = [
        {"title": "Lantern meeting", "date": "2020-01-05", "text": "A lantern was lit.\n\nNo."},
        {"title": "Tide meeting", "date": "2020-02-07", "text": "The tide came in at the harbour."},
    ]
    (docs / "notes.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    cache = root / "cache"
    status, out, err = cli(cache, "list", "--json", docs)
    assert status == 0, err
    collection_id = next(
        r["id"] for m in json.loads(out) for r in m["readouts"] if r["title"] == "Tide meeting"
    )
    fresh, _ = answers(cache, docs, collection_id)
    again, said = answers(cache, docs, collection_id)  # from the warm cache: the same
    assert again == fresh and said == ""
    assert any(r["title"] == "Harbour talks" for m in fresh.list for r in m["readouts"])  # type: ignore[attr-defined]
    return Warm(docs, cache, fresh, collection_id)


def damaged_copy(warm: Warm, tmp_path: Path, kind: str, damage: str) -> Path:
    cache = tmp_path / "cache"
    shutil.copytree(warm.template, cache)
    files = sorted((cache / "readouts-tui").glob(KINDS[kind]))
    assert files, f"no {kind} in the cache folder"
    for file in files:
        how = DAMAGES[damage]
        if how is None:
            file.unlink()
            continue
        st = file.stat()
        file.write_bytes(how(file.read_bytes()))
        os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))
    return cache


@pytest.mark.parametrize("damage", list(DAMAGES))
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_damaged_cache_file_changes_no_answer(
    warm: Warm, tmp_path: Path, kind: str, damage: str
) -> None:
    cache = damaged_copy(warm, tmp_path, kind, damage)
    first, said = answers(cache, warm.docs, warm.collection_id)
    assert first == warm.fresh
    if kind == "text store":  # every text is read (list --json shows sections)
        expected = "cache unreadable" if damage == "deleted" else "text store damaged"
        assert said.count(expected) == 1, said
    if kind == "parse cache" and damage != "deleted":
        assert "rebuilt" in said
    after, said = answers(cache, warm.docs, warm.collection_id)  # repaired by now
    assert after == warm.fresh
    assert "text store damaged" not in said  # said once, on the run that found it


@pytest.mark.parametrize("damage", ["flipped in the middle", "a letter changed", "cut to a third"])
def test_a_damaged_text_store_is_said_once_and_rewritten(
    warm: Warm, tmp_path: Path, damage: str
) -> None:
    cache = damaged_copy(warm, tmp_path, "text store", damage)
    (store,) = (cache / "readouts-tui").glob("*.texts")
    status, out, err = cli(cache, "show", SEED_ID, "--json", warm.docs)
    assert status == 0 and json.loads(out) == warm.fresh.show
    if "text store damaged" in err:  # this record was among those damaged
        assert err.count("text store damaged") == 1
        assert "re-read from their files" in err
        assert not store.exists()  # a new store took its place
    status, out, err = cli(cache, "list", "--json", warm.docs)  # reads every text
    assert json.loads(out) == warm.fresh.list
    status, out, err = cli(cache, "list", "--json", warm.docs)
    assert err == ""  # nothing left to repair


def test_a_text_whose_file_changed_too_says_so_and_the_others_are_untouched(
    tmp_path: Path,
) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    docs.mkdir()
    for seed in seeds_dir().iterdir():
        shutil.copy2(seed, docs / seed.name)
    fresh = {rid: cli(cache, "show", rid, "--json", docs) for rid in (SEED_ID, OTHER_ID)}
    (store,) = (cache / "readouts-tui").glob("*.texts")
    store.write_bytes(b"")
    # The seed's file keeps its size and time, but holds other words now.
    target = next(p for p in docs.iterdir() if p.name.startswith("001_"))
    st = target.stat()
    target.write_bytes(target.read_bytes().replace(b"cooperation", b"cooperatixn"))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    status, out, err = cli(cache, "show", SEED_ID, docs)
    assert status == 1
    assert f"{SEED_ID}: This readout's text cannot be shown" in err
    assert "no longer holds it" in out
    assert cli(cache, "show", OTHER_ID, "--json", docs)[:2] == fresh[OTHER_ID][:2]
    # The next run reads that file again, as it is now.
    status, out, err = cli(cache, "show", SEED_ID, docs)
    assert status == 0 and "cooperatixn" in out and "cannot be shown" not in out


def test_a_cache_folder_others_can_write_is_not_used(warm: Warm, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(warm.template, cache)
    os.chmod(cache / "readouts-tui", 0o777)
    got, said = answers(cache, warm.docs, warm.collection_id)
    assert got == warm.fresh
    assert "cache not used" in said and "can be written by other users" in said
    assert "search index kept in memory" in said


def test_folders_a_start_creates_are_private_whatever_the_umask(tmp_path: Path) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    docs.mkdir()
    for seed in seeds_dir().iterdir():
        shutil.copy2(seed, docs / seed.name)
    old = os.umask(0o002)  # group-writable by default, as on many Linux desktops
    try:
        first = cli(cache, "search", "kono", "--json", docs)
        second = cli(cache, "search", "kono", "--json", docs)
    finally:
        os.umask(old)
    assert first[0] == second[0] == 0 and first[1] == second[1]
    assert second[2] == ""  # no "cache not used", no index kept in memory
    for folder in [cache / "readouts-tui", *(cache / "readouts-tui").glob("index-*")]:
        assert folder.stat().st_mode & 0o077 == 0, folder
