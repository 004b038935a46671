"""What the reader sees is what gets checked (issue #27, 1): content the page hides is never read as the
report (and is named), comments end where a browser ends them, a cell left open ends where HTML ends it, and
what buttons, text areas, SVG text, a select and an iframe show is read."""

import re

import pytest
from hypothesis import given, strategies as st

from gzcheck.checker import Checker
from gzcheck.read.html_render import markup_free_text, render_html as render, strip_markup
from gzcheck.result import Status
from gzcheck.testing import example_report

from .pages import render_html

_CHECKER: dict = {}


def checker() -> Checker:
    return _CHECKER.setdefault("c", Checker())


def faulty_page() -> tuple[str, str, str]:
    """The example as a page whose （一）予以公开 row is wrong, the row's HTML as printed, and a correct copy."""
    report = example_report("report-2021.json")
    good = render_html(report)
    report["applications"]["natural_person"]["results"]["granted"] += 5
    bad = render_html(report)
    row = lambda page: re.search(r"<tr><td colspan='3'><p>（一）予以公开</p></td>.*?</tr>", page).group()  # noqa: E731
    return bad, row(bad), row(good)


@pytest.mark.parametrize("hide", ["style='display:none'", 'style="visibility: hidden"', "hidden", "style='font-size:0px'",
                                  "class='gone'", "style='position:absolute;left:-9999px'"])
def test_a_hidden_copy_of_a_correct_row_before_the_visible_wrong_one_decides_nothing(hide):
    page, wrong, right = faulty_page()
    hidden_row = right.replace("<tr>", f"<tr {hide}>", 1)
    page = page.replace(wrong, hidden_row + wrong).replace("</head>", "<style>.gone{display:none}</style></head>")
    result = checker().check(page.encode("utf-8"), name="p.html")
    assert result.status is Status.FAIL
    assert any(f.code == "T3-001" and f.pointer == "/applications/natural_person/results/granted" for f in result.findings)
    assert any(f.code == "GZ-010" and "读者看不到" in f.message for f in result.findings)


def test_a_hidden_menu_is_not_said_to_be_hidden_report_content():
    page = faulty_page()[0].replace("</h1>", "</h1><ul style='display:none'><li>政府信息公开指南</li><li>政府信息公开制度</li>"
                                              "<li>2023年年报</li><li>2022年年报</li></ul>")
    result = checker().check(page.encode("utf-8"), name="p.html")
    assert not any("读者看不到" in f.message for f in result.findings)


@pytest.mark.parametrize("comment", ["<!-->", "<!--->", "<!-- x --!>", "<![CDATA[ x ]]>"])
def test_comments_end_where_a_browser_ends_them(comment):
    page, wrong, right = faulty_page()
    # a browser ends the comment at once: the wrong row after it is seen; the right one inside a real comment is not
    page = page.replace(wrong, f"{comment}{wrong}<!-- {right} -->")
    result = checker().check(page.encode("utf-8"), name="p.html")
    assert result.status is Status.FAIL
    assert any(f.pointer == "/applications/natural_person/results/granted" for f in result.findings)


def test_html5_comment_forms_render_as_a_browser_shows_them():
    assert render("a<!-->b")[0] == "ab"
    assert render("a<!--->b")[0] == "ab"
    assert render("a<!-- x --!>b")[0] == "ab"
    assert render("a<![CDATA[ x > y ]]>b")[0] == "a y ]]>b"  # a bogus comment, up to the first ">"


def test_a_cell_left_open_ends_at_the_next_cell_and_paragraphs_after_the_table_keep_their_lines():
    text = render("<table><tr><td>自然人<td>3<td>0</table><p>第一段</p><p>第二段</p>")[0]
    assert "第一段\n" in text and "\n第二段" in text
    assert text.count("\ue000") == 3


@pytest.mark.parametrize("markup, shown", [("<button>13</button>", "13"), ("<textarea>13</textarea>", "13"),
                                           ("<svg><text>13</text><title>7</title></svg>", "13"),
                                           ("<select><option>7</option><option selected>13</option></select>", "13"),
                                           ("<iframe srcdoc='&lt;p&gt;13&lt;/p&gt;'></iframe>", "13")])
def test_what_controls_and_embedded_documents_show_is_read(markup, shown):
    text = render(f"<table><tr><td>予以公开</td><td>{markup}</td></tr></table>")[0]
    assert text.split("\ue000")[-1].strip() == shown


def test_a_hidden_paragraph_does_not_make_section_five_say_something():
    report = example_report("report-2021.json")
    report["sections"]["problems_and_improvements"]["text"] = "无。"
    page = render_html(report).replace("<p>无。</p>", "<p>无。</p><div style='display:none'><p>存在的主要问题是政策解读不够深入，"
                                                       "改进措施是加强培训。</p></div>")
    result = checker().check(page.encode("utf-8"), name="p.html")
    assert any(f.code == "SEC-004" and f.severity == "error" for f in result.findings)


# -- an HTML5 parser as the oracle ---------------------------------------------------------------------------------

@given(st.lists(st.sampled_from(["&", "amp", ";", "#x6fb3", "#38", "lt", "<b>", "</b>", "<!--", "-->", "<br/>", "澳", "门",
                                  "\f", "<", ">", " ", "\n"]), max_size=30))
