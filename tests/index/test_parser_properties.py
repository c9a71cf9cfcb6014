"""Property tests: any bytes or text, in any file, loads as a readout or a reported skip.

Hypothesis writes random bytes and random Unicode (combining marks, right-to-left scripts,
emoji, lone surrogates, NUL, escape sequences, markup-like brackets, fragments of real
readouts) to files, in the encodings documents come in, and loads them as a user would. No
exception may escape, nothing may vanish without a reason, and no field shown to a user may
hold a character a terminal would act on. The number of cases comes from the Hypothesis
profile (see tests/conftest.py): `HYPOTHESIS_PROFILE=long` for a longer run.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from index.corpus import load_corpus, original_text
from index.model import Corpus, RawDoc, Readout, Skip
from index.parse import parse_document
from index.sanitize import safe_text

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})?")
SUFFIXES = (".txt", ".md", ".html", ".htm", ".markdown", ".jsonl", "")


def unsafe(text: str) -> list[str]:
    """Characters a terminal would act on: C0 but newline and tab, DEL, C1, bidi controls."""
    return [
        repr(ch)
        for ch in text
        if (ord(ch) < 0x20 and ch not in "\n\t")
        or 0x7F <= ord(ch) <= 0x9F
        or ch in BIDI
        or 0xD800 <= ord(ch) <= 0xDFFF  # a lone surrogate cannot even be encoded for output
    ]


def assert_shown_fields_safe(r: Readout) -> None:
    """Every field the list, the reader and `show` display is plain, printable text."""
    one_line = [r.title, r.id, r.source, r.place, *r.topics]
    for p in (*r.participants, *r.attendees):
        one_line += [p.name, p.country, p.role]
    for value in one_line:
        assert unsafe(value) == [] and "\n" not in value, repr(value)
    assert r.title.strip(), "a readout always has a title to list"
    multi_line = [r.text, *(s.heading for s in r.sections)]
    multi_line += [p for s in r.sections for p in s.paragraphs]
    multi_line += [v for _, v in r.metadata] + [k for k, _ in r.metadata]
    for value in multi_line:
        assert unsafe(value) == [], repr(value)
    assert ISO_DATE.fullmatch(r.published) and ISO_DATE.fullmatch(r.meeting_date)
    assert re.fullmatch(r"[a-z0-9-]+", r.id), r.id


def assert_whole(corpus: Corpus) -> None:
    """Every readout is in exactly one meeting, and every skip says why."""
    in_meetings = sorted(x.id for m in corpus.meetings for x in m.readouts)
    assert in_meetings == sorted(r.id for r in corpus.readouts)
    assert len(set(in_meetings)) == len(in_meetings)
    for r in corpus.readouts:
        assert_shown_fields_safe(r)
    for s in corpus.skipped:
        assert s.reason.strip()


ORIGINALS: dict[str, str] = {}
"""The original text of each readout `load_one` loaded, read while its file still existed."""


def load_one(data: bytes, suffix: str) -> tuple[Corpus, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        corpus = load_corpus([folder])
        ORIGINALS.clear()
        ORIGINALS.update({r.id: original_text(r) for r in corpus.readouts})
    return corpus, str(path)


# --- strategies -------------------------------------------------------------------------------

FRAGMENTS = (
    # escape sequences and controls
    "\x1b[31;1m", "\x1b[2J\x1b[H", "\x1b]52;c;ZWNobyBwd25lZA==\x07", "\x1b]8;;https://x.example/\x1b\\",
    "\x1b]0;title", "\x1bP1$r\x1b\\", "\x1b", "\x07", "\x08", "\x00", "\x7f", "\x9b31m", "\x9d",
    "\x90", "\x85", "\x9c", "\r", "\r\n", "\t", "\x0b", "\x0c", "\x1c", "\u2028", "\u2029",
    "\ufeff", "\u202e", "\u202d", "\u2066", "\u200f", "\u061c", "\ufff9",
    # markup-like text
    "[bold]", "[/foo]", "[link=x]", "[@click=app.quit]", "[/]", "{#id}", "**", "__", "\\",
    # pieces of real readouts, so the structured readers run too
    "Japan-ROK Foreign Ministers' Meeting", "Japan-Republic of Korea Relations", "Press Releases",
    "Back to Japan-Republic of Korea Relations", "(Photo) Foreign Ministers", "May 13, 2011",
    "2018-01-16", "On March 19,",
    "Mr. Taro Kono, Minister for Foreign Affairs of Japan, held talks with H.E. Ms. Kang "
    "Kyung-wha, Minister of Foreign Affairs of the Republic of Korea, in Kyoto.",
    "(Attended from the Japanese side: Mr. Abe, Deputy Minister)", "1. (1) North Korea",
    "Takeshima", "Dokdo", "comfort women", "President Biden",
    "---\ntitle: T\ndate: 2020-01-01\n---\n",
    "# Heading\n", "<p>", "</p>", "<h1>Head</h1>", "<script>x()</script>", "&amp;", "&#27;",
    "&#x202e;", "&#0;", "\n", "\n\n", " ", "  ",
)  # fmt: skip

CHARACTERS = st.one_of(
    st.characters(codec="utf-8"),  # anything encodable, controls included
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),  # combining marks
    st.characters(min_codepoint=0x590, max_codepoint=0x6FF),  # Hebrew, Arabic
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.characters(min_codepoint=0xAC00, max_codepoint=0xAC40),  # Hangul
    st.sampled_from("\u200d\ufe0f\u0301\u05d0 \n.,()-:"),  # joiners, selectors, punctuation
)
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"])

TEXT = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARACTERS, max_size=40)), max_size=40
).map("".join)
TEXT_WITH_SURROGATES = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARACTERS, max_size=20), SURROGATES),
    max_size=40,
).map("".join)

BYTES = st.one_of(
    st.binary(max_size=2048),
    st.tuples(
        st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x89PNG\r\n\x1a\n"]),
        st.binary(max_size=2048),
    ).map(b"".join),
)


def _control_share(head: bytes) -> float:
    """The share of C0 controls and DEL in `head`, not counting tab, line breaks, form feed
    and ESC: above 5% a file is binary (`index.corpus.looks_binary`), not text."""
    text_controls = b"\t\n\x0b\x0c\r\x1b"
    controls = sum(1 for b in head if (b < 0x20 or b == 0x7F) and b not in text_controls)
    return controls / len(head) if head else 0.0


# --- properties -------------------------------------------------------------------------------


@given(data=BYTES, suffix=st.sampled_from(SUFFIXES))
@example(data=b"", suffix=".txt")
@example(data=b"\xff\xfe\x00", suffix=".txt")  # a BOM and half a UTF-16 character
@example(data=b"[" * 5000 + b"\n", suffix=".jsonl")
def test_any_bytes_become_readouts_or_reported_skips(data: bytes, suffix: str) -> None:
    corpus, path = load_one(data, suffix)
    assert_whole(corpus)
    if suffix == ".jsonl":
        # One readout or one skip per line that holds anything.
        lines = [ln for ln in data.split(b"\n") if ln.strip()]
        assert len(corpus.readouts) + len(corpus.skipped) == len(lines)
        for item in (*corpus.readouts, *corpus.skipped):
            assert item.path.startswith(f"{path}:")
    elif suffix == "":
        # Inside a folder, a file with no document suffix is not a document: passed over.
        assert corpus.readouts == () and corpus.skipped == ()
    else:
        assert len(corpus.readouts) + len(corpus.skipped) == 1
        assert [x.path for x in (*corpus.readouts, *corpus.skipped)] == [path]


@given(
    text=TEXT,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
@example(text="\x1b[31mRed\x1b[0m [bold]title[/bold]\n\nBody \u202eevil\u202c.", encoding="utf-8",
         suffix=".txt")  # fmt: skip
@example(text=" \n\u2028\x1c", encoding="utf-8", suffix=".txt")
@example(
    text="<title>&#27;[2J</title><p>&#x202e;evil &#x9d;x</p>", encoding="utf-8", suffix=".html"
)
def test_any_text_loads_whole_or_says_why(text: str, encoding: str, suffix: str) -> None:
    data = text.encode(encoding)
    corpus, path = load_one(data, suffix)
    if encoding == "utf-8" and text.startswith("\ufeff"):
        encoding, text = "utf-8-sig", text[1:]  # those first bytes are a byte-order mark
    assert_whole(corpus)
    if not data.strip():
        expected_skip = "empty file"
    elif encoding == "utf-8" and _control_share(data[:8192]) > 0.05:
        # Before the text is decoded: "\x1c" is a control byte, though str.strip() drops it.
        expected_skip = "binary file (mostly control bytes, not text)"
    elif not text.strip():
        expected_skip = "empty file"
    else:
        expected_skip = ""
    if expected_skip:
        assert corpus.readouts == ()
        assert [(s.path, s.reason) for s in corpus.skipped] == [(path, expected_skip)]
        return
    assert corpus.skipped == ()
    (r,) = corpus.readouts
    # Nothing lost in decoding: the original text is exactly what was written.
    assert ORIGINALS[r.id] == text
    assert r.encoding == encoding


@given(text=TEXT_WITH_SURROGATES, suffix=st.sampled_from([".txt", ".md"]))
def test_lone_surrogates_in_a_file_load_or_are_reported(text: str, suffix: str) -> None:
    # As a buggy encoder writes them: UTF-8 bytes for surrogates ("\xed\xa0\x80"), invalid UTF-8.
    corpus, path = load_one(text.encode("utf-8", "surrogatepass"), suffix)
    assert_whole(corpus)
    assert [x.path for x in (*corpus.readouts, *corpus.skipped)] == [path]


@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"text": TEXT_WITH_SURROGATES},
            optional={"title": TEXT_WITH_SURROGATES, "date": TEXT, "source_url": TEXT},
        ),
        min_size=1,
        max_size=5,
    )
)
def test_collection_lines_hold_anything_json_can(records: list[dict[str, str]]) -> None:
    # json.dumps escapes lone surrogates and NUL as \\udXXX and \\u0000: valid JSON lines.
    data = "".join(json.dumps(rec) + "\n" for rec in records).encode("ascii")
    corpus, path = load_one(data, ".jsonl")
    assert_whole(corpus)
    # Equal records are one readout that knows every line it is on.
    got: dict[str, Readout | Skip] = {at: r for r in corpus.readouts for at in r.locations}
    got.update((s.path, s) for s in corpus.skipped)
    assert sorted(got) == sorted(f"{path}:{n}" for n in range(1, len(records) + 1))
    assert len(got) == len(corpus.readouts) + len(corpus.skipped) + sum(
        len(r.paths) - 1 for r in corpus.readouts if r.paths
    )
    for n, rec in enumerate(records, start=1):
        item = got[f"{path}:{n}"]
        if not rec["text"].strip():
            assert getattr(item, "reason", None) == "empty text"
        else:
            assert isinstance(item, Readout)


@given(
    text=TEXT_WITH_SURROGATES,
    kind=st.sampled_from(["txt", "md", "html", "jsonl"]),
    meta=st.dictionaries(st.sampled_from(["title", "date", "url", "source_url", "x"]), TEXT),
    name=st.text(CHARACTERS, min_size=1, max_size=20).filter(lambda n: "/" not in n),
)
@example(text="May 1, 2020\n", kind="txt", meta={}, name="evil\x1b[2J\u202e.txt")
def test_the_parser_returns_a_safe_readout_for_any_text(
    text: str, kind: str, meta: dict[str, str], name: str
) -> None:
    r = parse_document(RawDoc(f"/corpus/{name}", text, kind, "utf-8", meta))
    # The id is given later, by `load_corpus` (see index.meetings).
    assert_shown_fields_safe(replace(r, id="provisional"))


PLAIN = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=["Cc", "Cs"],  # controls and surrogates
        exclude_characters="".join(BIDI) + "\ufff9\ufffa\ufffb",
    )
    | st.just("\n"),
)


@given(text=TEXT_WITH_SURROGATES, newlines=st.booleans())
@example(text="a\x9dkept \x90too\x1b]unterminated\nnext line", newlines=True)
def test_cleaning_leaves_nothing_a_terminal_acts_on(text: str, newlines: bool) -> None:
    cleaned = safe_text(text, newlines=newlines)
    assert unsafe(cleaned) == []
    assert "\t" not in cleaned
    assert newlines or "\n" not in cleaned
    assert safe_text(cleaned, newlines=newlines) == cleaned  # cleaning twice changes nothing


@given(text=PLAIN)
@example(text="[bold]x[/bold] [/foo] [link=x] [@click=app.quit] 한국 日本 عربى 😀 é")
def test_cleaning_keeps_every_character_of_plain_text(text: str) -> None:
    assert safe_text(text) == text
    assert safe_text(text, newlines=False) == text.replace("\n", " ")


def test_escape_sequences_read_as_the_characters_they_are() -> None:
    # A clipboard write and a hyperlink: every character kept, ESC and BEL drawn as pictures.
    assert safe_text("a\x1b]52;c;ZXZpbA==\x07b \x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\") == (
        "a␛]52;c;ZXZpbA==␇b ␛]8;;https://x␛\\link␛]8;;␛\\"
    )
    # A stray U+009D or U+0090 (mojibake of a quote, say) is a visible �, and costs nothing else.
    assert safe_text("“quoted\x9d and the rest\n\x90of the text") == (
        "“quoted� and the rest\n�of the text"
    )
    # Bidi controls are invisible reordering: they go. NUL, DEL and a lone CR are shown/broken.
    assert safe_text("\u202eevil\u202c x\x00y\x7fz\rnext") == "evil x␀y␡z\nnext"
