"""A saved web page reads as its main text: a paragraph per block (blocks are set apart by a
blank line, as paragraphs are in the text files), no menus, scripts or markup."""

from __future__ import annotations

from index.html_text import html_to_text


def test_the_main_content_is_kept_and_the_furniture_around_it_goes() -> None:
    meta: dict[str, str] = {}
    text = html_to_text(
        "<!DOCTYPE html><html><head><title> Japan-ROK\n| MOFA </title>"
        "<script>var x = 'Back to top';</script><style>p {margin: 0}</style></head><body>"
        "<div id='header'>Ministry of Foreign Affairs</div>"
        "<nav><a href='/'>Home</a> &gt; Regions</nav>"
        "<div class='contents'><h1>Foreign Ministers&#8217; Meeting</h1>"
        "<ul class='sns-share'><li>Share</li></ul>"
        "<p>On January 16, the ministers met&nbsp;in Vancouver.</p>"
        "<!-- a comment -->"
        "<ol><li>First point<li>Second point</ol>"
        "<div class='breadcrumb'>Top &gt; Asia</div></div>"
        "<footer>Page top</footer></body></html>",
        meta,
    )
    assert text == (
        "Foreign Ministers’ Meeting\n\n"
        "On January 16, the ministers met in Vancouver.\n\n"
        "- First point\n\n"
        "- Second point"
    )
    assert meta == {"html_title": "Japan-ROK | MOFA"}


def test_a_page_without_a_marked_main_part_reads_whole() -> None:
    assert html_to_text("<p>One<p>Two<br>still two<div>Three</div>") == (
        "One\n\nTwo\nstill two\n\nThree"
    )
    # The classes of the page itself do not make it furniture (it read as nothing before).
    page = "<html class='nav-open'><body class='home has-sidebar'><p>Text.</p></body></html>"
    assert html_to_text(page) == "Text."
    page = "<body class='single-article'><div>Menu</div><main><p>The story.</p></main></body>"
    assert html_to_text(page) == "The story."


def test_table_rows_read_as_cells_joined_by_bars() -> None:
    text = html_to_text(
        "<main><table><tr><th>Item</th> <th>Amount</th></tr>\n"
        "<tr><td> Border </td><td>$297</td></tr><tr><td>Alone</td></tr>"
        "<tr><td><p>Bank fees:</p></td><td><p>$15.5 billion</p><br>(CFPB)</td></tr></table></main>"
    )
    # A row is one paragraph, even where its cells hold paragraphs or line breaks.
    assert text == ("Item | Amount\n\nBorder | $297\n\nAlone\n\nBank fees: | $15.5 billion (CFPB)")


def test_every_marked_main_part_is_kept_in_page_order() -> None:
    text = html_to_text(
        "<div>Menu</div><article><p>First story.</p><article>Inner.</article></article>"
        "<div>Ads</div><div role='main'>Second part.</div>"
    )
    assert text == "First story.\n\nInner.\nSecond part."


def test_a_main_part_without_text_is_passed_over() -> None:
    assert html_to_text("<main><img src='x.png'></main><p>The text.</p>") == "The text."


def test_deeply_nested_or_broken_markup_still_gives_its_text() -> None:
    deep = "<div>" * 5000 + "Deep text." + "</div>" * 5000
    assert html_to_text(deep) == "Deep text."
    assert html_to_text("<p>Unclosed <b>bold <i>both</b> text") == "Unclosed bold both text"
    assert html_to_text("") == ""
    assert html_to_text("Just words, no tags.") == "Just words, no tags."
