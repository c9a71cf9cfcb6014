"""Unexpected errors: what the app does with a bug instead of falling over.

Textual's answer to an unhandled exception is to exit with a traceback, and an error in a
message handler also ends the message loop of the widget, screen or app it happened in: that
part is frozen from then on. Workers started with `exit_on_error=False` (as the reader's are)
report their errors only as a `Worker.StateChanged`.

`ErrorBoundary` is the missing piece: mixed into a message pump (the app, the reader screen, the
widgets), it catches what one of its handlers raised, reports it, and lets the loop go on with
the next message; a failed worker is reported the same way. `ReadoutsApp.recover` then shows
the error in a dialog and writes it to the log (`write_error_log`), and the app goes on where it
can. The hooks into Textual's error handling are in `tui.textual_compat`, the one module that
uses Textual's internals, with why each is needed.

The log is `errors.log` in the user's state folder (`platformdirs.user_state_dir`); writing it
never raises: a read-only or missing folder is reported, not fatal.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual.worker import Worker, WorkerFailed, WorkerState

from index.sanitize import safe_text
from tui.textual_compat import HandlerErrorHook, report_error

APP_NAME = "readouts-tui"

SUMMARY_MAX = 300
"""Characters of the exception's message shown as the dialog's headline."""


def error_log_path() -> Path:
    """Where unexpected errors are appended: errors.log in the user's state folder."""
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME)) / "errors.log"


@dataclass(frozen=True)
class ErrorReport:
    """One unexpected error, as text safe to show and to write (no control characters)."""

    summary: str
    """The exception's type and the first line of its message: "KeyError: 'x'"."""
    where: str
    """The innermost frame: "reader.py line 401, in _search_finished" ("" when unknown)."""
    details: str
    """The whole traceback, chained causes included, as Python prints it."""

    @classmethod
    def of(cls, error: BaseException) -> ErrorReport:
        """The report of `error`; a `WorkerFailed` is unwrapped to what the worker raised."""
        if isinstance(error, WorkerFailed):
            error = error.error
        name = type(error).__qualname__
        message = str(error).strip().splitlines()
        summary = safe_text(f"{name}: {message[0]}" if message else name, newlines=False)
        if len(summary) > SUMMARY_MAX:
            summary = summary[: SUMMARY_MAX - 1] + "…"
        frames = traceback.extract_tb(error.__traceback__)
        where = ""
        if frames:
            last = frames[-1]
            where = f"{Path(last.filename).name} line {last.lineno}, in {last.name}"
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return cls(summary, safe_text(where, newlines=False), safe_text(details))


def _version() -> str:
    try:
        from importlib.metadata import version

        return version(APP_NAME)
    except Exception:  # not installed (a checkout): the log entry just says so
        return "(version unknown)"


def write_error_log(report: ErrorReport, path: Path | None = None) -> str | None:
    """Append `report` to the error log with a timestamp.

    Returns None when it was written, else why not (a sentence for the dialog). Never raises:
    the log is a help, and failing to write it must not turn one error into two.
    """
    try:
        target = path if path is not None else error_log_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        entry = f"=== {stamp} {APP_NAME} {_version()}\n{report.details.rstrip()}\n\n"
        with target.open("a", encoding="utf-8", errors="replace") as log:
            log.write(entry)
    except Exception as exc:
        return safe_text(f"{type(exc).__name__}: {exc}", newlines=False)
    return None


class ErrorBoundary(HandlerErrorHook):
    """Mixin for a message pump (an `App`, a `Screen`, a `Widget`) whose handlers must not
    freeze it when they raise: the error is reported to the app (`report_error`, which ends in
    `ReadoutsApp.recover`) and the next message is handled as usual. Its workers started with
    `exit_on_error=False` that fail are reported the same way (as a `WorkerFailed`, like
    Textual does for the others).

    Put it first among the bases: `class ReaderScreen(ErrorBoundary, Screen[None])`.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        error = worker.error
        if event.state != WorkerState.ERROR or worker.exit_on_error:
            return  # an exit_on_error worker's error was reported by Textual already
        if isinstance(error, Exception):
            report_error(self.app, WorkerFailed(error))
