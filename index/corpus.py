"""Finding and decoding documents: paths in, `RawDoc`s and `Skip`s out.

This is the only module that touches the file system for documents. It walks folders (following
symlinks once, never in a loop), decodes bytes (BOMs, UTF-8, a legacy fallback) and splits
collections (`.jsonl`, `.jsonl.gz`, `.jsonl.xz`) into one document per line. Anything it cannot
read becomes a `Skip` with a reason; it never raises for a bad file, so one bad neighbour never
costs the good documents. `load_corpus` ties it together with the parser and meeting grouping.
"""

from __future__ import annotations

import errno
import gzip
import json
import lzma
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

from index.model import Corpus, RawDoc, Readout, Skip

COLLECTION_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.xz")
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
"""A document above this (a file, or one record of a collection) is skipped rather than read
into memory. A collection is read a record at a time, so its own size has no limit."""
_SKIP_CHUNK = 1 << 16
"""Bytes read at a time while passing over the rest of a record that is too large."""


def seeds_dir() -> Path:
    """The bundled seed readouts: inside the wheel, or `seeds/` beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled seed readouts are missing from this installation")


def _suffix_kind(path: Path) -> str | None:
    return _kind_of_name(path.name)


def _kind_of_name(name: str) -> str | None:
    name = name.lower()
    if name.endswith(COLLECTION_SUFFIXES):
        return "jsonl"
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith((".md", ".markdown")):
        return "md"
    if name.endswith(".txt"):
        return "txt"
    if name.endswith(".pdf"):
        return "pdf"
    return None


class Found(NamedTuple):
    """A document file found by `walk_files`: its path as walked (`str(Path)`), and its
    `os.stat` (following symbolic links), or the error that stat raised."""

    path: str
    stat: os.stat_result | OSError


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Skip]:
    """Every document file under `paths`, in a stable order, or a `Skip` for what can't be walked.

    A file named directly is always read (as text when its suffix is unknown); inside folders only
    known suffixes are taken, hidden files and folders are passed over, and a symlinked folder is
    entered once (loops are detected by real path). A file reached twice (named and inside a
    folder named too, or through a symbolic link) is handed out once, and so is each `Skip`.
    """
    for item in walk_files(paths):
        yield item if isinstance(item, Skip) else Path(item.path)


def walk_files(paths: Iterable[str | Path]) -> Iterator[Found | Skip]:
    """`iter_files`, each file with the `stat` that told it apart from the others (so that a
    caller comparing sizes and times needs no second one), as strings: a folder of 14,000
    files is walked in a fraction of the time `Path` objects take."""
    seen_dirs: set[str] = set()
    seen: set[object] = set()
    new_found = tuple.__new__  # Found(...) runs a Python-level __new__: a third of the loop
    for item in _iter_paths(paths, seen_dirs):
        if isinstance(item, Skip):
            key: object = f"{item.path}\0{item.reason}"
            found: Found | Skip = item
        else:
            # What makes two paths the same file: device and inode (one `stat`, where resolving
            # the real path costs a call per path component; see docs/corpus.md).
            try:
                st = os.stat(item)
            except OSError as exc:
                key, found = os.path.realpath(item), new_found(Found, (item, exc))
            else:
                key, found = (st.st_dev, st.st_ino), new_found(Found, (item, st))
        if key not in seen:
            seen.add(key)
            yield found


def _iter_paths(paths: Iterable[str | Path], seen_dirs: set[str]) -> Iterator[str | Skip]:
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _walk(str(path), seen_dirs)
            elif path.exists():
                yield str(path)
            elif path.is_symlink():
                yield Skip(str(path), _dangling_reason(path))
            else:
                yield Skip(str(path), "no such file or folder")
        except OSError as exc:
            yield Skip(str(path), _os_reason(exc))


def _walk(folder: str, seen_dirs: set[str]) -> list[str | Skip]:
    """The files under `folder` (a path as `str(Path)` writes it), as `str(Path)` writes them,
    in one list (a generator per folder level cost a tenth of a second at 14,000 files)."""
    out: list[str | Skip] = []
    _walk_into(folder, seen_dirs, out)
    return out


def _walk_into(folder: str, seen_dirs: set[str], out: list[str | Skip]) -> None:
    try:
        real = os.path.realpath(folder)
    except (OSError, RuntimeError) as exc:
        out.append(Skip(folder, f"cannot resolve folder: {exc}"))
        return
    if real in seen_dirs:
        if os.path.islink(folder):
            out.append(Skip(folder, "symbolic link loop (folder already read)"))
        return
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        out.append(Skip(folder, _os_reason(exc)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        # As Path(entry.path) would write it: "./a" is "a" (a name holds no separator).
        path = entry.name if folder == "." else entry.path
        try:
            if entry.is_dir():
                _walk_into(path, seen_dirs, out)
            elif entry.is_file():
                if _kind_of_name(entry.name) is not None:
                    out.append(path)
            elif entry.is_symlink():
                out.append(Skip(path, _dangling_reason(path)))
        except OSError as exc:
            out.append(Skip(path, _os_reason(exc)))


def _dangling_reason(path: str | Path) -> str:
    """Why a symbolic link leads nowhere: a loop (`a -> b -> a`) or a missing target."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "file disappeared while loading"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


