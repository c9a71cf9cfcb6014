"""Glued words on the whole corpus: what the splitting rules split, and what finding them costs.

    .venv/bin/python bench/bench_glue_corpus.py            # every file of ../shared/corpus
    .venv/bin/python bench/bench_glue_corpus.py --top 60   # more of the split tokens listed

Reads every document of `../shared/corpus/*.jsonl.xz` and prints, for each rule of
`index.glue` (1: a small word before a capital, 2: two capitalised words, 3: a family name with
a small word after it), how many tokens it split (occurrences and distinct tokens) and the most
frequent ones, so that false splits can be read off (brands such as "AstraZeneca" split by
rule 2 stay searchable whole: the index keeps the glued token beside its words). Then the time
spent finding glued tokens (`index.glue.glued`) beside the time the index's tokenizer
(`index.search.analysis.term_positions`) spends on the same texts, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
CORPUS = HERE.parent / "shared" / "corpus"


def rule_of(word: str) -> int:
    """Which rule split `word`: 1 (it starts in lower case), 3 (no capital inside it), else 2."""
    if word[0].islower():
        return 1
    return 3 if word[1:].islower() else 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from index.glue import glued
    from index.search.analysis import term_positions

    files = sorted(CORPUS.glob("*.jsonl.xz"))
    if not files:
        sys.exit(f"no corpus at {CORPUS}")
    by_rule: dict[int, Counter[str]] = {1: Counter(), 2: Counter(), 3: Counter()}
    docs = chars = with_glue = 0
    t_glue = t_tok = 0.0
    for file in files:
        with lzma.open(file, "rt", encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                docs += 1
                chars += len(text)
                t0 = time.perf_counter()
                spots = glued(text)
                t1 = time.perf_counter()
                term_positions(text)
                t2 = time.perf_counter()
                t_glue += t1 - t0
                t_tok += t2 - t1
                with_glue += bool(spots)
                for start, end, _ in spots:
                    word = text[start:end]
                    by_rule[rule_of(word)][word] += 1
    print(f"{docs} documents, {chars / 1e6:.1f} M characters, {with_glue} with a glued token")
    names = {1: "small word + Capital", 2: "Capital + Capital", 3: "family name + small word"}
    for rule, counts in by_rule.items():
        print(f"rule {rule} ({names[rule]}): {sum(counts.values())} splits, {len(counts)} distinct")
        print("   " + ", ".join(f"{w} {n}" for w, n in counts.most_common(args.top)))
    print(
        f"time finding glued tokens {t_glue:.1f} s; the tokenizer on the same texts {t_tok:.1f} s;"
        f" ratio {t_glue / t_tok:.2f}"
    )


if __name__ == "__main__":
    main()
