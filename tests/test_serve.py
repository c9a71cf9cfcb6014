"""`readouts-tui serve`: the address it prints, who may connect, the command each browser tab
runs (paths with spaces and quotes), and that Ctrl+C leaves no reader process behind.

A browser tab is played here by a websocket client speaking the page's protocol, and its screen
is read with a terminal emulator; tests/test_serve_browser.py does the same with Chromium.
"""

from __future__ import annotations

import asyncio
import shlex
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import tui.serve
from tests.cli_run import run
from tests.serving import (
    TerminalScreen,
    alive,
    children,
    free_port,
    next_relayed,
    read_until,
    serving,
)
from tui.serve import ReaderServer, app_command, base_url, is_loopback

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc")


def ws_url(url: str, width: int = 120, height: int = 40) -> str:
    return f"{url}ws?width={width}&height={height}"


async def open_tabs(url: str, n: int, wanted: str) -> tuple[list[str], Any, list[Any]]:
    """Open `n` readers as browser tabs would, each until its screen shows `wanted`."""
    session = aiohttp.ClientSession()
    sockets = [await session.ws_connect(ws_url(url)) for _ in range(n)]
    screens = [await read_until(ws, TerminalScreen(120, 40), wanted, timeout=90) for ws in sockets]
    return screens, session, sockets


def test_ctrl_c_stops_the_server_and_every_reader_it_started() -> None:
    with serving() as served:

        async def two_tabs() -> list[str]:
            screens, session, sockets = await open_tabs(served.url, 2, "index ready")
            served.readers = children(served.process.pid)
            served.process.send_signal(signal.SIGINT)  # Ctrl+C twice: the second is ignored
            status = await asyncio.to_thread(served.stop)
            assert status == 0
            for ws in sockets:
                await ws.close()
            await session.close()
            return screens

        screens = asyncio.run(two_tabs())
    assert all("5 of 5 meetings" in s for s in screens)
    assert len(served.readers) == 2, served.readers
    assert [pid for pid in served.readers if alive(pid)] == []
    assert f"at {served.url}" in served.out
    assert "Ctrl+C stops the server and every reader" in served.out
    assert served.err.count("stopping the readers") == 1
    assert "stopped" in served.err


STATE_READOUT = """---
title: "Secretary Blinken's Meeting with Japanese Foreign Minister Kamikawa"
date: 2024-02-22
source_url: https://www.state.gov/secretary-blinkens-meeting-with-japanese-foreign-minister-kamikawa
---

The below is attributable to Spokesperson Matthew Miller:

Secretary of State Antony J. Blinken met with Japanese Foreign Minister Yoko Kamikawa on the \
margins of the G20 Foreign Ministers' Meeting in Rio de Janeiro. The Secretary and Foreign \
Minister Kamikawa discussed the DPRK's destabilizing ballistic missile launches.
"""


