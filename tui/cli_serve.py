"""`readouts-tui serve [PATH...] [--port N] [--host H] [--public]`: the reader in a browser.

Each browser tab runs the same reader as the terminal (the same paths, caches, notes store and
key map: the same user, the same folders) in a process of its own; `tui.serve` is the server.
Before serving, the paths are read and indexed once here, with the progress on stderr, so that
a bad path is said at once and the first tab opens on ready caches.

It listens on this machine only (127.0.0.1) unless told otherwise: textual-serve has no login,
so whoever reaches the port reads the folder with this user's rights. A host other than a
loopback address is refused without `--public`, and with it the warning is printed.
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from index.sanitize import safe_text

if TYPE_CHECKING:
    from index.model import Corpus

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

SERVE_EPILOG = """\
examples:
  readouts-tui serve                        the bundled seeds at http://127.0.0.1:8000/
  readouts-tui serve ~/readouts --port 8080
  readouts-tui serve ~/readouts --host 0.0.0.0 --public
                                            other machines too (no password: see the warning)

Open the address in a browser: each tab runs its own reader. In the browser, export (x)
downloads the file, copy with citation (y, Y) also opens the text in a new tab, and the source
URL (o) opens in a new tab (allow pop-ups for the address). Ctrl+C stops the server and every
reader it started.
"""

PUBLIC_WARNING = (
    "readouts-tui serve: WARNING: listening on {host}, beyond this machine. There is no "
    "password: anyone who reaches port {port} reads {label} (and can type notes) with your "
    "user's rights. Stop it with Ctrl+C when done."
)


def build_parser(
    parser_class: type[argparse.ArgumentParser],
    add_paths: Callable[[argparse.ArgumentParser], None],
    prog: str,
) -> argparse.ArgumentParser:
    p = parser_class(
        prog=f"{prog} serve",
        description="Serve the reader to a web browser (each tab runs its own reader) at "
        "http://127.0.0.1:PORT/; listens on this machine only unless --host and --public.",
        epilog=SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, metavar="N", help=f"port ({DEFAULT_PORT})"
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="H",
        help=f"address to listen on ({DEFAULT_HOST}); another than a loopback one needs --public",
    )
    p.add_argument(
        "--public",
        action="store_true",
        help="allow a --host that other machines reach (anyone who does reads the folder)",
    )
    p.add_argument(
        "--exact",
        action="store_true",
        help="start with equivalent terms off (Takeshima no longer finds Dokdo)",
    )
    add_paths(p)
    return p


class ServeError(Exception):
    """A reason not to serve, said in one line (exit status 2)."""


def check_address(host: str, port: int, public: bool) -> None:
    """Refuse a port out of range, a host beyond loopback without `public`, and a port already
    taken (said now rather than after the first lines)."""
    from tui.serve import is_loopback

    if not 1 <= port <= 65535:
        raise ServeError(f"--port {port}: a port is a number from 1 to 65535")
    if not is_loopback(host) and not public:
        raise ServeError(
            f"--host {safe_text(host, newlines=False)} is reachable from other machines, and "
            "the reader has no password: add --public if anyone who reaches the port may read "
            "these files"
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ServeError(f"--host {safe_text(host, newlines=False)}: {exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ServeError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is in use on {host}: choose another with --port"
    if exc.errno == errno.EACCES:
        return f"port {port}: permission denied (ports below 1024 need privileges)"
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}"


def run_serve(args: argparse.Namespace, load: Callable[..., Corpus]) -> int:
    """Check the address, read and index the paths once, then serve until Ctrl+C."""
    from tui.cli_search import open_index_shown
    from tui.serve import ReaderServer, app_command, is_loopback, serve

    try:
        check_address(args.host, args.port, args.public)
    except ServeError as exc:
        print(f"readouts-tui serve: {exc}", file=sys.stderr)
        return 2
    corpus = load(args.paths, rebuild=args.rebuild)
    index, notices = open_index_shown(corpus, args.paths, rebuild=args.rebuild, command="serve")
    for notice in notices:
        print(f"readouts-tui serve: {safe_text(notice, newlines=False)}", file=sys.stderr)
    label = safe_text(corpus.label, newlines=False)
    del corpus, index  # each tab opens its own; the server keeps none in memory
    if not is_loopback(args.host):
        print(PUBLIC_WARNING.format(host=args.host, port=args.port, label=label), file=sys.stderr)
    server = ReaderServer(
        app_command(args.paths, exact=args.exact), host=args.host, port=args.port, label=label
    )
    try:
        serve(server)
    except OSError as exc:  # taken between the check and the start
        print(f"readouts-tui serve: {_bind_problem(args.host, args.port, exc)}", file=sys.stderr)
        return 2
    print("readouts-tui serve: stopped", file=sys.stderr)
    return 0