BINARY_SHARE = 0.05
"""The share of control bytes above which a file is binary, not text with a stray control."""
BINARY_REASON = "binary file (mostly control bytes, not text)"
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
"""C0 controls and DEL, but not tab, line breaks, form feed or ESC (which text does hold)."""


def looks_binary(data: bytes) -> bool:
    """Whether `data` looks binary: a high share of control bytes in its first 8 KiB (an image,
    UTF-16 without its byte-order mark), not one NUL in a page of text."""
    head = data[:8192]
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > BINARY_SHARE * len(head)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text, and the encoding used. Raises `ValueError` with a reason when hopeless.

    BOMs decide first (UTF-8, UTF-16 LE/BE); then strict UTF-8; then legacy encodings that
    ministries' older pages use (Windows-1252, EUC-KR/CP949, Shift_JIS), accepted only when the
    result has no control characters. A file is binary only when it looks binary: more than
    `BINARY_SHARE` of its first 8 KiB are control bytes (`looks_binary`). A stray NUL in a
    text file is a character like any other: the parser shows it as `␀` (`index.sanitize`).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    if looks_binary(data):
        raise ValueError(BINARY_REASON)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("cp1252", "cp949", "shift_jis"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not any(ord(c) < 32 and c not in "\t\n\r\f" for c in text[:65536]):
            return text, enc
    raise ValueError("undecodable text (not UTF-8, UTF-16 or a known legacy encoding)")


def pdf_text(data: bytes) -> str:
    """A PDF's text layer without its page furniture (`index.pdf_text`, imported only here:
    most corpora hold no PDF, and start-up does not pay for the PDF reader)."""
    from index.pdf_text import pdf_to_text

    return pdf_to_text(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValueError(f"invalid {encoding} despite its byte-order mark") from exc


def read_path(path: Path) -> Iterator[RawDoc | Skip]:
    """The documents in one file: one for a plain file, one per line for a collection.

    Every failure becomes a `Skip` with a reason; none raises. An error this module does not
    know of yet (a bug) is reported too, after the lines of a collection read before it, so it
    costs only that file and never its neighbours.
    """
    try:
        yield from _read_path(path)
    except Exception as exc:
        yield Skip(str(path), f"could not be read: {exc.__class__.__name__}: {exc}")


def _read_path(path: Path) -> Iterator[RawDoc | Skip]:
    kind = _suffix_kind(path) or "txt"
    limit = MAX_DOCUMENT_BYTES
    try:
        st = path.stat()
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
            # A device such as /dev/zero named on the command line would be read forever.
            yield Skip(str(path), "not a regular file")
            return
        if kind == "jsonl":
            yield from _read_collection(path)
            return
        if st.st_size > limit:
            yield Skip(str(path), _too_large(st.st_size))
            return
        with path.open("rb") as f:
            data = f.read(limit + 1)  # a file that grew since, or a pipe: never more
    except OSError as exc:
        yield Skip(str(path), _os_reason(exc))
        return
    if len(data) > limit:
        yield Skip(str(path), _too_large(len(data)))
        return
    if not data.strip():
        yield Skip(str(path), "empty file")
        return
    if kind == "pdf":
        try:
            text = pdf_text(data)
        except ValueError as exc:
            yield Skip(str(path), str(exc))
            return
        yield RawDoc(str(path), text, "txt", "pdf")
        return
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        yield Skip(str(path), str(exc))
        return
    if not text.strip():
        yield Skip(str(path), "empty file")
        return
    yield RawDoc(str(path), text, kind, encoding)


def _too_large(size: int) -> str:
    return f"too large ({_size(size)}; the limit is {_size(MAX_DOCUMENT_BYTES)})"


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count >> 20} MB"
    if count >= 1 << 10:
        return f"{count >> 10} KB"
    return f"{count} bytes"


def _open_collection(path: Path) -> Iterator[bytes | int]:
    """The lines of a collection (compressed or not), one at a time: a line's bytes, or for a
    line over `MAX_DOCUMENT_BYTES` its size (its bytes passed over, never held whole)."""
    name = path.name.lower()
    if name.endswith(".xz"):
        with lzma.open(path, "rb") as f:
            yield from _lines(f, MAX_DOCUMENT_BYTES)
    elif name.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            yield from _lines(f, MAX_DOCUMENT_BYTES)
    else:
        with path.open("rb") as f:
            yield from _lines(f, MAX_DOCUMENT_BYTES)


class _LineReader(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


def _lines(f: _LineReader, limit: int) -> Iterator[bytes | int]:
    while line := f.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while chunk := f.readline(_SKIP_CHUNK):
            size += len(chunk)
            if chunk.endswith(b"\n"):
                break
        yield size


def _read_collection(path: Path) -> Iterator[RawDoc | Skip]:
    lineno = 0
    try:
        for lineno, line in enumerate(_open_collection(path), start=1):
            where = f"{path}:{lineno}"
            if isinstance(line, int):
                yield Skip(where, _too_large(line))
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[...]]]]"
                yield Skip(where, f"not a JSON object ({exc.__class__.__name__})")
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                yield Skip(where, "line has no text field")
                continue
            text = obj["text"]
            if not text.strip():
                yield Skip(where, "empty text")
                continue
            meta = {str(k): _meta_str(v) for k, v in obj.items() if k != "text" and v is not None}
            yield RawDoc(where, text, "jsonl", "utf-8", meta)
    except (OSError, EOFError, lzma.LZMAError) as exc:
        reason = _os_reason(exc) if isinstance(exc, OSError) else str(exc)
        yield Skip(f"{path}:{lineno + 1}", f"collection unreadable from here on: {reason}")


