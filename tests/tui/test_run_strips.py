"""The list draws its rows from styled runs (`tui.run_strips.RunPainter`), not through
Textual's general `Content` path: every cell must be what that path draws for the same row
(`row_content`, the same runs as one `Content`), text and style, at any width: wide (CJK)
characters cut at the edge, the ellipsis, the hit highlights, the marks, the cursor row, the
dimmed badge of a side that did not match, and document text that looks like markup or holds
control characters.
"""

from __future__ import annotations

from rich.style import Style as RichStyle
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, Visual

from index.model import Meeting, Participant
from tests.tui.conftest import async_test
from tests.tui.test_meeting_list import SOURCES, ListApp, meeting, started
from tui.flow.marks import RowMarks
from tui.run_strips import RunPainter
from tui.widgets.meeting_list import MeetingList, Row
from tui.widgets.meeting_rows import row_content

TITLES = [
    "日韓外相会談（概要）" * 3,
    "한일 외교장관회담 결과",
    "Readout [/foo]\x07",
    "",
    "T" * 90,
]


def varied_rows() -> list[Row]:
    """Rows of every kind a list shows: long and short, Latin and CJK, with and without hits."""
    rows = []
    texts = [
        ("日韓外相会談、竹島および慰安婦問題について意見交換を行った。", ((9, 11),)),
        ("한일 외교장관회담에서 독도 문제와 일본군 위안부 피해자 문제를 논의했다.", ((11, 13),)),
        ("Ministers [/foo] saw \x1b[31mred\x1b[0m text, [b]markup[/b], at length.", ((4, 13),)),
        ("Short.", ()),
        ("x" * 300 + " Dokdo " + "y" * 50, ((301, 306),)),
    ]
    for i, (text, spans) in enumerate(texts):
        m = meeting(i, sources=SOURCES[:2], place=["済州", "Seoul", "", "Tokyo [bold]", ""][i])
        title = TITLES[i]
        m = Meeting(m.id, m.meeting_date, title, m.participants, m.place, m.readouts)
        rows.append(Row(m, m.readouts[1].id, (text, spans), (SOURCES[1],) if i % 2 else ()))
    plain = meeting(9)
    wide = Participant("김정은 Kim Jong Un", "", "")
    rows.append(Row(Meeting("w", "", "제목 " * 40, (wide,) * 3, "평양", plain.readouts)))
    return rows


def marks_of(meeting: Meeting) -> RowMarks:
    n = int(meeting.id[1:]) if meeting.id[1:].isdigit() else 7
    return RowMarks(unread=n % 2 == 0, marked=n % 3 == 0, tags=("japan", "#odd [tag]")[: n % 3])


def textual_drawn(listing: MeetingList, index: int, width: int) -> list[list[tuple[str, str]]]:
    """Row `index` as Textual's own `Content` path draws it: cells of (character, style)."""
    parts = ["meeting-list--row"]
    if index == listing.highlighted:
        parts.append("meeting-list--cursor")
    style = listing.get_visual_style(*parts)
    row = listing.rows[index]
    marks = listing.marks(row.meeting) if listing.marks else None
    visual = Padding(row_content(row, marks), listing.get_component_styles(parts[0]).padding)
    strips = Visual.to_strips(listing, visual, width, None, style)
    return [cells(strip.extend_cell_length(width, style.rich_style)) for strip in strips]


def cells(strip: Strip) -> list[tuple[str, str]]:
    return [(char, str(seg.style)) for seg in strip for char in seg.text]


@async_test
async def test_every_row_is_drawn_cell_for_cell_as_textual_draws_its_content() -> None:
    rows = varied_rows()
    for size in ((120, 30), (70, 30), (44, 30)):
        app = ListApp(rows)
        async with app.run_test(size=size) as pilot:
            await started(pilot)
            listing = app.list
            listing.marks = marks_of
            listing.refresh_marks()
            listing.highlighted = 1
            await pilot.pause()
            width = listing.scrollable_content_region.width
            y = 0
            for index in range(len(rows)):
                expected = textual_drawn(listing, index, width)
                for line in expected:
                    assert cells(listing.render_line(y)) == line, (size, index, y)
                    y += 1
            assert y == sum(2 if row.snippet else 1 for row in rows)


@async_test
async def test_runs_cut_with_an_ellipsis_in_the_style_of_the_run_cut() -> None:
    app = ListApp([])
    async with app.run_test(size=(60, 10)) as pilot:
        await started(pilot)
        painter = RunPainter()
        base = Style.parse("#e0e0e0 on #1e1e1e")
        runs = [("abc", ""), ("日本", "bold"), ("xyz", "italic")]
        for width, text in [
            (12, "abc日本xyz  "),
            (10, "abc日本xyz"),
            (9, "abc日本x…"),
            (8, "abc日本…"),  # the ellipsis in the style of the first run left out
            (7, "abc日 …"),  # a wide character cut in half: a blank where it was
            (6, "abc日…"),
            (4, "abc…"),
            (1, "…"),
            (0, ""),
        ]:
            strip = painter.strip(runs, width, base)
            assert strip.text == text, width
            assert strip.cell_length == width
        bold = painter.style(base, "bold")
        assert isinstance(bold, RichStyle) and bold.bold
        cut = painter.strip(runs, 7, base)
        assert [(s.text, bool(s.style.bold)) for s in cut] == [("abc", False), ("日 …", True)]
        assert [(s.text, s.style.italic) for s in painter.strip(runs, 8, base)][-1] == ("…", True)
        # Two blank cells first, the rest cropped to what is left.
        assert painter.strip(runs, 8, base, left=2).text == "  abc日…"
        # A style Textual cannot read is drawn in the base style, not an error.
        assert painter.strip([("odd", "$no-such-variable bold")], 5, base).text == "odd  "


def test_a_snippet_is_put_on_one_line_with_its_hits_where_they_were() -> None:
    from tui.widgets.meeting_rows import squeeze

    cases = [
        ("Kishida met Yoon in Tokyo.", [(0, 7), (12, 16), (20, 25), (30, 40)]),
        ("Kishida  met\nYoon\t in\u3000Tokyo.", [(0, 7), (13, 17), (22, 27)]),
        ("  lead and trail  ", [(2, 6), (11, 16)]),
    ]
    assert squeeze(*cases[0]) == (cases[0][0], [(0, 7), (12, 16), (20, 25)])  # (30, 40): out
    text, spans = squeeze(*cases[1])
    assert text == "Kishida met Yoon in Tokyo."
    assert [text[s:e] for s, e in spans] == ["Kishida", "Yoon", "Tokyo"]
    text, spans = squeeze(*cases[2])
    assert text == " lead and trail "
    assert [text[s:e] for s, e in spans] == ["lead", "trail"]
