"""`SpanLookup` finds the spans (hits, headings) that reach into a line of the document pane by
bisection; it must find exactly those that looking at every span finds, whatever the spans:
nested, overlapping, long ones that start lines before, empty input."""

from __future__ import annotations

import random

from tui.widgets.document_body import SpanLookup


def every(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return sorted((s, e) for s, e in spans if s < end and e > start)


def test_the_spans_of_a_stretch_are_those_a_full_scan_finds() -> None:
    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rng.randrange(0, 40)):
            s = rng.randrange(0, 500)
            spans.append((s, s + rng.choice([1, 3, 5, 8, 120])))  # words, and a long heading
        lookup = SpanLookup(spans)
        for _ in range(20):
            start = rng.randrange(0, 520)
            end = start + rng.randrange(1, 90)
            assert lookup.within(start, end) == every(spans, start, end)


def test_edges_touching_a_line_are_not_in_it() -> None:
    lookup = SpanLookup([(0, 10), (10, 20), (25, 30)])
    assert lookup.within(10, 25) == [(10, 20)]  # (0, 10) ends where the line starts
    assert lookup.within(20, 25) == []  # (25, 30) starts where it ends
    assert SpanLookup([]).within(0, 100) == []