def _meta_str(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def parse_path(
    path: Path, *, on_document: Callable[[list[Readout]], None] | None = None
) -> tuple[list[Readout], list[Skip]]:
    """The readouts in one file, and what in it had to be skipped (never raises).

    `on_document(readouts so far)` is called after each document (a collection holds
    thousands: its reader can show progress before the whole file is read)."""
    readouts: list[Readout] = []
    skipped: list[Skip] = []
    for item in read_path(path):
        if isinstance(item, Skip):
            skipped.append(item)
            continue
        done = parse_raw(item)
        if isinstance(done, Skip):
            skipped.append(done)
        else:
            readouts.append(done)
        if on_document is not None:
            on_document(readouts)
    return readouts, skipped


def parse_raw(item: RawDoc) -> Readout | Skip:
    """One document read from a file, parsed; a `Skip` instead of an exception (a parser bug
    must cost one document, not the corpus)."""
    # Imported here, not at the top: a second start lists the corpus from the cache without
    # parsing anything, and the parser's modules and data files cost it more than the listing.
    from index import parse

    try:
        return parse.parse_document(item)
    except Exception as exc:
        return Skip(item.path, f"could not be parsed: {exc.__class__.__name__}: {exc}")


def original_text(readout: Readout) -> str:
    """The readout's text as decoded from its file, before cleaning: read again on demand,
    since holding every original beside its cleaned text would double a corpus's memory.
    Returns "" when the file can no longer be read or has changed shape."""
    m = re.fullmatch(r"(.*):(\d+)", readout.path)
    try:
        if m and m.group(1).lower().endswith(COLLECTION_SUFFIXES):
            wanted = int(m.group(2))
            for lineno, line in enumerate(_open_collection(Path(m.group(1))), start=1):
                if lineno == wanted:
                    if isinstance(line, int):
                        return ""
                    obj = json.loads(line)
                    return obj.get("text", "") if isinstance(obj, dict) else ""
            return ""
        data = Path(readout.path).read_bytes()
        if readout.encoding == "pdf":
            return pdf_text(data)
        text, _ = decode(data)
        return text
    except (OSError, ValueError, EOFError, lzma.LZMAError):
        return ""


def stat_reason(exc: OSError) -> str:
    """A skip reason for a file whose `stat` failed."""
    return _os_reason(exc)


def load_corpus(
    paths: Sequence[str | Path] | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> Corpus:
    """Read, parse and group `paths` (the bundled seeds when None) into a `Corpus`.

    `progress`, when given, is called with the number of documents read so far.
    """
    label = "bundled seeds" if paths is None else ", ".join(str(p) for p in paths)
    sources = [seeds_dir()] if paths is None else list(paths)
    readouts: list[Readout] = []
    skipped: list[Skip] = []
    for item in iter_files(sources):
        if isinstance(item, Skip):
            skipped.append(item)
            continue
        got, bad = parse_path(item)
        readouts.extend(got)
        skipped.extend(bad)
        if progress is not None:
            progress(len(readouts))
    from index.meetings import assign_ids, group_meetings  # see `parse_path`'s import

    readouts = assign_ids(readouts)
    return Corpus(label, tuple(readouts), group_meetings(readouts), tuple(skipped))
