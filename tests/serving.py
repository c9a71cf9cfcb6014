"""Running `readouts-tui serve` in a test as a user would: a process of its own on a free port
of 127.0.0.1, stopped with the signal Ctrl+C sends; and the processes it started."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

START_WAIT = 90.0
"""Seconds the server may take to read the paths and listen (a busy 2-core machine)."""


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def children(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (Linux: read from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid and state != "Z":
            found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (a zombie has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@dataclass
class Served:
    """A running `serve`: its process, address, and (once stopped) what it printed."""

    process: subprocess.Popen[str]
    url: str
    out: str = ""
    err: str = ""
    readers: list[int] = field(default_factory=list)
    """The reader processes it had started when last asked (`children`)."""

    def stop(self, timeout: float = 30.0) -> int:
        """Ctrl+C (SIGINT to the server alone); its exit status."""
        self.process.send_signal(signal.SIGINT)
        self.out, self.err = self.process.communicate(timeout=timeout)
        return self.process.returncode


def _wait_until_listening(served: Served) -> None:
    deadline = time.monotonic() + START_WAIT
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            out, err = served.process.communicate()
            raise AssertionError(f"serve exited with {served.process.returncode}: {out}{err}")
        try:
            with urllib.request.urlopen(served.url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"serve did not answer at {served.url} within {START_WAIT:.0f} s")


@contextmanager
def serving(*args: str | Path, cwd: Path | None = None) -> Iterator[Served]:
    """`readouts-tui serve ARGS... --port FREE` until the block ends; then stopped (if the test
    did not) and, whatever happened, nothing it started is left running."""
    port = free_port()
    command = [sys.executable, "-m", "tui", "serve", "--port", str(port), *map(str, args)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        start_new_session=True,  # a signal to the test's group never reaches it
    )
    served = Served(process, f"http://127.0.0.1:{port}/")
    try:
        _wait_until_listening(served)
        yield served
    finally:
        left = children(process.pid) if process.poll() is None else []
        if process.poll() is None:
            process.kill()
            served.out, served.err = process.communicate()
        for pid in left:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


class TerminalScreen:
    """What a terminal of `width` x `height` shows after the bytes a reader sent it (read by
    pyte, a terminal emulator): the same bytes the browser's terminal draws."""

    def __init__(self, width: int, height: int) -> None:
        import pyte

        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)


async def read_until(ws: Any, screen: TerminalScreen, wanted: str, timeout: float = 60.0) -> str:
    """Feed what the reader sends on the websocket `ws` (aiohttp) to `screen` until it shows
    `wanted`; the screen's text. Fails with the screen on a timeout."""
    import aiohttp

    deadline = time.monotonic() + timeout
    while wanted not in screen.text():
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{wanted!r} not shown within {timeout:.0f} s:\n{screen.text()}")
        try:
            message = await asyncio.wait_for(ws.receive(), left)
        except TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            screen.feed(message.data)
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            raise AssertionError(f"the reader closed before showing {wanted!r}:\n{screen.text()}")
    return screen.text()


async def next_relayed(ws: Any, screen: TerminalScreen, kind: str, timeout: float = 60.0) -> Any:
    """The data of the next message of `kind` the server relays to the page (`open_url`,
    `deliver_file_start`), feeding the screen meanwhile."""
    import json

    import aiohttp

    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = await asyncio.wait_for(ws.receive(), left)
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            screen.feed(message.data)
        elif message.type == aiohttp.WSMsgType.TEXT:
            envelope = json.loads(message.data)
            if envelope[0] == kind:
                return envelope[1]
        else:
            break
    raise AssertionError(f"no {kind!r} within {timeout:.0f} s:\n{screen.text()}")
