"""The property behind issue #27: a report whose visible content is wrong is never 通过 — whatever is hidden
beside it (a correct copy of the row, styled away or commented out), whatever HTML comment forms surround it,
and whatever invisible characters or markup are slipped into its labels and headings."""

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from gzcheck.checker import Checker
from gzcheck.result import Status
from gzcheck.testing import example_report

from .pages import render_html

ROWS = ["granted", "partially_granted"]
HIDE = ["style='display:none'", "hidden", "style='visibility:hidden'", "style='font-size:0'", "style='left:-9999px;position:absolute'"]
COMMENTS = ["<!-->", "<!--->", "<!-- x --!>", "<![CDATA[ x ]]>", "<!---->"]
INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202a", "\u202c", "\ufe00", "\u034f", "\u2062", "\u180e",
             "\u3164", "&#8203;", "&zwj;", "<span></span>", "<!---->", "<b></b>"]
LABELS = {"granted": "（一）予以公开", "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"}
_CHECKER: dict = {}


def check(page: str):
    return _CHECKER.setdefault("c", Checker()).check(page.encode("utf-8"), name="page.html")


def row_html(page: str, label: str) -> str:
    return re.search(rf"<tr><td colspan='3'><p>{re.escape(label)}</p></td>.*?</tr>", page).group()


def slip(text: str, data, what: list[str]) -> str:
    """``text`` with a few of ``what`` slipped between its characters."""
    chars = list(text)
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(1, len(chars) - 1))
        chars.insert(at, data.draw(st.sampled_from(what)))
    return "".join(chars)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_wrong_visible_row_is_never_passed(data):
    row = data.draw(st.sampled_from(ROWS))
    bump = data.draw(st.integers(1, 40))
    report = example_report("report-2021.json")
    right = row_html(render_html(report), LABELS[row])
    report["applications"]["natural_person"]["results"][row] += bump
    page = render_html(report)
    wrong = row_html(page, LABELS[row])
    shown = wrong.replace(LABELS[row], slip(LABELS[row], data, INVISIBLE))
    before = ""
    if data.draw(st.booleans()):
        before += right.replace("<tr>", f"<tr {data.draw(st.sampled_from(HIDE))}>", 1)
    if data.draw(st.booleans()):
        before += f"<!-- {right} -->"
    comment = data.draw(st.sampled_from(["", *COMMENTS]))
    page = page.replace(wrong, before + comment + shown)
    for heading in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        page = page.replace(heading, slip(heading, data, INVISIBLE), 1)
    result = check(page)
    assert result.status is not Status.PASS, [(f.code, f.message) for f in result.findings]
