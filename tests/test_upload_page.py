"""The upload page as a clerk uses it (issue #28, 3), in a real headless Chromium: findings errors first, each
naming its cell in the template's words and taking you to it and back (click or Enter); tables 三 and 四 drawn as
the template prints them; derived and unread cells marked; English everywhere in English mode; a phone's width.
Screenshots go to $GZCHECK_ARTIFACTS (else the test's folder)."""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import pytest

from gzcheck.testing import example_report

from .browser import CHROMIUM, Chromium
from .conftest import shared_path
from .serving import running_server

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="no chromium here: .ci/run installs Debian's chromium for this test")]

TOTAL = "/applications/total/results/total"
SCAN_SECONDS = 240
NOT_OURS = ".text, .why, [id^=section-], #lang, .where, .message"  # the report's own words, and language names


@pytest.fixture(scope="module")
def port():
    # OCR of a four-page scan takes ~10 s here, several times that on a busy CI runner: a budget that cannot bite
    with running_server(timeout=SCAN_SECONDS) as (port, _):
        yield port


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Chromium(tmp_path_factory.mktemp("profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("GZCHECK_ARTIFACTS") or tmp_path_factory.mktemp("screens"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def faulty_report() -> dict:
    """Our 2021 example with 表三 (七)总计/总计 off by 5 and one cell of table 四 unread (the sums derive it)."""
    report = example_report("report-2021.json")
    report["applications"]["total"]["results"]["total"] += 5
    report["review_and_litigation"]["administrative_review"]["upheld"] = None
    report["unread"] = ["/review_and_litigation/administrative_review/upheld"]
    return report


def address(port: int, data: bytes, name: str, lang: str = "zh") -> str:
    return f"http://127.0.0.1:{port}/#report={base64.b64encode(data).decode()}&name={name}&lang={lang}"


def visible_text(browser, leave_out: str = "") -> str:
    script = ("(function(){ var c = document.body.cloneNode(true);"
              + (f"c.querySelectorAll({json.dumps(leave_out)}).forEach(function(e){{ e.remove(); }});" if leave_out else "")
              + "document.body.appendChild(c); c.style.position='absolute'; var t = c.innerText; c.remove(); return t; })()")
    return browser.js(script)


def test_findings_name_their_cells_errors_first_and_take_you_there_and_back(browser, port, artifacts):
    data = json.dumps(faulty_report(), ensure_ascii=False).encode()
    browser.size(1280, 900)
    browser.open(address(port, data, "faulty.json"))
    text = visible_text(browser)
    assert "不通过" in text and not re.search(r"/applications|/review_and|/sections|\bnull\b|\bNone\b|undefined", text)
    levels = browser.js("Array.from(document.querySelectorAll('#findings .level')).map(function(e){ return e.textContent; })")
    assert levels == sorted(levels, key=["错误", "警告", "提示"].index) and levels[0] == "错误"
    wheres = browser.js("Array.from(document.querySelectorAll('#findings li')).map(function(li){"
                        " var w = li.querySelector('.where'); return [li.getAttribute('data-code'), w ? w.textContent : '']; })")
    cells = [where for code, where in wheres if code.startswith(("T3-", "T4-"))]
    assert cells and all(re.match(r"表[三四]「", where) for where in cells), cells
    assert any(where.startswith("表三「（七）总计」行「总计」列") for where in cells)
    # click the finding's link: the wrong cell, with its correct value, has the focus; Enter goes back
    target = browser.js("(function(){ var li = Array.from(document.querySelectorAll('#findings li')).find(function(li){"
                        " return (li.querySelector('.where')||{}).textContent.indexOf('表三「（七）总计」行「总计」列') === 0; });"
                        " var a = li.querySelector('a'); a.click(); return [li.id, a.getAttribute('data-target')]; })()")
    focused = browser.js("[document.activeElement.id, document.activeElement.className, document.activeElement.textContent,"
                         " document.activeElement.getAttribute('data-pointer')]")
    assert focused[0] == target[1] and "bad" in focused[1] and focused[3] == TOTAL
    correct = example_report("report-2021.json")["applications"]["total"]["results"]["total"]
    assert f"应为 {correct}" in focused[2]
    browser.press("Enter")
    assert browser.js("document.activeElement.id") == target[0]
    # the unread cell is derived from the sums and says so
    assert browser.js("document.getElementById('cell--review_and_litigation-administrative_review-upheld').className") == "derived"
    browser.screenshot(artifacts / "upload-page-faulty-cell.png")


def test_tables_are_drawn_as_the_template_prints_them(browser, port):
    for name, groups in (("report-2021.json", 8), ("report-2019.json", 8)):
        browser.open(address(port, json.dumps(example_report(name), ensure_ascii=False).encode(), name))
        spans = browser.js("(function(){ var out = {}; document.querySelectorAll('table th').forEach(function(th){"
                           " out[th.textContent] = [th.rowSpan, th.colSpan]; }); return out; })()")
        assert spans["申请人情况"] == [1, 7] and spans["法人或其他组织"] == [1, 5] and spans["自然人"] == [2, 1]
        assert spans["（三）不予公开"][0] == groups and spans["一、本年新收政府信息公开申请数量"] == [1, 3]
        assert spans["行政复议"] == [1, 5] and spans["行政诉讼"] == [1, 10] and spans["复议后起诉"] == [1, 5]
        results_rows = 22 if name == "report-2021.json" else 20  # (一)…(七), with the items of (三)–(六)
        assert spans["三、本年度办理结果"] == [results_rows, 1]
        assert browser.js("document.querySelectorAll('#table-applications tbody tr').length") == results_rows + 3


def test_english_is_english_everywhere_and_a_phone_needs_no_sideways_scrolling(browser, port, artifacts):
    data = json.dumps(faulty_report(), ensure_ascii=False).encode()
    browser.size(390, 844)
    browser.open(address(port, data, "faulty.json", "en"))
    text = visible_text(browser, NOT_OURS)
    assert "fail" in text and "(7) Total" in text
    assert not re.search(r"[\u4e00-\u9fff]", text), re.findall(r".{0,20}[\u4e00-\u9fff]+.{0,20}", text)[:5]
    wheres = browser.js("Array.from(document.querySelectorAll('#findings .where')).map(function(e){ return e.textContent; })")
    assert any(w.startswith("table 3, row '(7) Total', column 'Total'") for w in wheres)
    assert browser.js("document.documentElement.scrollWidth") <= 390
    browser.screenshot(artifacts / "upload-page-390px-en.png")
    browser.js("document.getElementById('lang').value = 'zh'; document.getElementById('lang').dispatchEvent(new Event('change'))")
    browser.wait("document.body.getAttribute('data-done') === '1' && document.documentElement.lang === 'zh-CN'")
    assert "不通过" in visible_text(browser) and "表三「（七）总计」行「总计」列" in visible_text(browser)


def test_spam_on_a_real_page_is_shown_in_its_text_with_its_explanation(browser, port, artifacts):
    seed = shared_path("seeds", "guangzhou-zwfw-2019-scraped.txt").read_bytes()
    browser.size(1280, 900)
    browser.open(address(port, seed, "seed.txt"))
    mark = browser.js("(function(){ var m = document.querySelector('mark'); return m ? [m.id, m.textContent,"
                      " m.nextSibling.textContent] : null; })()")
    assert mark and "SPAM-001" in mark[2] and "精品" in mark[1]
    where = browser.js("(function(){ var li = document.querySelector('#findings li[data-code=\"SPAM-001\"]');"
                       " li.querySelector('a').click(); return document.activeElement.id; })()")
    assert where == mark[0]
    assert "应为 130" in browser.js("document.getElementById('cell--applications-total-results-total').textContent")
    browser.screenshot(artifacts / "upload-page-seed.png")


def test_a_faulty_scanned_cell_is_shown_as_scanned_beside_its_finding(browser, port, artifacts):
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR (gzcheck[ocr], in the test extra) reads the scan")
    from .scans import SOFFICE, scanned_faulty_report

    if SOFFICE is None:
        pytest.skip("LibreOffice makes the scan's PDF")
    browser.size(1280, 900)
    browser.open(address(port, scanned_faulty_report(), "scan.pdf"), seconds=SCAN_SECONDS + 10)
    shown = browser.js("(function(){ var li = Array.from(document.querySelectorAll('#findings li')).find(function(li){"
                       " return li.getAttribute('data-code') === 'T3-001'; }); var img = li && li.querySelector('figure.original img');"
                       " return img ? [li.querySelector('.where').textContent, img.naturalWidth, img.naturalHeight, img.alt,"
                       " li.querySelector('figcaption').textContent] : null; })()")
    assert shown is not None, "the T3-001 finding shows no picture of its cell"
    where, width, height, alt, caption = shown
    assert where.startswith("表三「（七）总计」行「总计」列") and 20 < width <= 480 and 10 < height < 200
    assert caption == "原件此处" and alt.startswith("原件此处")
    browser.screenshot(artifacts / "upload-page-scanned-cell.png")


def test_a_report_by_url_is_checked_from_the_page_when_the_service_may_fetch(browser, port):
    from .site import running_site

    ready = "document.body && document.body.getAttribute('data-ready') === '1'"
    browser.open(f"http://127.0.0.1:{port}/", ready)
    assert browser.js("document.getElementById('url') === null")   # a service that may not fetch offers no URL field
    data = json.dumps(faulty_report(), ensure_ascii=False).encode()
    with running_site() as site, running_server(args=("--fetch-allow", "127.0.0.1")) as (fetching, _):
        url = site.add("/art/report.json", data, content_type="application/json")
        browser.open(f"http://127.0.0.1:{fetching}/", ready)
        accepted = browser.js("document.getElementById('file').accept")
        assert all(kind in accepted for kind in (".ofd", ".xlsx", ".png", ".pdf"))
        browser.js(f"(function(){{ document.getElementById('url').value = {json.dumps(url)};"
                   " document.querySelector('#form button[type=submit]').click(); return true; })()")
        browser.wait("document.body.getAttribute('data-done') === '1'")
        text = visible_text(browser)
    assert "不通过" in text and "表三「（七）总计」行「总计」列" in text
    assert [hit.path for hit in site.hits] == ["/art/report.json"]
