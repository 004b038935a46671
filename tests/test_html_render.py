"""The HTML renderer: any markup renders, and every character of page text points back at itself in the source."""

import pytest
from hypothesis import given, settings, strategies as st

from gzcheck.read.html_render import CELL, render_html

PIECES = st.sampled_from(["<p>", "</p>", "<div class='a>b'>", "</div>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>",
                          "<th colspan=2>", "<br/>", "<br>", "</br>", "<hr>", "<span style=\"x:'y'\">", "</span>",
                          "<script>var s='<td>1</td>';</script>", "<style>p{}</style>", "<!-- 注释 <td> -->", "<![CDATA[x]]>",
                          "<!DOCTYPE html>", "<title>标题</title>", "<head><title>T</title></head>", "<", ">", "&amp;", "&nbsp;",
                          "<td", "<div class='unterminated", "\r\n", "\n", "\t"])
TEXT = st.text(alphabet="一二三总计申请件0123456789 ab", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, TEXT), max_size=40))
def test_any_markup_renders_and_text_points_back_at_its_source(parts):
    source = "".join(parts)
    text, origin, title, _ = render_html(source)
    assert isinstance(text, str) and (title is None or isinstance(title, str))
    for i, ch in enumerate(text):
        if ch in "一二三总计申请件0123456789ab":
            assert source[origin.source(i)] == ch, (source, text, i)


def test_cells_rows_and_skipped_elements():
    text, _, title, _ = render_html("<head><title>年报</title></head><table><tr><td>自然人</td><td>1</td></tr>"
                                 "<tr><td>总计</td><td>&nbsp;</td></tr></table><script>document.write('x')</script><p>完</p>")
    assert title == "年报"
    assert text == f"\n\n{CELL}自然人{CELL}1\n\n{CELL}总计{CELL}\xa0\n\n\n完\n"


def test_a_value_after_an_entity_points_at_itself():
    source = "<td>&nbsp;&nbsp;128</td>"
    text, origin, _, _ = render_html(source)
    assert source[origin.source(text.index("128")):].startswith("128")


@pytest.mark.parametrize("unit", ["<a b", '<a b="', "<a b='", '<a b="<a', "<!", "<!--"])
def test_tags_that_never_close_render_in_linear_time(unit):
    render_html(unit * 80_000)   # was minutes for "<a b" (each "<" scanned to the end of the page)
