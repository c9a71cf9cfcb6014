"""What `x` exports: the records of what is on screen (the results, the list, the timeline or
the concordance), and the prompt that writes them to a file named after the query.

Plain functions build an `Export` from what a screen shows; `ask_and_write` asks where
(`ExportScreen`), writes with `index.export.write_file` and says where it went (or why not).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.export import (
    KWIC_FIELDS,
    READOUT_FIELDS,
    SEARCH_FIELDS,
    TIMELINE_FIELDS,
    file_name,
    kwic_record,
    readout_record,
    timeline_record,
    write_file,
)

if TYPE_CHECKING:
    from textual.app import App

    from index.concordance import Concordance
    from index.model import Readout
    from index.search import Hit
    from index.timeline import Timeline


@dataclass(frozen=True)
class Export:
    """Records ready to write, and how to name them."""

    what: str
    """What they are, for the prompt and the notice: "42 results"."""
    name: str
    """The file name to offer (in the current folder)."""
    fields: tuple[str, ...]
    records: tuple[dict[str, Any], ...]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def results_export(query: str, hits: Sequence[Hit], readouts: dict[str, Readout]) -> Export:
    """The search results listed, best first."""
    records = tuple(
        {
            "rank": rank,
            "score": round(h.score, 4),
            **readout_record(readouts[h.id]),
            "matched": list(h.matched),
        }
        for rank, h in enumerate((h for h in hits if h.id in readouts), 1)
    )
    return Export(_plural(len(records), "result"), file_name(query, "results"), SEARCH_FIELDS,
                  records)  # fmt: skip


def list_export(readouts: Iterable[Readout]) -> Export:
    """Every readout of the list."""
    records = tuple(readout_record(r) for r in readouts)
    return Export(_plural(len(records), "readout"), file_name("", "readouts"), READOUT_FIELDS,
                  records)  # fmt: skip


def timeline_export(tl: Timeline) -> Export:
    """The timeline's rows: period, publisher, matches, total."""
    records = tuple(timeline_record(r) for r in tl.rows)
    return Export(
        _plural(len(records), "timeline row"),
        file_name(tl.query, "timeline"),
        TIMELINE_FIELDS,
        records,
    )


def kwic_export(kwic: Concordance) -> Export:
    """The concordance's lines, in the order shown."""
    records = tuple(kwic_record(ln) for ln in kwic.lines)
    return Export(
        _plural(len(records), "concordance line"),
        file_name(kwic.query, "kwic"),
        KWIC_FIELDS,
        records,
    )


def write_export(export: Export, path: str) -> str:
    """Write `export` to `path` and say where, in a sentence; OSError when it cannot."""
    target = Path(path).expanduser().resolve()
    n = write_file(target, export.records, export.fields)
    return f"Wrote {_plural(n, 'record')} to {target}"


def _write_and_say(app: App[Any], export: Export, path: str) -> None:
    """Write `export` to `path` and tell the user where it went or why it did not."""
    try:
        said = write_export(export, path)
    except OSError as exc:
        app.notify(f"{path}: {exc.strerror or exc}", title="Export failed", severity="error",
                   markup=False)  # fmt: skip
        return
    app.notify(said, title="Exported", timeout=8, markup=False)


def ask_and_write(app: App[Any], export: Export, folder: Path | None = None) -> None:
    """Ask where to write `export` (the current folder, or `folder`, under its name), write
    it, and tell the user where it went or why it did not. In a browser tab (`serve`), ask for
    a file name and hand the file to the browser instead (`tui.delivery`)."""
    from tui.delivery import deliver_records, in_browser
    from tui.screens.export import ExportScreen

    if in_browser(app):  # served: the file goes to the browser, under the name typed

        def deliver(name: str | None) -> None:
            if name:
                said = deliver_records(app, export.records, export.fields, name, export.name)
                app.notify(said, title="Exported", timeout=8, markup=False)

        app.push_screen(ExportScreen(export.what, export.name), deliver)
        return
    default = str((folder or Path.cwd()) / export.name)

    def write(path: str | None) -> None:
        if path:
            _write_and_say(app, export, path)

    app.push_screen(ExportScreen(export.what, default), write)


class PendingExport:
    """An export whose records are still being collected (every result of a search, in a
    worker) while the prompt asks where to write them: written when both are known."""

    def __init__(self, app: App[Any], what: str, name: str, folder: Path | None = None) -> None:
        from tui.screens.export import ExportScreen

        self._app = app
        self._path: str | None = None
        self._export: Export | None = None
        self.cancelled = False
        """Esc in the prompt: the records, when they come, are not written."""
        app.push_screen(ExportScreen(what, str((folder or Path.cwd()) / name)), self._chosen)

    def _chosen(self, path: str | None) -> None:
        self._path = path
        self.cancelled = not path
        self._write()

    def collected(self, export: Export) -> None:
        """The records are here."""
        self._export = export
        self._write()

    def _write(self) -> None:
        if self._path and self._export is not None and not self.cancelled:
            _write_and_say(self._app, self._export, self._path)
            self.cancelled = True  # written once
