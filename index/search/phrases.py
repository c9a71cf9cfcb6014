"""The equivalents' phrases, found once when a readout is indexed.

Searching `north korea` also searches its equivalent "Democratic People's Republic of Korea":
six words, of which `of`, `s` and `people` are in most readouts. Checking where they stand
together means reading their positions in every readout that has the rarer ones, the larger
part of the search (docs/search-internals.md, "Equivalent phrases found when indexing").

The phrases of the equivalents (every group member of two words or more, as the search
tokenizer splits it) are few and known before any readout is indexed, so the index records
them: the `phrase` field of a readout holds the key of each phrase (its words joined by
spaces) whose words stand one after another in its text, the same test the search makes on
the positions. The search then reads one short posting list instead of six words' positions.

`PhraseTable.stamp` is part of the index's name (`disk.INDEX_NAME`): an index built with
another table is rebuilt, so every segment of an index holds the phrases of the table in use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

from whoosh import fields, formats

from index.search.analysis import Columns, ColumnTokenizer, term_positions

FIELD = "phrase"
"""The index field that holds the keys of the phrases a readout's text contains."""
TEXT = "body"
"""The field whose text they are found in (given to `FIELD` too: `schema.document`)."""


def key(words: Sequence[str]) -> str:
    """The `phrase` field's term for a phrase's words."""
    return " ".join(words)


class PhraseTable:
    """The phrases the index records (tuples of two terms or more, as indexed)."""

    def __init__(self, phrases: Iterable[Sequence[str]]) -> None:
        kept = sorted({tuple(p) for p in phrases if len(p) >= 2})
        self.phrases = frozenset(kept)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in kept:
            self._by_first.setdefault(phrase[0], []).append(phrase)
        digest = hashlib.blake2b("\x1e".join(key(p) for p in kept).encode(), digest_size=4)
        self.stamp = digest.hexdigest()
        """Names the table: a different set of phrases, a different stamp."""

    def __len__(self) -> int:
        return len(self.phrases)

    def covers(self, words: Sequence[str]) -> bool:
        """Whether the index records where `words` stand one after another."""
        return tuple(words) in self.phrases

    def found(self, places: Mapping[str, Sequence[int]]) -> list[str]:
        """The keys of the phrases whose words stand one after another (each word one
        position after the one before) in a text whose terms stand at `places` (term ->
        its positions, ascending)."""
        out: list[str] = []
        by_first = self._by_first
        if len(by_first) < len(places):
            candidates: Iterable[str] = (w for w in by_first if w in places)
        else:
            candidates = (w for w in places if w in by_first)
        for first in candidates:
            for phrase in by_first[first]:
                if _stands(phrase, places):
                    out.append(key(phrase))
        return out


def _stands(phrase: tuple[str, ...], places: Mapping[str, Sequence[int]]) -> bool:
    rest = []
    for word in phrase[1:]:
        at = places.get(word)
        if at is None:
            return False
        rest.append(at)
    sets = [set(at) for at in rest]
    return any(
        all(start + i in where for i, where in enumerate(sets, 1)) for start in places[phrase[0]]
    )


@lru_cache(maxsize=1)
def default_table() -> PhraseTable:
    """The phrases of the bundled equivalents (and of the people file's names)."""
    from index.search.equivalents import default_equivalents

    return PhraseTable(default_equivalents().members())


def in_text(text: str, table: PhraseTable | None = None) -> list[str]:
    """The keys of the phrases of `table` (the default one) that `text` contains."""
    words, poss = term_positions(text)
    places: dict[str, list[int]] = {}
    for word, pos in zip(words, poss, strict=True):
        places.setdefault(word, []).append(pos)
    return (table or default_table()).found(places)


class PhraseTokenizer(ColumnTokenizer):
    """The `phrase` field's analyzer, given the readout's text: a token for each phrase of the
    default table the text contains (Whoosh's own writer indexes the field with it; the
    index's segment builder works the keys out from the terms it has already counted). A
    query's value is taken as one key."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhraseTokenizer)

    def __hash__(self) -> int:
        return hash(PhraseTokenizer)

    def split(self, value: str, mode: str) -> Columns:
        keys = [value] if mode == "query" else in_text(value)
        n = len(keys)
        return keys, list(range(n)), [0] * n, [0] * n


def field() -> fields.FieldType:
    """The `phrase` field: which phrases a readout has, not where or how often."""
    # A tokenizer is an analyzer (Whoosh calls it the same way); its stubs say otherwise.
    return fields.FieldType(formats.Existence(), cast(Any, PhraseTokenizer()))
