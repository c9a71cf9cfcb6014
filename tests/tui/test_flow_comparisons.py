"""The comparisons kept for `c` (tui/flow/comparisons.py): by the pair of readouts, never for a
readout that has changed since."""

from __future__ import annotations

from dataclasses import replace

from index.compare import compare
from index.corpus import load_corpus
from tui.flow.comparisons import KEPT, Comparisons

JP = "2018-01-16-mofa-japan-kono-kang"
KR = "2018-04-11-mofa-korea-kang-kono"


def test_kept_for_the_same_readouts_and_made_afresh_for_changed_ones() -> None:
    corpus = load_corpus(None)
    a, b = corpus.readout(JP), corpus.readout(KR)
    assert a is not None and b is not None
    kept = Comparisons()
    assert kept.get(a, b) is None
    first = kept.of(a, b)
    assert kept.get(a, b) is first and kept.of(a, b) is first
    assert kept.get(b, a) is None  # the other way round is another comparison (sides swap)
    # The file was edited and read again: same id, new text. Its old comparison is not given.
    edited = replace(a, text=a.text.replace("Takeshima", "the islands"))
    assert kept.get(edited, b) is None
    again = kept.of(edited, b)
    assert again is not first
    assert again.summary() == compare(edited, b).summary() != first.summary()


def test_only_the_most_recently_used_are_kept() -> None:
    corpus = load_corpus(None)
    a, b = corpus.readout(JP), corpus.readout(KR)
    assert a is not None and b is not None
    comparison = compare(a, b)
    kept = Comparisons()
    others = [replace(b, id=f"other-{i}") for i in range(KEPT)]
    kept.put(a, b, comparison)
    for other in others[:-1]:
        kept.put(a, other, comparison)
    assert kept.get(a, b) is comparison  # used again: now the most recent
    kept.put(a, others[-1], comparison)  # one too many: the least recently used goes
    assert kept.get(a, b) is comparison
    assert kept.get(a, others[0]) is None
    kept.clear()
    assert kept.get(a, b) is None