def test_the_quick_markup_free_text_is_exactly_the_one_with_offsets(pieces):
    source = "".join(pieces)
    assert markup_free_text(source) == strip_markup(source)[0]


html5lib = pytest.importorskip("html5lib", reason="html5lib (the test extra) is the oracle of what a browser shows")

from hypothesis import HealthCheck, settings  # noqa: E402

from gzcheck.read.html_render import _HIDING  # noqa: E402

_NOT_SHOWN = {"script", "style", "head", "title", "noscript", "template", "desc", "metadata"}


def oracle(source: str) -> list[str]:
    """The words a browser shows, from html5lib's tree (an HTML5 tokenizer and tree builder).

    Inline elements run together (<span>行</span><span>政</span> reads 行政); a block, a cell or a line break
    separates words."""
    text: list[str] = []

    def hidden(element) -> bool:
        return "hidden" in element.attrib or bool(_HIDING.search(element.attrib.get("style", "")))

    def walk(element) -> None:
        if isinstance(element.tag, str):
            tag = element.tag.rsplit("}", 1)[-1]
            separate = tag in _SEPARATE and tag not in _NOT_SHOWN and not hidden(element)  # no box, no break
            if separate:
                text.append(" ")
            if tag in _NOT_SHOWN or hidden(element):
                pass
            elif tag == "select":
                options = [o for o in element.iter() if isinstance(o.tag, str) and o.tag.endswith("option")]
                chosen = next((o for o in options if "selected" in o.attrib), options[0] if options else None)
                if chosen is not None:
                    text.append("".join(chosen.itertext()).strip())
            elif tag == "iframe":
                text.append(" ".join(oracle(element.attrib.get("srcdoc", ""))))
            else:
                text.append(element.text or "")
                for child in element:
                    walk(child)
            if separate:
                text.append(" ")
        text.append(element.tail or "")

    walk(html5lib.parse(source, namespaceHTMLElements=False))
    return "".join(text).split()


_SEPARATE = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
             "hr", "body", "html"}


def ours(source: str) -> list[str]:
    return render(source)[0].replace("\ue000", " ").split()


PIECES = ["<!-->", "<!--->", "<!-- 注释 --!>", "<!-- 注释 -->", "<![CDATA[ 甲 > 乙 ]]>", "<p style='display:none'>隐藏 12</p>",
          "<span hidden>藏 3</span>", "<div style='visibility:hidden'><p>不见 4</p></div>",
          "<table><tr><td>5<td>5.5</table>", "<button>6</button>",
          "<textarea>7 八</textarea>", "<select><option>9</option><option selected>10</option></select>", "<b>粗</b>", "文字",
          " 11 ", "<br>", "<p>段落</p>", "&amp;", "&#x6fb3;"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12), st.integers(0, 10**6))
def test_the_text_is_what_an_html5_browser_shows(pieces, seed):
    report = example_report(("report-2019.json", "report-2021.json")[seed % 2])
    page = render_html(report)
    at = page.index("</h1>") + 5
    page = page[:at] + "<div>" + "".join(pieces) + "</div>" + page[at:]
    assert ours(page) == oracle(page)


@pytest.mark.parametrize("order", ["right-then-wrong", "wrong-then-right"])
@pytest.mark.parametrize("form", ["html", "text"])
def test_a_row_printed_twice_with_different_numbers_is_an_error_never_a_silent_choice(order, form):
    page, wrong, right = faulty_page() if form == "html" else faulty_text()
    page = page.replace(wrong, right + wrong if order == "right-then-wrong" else wrong + right)
    result = checker().check(page.encode("utf-8"), name=f"p.{'html' if form == 'html' else 'txt'}")
    assert result.status is Status.FAIL
    twice = [f for f in result.findings if "印了两次" in f.message]
    assert len(twice) == 1 and twice[0].severity == "error" and "（一）予以公开" in twice[0].message


def test_a_row_printed_twice_alike_is_a_warning():
    report = example_report("report-2021.json")
    page = render_html(report)
    row = re.search(r"<tr><td colspan='3'><p>（一）予以公开</p></td>.*?</tr>", page).group()
    result = checker().check(page.replace(row, row + row).encode("utf-8"), name="p.html")
    assert result.status is not Status.FAIL
    assert [f.severity for f in result.findings if "印了两次" in f.message] == ["warning"]


def faulty_text() -> tuple[str, str, str]:
    from .pages import render_text

    report = example_report("report-2021.json")
    right = next(line for line in render_text(report, "rows").split("\n") if line.startswith("（一）予以公开"))
    report["applications"]["natural_person"]["results"]["granted"] += 5
    page = render_text(report, "rows")
    wrong = next(line for line in page.split("\n") if line.startswith("（一）予以公开"))
    return page, wrong + "\n", right + "\n"


def test_css_generated_content_is_read_where_it_shows():
    page = ("<style>.n::after{content:'13'} .c::before{content:\"\\31 4\"}</style>"
            "<table><tr><td>予以公开</td><td class='n'></td><td class='c'>0</td></tr></table>")
    assert render(page)[0].strip().split("\ue000") == ["", "予以公开", "13", "140"]
