"""PDF readouts: their text layer read, page furniture (running heads, page numbers) removed,
and their fields read as for any readout. The PDFs are written here by hand: a few objects, a
Helvetica font, one content stream per page, a cross-reference table."""

from __future__ import annotations

from pathlib import Path

from index.corpus import load_corpus, original_text


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show `pages`' lines, top to bottom, in Helvetica."""
    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "60 780 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


HEAD = "Ministry of Foreign Affairs of Japan - Press Release"
LEAD = [
    "Japan-ROK Foreign Ministers' Meeting",
    "",
    "On May 7, Mr. Taro Kono, Minister for Foreign Affairs, held talks with H.E. Dr. Kang",
    "Kyung-wha, Minister of Foreign Affairs of the Republic of Korea, in Tokyo.",
]


def test_a_pdf_readout_reads_as_text_without_its_page_furniture(tmp_path: Path) -> None:
    pages = [
        [HEAD, "May 8, 2018", *LEAD, "1. The two Ministers discussed North Korea.", "1"],
        [HEAD, "2. They agreed to promote people-to-people exchanges.", "- 2 -"],
        [HEAD, "3. They confirmed trilateral cooperation with the U.S.", "Page 3 of 3"],
    ]
    (tmp_path / "statement.pdf").write_bytes(make_pdf(pages))
    corpus = load_corpus([tmp_path])
    assert corpus.skipped == ()
    (r,) = corpus.readouts
    assert r.encoding == "pdf"
    assert HEAD not in r.text  # a running head, on every page
    assert "Page 3 of 3" not in r.text and "- 2 -" not in r.text
    assert "people-to-people exchanges" in r.text
    assert r.title == "Japan-ROK Foreign Ministers' Meeting"
    assert r.published == "2018-05-08"
    assert r.meeting_date == "2018-05-07"
    assert [(p.name, p.country) for p in r.participants] == [
        ("Taro Kono", "Japan"),
        ("Kang Kyung-wha", "ROK"),
    ]
    assert r.place == "Tokyo"
    assert "North Korea" in r.topics and "Trilateral cooperation" in r.topics
    assert "people-to-people exchanges" in original_text(r)


def test_a_two_page_pdf_loses_only_what_both_pages_repeat(tmp_path: Path) -> None:
    pages = [[HEAD, "May 8, 2018", *LEAD, "1"], [HEAD, "2. They discussed North Korea.", "2"]]
    (tmp_path / "two.pdf").write_bytes(make_pdf(pages))
    (r,) = load_corpus([tmp_path]).readouts
    assert HEAD not in r.text
    assert "in Tokyo." in r.text and "2. They discussed North Korea." in r.text
    assert r.published == "2018-05-08"


def test_a_one_page_pdf_keeps_its_lines(tmp_path: Path) -> None:
    """One page has no running head to compare with: only its page number goes."""
    (tmp_path / "one.pdf").write_bytes(make_pdf([[*LEAD, "12"]]))
    (r,) = load_corpus([tmp_path]).readouts
    assert r.text.startswith("On May 7, Mr. Taro Kono")
    assert not r.text.rstrip().endswith("12")


def test_pdfs_that_cannot_be_read_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[]]))  # a page with no text layer
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF at all\n")
    corpus = load_corpus([tmp_path])
    assert corpus.readouts == ()
    reasons = {Path(s.path).name: s.reason for s in corpus.skipped}
    assert reasons["scan.pdf"] == "PDF without a text layer (a scanned image?)"
    assert reasons["broken.pdf"].startswith("unreadable PDF")
