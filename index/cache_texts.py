"""The text store a load of the parse cache writes: readouts' texts go to disk as they come.

Apart from `index.textstore` (which reads and writes stores of plain texts and knows nothing of
readouts) so that `index.model`, whose readouts hold a `TextRef`, and the store do not import
each other.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from index.model import Readout
from index.textstore import StoreWriter


class NewStore:
    """The new text store of one load of a cache, written as texts come, named
    `<prefix><random>.texts` in `folder`. When it cannot be written (a folder that takes no
    file, a full disk) texts stay in memory, and `finish` tries once more with all of them."""

    def __init__(self, folder: Path, prefix: str, notices: list[str]) -> None:
        self.folder = folder
        self.prefix = prefix
        self.notices = notices
        """Where a failure to write the store is told."""
        self.writer: StoreWriter | None = None
        self.failed = False
        """True once writing failed while parsing: the rest waits for `finish`."""

    def _open(self) -> StoreWriter:
        if self.writer is None:
            name = f"{self.prefix}{secrets.token_hex(4)}.texts"
            self.writer = StoreWriter(self.folder / name)
        return self.writer

    def keep(self, readout: Readout) -> Readout:
        """`readout` with its text in the store (as it was when the store cannot take it)."""
        if self.failed or readout.text_on_disk:
            return readout
        try:
            return readout.stored(self._open().add(readout.text))
        except OSError:  # no folder, or a full disk: the rest stay in memory for `finish`
            self.discard()
            self.failed = True
            return readout

    def finish(self, readouts: list[Readout]) -> tuple[list[Readout], str]:
        """`readouts` all in one new store (texts kept from the last start are copied in,
        each checked on the way), and its file name; "" (with a notice) when that failed."""
        try:
            writer = self._open()
            moved = [
                r if ref is not None and ref.store is writer.store
                else r.stored(writer.copy(ref)) if ref is not None
                else r.stored(writer.add(r.text))
                for r in readouts
                for ref in [r.text_ref]
            ]  # fmt: skip
            return moved, writer.finish()
        except OSError as exc:
            self.discard()
            self.notices.append(f"cache not saved ({exc.strerror or exc}): working from memory")
            return readouts, ""

    def discard(self) -> None:
        if self.writer is not None:
            self.writer.discard()
            self.writer = None
