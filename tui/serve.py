"""The reader in a browser (`readouts-tui serve`): textual-serve's web server, with each browser
tab running its own reader process, and what textual-serve leaves to its user.

textual-serve runs a shell command per browser tab (`app_command`: this Python, the reader, the
paths; every word quoted) and relays the terminal, keys, `App.open_url` and file deliveries over
a websocket. `ReaderServer` adds three things to its `Server`:

- it keeps the reader processes it started and, when the server stops (Ctrl+C, SIGTERM), asks
  each to quit and kills any that has not within `STOP_WAIT` seconds, so none is left behind;
- it refuses a websocket opened by a page of another site (a page anyone's browser loads can
  otherwise reach a server on 127.0.0.1: websockets ignore the same-origin rule) and, on a
  loopback address, a request naming another host (DNS rebinding);
- it prints one line with the address instead of textual-serve's banner and request log.

docs/serve.md says how it works and what it does not protect.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import shlex
import sys
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from tui.textual_compat import served_process

STOP_WAIT = 5.0
"""Seconds a reader gets to quit when the server stops, before it is killed."""

TITLE = "readouts"
"""The browser tab's title."""


def app_command(paths: Sequence[str], *, exact: bool = False, python: str | None = None) -> str:
    """The shell command that runs the reader on `paths` (made absolute; none: the seeds) with
    this Python, every word quoted for the shell. `exec` makes the reader the process the server
    started (not a shell above it), so stopping it stops the reader; `-P` keeps the current
    folder off the module path (a folder named `tui` there is not imported). Absolute paths
    never start with a dash nor read as a command name (a folder named `list`)."""
    words = [python or sys.executable, "-P", "-m", "tui"]
    if exact:
        words.append("--exact")
    words.extend(os.path.abspath(p) for p in paths)
    return "exec " + shlex.join(words)


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address) is only reachable from this machine."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url(host: str, port: int) -> str:
    """`http://HOST:PORT` with an IPv6 address in brackets."""
    bare = host.strip("[]")
    if ":" in bare:
        bare = f"[{bare}]"
    return f"http://{bare}:{port}"


class ReaderServer(Server):
    """textual-serve's `Server` for the reader; see the module docstring."""

    def __init__(self, command: str, *, host: str, port: int, label: str) -> None:
        self.url = base_url(host, port) + "/"
        """The address printed when the server starts."""
        super().__init__(command, host=host, port=port, title=TITLE, public_url=self.url[:-1])
        self.label = label
        self.loopback = is_loopback(host)
        self.sessions: dict[AppService, web.WebSocketResponse] = {}
        """The reader processes running now, one per browser tab, and their websockets."""
        self.stopping = False

    # -- what the server says

    def initialize_logging(self) -> None:
        """Warnings and errors only (a reader that failed to start), on stderr; no request
        log."""
        logging.basicConfig(level=logging.WARNING, format="readouts-tui serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        print(
            f"readouts-tui: serving the reader on {self.label} at {self.url}\n"
            "  each browser tab runs its own reader; Ctrl+C stops the server and every reader",
            flush=True,
        )

    def request_exit(self) -> None:
        """Ctrl+C or SIGTERM: stop, once; another Ctrl+C while the readers quit is ignored (it
        would end the server before it has stopped them)."""
        if self.stopping:
            return
        self.stopping = True
        print("readouts-tui serve: stopping the readers…", file=sys.stderr, flush=True)
        super().request_exit()

    # -- who may connect

    def _allowed_host(self, request: web.Request) -> bool:
        """On a loopback address, the Host a browser sends names this machine."""
        if not self.loopback:
            return True
        host = urlsplit(f"//{request.host}").hostname or ""
        return is_loopback(host)

    def _same_origin(self, request: web.Request) -> bool:
        """A websocket opened by the page this server served (or by a client that is not a
        browser page, which sends no Origin)."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        return urlsplit(origin).netloc.lower() == request.host.lower()

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self._allowed_host(request):
            raise web.HTTPForbidden(text="readouts-tui serve: unknown host name")
        # The page connects its websocket to the address the browser used.
        self.public_url = f"http://{request.host}"
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: start a reader, relay the tab's keys, mouse and size to it until
        either side closes, then stop the reader."""
        if not (self._allowed_host(request) and self._same_origin(request)):
            raise web.HTTPForbidden(text="readouts-tui serve: not from this server's page")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        service = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.sessions[service] = websocket
        try:
            await service.start(_size(request, "width", 80), _size(request, "height", 24))
            await _relay(websocket, service)
        finally:
            await stop_reader(service)
            self.sessions.pop(service, None)
            await websocket.close()
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every reader (each closes its tab's websocket), before aiohttp waits for the
        open connections."""
        sessions = list(self.sessions.items())
        await asyncio.gather(*(stop_reader(service) for service, _ in sessions))
        for _, websocket in sessions:
            await websocket.close()


async def stop_reader(service: AppService) -> None:
    """Ask the reader to quit; kill it when it has not within `STOP_WAIT` seconds."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.shield(service.stop()), STOP_WAIT)
    process = served_process(service)
    if process is not None and process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def _size(request: web.Request, name: str, default: int) -> int:
    try:
        return max(1, min(1000, int(request.query.get(name, default))))
    except ValueError:
        return default


async def _relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """The tab's messages to the reader: keys and mouse (`stdin`), `resize`, `focus`, `blur`;
    `ping` is answered here. Anything else, or malformed, is ignored."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            kind, data = _envelope(message.data)
        except ValueError:
            continue
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            with contextlib.suppress(KeyError, TypeError, ValueError):
                await service.set_terminal_size(int(data["width"]), int(data["height"]))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def _envelope(text: str) -> tuple[str, Any]:
    """`["kind", data]` as textual-serve's page sends it; ValueError for anything else."""
    value = json.loads(text)
    if not isinstance(value, list) or not value or not isinstance(value[0], str):
        raise ValueError(text)
    return value[0], value[1] if len(value) > 1 else None


def serve(server: ReaderServer) -> None:
    """Run `server` until Ctrl+C or SIGTERM, in an event loop of its own (textual-serve asks
    asyncio for the current loop, which Python 3.14 no longer makes up)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        server.serve()
    finally:
        asyncio.set_event_loop(None)
        loop.close()
