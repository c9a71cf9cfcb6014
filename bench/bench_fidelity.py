"""Per-field accuracy of the parser on the labelled set (tests/index/labelled/*.toml).

    .venv/bin/python bench/bench_fidelity.py              # this checkout
    .venv/bin/python bench/bench_fidelity.py --repo DIR   # another checkout's parser, same set
    .venv/bin/python bench/bench_fidelity.py --without clause   # one rule switched off

Rules that `--without` switches off (to measure what each fixes): `clause` (principals only
from the meeting verb's subject and object), `states` (countries from the list of states and
their adjectives), `calls` (a call has no place), `place-clause` (a place only in the meeting
verb's clause), `topic-context` (terms that count only near their context words).

Prints, for each field, how many cases are right, then every miss (expected, got).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
LABELLED = HERE / "tests" / "index" / "labelled"
FIELDS = ("published", "meeting_date", "principals", "countries", "place", "topics")


def fields_of(case: dict[str, object]) -> dict[str, object]:
    """What the parser reads from one labelled case, field by field."""
    from index.model import RawDoc
    from index.parse import parse_document

    kind = str(case["kind"])
    r = parse_document(RawDoc(f"{case['name']}.{kind}", str(case["text"]), kind, "utf-8", {}))
    topics = set(r.topics)
    has = set(case.get("topics_has", []))  # type: ignore[call-overload]
    not_ = set(case.get("topics_not", []))  # type: ignore[call-overload]
    return {
        "published": r.published,
        "meeting_date": r.meeting_date,
        "principals": [p.name for p in r.participants],
        "countries": [p.country for p in r.participants],
        "place": r.place,
        "topics": sorted(has - topics) + sorted(f"not {t}" for t in not_ & topics),
    }


def expected_of(case: dict[str, object]) -> dict[str, object]:
    """The labelled fields of one case (topics: the list of topic misses, empty when right)."""
    out: dict[str, object] = {f: case.get(f) for f in FIELDS if f != "topics"}
    out["topics"] = []
    return out


RULES = ("clause", "states", "calls", "place-clause", "topic-context")


def switch_off(rule: str) -> None:
    """Put the parser back as it would be without `rule` (for this process only)."""
    import re

    from index import participants, topics

    if rule == "clause":
        clause = participants.principal_clause
        participants.principal_clause = lambda s: (s, clause(s)[1])  # type: ignore[assignment]
    elif rule == "states":
        participants.country_at = lambda text, pos=0: ("", pos)  # type: ignore[assignment]
        participants.adjective_before = lambda text: ""  # type: ignore[assignment]
        participants.canonical = lambda name: ""  # type: ignore[assignment]
    elif rule == "calls":
        clause = participants.principal_clause
        participants.principal_clause = lambda s: (clause(s)[0], False)  # type: ignore[assignment]
    elif rule == "place-clause":
        participants._PLACE_END = re.compile(r"(?!)")
    elif rule == "topic-context":
        topics._in_context = lambda term, text, at: True  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=HERE)
    parser.add_argument("--without", choices=RULES, action="append", default=[])
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    for rule in args.without:
        switch_off(rule)
    cases = []
    for file in sorted(LABELLED.glob("*.toml")):  # cases.toml, originals.toml, ...
        with file.open("rb") as f:
            cases += tomllib.load(f)["case"]
    right = dict.fromkeys(FIELDS, 0)
    misses: list[str] = []
    for case in cases:
        got, want = fields_of(case), expected_of(case)
        for field in FIELDS:
            if got[field] == want[field]:
                right[field] += 1
            else:
                misses.append(f"{case['name']}: {field}: want {want[field]!r}, got {got[field]!r}")
    without = f", without {', '.join(args.without)}" if args.without else ""
    print(f"{len(cases)} labelled cases, parser from {args.repo}{without}")
    for field in FIELDS:
        share = 100 * right[field] / len(cases)
        print(f"  {field:13} {right[field]:3}/{len(cases)}  {share:5.1f}%")
    for miss in misses:
        print("  miss", miss)


if __name__ == "__main__":
    main()
