"""A folder of bad files among good readouts: every good one loads, every bad one is reported.

The folder is built once per module (it holds a 20 MB file) and loaded once, with the two
failures root cannot get from the file system (an unreadable file, a file deleted while loading)
provoked by patching. Each test then checks one thing a user would see: the documents listed,
the reason shown for each skipped file. How long they take is measured in
`bench/bench_bad_files.py`, never here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import index.corpus
from index.corpus import load_corpus, seeds_dir
from index.model import Corpus, RawDoc, Readout, Skip

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

MB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
UNDECODABLE = b"Hello \xff\xfe\xc3\x28 world\x80\x81\n"
"""Not UTF-8, and not Windows-1252, EUC-KR or Shift_JIS either (0x81 is unassigned in all)."""

PARAGRAPH = (
    "The two ministers discussed the regional situation, economic cooperation and "
    "people-to-people exchanges, and agreed to keep in close contact. "
) * 8

GOOD = {
    # file name (relative to the folder) -> the title it must be listed with
    "notes with spaces.txt": "Notes with spaces in the file name",
    "회담 Kōno–Kang 會談.txt": "A file whose name is not ASCII",
    "folder.txt/inside.txt": "Inside a folder named like a file",
    "utf16.txt": "Written in UTF-16 with a byte-order mark",
    "legacy.txt": "Café talks in Windows-1252",
    "title_only.txt": "Only a title",
    "big.txt": "A twenty megabyte file",
    "collection.jsonl": "The good line of a collection",
}

SKIPPED = {
    # file name -> the reason shown for it
    "empty.txt": "empty file",
    "blank.txt": "empty file",
    "image.txt": "binary file (mostly control bytes, not text)",
    "undecodable.txt": "undecodable text (not UTF-8, UTF-16 or a known legacy encoding)",
    "bad_bom.txt": "invalid utf-16 despite its byte-order mark",
    "loop/up": "symbolic link loop (folder already read)",
    "self.txt": "symbolic link loop",
    "dangling.txt": "broken symbolic link",
    "unreadable.txt": "permission denied",
    "vanishing.txt": "file disappeared while loading",
    "collection.jsonl:2": "not a JSON object (JSONDecodeError)",
    "collection.jsonl:3": "not a JSON object (RecursionError)",
    "collection.jsonl:4": "line has no text field",
}


def _doc(title: str) -> str:
    return f"{title}\n\nMay 1, 2020\n\n{PARAGRAPH}\n"


def build_folder(root: Path) -> Path:
    """The corpus folder: the five seeds, the good files of `GOOD` and the bad ones of `SKIPPED`."""
    folder = root / "corpus"
    folder.mkdir()
    for seed in sorted(seeds_dir().iterdir()):
        shutil.copyfile(seed, folder / seed.name)
    for name in ("notes with spaces.txt", "회담 Kōno–Kang 會談.txt", "folder.txt/inside.txt"):
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(_doc(GOOD[name]), encoding="utf-8")
    (folder / "utf16.txt").write_bytes(_doc(GOOD["utf16.txt"]).encode("utf-16"))
    (folder / "legacy.txt").write_bytes(_doc(GOOD["legacy.txt"]).encode("cp1252"))
    (folder / "title_only.txt").write_text("Only a title\n", encoding="utf-8")
    with (folder / "big.txt").open("w", encoding="utf-8") as f:
        f.write(_doc(GOOD["big.txt"]))
        block = (PARAGRAPH + "\n\n") * 64
        for _ in range(20 * MB // len(block) + 1):
            f.write(block)
    (folder / "longline.txt").write_text(
        "A line of five megabytes " + "and the talks went on " * (5 * MB // 22), encoding="utf-8"
    )
    (folder / "collection.jsonl").write_text(
        '{"text": "The good line of a collection\\n\\nThe ministers met.", "id": 1}\n'
        "{not json\n" + "[" * 100_000 + "]" * 100_000 + "\n" + '{"title": "no text"}\n',
        encoding="utf-8",
    )

    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\n  \r\n")
    (folder / "image.txt").write_bytes(PNG + os.urandom(4096))
    (folder / "photo.png").write_bytes(PNG + os.urandom(4096))  # not a document: passed over
    (folder / "undecodable.txt").write_bytes(UNDECODABLE)
    (folder / "bad_bom.txt").write_bytes(b"\xff\xfeA")  # a BOM, then half a UTF-16 character
    (folder / "loop").mkdir()
    (folder / "loop" / "up").symlink_to("..", target_is_directory=True)
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    (folder / "unreadable.txt").write_text(_doc("Never shown"), encoding="utf-8")
    (folder / "unreadable.txt").chmod(0)
    (folder / "vanishing.txt").write_text(_doc("Gone before it was read"), encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Loaded:
    folder: Path
    corpus: Corpus


def _refuse(mp: pytest.MonkeyPatch, unreadable: Path) -> None:
    """Root reads a mode-000 file anyway: make the file system refuse it as it would a user."""
    real_open, real_read_bytes = Path.open, Path.read_bytes

    def refused(self: Path) -> None:
        if IS_ROOT and self == unreadable:
            raise PermissionError(13, "Permission denied", str(self))

    def open_(self: Path, *args: Any, **kwargs: Any) -> Any:
        refused(self)
        return real_open(self, *args, **kwargs)

    def read_bytes(self: Path) -> bytes:
        refused(self)
        return real_read_bytes(self)

    mp.setattr(Path, "open", open_)
    mp.setattr(Path, "read_bytes", read_bytes)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    """The folder of `build_folder`, loaded once with `load_corpus`, and how long that took."""
    folder = build_folder(tmp_path_factory.mktemp("bad"))
    unreadable = folder / "unreadable.txt"
    vanishing = folder / "vanishing.txt"
    real_iter_files = index.corpus.iter_files

    def iter_files(paths: object) -> Iterator[Path | Skip]:
        for item in real_iter_files(paths):  # type: ignore[arg-type]
            if item == vanishing:
                vanishing.unlink()  # listed, then deleted before it is read
            yield item

    with pytest.MonkeyPatch.context() as mp:
        _refuse(mp, unreadable)
        mp.setattr(index.corpus, "iter_files", iter_files)
        corpus = load_corpus([folder])
    return Loaded(folder, corpus)


def _rel(folder: Path, path: str) -> str:
    return path[len(str(folder)) + 1 :]


def by_file(loaded: Loaded) -> dict[str, Readout]:
    return {_rel(loaded.folder, r.path).split(":")[0]: r for r in loaded.corpus.readouts}


def test_every_good_document_is_listed_with_its_title(loaded: Loaded) -> None:
    titles = {name: r.title for name, r in by_file(loaded).items()}
    seeds = {p.name for p in seeds_dir().iterdir()}
    assert {n: t for n, t in titles.items() if n not in seeds and n != "longline.txt"} == GOOD
    assert sorted(n for n in titles if n in seeds) == sorted(seeds)
    assert titles["longline.txt"].startswith("A line of five megabytes and the talks went on")
    # Every readout is one meeting here, so the list a user sees has one row per good file.
    assert len(loaded.corpus.meetings) == len(seeds) + len(GOOD) + 1


def test_the_seeds_keep_their_ids_and_fields_beside_bad_neighbours(loaded: Loaded) -> None:
    bundled = {r.id: r for r in load_corpus().readouts}
    here = {r.id: r for r in loaded.corpus.readouts if r.id in bundled}
    assert sorted(here) == sorted(bundled)
    for rid, r in here.items():
        want = bundled[rid].to_json(full=True)
        got = r.to_json(full=True)
        assert {**got, "path": "", "paths": []} == {**want, "path": "", "paths": []}
        assert got["paths"] == [r.path]


def test_every_bad_file_is_reported_with_its_reason(loaded: Loaded) -> None:
    reasons = {_rel(loaded.folder, s.path): s.reason for s in loaded.corpus.skipped}
    assert reasons == SKIPPED


def test_a_file_that_is_not_a_document_is_passed_over_silently(loaded: Loaded) -> None:
    mentioned = [r.path for r in loaded.corpus.readouts] + [s.path for s in loaded.corpus.skipped]
    assert not any(p.endswith("photo.png") for p in mentioned)


def test_good_files_read_the_same_alone_as_beside_bad_ones(loaded: Loaded) -> None:
    files = by_file(loaded)
    for name in GOOD:
        if name == "big.txt":
            continue  # its size is checked below; reading it twice costs seconds
        alone = load_corpus([loaded.folder / name])
        (r,) = (x for x in alone.readouts if x.title == GOOD[name])
        assert files[name].to_json(full=True) == r.to_json(full=True), name


def test_encodings_are_reported_on_the_readout(loaded: Loaded) -> None:
    files = by_file(loaded)
    assert files["utf16.txt"].encoding == "utf-16"
    assert files["legacy.txt"].encoding == "cp1252"
    assert files["회담 Kōno–Kang 會談.txt"].encoding == "utf-8"


def test_huge_files_load_whole(loaded: Loaded) -> None:
    files = by_file(loaded)
    big, long_line = files["big.txt"], files["longline.txt"]
    assert len(big.text) > 19.9 * MB  # nothing cut off
    assert len(long_line.text) > 5 * MB - 100
    assert len(long_line.title) <= 100 and long_line.title.endswith("…")
    assert big.published == "2020-05-01"


PATHOLOGICAL_LINES = {
    # shape -> (file suffix, text of about 400 kB on one line)
    "unclosed pandoc attributes": (".md", "# Braces\n\n" + "{#" * 200_000),
    "a name repeated": (".txt", "Names\n\nMr. Abe met " + "Mr. Kono Taro " * 28_000),
    "empty parentheses": (".txt", "Parens\n\nMr. Abe held talks with Mr. Lee " + "() " * 130_000),
    "attendees": (".txt", "Att\n\nThey held talks (attended " + "Mr. Abc, Minister " * 22_000),
    "whitespace runs": (".txt", "Spaces\n\na" + " \t" * 200_000 + "b"),
}


@pytest.mark.parametrize("shape", sorted(PATHOLOGICAL_LINES))
def test_pathological_lines_parse_whole(tmp_path: Path, shape: str) -> None:
    """Each loads as one readout with its title (bench/bench_bad_files.py times them: well
    under a second each, where before the fixes some took a minute at this size)."""
    suffix, text = PATHOLOGICAL_LINES[shape]
    path = tmp_path / f"line{suffix}"
    path.write_text(text, encoding="utf-8")
    (r,) = load_corpus([path]).readouts
    assert r.title == text.split("\n")[0].lstrip("# ")


@pytest.mark.skipif(IS_ROOT, reason="root reads mode-000 files; the module fixture patches it")
def test_a_real_mode_000_file_is_reported_and_its_neighbour_loads(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(_doc("A good neighbour"), encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(_doc("Locked"), encoding="utf-8")
    locked.chmod(0)
    try:
        corpus = load_corpus([tmp_path])
    finally:
        locked.chmod(0o644)
    assert [r.title for r in corpus.readouts] == ["A good neighbour"]
    assert corpus.skipped == (Skip(str(locked), "permission denied"),)


def test_a_mode_000_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(_doc("A good neighbour"), encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(_doc("Inside"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if IS_ROOT and str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    locked.chmod(0)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(index.corpus.os, "scandir", scandir)
            corpus = load_corpus([tmp_path])
    finally:
        locked.chmod(0o755)
    assert [r.title for r in corpus.readouts] == ["A good neighbour"]
    assert corpus.skipped == (Skip(str(locked), "permission denied"),)


def test_paths_named_directly_and_again_in_their_folder_count_once(tmp_path: Path) -> None:
    good = tmp_path / "named.md"
    good.write_text(_doc("Named directly"), encoding="utf-8")
    loop = tmp_path / "loop.txt"
    loop.symlink_to("loop.txt")
    corpus = load_corpus([good, tmp_path / "missing.txt", loop, "/dev/null", tmp_path])
    assert [r.title for r in corpus.readouts] == ["Named directly"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        (str(tmp_path / "missing.txt"), "no such file or folder"),
        (str(loop), "symbolic link loop"),
        ("/dev/null", "not a regular file"),
    ]


def test_an_unforeseen_reading_error_costs_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(_doc(f"Document {name}"), encoding="utf-8")
    real_decode = index.corpus.decode

    def decode(data: bytes) -> tuple[str, str]:
        if b"b.txt" in data:
            raise RuntimeError("a bug in reading")
        return real_decode(data)

    monkeypatch.setattr(index.corpus, "decode", decode)
    corpus = load_corpus([tmp_path])
    assert sorted(r.title for r in corpus.readouts) == ["Document a.txt", "Document c.txt"]
    assert corpus.skipped == (
        Skip(str(tmp_path / "b.txt"), "could not be read: RuntimeError: a bug in reading"),
    )


def test_a_collection_failing_half_way_keeps_its_earlier_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(f'{{"text": "Line {n}\\n\\nThe ministers met."}}\n' for n in range(1, 5)),
        encoding="utf-8",
    )
    real_open = index.corpus._open_collection

    def open_collection(p: Path) -> Iterator[bytes]:
        for n, line in enumerate(real_open(p), start=1):
            if n == 3:
                raise MemoryError("out of memory on line 3")
            yield line

    monkeypatch.setattr(index.corpus, "_open_collection", open_collection)
    corpus = load_corpus([path])
    assert sorted(r.title for r in corpus.readouts) == ["Line 1", "Line 2"]
    assert corpus.skipped == (
        Skip(str(path), "could not be read: MemoryError: out of memory on line 3"),
    )


def test_a_parser_error_costs_only_that_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.parse

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(_doc(f"Document {name}"), encoding="utf-8")
    real_parse = index.parse.parse_document

    def parse_document(doc: RawDoc) -> Readout:
        if doc.path.endswith("a.txt"):
            raise ValueError("a bug in parsing")
        return real_parse(doc)

    monkeypatch.setattr(index.parse, "parse_document", parse_document)
    corpus = load_corpus([tmp_path])
    assert [r.title for r in corpus.readouts] == ["Document b.txt"]
    assert corpus.skipped == (
        Skip(str(tmp_path / "a.txt"), "could not be parsed: ValueError: a bug in parsing"),
    )


def test_the_parse_cache_lists_and_reports_the_same(loaded: Loaded, tmp_path: Path) -> None:
    """The command line and the app read user folders through the cache: cold and warm alike."""
    from index.cache import load_corpus_cached

    unreadable = loaded.folder / "unreadable.txt"
    want_titles = sorted(r.title for r in loaded.corpus.readouts)
    # vanishing.txt is gone since the first load: now it is simply not there.
    want_skips = {s.path: s.reason for s in loaded.corpus.skipped if "vanishing" not in s.path}
    with pytest.MonkeyPatch.context() as mp:
        _refuse(mp, unreadable)
        for run in ("cold", "warm"):
            corpus, _ = load_corpus_cached([loaded.folder], cache_dir=tmp_path)
            assert sorted(r.title for r in corpus.readouts) == want_titles, run
            assert {s.path: s.reason for s in corpus.skipped} == want_skips, run
