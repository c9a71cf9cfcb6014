"""The background work of the reader's notes: open the store and key the corpus's readouts.

Like `tui.workers`: the body of a thread worker that calls the core and posts one message
(`NotesLoaded`), never touching a widget, and posting nothing once cancelled. Keying a large
corpus reads a digest per readout, which is why it is not done on the UI thread; the writes
that follow (a mark, a tag, a note) are single quick transactions the screen makes itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.dom import DOMNode
from textual.worker import get_current_worker

from tui.messages import NotesLoaded
from tui.workers import Post

if TYPE_CHECKING:
    from index.model import Readout
    from index.notes.store import NotesStore


def load_notes(store: NotesStore | None, readouts: Sequence[Readout], post: Post) -> None:
    """Open the store (unless `store` is open already), read its snapshot and the key of each
    of `readouts`: `NotesLoaded`, with `problem` set when the store cannot be used."""
    from index.notes.filters import keys_of
    from index.notes.store import NotesError, NotesStore, Snapshot

    worker = get_current_worker()
    keys = keys_of(readouts)
    try:
        if store is None:
            store = NotesStore()
        snapshot = store.snapshot()
    except NotesError as exc:
        if not worker.is_cancelled:
            post(NotesLoaded(None, Snapshot(), keys, str(exc)))
        return
    if not worker.is_cancelled:
        post(NotesLoaded(store, snapshot, keys))


def start_load_notes(node: DOMNode, store: NotesStore | None, readouts: Sequence[Readout]) -> None:
    """Run `load_notes` in a thread worker on `node`, which gets the message (a newer corpus's
    run replaces an older one's)."""
    job = partial(load_notes, store, tuple(readouts), node.post_message)
    node.run_worker(
        job, "notes", "notes", "notes", exit_on_error=False, exclusive=True, thread=True
    )
