"""Comparisons kept for the compare screen, by the pair of readouts compared.

The reader computes a meeting's comparison in a thread worker while the cursor rests on a
meeting with two publishers (`tui.screens.side_actions`), so that `c` finds it ready and the
compare screen's first frame costs no alignment. A comparison is kept for the very `Readout`
objects it was computed from: a corpus read again (a file changed) gives new objects, and
their comparison is computed afresh.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported with the first comparison, not when the reader starts
    from index.compare import Comparison
    from index.model import Readout

KEPT = 32
"""Comparisons kept (the most recently used): a few hundred kB of offsets at most."""


class Comparisons:
    """The last `KEPT` comparisons computed, by (left id, right id)."""

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[str, str], tuple[Readout, Readout, Comparison]] = (
            OrderedDict()
        )

    def get(self, left: Readout, right: Readout) -> Comparison | None:
        """The comparison of `left` with `right` if it is kept, else None."""
        entry = self._kept.get((left.id, right.id))
        if entry is None or entry[0] is not left or entry[1] is not right:
            return None
        self._kept.move_to_end((left.id, right.id))
        return entry[2]

    def put(self, left: Readout, right: Readout, comparison: Comparison) -> None:
        """Keep `comparison` (of `left` with `right`), dropping the least recently used."""
        self._kept[(left.id, right.id)] = (left, right, comparison)
        self._kept.move_to_end((left.id, right.id))
        while len(self._kept) > KEPT:
            self._kept.popitem(last=False)

    def clear(self) -> None:
        """Forget every comparison kept."""
        self._kept.clear()

    def of(self, left: Readout, right: Readout) -> Comparison:
        """The comparison of `left` with `right`: the kept one, or computed now (and kept)."""
        from index.compare import compare

        comparison = self.get(left, right)
        if comparison is None:
            comparison = compare(left, right)
            self.put(left, right, comparison)
        return comparison
