"""Per-field accuracy of the parser on the labelled set (tests/index/labelled/*.toml): the
readouts written for the tests (cases.toml), the Japanese and Korean originals (originals.toml)
and the real White House readouts labelled by hand (wh_corpus.toml, whose texts are read from
../shared/corpus).

    .venv/bin/python bench/bench_fidelity.py              # this checkout
    .venv/bin/python bench/bench_fidelity.py --repo DIR   # another checkout's parser, same set
    .venv/bin/python bench/bench_fidelity.py --without clause   # one rule switched off

Rules that `--without` switches off (to measure what each fixes): `clause` (principals only
from the meeting verb's subject and object), `states` (countries from the list of states and
their adjectives), `calls` (a call has no place), `place-clause` (a place only in the meeting
verb's clause), `topic-context` (terms that count only near their context words).

Prints, for each field, how many documents are right, then every miss (expected, got). The
White House part is skipped, with the reason, when the shared corpus is not on this machine.

How a field is judged: dates and place are compared as they are; principals as the set of
canonical names; countries and roles for each labelled principal (a principal not found counts
as a miss; documents without principals are not counted); a role matches when it has the same
words in any order, "of", "the", "to" and "for" aside ("Director of the National Security
Office" = "National Security Office Director"); topics: the set of topics (for the written
cases, the topics that must and must not be found).
"""

from __future__ import annotations

import argparse
import json
import lzma
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
LABELLED = HERE / "tests" / "index" / "labelled"
CASES = LABELLED / "cases.toml"
WH_LABELS = LABELLED / "wh_corpus.toml"
WH_SETS = {
    "wh_corpus.toml": "White House readouts labelled by hand",
    "wh_heldout.toml": "White House readouts held out while the roles rules were written",
    "wh_unseen.toml": "White House readouts labelled after the roles rules were written",
}
"""The files of hand labels (`[[doc]]` tables) of White House readouts, each its own part."""
WH_CORPUS = HERE.parent / "shared" / "corpus" / "wh_briefing_room_2021_2026.jsonl.xz"
FIELDS = ("meeting_date", "published", "principals", "countries", "roles", "place", "topics")
CASE_SETS = {
    "cases.toml": "written in each publisher's style",
    "originals.toml": "Japanese and Korean originals, written in each ministry's style",
}
"""What each file of written cases (`[[case]]` tables) holds; any other such file is read too."""


@dataclass
class Labelled:
    """One labelled document: its text as the app reads it and the fields expected."""

    name: str
    path: str
    text: str
    kind: str
    meta: dict[str, str]
    want: dict[str, object]
    topics_exact: bool = True
    why: dict[str, str] = field(default_factory=dict)


def case_files() -> list[Path]:
    """The labelled files of written cases: cases.toml, originals.toml, ... (not the hand
    labels of wh_corpus.toml, whose tables are `[[doc]]`)."""
    out = []
    for file in sorted(LABELLED.glob("*.toml")):
        with file.open("rb") as f:
            if "case" in tomllib.load(f):
                out.append(file)
    return out


def written_cases(file: Path = CASES) -> list[Labelled]:
    """The readouts written for the tests in `file`, in each publisher's style."""
    with file.open("rb") as f:
        cases = tomllib.load(f)["case"]
    out = []
    for c in cases:
        names = list(c["principals"])
        want: dict[str, object] = {
            "published": c["published"],
            "meeting_date": c["meeting_date"],
            "principals": names,
            "countries": dict(zip(names, c["countries"], strict=True)),
            "place": c["place"],
            "topics": (set(c.get("topics_has", [])), set(c.get("topics_not", []))),
        }
        if "roles" in c:
            want["roles"] = dict(zip(names, c["roles"], strict=True))
        kind = str(c["kind"])
        out.append(Labelled(c["name"], f"{c['name']}.{kind}", c["text"], kind, {}, want, False))
    return out


def wh_label_files() -> list[Path]:
    """The files of hand labels of real readouts (`[[doc]]` tables): wh_corpus.toml first."""
    out = []
    for file in sorted(LABELLED.glob("*.toml"), key=lambda f: (f != WH_LABELS, f.name)):
        with file.open("rb") as f:
            if "doc" in tomllib.load(f):
                out.append(file)
    return out


def wh_labels(file: Path = WH_LABELS) -> list[dict[str, object]]:
    with file.open("rb") as f:
        return list(tomllib.load(f)["doc"])


def _corpus_lines(path: Path, ids: set[str]) -> Iterator[tuple[int, dict[str, object]]]:
    """The documents of the collection whose id is in `ids`, with their line numbers (a line
    whose id is written first and is not wanted is not parsed)."""
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            first = _FIRST_ID.match(line)
            if first is None or json.loads(f'"{first.group(1)}"') in ids:
                obj = json.loads(line)
                if str(obj.get("id")) in ids:
                    yield lineno, obj


_FIRST_ID = re.compile(r'\{"id":\s*"((?:[^"\\]|\\.)*)"')


