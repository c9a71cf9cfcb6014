"""The notes store: one SQLite file per user, in the user's data folder.

Marks, tags, notes on paragraphs, read state, saved searches and settings (the citation
format) live in `notes.sqlite` under `platformdirs.user_data_dir("readouts-tui")`, keyed as
`index.notes.keys` explains, so they outlive any index, cache or corpus folder.

What is already saved is never lost:

- every write is one transaction (`BEGIN IMMEDIATE` ... `COMMIT`): a process killed in the
  middle of one leaves the store as it was before it;
- WAL mode and a busy timeout let two instances read and write the same file at once;
- a write that fails (full disk, read-only folder, a lock held too long) is rolled back and
  raises `NotesError` with a message to show as is ("notes not saved: the disk is full");
- a file that is not ours (another program's SQLite database, a damaged or a newer store)
  raises `NotesUnavailable` when opened and is never written to: its identity is checked
  (`PRAGMA application_id`, `user_version`, `quick_check`) before anything else is done.

All methods may be called from any thread (one lock around the connection).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from index.model import Readout
from index.notes.keys import Anchor, readout_key, source_url
from index.sanitize import safe_text

APPLICATION_ID = 0x52544E53
"""`PRAGMA application_id` of a readouts-tui notes store ("RTNS")."""
VERSION = 1
"""`PRAGMA user_version`: the schema below. A store from a newer release is not touched."""
FILENAME = "notes.sqlite"
BUSY_TIMEOUT = 5.0
"""Seconds a write waits for another instance's write to finish."""
MAX_TAG = 64
MAX_NOTE = 20_000
MAX_NAME = 200
_HEADER = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE readouts (
    key TEXT PRIMARY KEY,
    readout_id TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    meeting_date TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    marked INTEGER NOT NULL DEFAULT 0,
    marked_at TEXT NOT NULL DEFAULT '',
    read_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE tags (
    key TEXT NOT NULL REFERENCES readouts(key),
    tag TEXT NOT NULL,
    PRIMARY KEY (key, tag)
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL REFERENCES readouts(key),
    paragraph INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    body TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX notes_by_key ON notes(key);
CREATE TABLE searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

T = TypeVar("T")


class NotesError(Exception):
    """A store operation that failed; the message is meant for the user as is."""


class NotesUnavailable(NotesError):
    """The store cannot be opened (not ours, damaged, newer, or no folder to keep it in)."""


def default_path() -> Path:
    """`notes.sqlite` in the user's data folder (`XDG_DATA_HOME` on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("readouts-tui", appauthor=False)) / FILENAME


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def clean_tag(tag: str) -> str:
    """A tag as stored: one line, lower case, spaces as '-', no leading '#'; '' for none."""
    text = safe_text(tag, newlines=False).strip().lstrip("#").strip().lower()
    return "-".join(text.split())[:MAX_TAG]


@dataclass(frozen=True)
class ReadoutInfo:
    """What the store keeps of a readout to cite and list it when its files are not open."""

    key: str
    readout_id: str = ""
    title: str = ""
    source: str = ""
    meeting_date: str = ""
    published: str = ""
    url: str = ""
    path: str = ""

    @classmethod
    def of(cls, readout: Readout) -> ReadoutInfo:
        return cls(
            key=readout_key(readout),
            readout_id=readout.id,
            title=safe_text(readout.title, newlines=False),
            source=readout.source,
            meeting_date=readout.meeting_date,
            published=readout.published,
            url=source_url(readout),
            path=readout.path,
        )


@dataclass(frozen=True)
class Note:
    """A note on a paragraph of a readout."""

    id: int
    key: str
    anchor: Anchor
    body: str
    created: str
    updated: str


@dataclass(frozen=True)
class Record:
    """Everything the store holds about one readout (for listing and export)."""

    info: ReadoutInfo
    marked: bool
    marked_at: str
    read_at: str
    tags: tuple[str, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Snapshot:
    """The review state at one moment, by readout key: what the list and the query language
    need, read in one go."""

    marked: frozenset[str] = frozenset()
    read: frozenset[str] = frozenset()
    noted: frozenset[str] = frozenset()
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def all_tags(self) -> list[str]:
        """Every tag in use, commonest first (ties alphabetical)."""
        counts: dict[str, int] = {}
        for tags in self.tags.values():
            for t in tags:
                counts[t] = counts.get(t, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))


class NotesStore:
    """The user's notes store; see the module docstring."""

    def __init__(self, path: Path | None = None) -> None:
        """Open (or create) the store at `path` (default: `default_path()`).

        Raises `NotesUnavailable` with a message to show when it cannot be used at all.
        """
        self.path = path or default_path()
        self.readonly = False
        """True when the store can be read but not written (a read-only folder or file)."""
        self._lock = threading.Lock()
        self._conn = self._open()

    # -- opening

    def _open(self) -> sqlite3.Connection:
        path = self.path
        exists = path.exists() and path.stat().st_size > 0
        if exists:
            with path.open("rb") as f:
                if f.read(16) != _HEADER:
                    raise NotesUnavailable(
                        f"notes unavailable: {path} is not a readouts-tui notes store "
                        "(not an SQLite database); it was left as it is"
                    )
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise NotesUnavailable(
                    f"notes not saved: cannot create {path.parent}: {exc.strerror or exc}"
                ) from None
        self.readonly = exists and not (
            os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        )
        if not exists and not os.access(path.parent, os.W_OK):
            raise NotesUnavailable(f"notes not saved: {path.parent} is read-only")
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            raise NotesUnavailable(f"notes unavailable: {path}: {exc}") from None
        try:
            self._check(conn, exists)
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            # SQLite reads a WAL store read-only only through its -shm file, which it cannot
            # create in a read-only folder; with no -wal file, nothing is pending, and nobody
            # can write beside us there: the file is read as it is.
            wal = Path(f"{self.path}-wal")
            uri = f"file:{quote(str(self.path))}?mode=ro" + ("" if wal.exists() else "&immutable=1")
            return sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
        return sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )

    def _check(self, conn: sqlite3.Connection, exists: bool) -> None:
        """Refuse a store that is not ours before writing anything, then set it up."""
        path = self.path
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise NotesUnavailable(
                f"notes unavailable: {path} cannot be read ({exc}); it was left as it is"
            ) from None
        fresh = app_id == 0 and version == 0 and tables == 0
        if not fresh and app_id != APPLICATION_ID:
            raise NotesUnavailable(
                f"notes unavailable: {path} is another program's SQLite database, not a "
                "readouts-tui notes store; it was left as it is"
            )
        if version > VERSION:
            raise NotesUnavailable(
                f"notes unavailable: {path} was written by a newer readouts-tui "
                f"(schema {version}, this one reads {VERSION}); it was left as it is"
            )
        if not fresh:
            try:
                ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                ok = str(exc)
            if ok != "ok":
                raise NotesUnavailable(
                    f"notes unavailable: {path} is damaged ({safe_text(str(ok), newlines=False)})"
                    "; it was left as it is: restore a backup (docs/notes.md)"
                )
        if self.readonly:
            if fresh:
                raise NotesUnavailable(f"notes not saved: {path} is read-only and empty")
            return
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            if fresh:
                conn.execute("BEGIN IMMEDIATE")
                # Another instance may have set it up in between: look again under the lock.
                if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version={VERSION}")
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise NotesUnavailable(f"notes not saved: {path}: {_reason(exc)}") from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- plumbing

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction; any failure rolls it back and becomes a `NotesError`."""
        with self._lock:
            conn = self._conn
            if self.readonly:
                raise NotesError(f"notes not saved: {self.path} is read-only")
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    # The failure itself is what the user needs to hear about.
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise NotesError(f"notes not saved: {_reason(exc)}") from None
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _reading(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            try:
                return fn(self._conn)
            except sqlite3.Error as exc:
                raise NotesError(f"notes unavailable: {_reason(exc)}") from None

    @staticmethod
    def _remember(conn: sqlite3.Connection, info: ReadoutInfo) -> None:
        """Insert or refresh what is kept of a readout (its title, dates, place...)."""
        conn.execute(
            "INSERT INTO readouts (key, readout_id, title, source, meeting_date, published, "
            "url, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "readout_id=excluded.readout_id, title=excluded.title, source=excluded.source, "
            "meeting_date=excluded.meeting_date, published=excluded.published, "
            "url=excluded.url, path=excluded.path",
            (
                info.key,
                info.readout_id,
                info.title,
                info.source,
                info.meeting_date,
                info.published,
                info.url,
                info.path,
            ),
        )

    # -- marks, read state, tags

    def set_marked(self, info: ReadoutInfo, marked: bool) -> None:
        with self._writing() as conn:
            self._remember(conn, info)
            conn.execute(
                "UPDATE readouts SET marked=?, marked_at=? WHERE key=?",
                (int(marked), _now() if marked else "", info.key),
            )

    def toggle_mark(self, info: ReadoutInfo) -> bool:
        """Mark the readout, or unmark it when marked; returns the new state."""
        with self._writing() as conn:
            self._remember(conn, info)
            row = conn.execute("SELECT marked FROM readouts WHERE key=?", (info.key,)).fetchone()
            marked = not bool(row[0])
            conn.execute(
                "UPDATE readouts SET marked=?, marked_at=? WHERE key=?",
                (int(marked), _now() if marked else "", info.key),
            )
        return marked

    def mark_read(self, info: ReadoutInfo) -> None:
        """Record that the readout was opened (the first time is kept)."""
        with self._writing() as conn:
            self._remember(conn, info)
            conn.execute(
                "UPDATE readouts SET read_at=? WHERE key=? AND read_at=''", (_now(), info.key)
            )

    def set_tags(self, info: ReadoutInfo, tags: Iterable[str]) -> tuple[str, ...]:
        """Replace the readout's tags (cleaned with `clean_tag`); returns them as stored."""
        cleaned = tuple(dict.fromkeys(t for t in map(clean_tag, tags) if t))
        with self._writing() as conn:
            self._remember(conn, info)
            conn.execute("DELETE FROM tags WHERE key=?", (info.key,))
            conn.executemany(
                "INSERT INTO tags (key, tag) VALUES (?, ?)", [(info.key, t) for t in cleaned]
            )
        return tuple(sorted(cleaned))

    def tags(self, key: str) -> tuple[str, ...]:
        rows = self._reading(
            lambda c: c.execute("SELECT tag FROM tags WHERE key=? ORDER BY tag", (key,)).fetchall()
        )
        return tuple(r[0] for r in rows)

    # -- notes

    def save_note(
        self, info: ReadoutInfo, anchor: Anchor, body: str, note_id: int | None = None
    ) -> Note | None:
        """Add a note (or change note `note_id`); an empty body deletes it (returns None)."""
        text = safe_text(body).strip()[:MAX_NOTE]
        now = _now()
        with self._writing() as conn:
            if not text:
                if note_id is not None:
                    conn.execute("DELETE FROM notes WHERE id=?", (note_id,))
                return None
            self._remember(conn, info)
            if note_id is not None:
                row = conn.execute("SELECT created FROM notes WHERE id=?", (note_id,)).fetchone()
                if row is not None:
                    conn.execute(
                        "UPDATE notes SET body=?, updated=?, paragraph=?, fingerprint=?, "
                        "excerpt=? WHERE id=?",
                        (text, now, anchor.paragraph, anchor.fingerprint, anchor.excerpt, note_id),
                    )
                    return Note(note_id, info.key, anchor, text, row[0], now)
            cur = conn.execute(
                "INSERT INTO notes (key, paragraph, fingerprint, excerpt, body, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (info.key, anchor.paragraph, anchor.fingerprint, anchor.excerpt, text, now, now),
            )
            assert cur.lastrowid is not None
            return Note(cur.lastrowid, info.key, anchor, text, now, now)

    def delete_note(self, note_id: int) -> None:
        with self._writing() as conn:
            conn.execute("DELETE FROM notes WHERE id=?", (note_id,))

    def notes(self, key: str | None = None) -> list[Note]:
        """The notes of one readout (every note when `key` is None), oldest first."""
        sql = "SELECT id, key, paragraph, fingerprint, excerpt, body, created, updated FROM notes"
        args: tuple[str, ...] = ()
        if key is not None:
            sql += " WHERE key=?"
            args = (key,)
        rows = self._reading(lambda c: c.execute(sql + " ORDER BY id", args).fetchall())
        return [Note(r[0], r[1], Anchor(r[2], r[3], r[4]), r[5], r[6], r[7]) for r in rows]

    # -- reading it all

    def snapshot(self) -> Snapshot:
        def read(c: sqlite3.Connection) -> Snapshot:
            marked = frozenset(r[0] for r in c.execute("SELECT key FROM readouts WHERE marked"))
            read_ = frozenset(
                r[0] for r in c.execute("SELECT key FROM readouts WHERE read_at != ''")
            )
            noted = frozenset(r[0] for r in c.execute("SELECT DISTINCT key FROM notes"))
            tags: dict[str, list[str]] = {}
            for key, tag in c.execute("SELECT key, tag FROM tags ORDER BY key, tag"):
                tags.setdefault(key, []).append(tag)
            return Snapshot(marked, read_, noted, {k: tuple(v) for k, v in tags.items()})

        return self._reading(read)

    def records(self) -> list[Record]:
        """Every readout with a mark, a tag or a note, by meeting date then title."""
        notes: dict[str, list[Note]] = {}
        for note in self.notes():
            notes.setdefault(note.key, []).append(note)
        snap = self.snapshot()
        rows = self._reading(
            lambda c: c.execute(
                "SELECT key, readout_id, title, source, meeting_date, published, url, path, "
                "marked, marked_at, read_at FROM readouts ORDER BY meeting_date, title, key"
            ).fetchall()
        )
        out = []
        for r in rows:
            key = r[0]
            if not (r[8] or key in snap.tags or key in notes):
                continue
            info = ReadoutInfo(*r[:8])
            out.append(
                Record(
                    info, bool(r[8]), r[9], r[10], snap.tags.get(key, ()), tuple(notes.get(key, ()))
                )
            )
        return out

    # -- saved searches and settings

    def save_search(self, name: str, query: str) -> str:
        """Save `query` under `name` (replacing one of that name); returns the name kept."""
        clean = safe_text(name, newlines=False).strip()[:MAX_NAME]
        if not clean:
            raise NotesError("notes not saved: a saved search needs a name")
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO searches (name, query, created) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET query=excluded.query",
                (clean, query, _now()),
            )
        return clean

    def delete_search(self, name: str) -> None:
        with self._writing() as conn:
            conn.execute("DELETE FROM searches WHERE name=?", (name,))

    def searches(self) -> list[tuple[str, str]]:
        """(name, query) of every saved search, by name."""
        rows = self._reading(
            lambda c: c.execute("SELECT name, query FROM searches ORDER BY name").fetchall()
        )
        return [(r[0], r[1]) for r in rows]

    def setting(self, name: str, default: str = "") -> str:
        row = self._reading(
            lambda c: c.execute("SELECT value FROM settings WHERE name=?", (name,)).fetchone()
        )
        return str(row[0]) if row else default

    def set_setting(self, name: str, value: str) -> None:
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO settings (name, value) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value=excluded.value",
                (name, value),
            )


def _reason(exc: sqlite3.Error) -> str:
    """An SQLite error in the user's words."""
    text = str(exc)
    low = text.lower()
    if "disk is full" in low or "database is full" in low:
        return "the disk is full"
    if "readonly" in low or "read-only" in low:
        return "the notes file or its folder is read-only"
    if "locked" in low or "busy" in low:
        return "another readouts-tui kept the notes file busy; try again"
    if "unable to open" in low:
        return "the notes file cannot be opened (its folder is missing or not writable)"
    return text
