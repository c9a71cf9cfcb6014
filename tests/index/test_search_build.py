"""The segment builder writes what Whoosh's own writer writes: the same terms, postings,
positions, statistics, lengths and stored fields, so search cannot tell the two apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage

from index.corpus import load_corpus
from index.model import Participant, Readout
from index.search.analysis import _WORD_RE, VALUE_SEPARATOR, columns, term_positions
from index.search.disk import stamped_schema
from index.search.equivalents import person_names
from index.search.schema import document
from index.search.store import stamp
from index.search.whoosh_internals import SegmentBuilder, commit_segments

ODD_TEXTS = [
    "",
    "   ",
    "Plain words, Twice twice TWICE.",
    "snake_case and CamelCase and 2024-05-01 and 3.14",
    "x" * 64 + " " + "y" * 65 + " after",
    "İstanbul ΟΔΟΣ Straße ǅemal ﬁne",  # lowercasing that changes length or depends on context
    "한일 외교장관 회담에서 아베 총리는",
    "ROK외교부 and 日本の外務大臣 met; 外",
    f"Kono Taro {VALUE_SEPARATOR} Kang Kyung-wha {VALUE_SEPARATOR} 강경화",
    f"{VALUE_SEPARATOR}{VALUE_SEPARATOR}only {VALUE_SEPARATOR}",
    "tab\tnewline\ncarriage\rnul\x00end",
    "Ministers Kangand Kono met inSingapore; theRepublicOfKorea, McCarthy, AstraZeneca",
    f"inSeoul {VALUE_SEPARATOR} Kangand {VALUE_SEPARATOR}{VALUE_SEPARATOR} İstanbulKang theΣKorea",
    "x" * 60 + "inSingaporeAndTheRepublic " + "ROK외교부 inSeoul",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_term_positions_are_the_tokenizers_terms_and_positions(text: str) -> None:
    terms, poss, _, _ = columns(text)
    assert term_positions(text) == (terms, poss)


TRICKY = "İIıiΣσςßẞǅǄⒶⓐﬁK\u0307\u0345_-'. 1٣Ⅻ외교外交カナ\x1e\n\t" + "aZ" * 5


@given(st.text(alphabet=TRICKY, max_size=80) | st.text(max_size=80))
def test_term_positions_agree_with_the_tokenizer_on_any_text(text: str) -> None:
    terms, poss, _, _ = columns(text)
    assert term_positions(text) == (terms, poss)


def test_lowercasing_one_character_never_changes_whether_it_is_a_word_character() -> None:
    # What lets term_positions lowercase a whole text before finding its words.
    for cp in range(0x110000):
        c = chr(cp)
        low = c.lower()
        if len(low) == 1 and not 0xD800 <= cp < 0xE000:
            assert (_WORD_RE.fullmatch(c) is None) == (_WORD_RE.fullmatch(low) is None), hex(cp)


def readouts() -> list[Readout]:
    """The seeds, plus variants that exercise every field: CJK text, several names and
    topics, no date, a long document (postings over several blocks)."""
    seeds = list(load_corpus().readouts)
    base = seeds[0]
    extra = [
        replace(base, id="cjk", title="外交", text=ODD_TEXTS[6] + "\n\n" + ODD_TEXTS[7]),
        replace(
            base,
            id="names",
            participants=(*base.participants, Participant("강경화", "ROK", "")),
            topics=("Dokdo", "Trade", "North Korea"),
            place="Seoul",
        ),
        replace(base, id="undated", meeting_date="", published="", text=ODD_TEXTS[5]),
        replace(base, id="empty", title="", text=""),
    ]
    copies = [replace(seeds[i % 5], id=f"copy-{i}") for i in range(300)]
    return seeds + extra + copies


def docs() -> list[dict[str, Any]]:
    known = person_names()
    out = []
    for r in readouts():
        doc = document(r, known)
        doc["stamp"] = stamp(r)
        out.append(doc)
    return out


def whoosh_index(folder: Path) -> Any:
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(stamped_schema(), indexname="v1")
    writer = ix.writer()
    for doc in docs():
        writer.add_document(**doc)
    writer.commit()
    return ix


def built_index(folder: Path) -> Any:
    folder.mkdir()
    storage = FileStorage(str(folder))
    ix = storage.create_index(stamped_schema(), indexname="v1")
    builder = SegmentBuilder(ix.schema, storage, "v1")
    for doc in docs():
        builder.add(doc)
    segment = builder.write()
    commit_segments(ix.writer(), [segment], merge=False)
    return ix


def postings(reader: Any, field: str, term: bytes) -> list[Any]:
    m = reader.postings(field, term)
    out = []
    while m.is_active():
        value = m.value_as("positions") if m.supports("positions") else None
        out.append((m.id(), m.weight(), value))
        m.next()
    return out


def block_stats(reader: Any, field: str, term: bytes) -> list[Any]:
    m = reader.postings(field, term)
    out = []
    while m.is_active():
        out.append((m.block_min_length(), m.block_max_length(), m.block_max_weight()))
        m.skip_to(m.block_max_id() + 1) if m.block_max_id() is not None else m.next()
    return out


def test_the_builder_writes_what_whoosh_writes(tmp_path: Path) -> None:
    a = whoosh_index(tmp_path / "whoosh").reader()
    b = built_index(tmp_path / "built").reader()
    assert b.doc_count() == a.doc_count() == len(readouts())
    assert list(b.all_stored_fields()) == list(a.all_stored_fields())
    terms = list(a.all_terms())
    assert list(b.all_terms()) == terms
    assert ("body", "外交".encode()) in terms
    assert ("minister", "강경".encode()) in terms and ("minister", "경화".encode()) in terms
    for field, term in terms:
        ia, ib = a.term_info(field, term), b.term_info(field, term)
        stats = ("weight", "doc_frequency", "min_length", "max_length", "max_weight",
                 "min_id", "max_id")  # fmt: skip
        assert [getattr(ib, s)() for s in stats] == [getattr(ia, s)() for s in stats], term
        assert postings(b, field, term) == postings(a, field, term), term
        assert block_stats(b, field, term) == block_stats(a, field, term), term
    for field in a.indexed_field_names():
        assert b.field_length(field) == a.field_length(field)
        if a.schema[field].scorable:
            assert b.max_field_length(field) == a.max_field_length(field)
        lengths = [a.doc_field_length(d, field) for d in range(a.doc_count_all())]
        assert [b.doc_field_length(d, field) for d in range(b.doc_count_all())] == lengths
    # A long posting list, over several blocks: "the" in every copy's body.
    assert a.doc_frequency("body", b"the") > 128


def test_search_finds_the_same_in_both(tmp_path: Path) -> None:
    a = whoosh_index(tmp_path / "whoosh")
    b = built_index(tmp_path / "built")
    from whoosh.qparser import QueryParser

    for text in ('"foreign minister"', "dokdo", "외교", "year:2018", "minister:kono"):
        field = "body" if ":" not in text else "id"
        query = QueryParser(field, a.schema).parse(text)
        with a.searcher() as sa, b.searcher() as sb:
            ra = [(h["id"], round(h.score, 5)) for h in sa.search(query, limit=None)]
            rb = [(h["id"], round(h.score, 5)) for h in sb.search(query, limit=None)]
        assert rb == ra, text


def test_boosts_are_refused(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path))
    ix = storage.create_index(stamped_schema(), indexname="v1")
    builder = SegmentBuilder(ix.schema, storage, "v1")
    with pytest.raises(ValueError, match="boosts"):
        builder.add({"id": "x", "body": "text", "_boost": 2.0})
