"""Citations and quotations: every field a reader needs, three formats, and no document text
that could act on a terminal or a clipboard."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from index.cite import FORMATS, Source, bibtex_key, cite, quotation, tex_escape
from index.corpus import load_corpus
from index.notes.keys import paragraphs
from tests.index.readouts import plain_readout


def _seed() -> Source:
    readout = load_corpus().readout("2018-01-16-mofa-japan-kono-kang")
    assert readout is not None
    return Source.of_readout(readout)


def test_plain_names_publisher_title_dates_file_and_paragraph() -> None:
    src = _seed()
    text = cite(src, 3)
    assert text.startswith('Ministry of Foreign Affairs of Japan, "')
    assert src.title in text and "meeting of 2018-01-16" in text
    assert f"published {src.published}" in text and "paragraph 3" in text
    assert text.endswith(f"File: {src.path}")
    assert "paragraph" not in cite(src)


def test_a_source_url_is_cited_instead_of_the_file() -> None:
    url = "https://www.mofa.go.jp/a_o/na/page4e_000001.html"
    readout = replace(plain_readout("r", "text"), metadata=(("source_url", url),), source="x")
    src = Source.of_readout(readout)
    assert cite(src).endswith(url) and "File:" not in cite(src)
    assert cite(src, 1, "markdown").endswith(f"<{url}>")
    assert "url = {" + url + "}" in cite(src, 1, "bibtex")


def test_markdown_escapes_what_markdown_would_read() -> None:
    src = replace(_seed(), title="*Talks* [on] `g7` #1")
    text = cite(src, 2, "markdown")
    assert r"*\*Talks\* \[on\] \`g7\` \#1*" in text


def test_bibtex_escapes_every_tex_special_and_stays_balanced() -> None:
    title = r"R&D: 100% of $5_000 {fund} #1 ^ ~ \ end"
    src = replace(_seed(), title=title, url="https://x.org/a b/{c}%zz")
    entry = cite(src, 4, "bibtex")
    assert tex_escape(title) in entry
    assert r"R\&D: 100\% of \$5\_000 \{fund\} \#1 \^{} \~{} \textbackslash{} end" in entry
    assert "url = {https://x.org/a%20b/%7Bc%7D%25zz}" in entry
    assert entry.startswith("@misc{" + bibtex_key(src, 4) + ",") and bibtex_key(src, 4).endswith(
        ":p4"
    )
    depth = 0
    for ch in re.sub(r"\\[{}]", "", entry):  # escaped braces do not count
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_control_character_from_a_document_reaches_a_citation(fmt: str) -> None:
    evil = "Talks\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\u202e\x9b31m"
    readout = replace(plain_readout("r\x1b[1m", "Para \x1b[31mred\x07 one.\n\nTwo."), title=evil)
    src = Source.of_readout(readout)
    para = paragraphs(readout)[0]
    text = quotation(para.text, cite(src, para.number, fmt), fmt)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", text), repr(text)
    shown = text.replace("\\", "")  # Markdown escapes the brackets
    assert "␛]52;c;" in shown and "␛[31mred␇" in shown  # shown as the characters they are


def test_quotation_formats() -> None:
    src = _seed()
    cited = cite(src, 1)
    assert quotation("He said\nso.", cited) == f"“He said so.”\n— {cited}"
    assert quotation("a *b*", cited, "markdown").startswith(r"> a \*b\*")
    with pytest.raises(ValueError, match="unknown citation format"):
        cite(src, 1, "apa")
