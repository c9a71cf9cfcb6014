"""A per-corpus cache of parsed readouts, so a second start skips reading and parsing.

The cache lives in the user's cache folder (platformdirs), one file per corpus (the set of paths
opened). For each document file it keeps the file's size, modification time and a content hash,
and the records parsed from it. On the next start a file whose size and mtime are unchanged is
taken from the cache; one whose size or mtime changed is hashed, and re-parsed only when its
content really changed; new files are parsed and removed ones drop out.

The cache is an optimisation, never a source of truth: it is written atomically (a temporary
file renamed into place), a cache that cannot be read (truncated, corrupt, from another
version) is ignored and rebuilt with a notice, and a cache folder that cannot be written leaves
the app working from what it read, with a notice.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import __version__
from index.corpus import iter_files, parse_path, stat_reason
from index.model import Corpus, Readout, Skip

FORMAT = 2
"""Bump when the cached records' shape or the parser's output changes."""


@dataclass
class _Entry:
    size: int
    mtime_ns: int
    digest: str
    readouts: list[Readout]
    skipped: list[Skip]


@dataclass
class CacheReport:
    """What the cache did on this load, for the status line and `--verbose` output."""

    reused: int = 0
    parsed: int = 0
    removed: int = 0
    notices: list[str] = field(default_factory=list)


def default_cache_dir() -> Path:
    """The user's cache folder for readouts-tui (e.g. ~/.cache/readouts-tui)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("readouts-tui", appauthor=False))


def _data_stamp() -> str:
    """A digest of everything that shapes a parse: versions and the editable data files."""
    h = hashlib.sha256(f"{__version__}:{FORMAT}".encode())
    data = Path(__file__).with_name("data")
    for name in ("people.toml", "topics.toml"):
        with contextlib.suppress(OSError):
            h.update((data / name).read_bytes())
    return h.hexdigest()[:16]


def corpus_key(paths: Sequence[str | Path]) -> str:
    """A stable name for the corpus made of `paths` (their resolved, sorted forms)."""
    resolved = sorted(str(Path(p).resolve()) for p in paths)
    return hashlib.sha256("\0".join(resolved).encode()).hexdigest()[:20]


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load(file: Path, report: CacheReport) -> dict[str, _Entry]:
    try:
        with file.open("rb") as f:
            stamp, entries = pickle.load(f)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except Exception as exc:  # truncated or corrupt: rebuild, and say so
        report.notices.append(f"cache unreadable ({exc.__class__.__name__}); rebuilt")
        return {}
    if stamp != _data_stamp() or not isinstance(entries, dict):
        report.notices.append("cache from another version or data files; rebuilt")
        return {}
    return entries


def _save(file: Path, entries: dict[str, _Entry], report: CacheReport) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((_data_stamp(), entries), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        report.notices.append(f"cache not saved ({exc.strerror or exc}): working from memory")


def load_corpus_cached(
    paths: Sequence[str | Path],
    *,
    cache_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    rebuild: bool = False,
) -> tuple[Corpus, CacheReport]:
    """Like `index.corpus.load_corpus(paths)`, reusing the parses of unchanged files.

    `rebuild` ignores what is cached and parses everything again (then saves the cache).
    """
    from index.meetings import assign_ids, group_meetings

    report = CacheReport()
    folder = cache_dir or default_cache_dir()
    file = folder / f"corpus-{corpus_key(paths)}.pickle"
    old = {} if rebuild else _load(file, report)
    new: dict[str, _Entry] = {}
    readouts: list[Readout] = []
    skipped: list[Skip] = []
    for item in iter_files(paths):
        if isinstance(item, Skip):
            skipped.append(item)
            continue
        key = str(item)
        try:
            st = item.stat()
        except OSError as exc:
            skipped.append(Skip(key, stat_reason(exc)))
            continue
        entry = old.get(key)
        if entry is not None and (entry.size, entry.mtime_ns) != (st.st_size, st.st_mtime_ns):
            try:
                same = _digest(item) == entry.digest
            except OSError:
                same = False
            entry = _Entry(st.st_size, st.st_mtime_ns, entry.digest, entry.readouts,
                           entry.skipped) if same else None  # fmt: skip
        if entry is None:
            report.parsed += 1
            got, bad = parse_path(item)
            try:
                digest = _digest(item)
            except OSError:
                digest = ""
            entry = _Entry(st.st_size, st.st_mtime_ns, digest, got, bad)
        else:
            report.reused += 1
        new[key] = entry
        readouts.extend(entry.readouts)
        skipped.extend(entry.skipped)
        if progress is not None:
            progress(len(readouts))
    report.removed = len(set(old) - set(new))
    if report.parsed or report.removed or not file.exists():
        _save(file, new, report)
    label = ", ".join(str(p) for p in paths)
    final = assign_ids(readouts)
    return Corpus(label, tuple(final), group_meetings(final), tuple(skipped)), report
