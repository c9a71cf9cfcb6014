"""The core stays UI-free: importing `index` (and using it) never loads Textual or Rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import sys
import importlib, pkgutil
import index
names = [m.name for m in pkgutil.walk_packages(index.__path__, "index.")]
assert "index.search.searcher" in names and "index.parse" in names, names
for name in names:
    importlib.import_module(name)
import index.corpus
corpus = index.corpus.load_corpus()
assert len(corpus.meetings) == 5
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich", "tui"))
print(",".join(bad))
"""


def test_index_never_imports_a_ui_library() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"index pulled in UI modules: {out.stdout}"


def test_no_index_module_mentions_textual_or_rich() -> None:
    for path in (REPO / "index").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in ("import textual", "from textual", "import rich", "from rich", "from tui"):
            assert banned not in source, f"{path.name} contains {banned!r}"
