"""Freed memory given back to the system while a large folder is read (index/heap.py)."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap

import pytest

from index import heap

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def test_pacer_gives_back_at_most_once_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    now = [100.0]
    monkeypatch.setattr(heap, "give_back", lambda: calls.append(now[0]))
    pacer = heap.Pacer(every=2.0, clock=lambda: now[0])
    for _ in range(20):  # a loop asking at every step, 0.25 s apart
        pacer.step()
        now[0] += 0.25
    assert calls == [102.0, 104.0]
    assert pacer.calls == 2


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's; elsewhere give_back does nothing")
def test_give_back_returns_the_freed_texts_pages() -> None:
    # What a first start does to its heap: texts of ~11 KB come and go while a small record
    # of each stays between them. Freed, their pages stay with the process until given back.
    script = textwrap.dedent(
        """
        import sys
        from index.heap import available, give_back
        def rss():
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmRSS"):
                        return int(line.split()[1]) // 1024
        kept, texts = [], []
        for i in range(20000):
            texts.append(("%06d" % i) * 1900)
            kept.append(("k%06d" % i) * 90)
        del texts
        before = rss()
        give_back()
        print(available(), before, rss())
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "True"
    before, after = int(out[1]), int(out[2])
    assert before - after > 100, (before, after)  # about 220 MB of texts were freed


def test_give_back_never_fails_where_there_is_nothing_to_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(heap, "_TRIM", None)
    assert heap.available() is False
    heap.give_back()  # a no-op, not an error
