"""Worker processes for the core's CPU-bound steps (parsing files, building index segments).

The app calls the core from Textual thread workers, and forking a process that runs threads is
unsafe (a lock held by another thread at the fork stays held in the child for ever). A worker
here is a fresh interpreter started with `subprocess` (fork and exec at once, nothing of the
parent's state is inherited), running a function of the core. The two sides exchange pickled
messages: the parent writes to the child's stdin, the child answers on its stdout (its own
`print`s and warnings go to stderr). A thread per worker reads the answers into one queue, so
the caller's thread waits on all workers at once and can never deadlock on a full pipe.

A worker whose parent dies sees its stdin close and exits; the parent kills its workers when it
stops early (an exception, the app quitting).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
"""The folder holding the `index` package, put on the child's path."""


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class WorkerError(Exception):
    """A worker died or reported an error it could not turn into a result."""


class Worker:
    """One child process running `module.function()` (which should call `serve`).

    Answers arrive on `events` as `(key, message)`, then `(key, None)` once the child's output
    has ended (it exited, crashed or was killed). Raises OSError when the process cannot start.
    """

    def __init__(self, target: str, key: int, events: queue.Queue[tuple[int, Any]]) -> None:
        module, function = target.rsplit(".", 1)
        code = f"from {module} import {function}; {function}()"
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        self.key = key
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            env=env,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._stdin: IO[bytes] = self.proc.stdin
        self._reader = threading.Thread(
            target=self._read, args=(self.proc.stdout, events), daemon=True
        )
        self._reader.start()

    def _read(self, stdout: IO[bytes], events: queue.Queue[tuple[int, Any]]) -> None:
        try:
            while True:
                events.put((self.key, pickle.load(stdout)))
        except Exception:  # EOF (the child is gone) or a torn message: the end either way
            pass
        finally:
            events.put((self.key, None))

    def send(self, message: Any) -> None:
        """Send `message`; raises OSError (BrokenPipeError) when the child is gone or stopped."""
        try:
            pickle.dump(message, self._stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._stdin.flush()
        except ValueError as exc:  # closed by stop() meanwhile
            raise BrokenPipeError(str(exc)) from exc

    def close_input(self) -> None:
        with contextlib.suppress(OSError):
            self._stdin.close()

    def stderr_tail(self, chars: int = 600) -> str:
        """The end of what the child wrote to stderr (a traceback, when it crashed)."""
        with contextlib.suppress(OSError):
            self._errors.seek(0)
            return self._errors.read().decode("utf-8", "replace")[-chars:].strip()
        return ""

    def stop(self) -> None:
        """Kill the child (if still running) and reap it."""
        self.close_input()
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=10)
        with contextlib.suppress(OSError):
            self.proc.stdout.close()  # type: ignore[union-attr]
        self._errors.close()


def serve(handle: Callable[[Any, Callable[[Any], None]], bool]) -> None:
    """The child's side: read messages from stdin until it closes or `handle(message, answer)`
    returns False; `answer(message)` sends one back. Exits quietly when the parent is gone."""
    inp = sys.stdin.buffer
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # stray prints must not corrupt the answers

    def answer(message: Any) -> None:
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    try:
        while True:
            try:
                message = pickle.load(inp)
            except EOFError:
                return
            if not handle(message, answer):
                return
    except BrokenPipeError:  # the parent is gone
        return
    finally:
        with contextlib.suppress(OSError):
            out.close()
