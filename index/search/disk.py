"""The search index's folder on disk: the version of what it holds, opening and creating it,
the build lock, and the record that it is complete for a corpus.

Failures here are notices (appended to the caller's list), never errors: an index that cannot
be read, or that another version wrote, is deleted so that the caller rebuilds it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import fields, index
from whoosh.filedb.filestore import FileStorage

from index.model import Readout
from index.search import phrases, whoosh_internals
from index.search.schema import schema

SCHEMA_VERSION = f"5p{phrases.default_table().stamp}"
"""Bump the number when the schema, the analysis or the files written change: an index of
another version is rebuilt, with a notice. The rest names the phrases the index records
(`index.search.phrases`): another set of equivalents, another index."""
INDEX_NAME = f"v{SCHEMA_VERSION}"
TRUSTED = "trusted.json"
"""The corpus token and index generation of the last update that left the index complete."""
LOCK_WAIT = 2.0
"""Seconds to wait for another instance's writer before indexing in memory instead."""


def storage(folder: Path) -> FileStorage:
    """The index's folder as Whoosh storage, read through plain file reads, not mmap.

    With mmap, whoosh3 opens each part of a segment as a `BufferFile`, whose `BytesIO` copies
    the part into memory: every searcher held its own copy of the whole index (see
    docs/search-internals.md).
    """
    return FileStorage(str(folder), supports_mmap=False)  # type: ignore[no-untyped-call]


def stamped_schema() -> fields.Schema:
    stamped = schema()
    stamped.add("stamp", fields.ID(stored=True))
    return stamped


def open_existing(folder: Path, notices: list[str]) -> index.Index | None:
    """The index in `folder`, its files there and readable; None (after clearing the folder)
    when there is none, it is of another `SCHEMA_VERSION` (with a notice) or it is unusable
    (with a notice)."""
    if not folder.is_dir():
        return None
    try:
        files = storage(folder)
        if not index.exists(files, indexname=INDEX_NAME):
            if any(folder.glob("_v*_*.toc")):  # Whoosh's table of contents: _<name>_<gen>.toc
                notices.append("search index made by another version of readouts-tui: rebuilt")
            shutil.rmtree(folder, ignore_errors=True)
            return None
        ix: index.Index = files.open_index(indexname=INDEX_NAME)  # type: ignore[no-untyped-call]
        with ix.searcher() as searcher:  # opens every segment's files
            searcher.doc_count_all()
    except Exception as exc:  # truncated, corrupt, unreadable: start again
        _damaged(folder, notices, exc)
        return None
    sweep(folder, ix)
    return ix


LOCK_NAMES = ("WRITELOCK", "BUILDLOCK")


