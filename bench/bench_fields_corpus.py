"""Fields on the real White House readouts: counts that show a rule's failures at scale.

    .venv/bin/python bench/bench_fields_corpus.py              # this checkout
    .venv/bin/python bench/bench_fields_corpus.py --repo DIR   # another checkout's parser
    .venv/bin/python bench/bench_fields_corpus.py --sample 20  # also print 20 readouts' fields
    .venv/bin/python bench/bench_fields_corpus.py --dates-against /work/main   # meeting dates

Reads `../shared/corpus/wh_briefing_room_2021_2026.jsonl.xz` (pages whose title says Readout,
Call or Meeting) and prints: calls with a place (a call has none), principals whose country is
not a state's short name ("People", "Republic"), principals without a country, and readouts
with two principals or more.

`--dates-against DIR` reads every page of the file instead (notices, proclamations, fact
sheets, transcripts too) with this checkout's parser and with DIR's, and prints how many
meeting dates differ, by site section, and every difference (published, DIR's date, this
checkout's date, title).
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
CORPUS = HERE.parent / "shared" / "corpus" / "wh_briefing_room_2021_2026.jsonl.xz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=HERE)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--dates-against", type=Path, default=None)
    parser.add_argument("--dump-dates", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump_dates or args.dates_against:
        dates_main(args)
        return
    sys.path.insert(0, str(args.repo.resolve()))
    with (HERE / "index" / "data" / "countries.toml").open("rb") as f:
        states = set(tomllib.load(f)["countries"])  # this checkout's list, as the judge
    from index.model import RawDoc
    from index.parse import parse_document

    docs = []
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            obj = json.loads(line)
            if re.search(r"Readout|Call|Meeting", obj.get("title", "")):
                meta = {k: str(v) for k, v in obj.items() if k != "text" and v is not None}
                docs.append(RawDoc(f"wh:{i}", obj["text"], "jsonl", "utf-8", meta))
    calls = calls_with_place = people = no_country = not_state = two_or_more = 0
    readouts = []
    for doc in docs:
        r = parse_document(doc)
        readouts.append(r)
        if re.search(r"\b(?:call|spoke|phone)\b", doc.meta["title"], re.IGNORECASE):
            calls += 1
            calls_with_place += bool(r.place)
        two_or_more += len(r.participants) >= 2
        for p in r.participants:
            people += 1
            no_country += not p.country
            not_state += bool(p.country) and p.country not in states
    print(f"{len(docs)} readouts (parser from {args.repo})")
    print(f"  calls with a place           {calls_with_place} of {calls}")
    print(f"  readouts with 2+ principals  {two_or_more}")
    print(f"  principals without a country {no_country} of {people}")
    print(f"  countries that are no state  {not_state} of {people}")
    for r in random.Random(16).sample(readouts, min(args.sample, len(readouts))):
        sides = "; ".join(f"{p.name} ({p.country or '?'}, {p.role or '?'})" for p in r.participants)
        print(f"- {r.title[:90]}\n    {r.meeting_date} | {sides or '-'} | place: {r.place or '-'}")


def all_dates(repo: Path) -> dict[str, tuple[str, str, str]]:
    """id -> (published, meeting date, title) of every page, read by `repo`'s parser (this
    process's `sys.path` must already lead to it)."""
    sys.path.insert(0, str(repo.resolve()))
    from index.model import RawDoc
    from index.parse import parse_document

    out = {}
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            meta = {k: str(v) for k, v in obj.items() if k != "text" and v is not None}
            r = parse_document(RawDoc(obj["id"], obj["text"], "jsonl", "utf-8", meta))
            out[obj["id"]] = (r.published, r.meeting_date, obj.get("title", ""))
    return out


def dates_main(args: argparse.Namespace) -> None:
    import subprocess
    from collections import Counter

    if args.dump_dates:
        json.dump(all_dates(args.repo), sys.stdout)
        return
    other = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--repo", str(args.dates_against), "--dump-dates"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    mine = all_dates(args.repo)
    changed = sorted(k for k in mine if k in other and mine[k][1] != other[k][1])
    print(f"{len(mine)} pages; meeting date differs on {len(changed)}")
    print(f"  (parser of {args.repo} against {args.dates_against})")
    for section, n in Counter(k.split("/")[0] for k in changed).most_common():
        print(f"  {section:22} {n}")
    for k in changed:
        published, _, title = mine[k]
        print(f"  {published} {other[k][1]} -> {mine[k][1]}  {title[:90]}")


if __name__ == "__main__":
    main()
