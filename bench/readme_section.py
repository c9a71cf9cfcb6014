"""Benchmarks write their own figures into docs/benchmarks.md, between markers, never by hand.

<!-- bench:scale-1000:start -->
...replaced by the script...
<!-- bench:scale-1000:end -->
"""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def replace_section(name: str, body: str, readme: Path = README) -> None:
    """Put `body` between the `name` markers of `readme`; the markers must already be there."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"{readme} has no {start} ... {end} section to write into")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{start}\n{body.rstrip()}\n{end}{tail}", encoding="utf-8")