def leftovers(folder: Path, ix: index.Index) -> list[Path]:
    """What a build or merge that was killed left in `folder`: segment files of no segment of
    the index, Whoosh's merge folder (`<indexname>.tmp`), the build folders (`build-<pid>-...`)
    of processes that are gone (what a killed first start leaves: docs/caches.md)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    prefix = f"{INDEX_NAME}_"
    live: set[str] | None = None
    out = []
    for name in names:
        if name.startswith(prefix):
            segment = name.split(".", 1)[0]  # a segment's files: its id, then "." and more
            if segment[len(prefix) :] in LOCK_NAMES:
                continue
            if live is None:
                live = whoosh_internals.segment_ids(ix)
            if segment not in live:
                out.append(folder / name)
        elif name == f"{INDEX_NAME}.tmp" or (
            name.startswith("build-") and not alive(name.split("-")[1])
        ):
            out.append(folder / name)
    return out


def sweep(folder: Path, ix: index.Index) -> None:
    """Delete the `leftovers` in `folder`, when no build holds it and no writer is open on it
    (never waits)."""
    if not leftovers(folder, ix):
        return
    files = storage(folder)
    with contextlib.ExitStack() as held:
        for name in ("BUILDLOCK", "WRITELOCK"):
            lock = files.lock(f"{INDEX_NAME}_{name}")  # type: ignore[no-untyped-call]
            try:
                if not lock.acquire(blocking=False):
                    return  # a build or a writer is at work: its files are not leftovers
            except OSError:
                return
            held.callback(lock.release)
        for path in leftovers(folder, ix):  # again: under the locks
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    path.unlink()


def alive(pid: str) -> bool:
    """Whether the process `pid` (from a build folder's name) still runs."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except OSError:
        return True  # it exists, another user's
    return True


def _damaged(folder: Path, notices: list[str], exc: Exception) -> None:
    notices.append(f"search index damaged ({exc.__class__.__name__}); rebuilt")
    shutil.rmtree(folder, ignore_errors=True)


def indexed_stamps(
    ix: index.Index | None, folder: Path, notices: list[str]
) -> tuple[index.Index | None, dict[str, str]]:
    """Every indexed document's stamp, by id (reads every segment's stored fields); the index
    is None when there is none, or when it could not be read (and is rebuilt, with a notice)."""
    if ix is None:
        return None, {}
    try:
        with ix.searcher() as searcher:
            fields_ = searcher.reader().all_stored_fields()
            return ix, {f["id"]: f.get("stamp", "") for f in fields_}
    except Exception as exc:  # a stored-fields column unreadable
        _damaged(folder, notices, exc)
        return None, {}


def create(folder: Path, notices: list[str]) -> index.Index | None:
    """A new, empty index in `folder`; None (with a notice) when the folder is not writable."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: see docs/caches.md
        ix: index.Index = storage(folder).create_index(  # type: ignore[no-untyped-call]
            stamped_schema(), indexname=INDEX_NAME
        )
        return ix
    except OSError as exc:
        notices.append(
            f"cache folder not writable ({exc.strerror or exc}): search index kept in memory"
        )
        return None


def trusted(folder: Path, ix: index.Index, token: str) -> bool:
    """Whether the index was left complete for the corpus named `token`, with no commit since
    (so its documents need no checking)."""
    if not token:
        return False
    try:
        saved = json.loads((folder / TRUSTED).read_text(encoding="utf-8"))
        return bool(
            saved["token"] == token
            and saved["generation"] == ix.latest_generation()
            and saved["documents"] == whoosh_internals.live_doc_count(ix)
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def trust(folder: Path, ix: index.Index, token: str) -> None:
    """Record that the index is complete for the corpus named `token` (see `trusted`)."""
    path = folder / TRUSTED
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
        if token:
            saved = {
                "token": token,
                "generation": ix.latest_generation(),
                "documents": whoosh_internals.live_doc_count(ix),
            }
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(saved), encoding="utf-8")
            os.replace(tmp, path)


@contextmanager
def build_lock(folder: Path) -> Iterator[bool]:
    """Hold this index's build lock (an flock, freed by the kernel if the process dies) while
    the block runs; False when another process holds it after `LOCK_WAIT` seconds."""
    lock = storage(folder).lock(f"{INDEX_NAME}_BUILDLOCK")  # type: ignore[no-untyped-call]
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            held = bool(lock.acquire(blocking=False))
        except OSError:  # no lock file in a read-only folder: the writer will say so
            yield True
            return
        if held or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    try:
        yield held
    finally:
        if held:
            lock.release()


def stamp(readout: Readout) -> str:
    """A digest of what the index holds for `readout`: equal stamps need no re-indexing."""
    h = hashlib.blake2b(digest_size=12)
    for part in (
        SCHEMA_VERSION,
        readout.id,
        readout.title,
        readout.text_digest,  # never reads a text kept on disk back (see index/textstore.py)
        readout.source,
        readout.place,
        readout.meeting_date,
        readout.published,
        "\x1f".join(readout.topics),
        "\x1f".join(p.name for p in readout.participants),
        readout.meta("year"),
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()