def wh_cases(corpus: Path = WH_CORPUS, file: Path = WH_LABELS) -> list[Labelled]:
    """The White House readouts labelled by hand in `file`, their texts read from the shared
    corpus as the app reads a collection (one document per line, the other keys as metadata)."""
    labels = {str(d["id"]): d for d in wh_labels(file)}
    found: dict[str, Labelled] = {}
    for lineno, obj in _corpus_lines(corpus, set(labels)):
        doc_id = str(obj.get("id"))
        label = labels[doc_id]
        meta = {str(k): str(v) for k, v in obj.items() if k != "text" and v is not None}
        principals = label["principals"]
        assert isinstance(principals, list)
        names = [p["name"] for p in principals]
        want: dict[str, object] = {
            "published": label["published"],
            "meeting_date": label["meeting_date"],
            "principals": names,
            "countries": {p["name"]: p["country"] for p in principals},
            "roles": {p["name"]: p["role"] for p in principals},
            "place": label["place"],
            "topics": set(label["topics"]),  # type: ignore[call-overload]
        }
        short = doc_id.rsplit("/", 1)[-1].removesuffix(".md")[:70]
        path = f"{corpus}:{lineno}"
        found[doc_id] = Labelled(short, path, str(obj["text"]), "jsonl", meta, want, True)
        found[doc_id].why = dict(label.get("why", {}))  # type: ignore[call-overload]
    missing = sorted(set(labels) - set(found))
    if missing:
        raise SystemExit(f"labelled documents not in {corpus}: {', '.join(missing)}")
    return [found[i] for i in labels]


def role_words(role: str) -> frozenset[str]:
    """The words of a role, in any order, without "of", "the" and the publisher's "U.S."."""
    words = re.findall(r"[a-z]+", role.casefold().replace("adviser", "advisor").replace("u.s.", ""))
    return frozenset(w for w in words if w not in ("of", "the", "to", "for"))


def judge(case: Labelled) -> dict[str, tuple[bool, object, object] | None]:
    """Each field of one document: (right, expected, got), or None when not labelled."""
    from index.model import RawDoc
    from index.parse import parse_document

    r = parse_document(RawDoc(case.path, case.text, case.kind, "utf-8", case.meta))
    want = case.want
    got_people = {p.name: p for p in r.participants}
    names = list(want["principals"])  # type: ignore[call-overload]
    out: dict[str, tuple[bool, object, object] | None] = {}
    for f in ("published", "meeting_date", "place"):
        got = getattr(r, f)
        out[f] = (got == want[f], want[f], got)
    out["principals"] = (set(got_people) == set(names), sorted(names), sorted(got_people))
    for f, attr in (("countries", "country"), ("roles", "role")):
        labels = want.get(f)
        if not names or labels is None:
            out[f] = None
            continue
        assert isinstance(labels, dict)
        got_f = {n: getattr(got_people[n], attr) if n in got_people else None for n in names}
        if f == "roles":
            right = all(
                got_f[n] is not None and role_words(str(got_f[n])) == role_words(labels[n])
                for n in names
            )
        else:
            right = all(got_f[n] == labels[n] for n in names)
        out[f] = (right, labels, got_f)
    topics = set(r.topics)
    if case.topics_exact:
        out["topics"] = (topics == want["topics"], sorted(want["topics"]), sorted(topics))  # type: ignore[call-overload]
    else:
        has, not_ = want["topics"]  # type: ignore[misc]
        wrong = sorted(has - topics) + sorted(f"not {t}" for t in not_ & topics)
        out["topics"] = (not wrong, [], wrong)
    return out


RULES = ("clause", "states", "calls", "place-clause", "topic-context")


def switch_off(rule: str) -> None:
    """Put the parser back as it would be without `rule` (for this process only)."""
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


def report(title: str, cases: list[Labelled]) -> dict[str, list[int]]:
    """Print one part's accuracy per field and its misses; return right/counted per field."""
    score = {f: [0, 0] for f in FIELDS}
    misses: list[str] = []
    for case in cases:
        for f, result in judge(case).items():
            if result is None:
                continue
            right, want, got = result
            score[f][1] += 1
            score[f][0] += right
            if not right:
                misses.append(f"{case.name}: {f}: want {want!r}, got {got!r}")
    print(f"{title}: {len(cases)} documents")
    for f in FIELDS:
        right, counted = score[f]
        share = f"{100 * right / counted:5.1f}%" if counted else "    -"
        print(f"  {f:13} {right:3}/{counted:<3} {share}")
    for miss in misses:
        print("  miss", miss)
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=HERE)
    parser.add_argument("--corpus", type=Path, default=WH_CORPUS)
    parser.add_argument("--without", choices=RULES, action="append", default=[])
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    for rule in args.without:
        switch_off(rule)
    without = f", without {', '.join(args.without)}" if args.without else ""
    print(f"parser from {args.repo}{without}")
    parts = [
        report(f"{CASE_SETS.get(file.name, 'written cases')} ({file.name})", written_cases(file))
        for file in case_files()
    ]
    for file in wh_label_files():
        what = WH_SETS.get(file.name, "White House readouts labelled by hand")
        if args.corpus.exists():
            parts.append(report(f"{what} ({file.name})", wh_cases(args.corpus, file)))
        else:
            print(
                f"{what} ({file.name}): skipped, {args.corpus} not found (the shared corpus "
                f"is not on this machine; {len(wh_labels(file))} labels wait for it)"
            )
    total = {f: [sum(p[f][0] for p in parts), sum(p[f][1] for p in parts)] for f in FIELDS}
    print("all labelled documents")
    for f in FIELDS:
        right, counted = total[f]
        share = f"{100 * right / counted:5.1f}%" if counted else "    -"
        print(f"  {f:13} {right:3}/{counted:<3} {share}")


if __name__ == "__main__":
    main()