def test_a_folder_with_spaces_and_quotes_in_its_name_serves_export_copy_and_links(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "analyst's readouts; $(touch x)"
    folder.mkdir()
    (folder / "blinken kamikawa.md").write_text(STATE_READOUT, encoding="utf-8")
    with serving(folder, cwd=tmp_path) as served:

        async def one_tab() -> tuple[str, Any, str, str, str]:
            async with aiohttp.ClientSession() as session:
                ws = await session.ws_connect(ws_url(served.url))
                screen = TerminalScreen(120, 40)
                shown = await read_until(ws, screen, "index ready", timeout=90)
                await ws.send_json(["stdin", "o"])  # the source URL: a new tab
                opened = await next_relayed(ws, screen, "open_url")
                await ws.send_json(["stdin", "x"])  # export, under the name offered
                await read_until(ws, screen, "Export 1 readout")
                await ws.send_json(["stdin", "\r"])
                key = await next_relayed(ws, screen, "deliver_file_start")
                async with session.get(f"{served.url}download/{key}") as response:
                    exported = await response.text()
                    disposition = response.headers["Content-Disposition"]
                await ws.send_json(["stdin", "y"])  # copy with citation: a new tab
                key = await next_relayed(ws, screen, "deliver_file_start")
                async with session.get(f"{served.url}download/{key}") as response:
                    cited = await response.text()
                    disposition += " | " + response.headers["Content-Disposition"]
                await ws.close()
                return shown, opened, exported, cited, disposition

        shown, opened, exported, cited, disposition = asyncio.run(one_tab())
        served.stop()
    assert "1 of 1 meeting" in shown
    assert not (tmp_path / "x").exists()  # the name was a path, never shell code
    assert "analyst's readouts" in served.out
    assert opened == {"url": STATE_READOUT.split("source_url: ")[1].split()[0], "new_tab": True}
    assert exported.splitlines()[0].startswith("id,meeting_date,published,publisher,title")
    assert "Secretary Blinken's Meeting with Japanese Foreign Minister Kamikawa" in exported
    assert "Blinken" in cited and "2024" in cited
    assert disposition == "attachment; filename=all-readouts.csv | inline; filename=citation.txt"


def test_a_page_of_another_site_cannot_open_a_reader() -> None:
    with serving() as served:
        host = served.url.split("/")[2]

        async def attempts() -> tuple[int, int, int, int]:
            async with aiohttp.ClientSession() as session:
                try:
                    await session.ws_connect(ws_url(served.url), origin="http://evil.example")
                except aiohttp.WSServerHandshakeError as exc:
                    other_site = exc.status
                else:
                    other_site = 101
                rebound = await session.get(served.url, headers={"Host": f"evil.example:{host}"})
                page = await session.get(served.url)
                text = await page.text()
                assert f"ws://{host}/ws" in text  # the page's websocket: this server
                return other_site, rebound.status, page.status, len(children(served.process.pid))

        other_site, rebound, page, readers = asyncio.run(attempts())
        served.stop()
    assert (other_site, rebound, page) == (403, 403, 200)
    assert readers == 0


def test_each_tab_runs_the_reader_with_this_python_on_the_absolute_paths(tmp_path: Path) -> None:
    command = app_command([str(tmp_path / "a b"), "rel"], exact=True)
    words = shlex.split(command)
    assert words[0] == "exec"
    assert words[1:] == [
        sys.executable,
        "-P",
        "-m",
        "tui",
        "--exact",
        str(tmp_path / "a b"),
        str(Path("rel").resolve()),
    ]
    assert shlex.split(app_command([])) == ["exec", sys.executable, "-P", "-m", "tui"]


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.4", "example.org", ""]))
    assert base_url("::1", 8000) == "http://[::1]:8000"


class Recorded:
    """Stands in for `tui.serve.serve`: records the server it was given."""

    server: ReaderServer | None = None

    def __call__(self, server: ReaderServer) -> None:
        Recorded.server = server


def test_a_public_host_needs_public_and_then_warns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tui.serve, "serve", Recorded())
    refused = run(capsys, "serve", "--host", "0.0.0.0")
    assert refused.status == 2
    assert "reachable from other machines" in refused.err
    assert "--public" in refused.err
    Recorded.server = None
    port = free_port()
    served = run(capsys, "serve", "--host", "0.0.0.0", "--public", "--port", str(port))
    assert served.status == 0
    assert "WARNING" in served.err
    assert f"anyone who reaches port {port} reads bundled seeds" in served.err
    assert Recorded.server is not None and Recorded.server.url == f"http://0.0.0.0:{port}/"


def test_loopback_needs_no_public_and_says_nothing_of_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tui.serve, "serve", Recorded())
    port = free_port()
    served = run(capsys, "serve", "--port", str(port), str(SEEDS))
    assert served.status == 0
    assert "WARNING" not in served.err
    assert Recorded.server is not None
    assert Recorded.server.url == f"http://127.0.0.1:{port}/"
    assert shlex.split(Recorded.server.command)[-1] == str(SEEDS)


def test_bad_addresses_and_paths_are_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run(capsys, "serve", "--port", str(port))
    assert busy.status == 2
    assert busy.err.strip() == f"readouts-tui serve: port {port} is in use on 127.0.0.1: " \
        "choose another with --port"  # fmt: skip
    assert run(capsys, "serve", "--port", "70000").err.count("\n") == 1
    missing = run(capsys, "serve", str(tmp_path / "nope"))
    assert missing.status == 2
    assert "no such file or folder" in missing.err
    assert "Traceback" not in busy.err + missing.err


def test_a_typed_export_name_becomes_a_plain_download_name() -> None:
    from tui.delivery import download_name

    assert download_name("~/exports/dokdo results.csv", "all.csv") == "dokdo-results.csv"
    assert download_name("독도.jsonl", "all.csv") == "all.jsonl"
    assert download_name("v1.2 notes.csv", "all.csv") == "v1-2-notes.csv"
    assert download_name("a;b\r\nSet-Cookie: x", "all.csv") == "a-b-Set-Cookie-x"
    assert download_name("../", "all.csv") == "all.csv"
