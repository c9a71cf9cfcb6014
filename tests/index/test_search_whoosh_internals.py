"""The door to Whoosh's internals: which releases it accepts, and the public path it falls back
to on any other, run end to end (on disk and in memory) against the fast path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from index.search import whoosh_internals
from index.search.whoosh_internals import DISTRIBUTION, FORCE_PUBLIC, WRITTEN_FOR, check

REPO = Path(__file__).resolve().parents[2]


def test_the_release_it_was_written_for_uses_the_internals() -> None:
    assert check(WRITTEN_FOR) is None
    # This suite runs on that release: the fast path is the one every other test exercises.
    assert whoosh_internals.fast() and whoosh_internals.fallback_reason() is None


def test_any_other_release_falls_back_and_says_why() -> None:
    newer = check("3.55.0")
    assert newer is not None and "public writer" in newer and "3.55.0" in newer
    assert WRITTEN_FOR in newer
    missing = check(None)
    assert missing is not None and f"{DISTRIBUTION} not installed" in missing
    forced = check(WRITTEN_FOR, forced=True)
    assert forced is not None and FORCE_PUBLIC in forced
    gone = check(WRITTEN_FOR, missing="No module named 'whoosh.codec.whoosh3'")
    assert gone is not None and "whoosh.codec.whoosh3" in gone


# Builds the seeds (and copies of them, with an update that changes and removes some) on disk
# and in memory, searches, and prints what a user gets. Under the public path the internals
# that write segments are replaced by ones that fail, so any use of them fails the run.
SCRIPT = """
import json, sys
from dataclasses import replace
from pathlib import Path
from index.corpus import load_corpus
from index.search import SearchIndex, fallback_reason, whoosh_internals
from index.search.store import open_search_index
from index.workspace import open_index

if not whoosh_internals.fast():
    def refuse(*args, **kwargs):
        raise AssertionError("an internal was used on the public path")
    whoosh_internals.SegmentBuilder = refuse
    whoosh_internals.commit_segments = refuse
    whoosh_internals.segment_count = refuse

folder = Path(sys.argv[1])
seeds = list(load_corpus().readouts)
copies = [replace(seeds[i % 5], id=f"doc-{i}", text=seeds[i % 5].text + f" marker{i}")
          for i in range(45)]
queries = ["dokdo", "north korea", "minister:kono", "takesh*", '"foreign minister"',
           "korea -japan", "year:2018", "securty~", "comfort women", "marker7", "kor"]

def answers(index):
    out = {}
    for q in queries:
        typed = index.search(q, limit=20, prefix=True, highlight=5)
        full = index.search(q, limit=1000)
        assert not typed.error and not full.error, (q, typed.error, full.error)
        out[q] = {
            "typed": [[h.id, h.score, list(h.matched), [list(p) for p in h.positions]]
                      for h in typed.hits],
            "ids": [h.id for h in full.hits],
            "total": full.total,
        }
    return out

seeds_disk, _ = open_search_index(seeds, folder / "seeds")
built, first = open_search_index(copies, folder / "copies", batch_size=10, workers=1)
changed = [replace(r, text=r.text + " zanzibar") if i % 3 == 0 else r
           for i, r in enumerate(copies[:40])]
updated, second = open_search_index(changed, folder / "copies", batch_size=10, workers=1)
index, notices = open_index(load_corpus(), None)
print(json.dumps({
    "fast": whoosh_internals.fast(),
    "reason": fallback_reason(),
    "notices": notices,
    "reports": [[first.added, first.removed, first.kept, first.in_memory],
                [second.added, second.removed, second.kept, second.in_memory]],
    "seeds on disk": answers(seeds_disk),
    "seeds in memory": answers(SearchIndex.build(seeds)),
    "copies built": answers(built),
    "copies updated": answers(updated),
    "copies in memory": answers(SearchIndex.build(changed)),
    "workspace": answers(index),
}))
"""


def start(folder: Path, *, public: bool) -> subprocess.Popen[str]:
    """The script above in a fresh interpreter, on the fast path or forced onto the public one."""
    env = {k: v for k, v in os.environ.items() if k != FORCE_PUBLIC}
    if public:
        env[FORCE_PUBLIC] = "1"
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(folder)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[dict[str, Any], str]:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return json.loads(out), err


def same_scores(answers: dict[str, Any]) -> dict[str, Any]:
    """`answers` with each hit's score rounded to 12 significant digits."""
    return {
        q: {**a, "typed": [[h[0], float(f"{h[1]:.12g}"), *h[2:]] for h in a["typed"]]}
        for q, a in answers.items()
    }


def test_the_public_path_finds_what_the_fast_path_finds(tmp_path: Path) -> None:
    # Both at once (each in its own folder): the two paths do not share anything on disk.
    fast_run = start(tmp_path / "fast", public=False)
    public_run = start(tmp_path / "public", public=True)
    fast, fast_err = finish(fast_run)
    public, public_err = finish(public_run)
    assert fast["fast"] is True and fast["reason"] is None and fast_err == ""
    assert public["fast"] is False
    reason = public["reason"]
    assert reason and "public writer" in reason and FORCE_PUBLIC in reason
    # Said once: one line on stderr, and a notice for the status line when the index opens.
    assert public_err.splitlines() == [f"readouts-tui: search: {reason}"]
    assert public["notices"] == [reason] and fast["notices"] == []
    assert fast["reports"] == public["reports"] == [[45, 0, 0, False], [14, 19, 26, False]]
    for name in ("seeds on disk", "seeds in memory", "copies built", "copies updated",
                 "copies in memory", "workspace"):  # fmt: skip
        # Scores to 12 significant digits: the fast path adds a score's parts in another
        # order than Whoosh's matcher trees (index.search.scoring), so the last bits can differ.
        assert same_scores(public[name]) == same_scores(fast[name]), name
    assert fast["seeds on disk"] == fast["seeds in memory"] == fast["workspace"]
    hits = fast["copies updated"]
    assert hits["dokdo"]["total"] > 0 and hits["kor"]["typed"] and hits["marker7"]["ids"]
    assert len(hits["north korea"]["ids"]) > 1  # an order to compare, not one hit
