"""A made-up corpus for the timeline, concordance and export tests, and counts of it done
without the search index: a plain scan of each text's terms (the index's own analyser)."""

from __future__ import annotations

import random

from index.model import Readout
from index.search.analysis import terms

WORDS = ("zorbel", "tevlon", "quarnix", "mivvet", "plosk")
"""Made-up words: no equivalents, no stemming, no stop words to get in the way."""
FILLER = ("the", "talks", "covered", "trade", "and", "security", "in", "detail", "with", "a")
PUBLISHERS = ("mofa-japan", "mofa-korea", "white-house")


def generated(seed: int, n: int, years: tuple[int, int] = (2015, 2022)) -> list[Readout]:
    """`n` readouts with random text, publisher and date between the `years` (inclusive); a
    few have no date at all, and some put words across a line break or next to punctuation."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = [
            rng.choice(WORDS) if rng.random() < 0.08 else rng.choice(FILLER)
            for _ in range(rng.randint(5, 120))
        ]
        lines, line = [], []
        for w in words:
            line.append(w.capitalize() if rng.random() < 0.1 else w)
            if rng.random() < 0.1:
                lines.append(" ".join(line) + rng.choice([".", ",", ";", ""]))
                line = []
        lines.append(" ".join(line))
        text = rng.choice(["\n", "\n\n", " "]).join(lines)
        if rng.random() < 0.04:
            date = ""
        else:
            year = rng.randint(*years)
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        meeting = date if rng.random() < 0.7 else ""
        out.append(
            Readout(
                id=f"doc-{i:04d}",
                path=f"gen/doc-{i:04d}.txt",
                source=rng.choice(PUBLISHERS),
                title=f"Readout number {i}",
                published=date,
                meeting_date=meeting,
                participants=(),
                attendees=(),
                place="",
                headings=(),
                topics=(),
                text=text,
                format="generic",
                metadata=(("source_url", f"https://example.org/r/{i}"),) if i % 3 else (),
            )
        )
    return out


def phrase_count(text: str, phrase: str) -> int:
    """How many times the words of `phrase` occur one after another in `text`'s terms."""
    want = terms(phrase)
    have = terms(text)
    k = len(want)
    return sum(1 for i in range(len(have) - k + 1) if have[i : i + k] == want)


def matches_all(readout: Readout, phrases: list[str]) -> bool:
    """Whether every phrase occurs in the readout's title or text (what AND means)."""
    return all(phrase_count(f"{readout.title}\n\n{readout.text}", p) for p in phrases)
