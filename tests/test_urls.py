"""Reports by URL, against a fixture site on 127.0.0.1 (tests/site.py): the verdict equals checking the same
bytes as a file, every fetch limit holds, attachments are checked with their page, cloaking is caught, and a
batch over a URL list is polite and resumable."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import time
from itertools import pairwise
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gzcheck.checker import Checker
from gzcheck.cli import main
from gzcheck.settings import Settings
from gzcheck.web.fetch import FetchError
from gzcheck.web.polite import Politeness, PoliteFetcher
from gzcheck.web.options import WebOptions
from gzcheck.web.published import Web

from .documents import docx_bytes, generate
from .pages import SECTION_HEADINGS, page_bytes
from .site import Route, running_site

pytest.importorskip("httpx", reason="httpx fetches the pages")

CHECKER = Checker()
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
SPAM = ("<div><a href='http://x.example/1'>澳门新葡京娱乐城</a> <a href='http://x.example/2'>百家乐在线赌博</a> "
        "<a href='http://x.example/3'>六合彩开奖直播</a> <a href='http://x.example/4'>真人视频老虎机</a></div>")


def reports(count: int, seed: int):
    rng = random.Random(seed)
    return [generate(rng) for _ in range(count)]


def outcome(result) -> tuple:
    """What a verdict consists of: its status and each finding's code, place and numbers."""
    return (result.status.value, sorted((f.code, f.pointer or "", str(f.expected), str(f.actual)) for f in result.findings
                                        if f.code != "GZ-010"))


def test_a_page_by_url_gets_the_verdict_of_the_same_bytes_as_a_file():
    made = reports(6, 1)
    with running_site() as site:
        for i, generated in enumerate(made):
            encoding = ("utf-8", "gbk", "gb18030")[i % 3]
            body = page_bytes(generated.report, "html", "simplified", encoding)
            url = site.add(f"/art/{i}.html", body, content_type=f"text/html; charset={encoding}")
            result = CHECKER.check(url)
            assert outcome(result) == outcome(CHECKER.check(body, name=f"{i}.html")), url
            assert (generated.faulty is None) == (result.status.value == "pass") or generated.narrative_wrong
            fetched = result.fetched
            assert fetched["uri"] == fetched["final_uri"] == url and fetched["status"] == 200
            assert fetched["sha256"] == hashlib.sha256(body).hexdigest() and STAMP.match(fetched["fetched_at"])
            assert result.report["source"]["uri"] == url and result.report["report_year"] == generated.report["report_year"]


def test_a_wrong_charset_header_is_overruled_by_the_page_and_said():
    generated = reports(1, 2)[0]
    body = page_bytes(generated.report, "html", "simplified", "gbk")
    bare = body.replace(b"<meta charset='gbk'>", b"")  # no meta tag: only the bytes tell
    with running_site() as site:
        for path, data, header in (("/a", body, "iso-8859-1"), ("/b", bare, "utf-8"), ("/c", bare, "gbk")):
            result = CHECKER.check(site.add(path, data, content_type=f"text/html; charset={header}"))
            assert outcome(result) == outcome(CHECKER.check(body, name="page.html")), path
            said = [f for f in result.findings if "服务器声明页面编码" in f.message]
            assert bool(said) == (header != "gbk"), path
            assert result.report["source"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_redirects_are_followed_and_recorded_up_to_a_limit():
    body = page_bytes(reports(1, 3)[0].report, "html", "simplified", "utf-8")
    with running_site() as site:
        final = site.add("/final.html", body)
        site.redirect("/r1", "/r2")
        site.redirect("/r2", final, status=301)
        result = CHECKER.check(site.url("/r1"))
        assert result.fetched["uri"] == site.url("/r1") and result.fetched["final_uri"] == final
        for i in range(8):
            site.redirect(f"/loop{i}", f"/loop{i + 1}")
        looped = CHECKER.check(site.url("/loop0"))
        assert looped.status.value == "error" and "重定向超过 5 次" in looped.findings[0].message
        site.redirect("/away", "file:///etc/passwd")
        away = CHECKER.check(site.url("/away"))
        assert away.status.value == "error" and "只能抓取 http 或 https" in away.findings[0].message
        missing = CHECKER.check(site.url("/nothing-here"))
        assert "页面不存在（HTTP 404）" in missing.findings[0].message


def quick(**options) -> Web:
    return Web(WebOptions(fetch_timeout=0.5, **options))


def test_every_limit_is_enforced_and_a_fetch_stops_by_itself():
    with running_site() as site:
        site.add("/slow", Route(b"<p>late</p>", delay=3))
        site.add("/endless", Route(endless=0))          # megabytes as fast as they go, for ever
        site.add("/drip", Route(endless=0.1))           # a byte every 0.1 s: never silent long enough to time out
        web = quick()
        for path, words in (("/slow", "超时"), ("/endless", "20 MB"), ("/drip", "1.5 秒")):
            started = time.monotonic()
            with pytest.raises(FetchError) as caught:
                web.get(site.url(path))
            assert words in caught.value.message, caught.value.message
            assert time.monotonic() - started < 10, path
        assert CHECKER.check("ftp://127.0.0.1/report.pdf").findings[0].message.startswith("只能抓取 http 或 https")


def text_page(report: dict, attachment: str, label: str) -> bytes:
    """The report's text as a page whose tables are 'in the attachment'."""
    parts = [f"<html><head><meta charset='utf-8'><title>{report['agency']}{report['report_year']}年政府信息公开工作年度报告</title></head><body>",
             f"<h1>{report['agency']}{report['report_year']}年政府信息公开工作年度报告</h1>"]
    for key, heading in SECTION_HEADINGS.items():
        parts += [f"<p><strong>{heading}</strong></p>", f"<p>{report['sections'][key].get('text') or ''}</p>"]
        if key in ("active_disclosure", "applications", "review_and_litigation"):
            parts.append("<p>具体数据见附件。</p>")
    parts.append(f"<p>附件：<a href='{attachment}'>{label}</a></p></body></html>")
    return "\n".join(parts).encode("utf-8")


def test_a_notice_page_is_checked_by_its_attached_report():
    pytest.importorskip("docx", reason="python-docx writes the attachment")
    made = next(m for m in reports(20, 4) if m.faulty)
    attachment = docx_bytes(made.report)
    notice = ("<html><head><meta charset='utf-8'></head><body><h1>关于公布2024年政府信息公开工作年度报告的通知</h1>"
              "<p>现将年度报告予以公布。</p><p>附件：<a href='/files/report.docx'>年度报告.docx</a> "
              "<a href='/files/photo.jpg'>照片</a></p></body></html>").encode()
    with running_site() as site:
        site.add("/files/report.docx", attachment, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        result = CHECKER.check(site.add("/notice.html", notice))
        assert outcome(result) == outcome(CHECKER.check(attachment, name="report.docx"))
        roles = [f["role"] for f in result.report["source"]["fetches"]]
        assert roles == ["page", "attachment"]
        said = " ".join(f.message for f in result.findings if f.code == "GZ-010")
        assert "检查的是页面附件「年度报告.docx」" in said


def test_a_page_with_its_tables_in_an_attached_workbook_is_checked_as_one():
    pytest.importorskip("xlsxwriter", reason="XlsxWriter writes the attachment")
    from .workbooks import xlsx_bytes

    made = next(m for m in reports(20, 5) if m.faulty and not m.narrative_wrong)
    workbook = xlsx_bytes(made.report, random.Random(1))
    page = text_page(made.report, "/u/tables.xlsx", "统计表.xlsx")
    with running_site() as site:
        site.add("/u/tables.xlsx", workbook, content_type="application/octet-stream")
        result = CHECKER.check(site.add("/report.html", page))
    local = CHECKER.check(page, name="report.html", tables=workbook, tables_name="tables.xlsx")
    assert outcome(result) == outcome(local) and result.status.value == "fail"
    assert any(f.code == "T3-001" for f in result.findings) and not any(f.code == "SEC-001" for f in result.findings)


def test_spam_shown_only_to_a_crawler_is_caught_with_both_fetches_as_evidence(tmp_path, capsys):
    made = next(m for m in reports(20, 6) if not m.faulty and not m.narrative_wrong)
    page = page_bytes(made.report, "html", "simplified", "utf-8")
    cloaked = page.replace(b"</body>", SPAM.encode() + b"</body>")
    with running_site() as site:
        url = site.add("/cloaked.html", Route(page, for_crawler=cloaked))
        honest = site.add("/honest.html", page)
        assert main(["check", url, "--format", "json"]) == 0   # a visitor sees a clean page
        capsys.readouterr()
        assert main(["check", url, "--as-crawler", "--format", "json", "--save", str(tmp_path)]) == 1
        document = json.loads(capsys.readouterr().out)["reports"][0]
        spam = [f for f in document["findings"] if f["code"] == "SPAM-001"]
        assert spam and "只向搜索引擎爬虫显示" in spam[0]["message"]
        evidence = spam[0]["details"]
        assert evidence["visitor_fetch"]["sha256"] == hashlib.sha256(page).hexdigest()
        assert evidence["crawler_fetch"]["sha256"] == hashlib.sha256(cloaked).hexdigest()
        assert "Baiduspider" in evidence["crawler_fetch"]["user_agent"] and "baidu.com" in evidence["crawler_fetch"]["referer"]
        assert "/source" not in spam[0]["where"]   # a person reads where, never a JSON Pointer
        assert any("Baiduspider" in hit.user_agent for hit in site.hits_of("/cloaked.html"))
        assert main(["check", honest, "--as-crawler"]) == 0   # the same page for both: nothing to report
        capsys.readouterr()
    kept = {p.name for p in tmp_path.iterdir()}
    assert f"{hashlib.sha256(page).hexdigest()}.html" in kept and f"{hashlib.sha256(cloaked).hexdigest()}.html" in kept
    records = [json.loads(line) for line in (tmp_path / "fetched.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["uri"] for r in records] == [url, url] and all(STAMP.match(r["fetched_at"]) for r in records)


def test_extract_by_url_keeps_where_and_when_it_was_fetched(tmp_path, capsys):
    made = reports(1, 7)[0]
    body = page_bytes(made.report, "html", "simplified", "gbk")
    with running_site() as site:
        url = site.add("/x.html", body, content_type="text/html; charset=gbk")
        assert main(["extract", url, "-o", str(tmp_path / "x.json"), "--save", str(tmp_path / "kept")]) == 0
    extracted = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    fetch = extracted["source"]["fetches"][0]
    assert fetch["uri"] == url and fetch["sha256"] == hashlib.sha256(body).hexdigest()
    saved = tmp_path / "kept" / f"{fetch['sha256']}.html"
    assert saved.read_bytes() == body
    # the saved extraction is valid against the schema and checks as the page does
    assert outcome(CHECKER.check(extracted)) == outcome(CHECKER.check(saved))


def test_a_batch_over_a_url_list_is_polite_and_resumable(tmp_path):
    made = reports(4, 8)
    with running_site() as site:
        urls = [site.add(f"/r/{i}.html", page_bytes(m.report, "html", "simplified", "utf-8")) for i, m in enumerate(made)]
        site.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        private = site.add("/private/r.html", page_bytes(made[0].report, "html", "simplified", "utf-8"))
        flaky = site.add("/flaky.html", Route(page_bytes(made[1].report, "html", "simplified", "utf-8"), failures=2, retry_after="0"))
        listing = tmp_path / "urls.txt"
        listing.write_text("\n".join(["# 2024 年报", *urls, private, flaky, "ftp://127.0.0.1/x.pdf", site.url("/gone.html")]) + "\n",
                           encoding="utf-8")
        out = tmp_path / "out"
        args = ["batch", "--urls", str(listing), "--output", str(out), "--jobs", "2", "--per-host", "2", "--delay", "0.2"]
        code = main(args)
        rows = {row["文件"]: row for row in csv.DictReader(open(out / "summary.csv", encoding="utf-8-sig"))}
        assert code == 4 and len(rows) == 8
        assert "robots.txt" in rows[private]["原因"] and "HTTP 404" in rows[site.url("/gone.html")]["原因"]
        assert "http 或 https" in rows["ftp://127.0.0.1/x.pdf"]["原因"]
        assert rows[flaky]["结论"] != "出错" and len(site.hits_of("/flaky.html")) == 3   # two 503s, then the page
        for url, generated in zip(urls, made, strict=True):
            local = CHECKER.check(page_bytes(generated.report, "html", "simplified", "utf-8"), name="x.html")
            assert rows[url]["结论"] == {"pass": "通过", "fail": "不通过", "error": "出错"}[local.status.value]
            assert rows[url]["SHA-256"] and rows[url]["最终地址"] == url and STAMP.match(rows[url]["抓取时间"])
        assert not site.hits_of("/private/r.html")
        assert site.most_active <= 2
        starts = sorted(hit.at for hit in site.hits)
        gaps = [round(b - a, 3) for a, b in pairwise(starts)]
        # one host: its requests started 0.2 s apart (when they arrive jitters on a busy machine, the span does not)
        assert starts[-1] - starts[0] >= 0.2 * len(gaps) - 0.05 and min(gaps) >= 0.1, gaps
        fetched = len(site.hits)
        assert main(args) == 4   # again: resumed from what was kept, nothing fetched twice
        assert len(site.hits) == fetched + 1   # only the 404, which was not kept


def test_retries_back_off_and_honour_retry_after():
    waits: list[float] = []
    with running_site() as site:
        url = site.add("/busy", Route(b"<p>ok</p>", failures=3))
        fetcher = PoliteFetcher(quick(), Politeness(delay=0, robots=False, backoff=1.5), sleep=waits.append)
        assert fetcher.get(url).data == b"<p>ok</p>"
        assert waits == [1.5, 3.0, 6.0]
        site.add("/later", Route(b"<p>ok</p>", failures=1, retry_after="7"))
        waits.clear()
        fetcher.get(site.url("/later"))
        assert waits == [7.0]
        site.add("/down", Route(b"", failures=10))
        with pytest.raises(FetchError):
            fetcher.get(site.url("/down"))


def test_the_gate_fetches_only_from_its_allow_list(tmp_path):
    pytest.importorskip("starlette", reason="the HTTP gate")
    from starlette.testclient import TestClient

    from gzcheck.server.app import ServerOptions, create_app

    body = page_bytes(reports(1, 9)[0].report, "html", "simplified", "utf-8")
    with running_site() as site:
        url = site.add("/p.html", body)
        site.redirect("/out", "http://localhost:1/admin")
        closed = create_app(ServerOptions(Settings(), workers=1))
        with TestClient(closed) as client:
            answer = client.post("/api/v1/check", params={"url": url})
            assert answer.status_code == 403 and "--fetch-allow" in answer.json()["error"]
        allowed = create_app(ServerOptions(replace(Settings(), web=WebOptions(allow=("127.0.0.1",))), workers=1))
        with TestClient(allowed) as client:
            answer = client.post("/api/v1/check", params={"url": url})
            assert answer.status_code == 200 and answer.json()["reports"][0]["fetched"]["final_uri"] == url
            local = CHECKER.check(body, name="p.html")
            assert answer.json()["reports"][0]["status"] == local.status.value
            away = client.post("/api/v1/check", params={"url": site.url("/out")}).json()["reports"][0]
            assert away["status"] == "error" and "未允许抓取 localhost" in away["findings"][0]["message"]
            elsewhere = client.post("/api/v1/check", params={"url": "http://10.0.0.1/x"}).json()["reports"][0]
            assert "未允许抓取 10.0.0.1" in elsewhere["findings"][0]["message"]
            assert client.post("/api/v1/check", params={"url": "/etc/passwd"}).status_code == 400


def test_the_text_output_says_when_and_from_where_a_page_was_fetched(capsys):
    from gzcheck.testing import example_report

    report = json.dumps(example_report("report-2021.json"), ensure_ascii=False).encode()
    body = page_bytes(reports(1, 10)[0].report, "html", "simplified", "utf-8")
    with running_site() as site:
        site.add("/view.jsp", body)   # the name says nothing: the bytes do
        site.add("/api/report", report, content_type="application/json")
        site.redirect("/go", "/view.jsp?id=5")
        main(["check", site.url("/go")])
        out = capsys.readouterr().out
        assert re.search(r"抓取于 \d{4}-\d\d-\d\dT[\d:]+Z（UTC），重定向到 http://127\.0\.0\.1:\d+/view\.jsp\?id=5，SHA-256 [0-9a-f]{64}", out), out
        assert main(["check", site.url("/api/report"), "--lang", "en"]) == 0
        assert "fetched " in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["pdf", "ofd"])
def test_an_attached_pdf_or_ofd_gets_the_verdict_of_the_file(kind):
    from pathlib import Path

    pdf = (Path(__file__).parent / "data" / "documents" / "generated-1.pdf").read_bytes()
    if kind == "ofd":
        from .ofds import pdf_to_ofd

        data = pdf_to_ofd(pdf)
    else:
        data = pdf
    notice = (f"<html><head><meta charset='utf-8'></head><body><p>现将年度报告予以公布。</p>"
              f"<p>附件：<a href='/files/年度报告.{kind}'>年度报告</a></p></body></html>").encode()
    with running_site() as site:
        site.add(f"/files/年度报告.{kind}", data, content_type="application/octet-stream")
        result = CHECKER.check(site.add("/notice.html", notice))
    assert outcome(result) == outcome(CHECKER.check(data, name=f"report.{kind}"))
    assert result.report["source"]["fetches"][1]["sha256"] == hashlib.sha256(data).hexdigest()


def test_malformed_or_unreachable_addresses_are_clear_errors_without_their_credentials():
    import socket

    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    for url, words in (("http://", "没有主机名"), ("http://[::1", "地址格式不对"), ("http://127.0.0.1:99999/", "地址格式不对"),
                       (f"http://user:secret@127.0.0.1:{closed}/x", "连接被拒绝")):
        result = CHECKER.check(url)
        message = result.findings[0].message
        assert result.status.value == "error" and not result.crashed and words in message, (url, message)
        assert "secret" not in message


def test_a_batch_as_a_crawler_catches_cloaking_from_what_it_kept(tmp_path):
    made = next(m for m in reports(20, 6) if not m.faulty and not m.narrative_wrong)
    page = page_bytes(made.report, "html", "simplified", "utf-8")
    with running_site() as site:
        cloaked = site.add("/c.html", Route(page, for_crawler=page.replace(b"</body>", SPAM.encode() + b"</body>")))
        honest = site.add("/h.html", page)
        (tmp_path / "urls.txt").write_text(f"{cloaked}\n{honest}\n", encoding="utf-8")
        code = main(["batch", "--urls", str(tmp_path / "urls.txt"), "--as-crawler", "--output", str(tmp_path / "out"),
                     "--jobs", "1", "--delay", "0"])
        crawled = [hit.path for hit in site.hits if "Baiduspider" in hit.user_agent]
    rows = {row["文件"]: row for row in csv.DictReader(open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig"))}
    assert code == 1 and "SPAM-001" in rows[cloaked]["主要问题"] and "SPAM-001" not in rows[honest]["主要问题"]
    assert sorted(crawled) == ["/c.html", "/h.html"]   # fetched as a crawler once each, then checked from what was kept


REAL = ["seeds/guangzhou-zwfw-2019-scraped.txt", "corpus/reports/001-pingtan-2019-zone.txt", "corpus/reports/008-shanghai-2019-govoffice.html",
        "corpus/reports/016-shuyang-fgj-2023-county-dept.html", "corpus/reports/009-huaian-2024-city.pdf",
        "corpus/reports/011-hongze-2023-district.pdf"]


@pytest.mark.parametrize("name", REAL)
def test_a_real_report_by_url_gets_the_verdict_of_the_file(name):
    from .conftest import shared_path

    path = shared_path(*name.split("/"))
    data = path.read_bytes()
    kind = {"html": "text/html", "txt": "text/plain", "pdf": "application/pdf"}[path.suffix.lstrip(".")]
    with running_site() as site:
        result = CHECKER.check(site.add(f"/real/{path.name}", data, content_type=kind))
    local = CHECKER.check(path)
    assert outcome(result) == outcome(local) and result.unverified == local.unverified, name
    assert result.fetched["sha256"] == hashlib.sha256(data).hexdigest()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=3000), kind=st.sampled_from(["text/html", "text/html; charset=gbk", "application/pdf",
                                                             "text/plain; charset=big5", "application/octet-stream", ""]))
def test_whatever_a_site_serves_gives_a_verdict_or_a_clear_error(site, body, kind):
    url = site.add("/any", body, content_type=kind)
    result = CHECKER.check(url)
    assert not result.crashed and result.status.value in ("pass", "fail", "error")
    assert outcome(result) == outcome(CHECKER.check(body, name="any")) or not body.strip()


@pytest.fixture(scope="module")
def site():
    with running_site() as running:
        yield running


def test_a_site_that_cannot_be_reached_is_not_tried_again_for_each_of_its_urls():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    waits: list[float] = []
    fetcher = PoliteFetcher(quick(), Politeness(delay=0, robots=False, backoff=1.0), sleep=waits.append)
    failures = fetcher.fetch_all([f"http://127.0.0.1:{closed}/{i}.html" for i in range(5)])
    # the two URLs in flight at once retry (1 + 2 + 4 s of back-off at most each); the other three fail at once
    assert len(failures) == 5 and len(waits) <= 6 and set(waits) <= {1.0, 2.0, 4.0}
    assert all("连接被拒绝" in exc.message for exc in failures.values())
    assert sum("未再尝试" in exc.message for exc in failures.values()) >= 3


def test_looking_for_attachments_is_linear_in_any_page():
    """Links are looked for outside the per-file budget (after the fetch): a page of unclosed tags must not
    make it quadratic (3 MB of '<a ' took 9 s with a pattern that rescanned up to the next '>' each time)."""
    from gzcheck.web.attachments import attachment_links

    for page in ("<a " * 1_000_000, "<a href=x" * 400_000):
        started = time.monotonic()
        assert attachment_links(page, "http://127.0.0.1/") == []
        assert time.monotonic() - started < 1.5
    page = "<p>附件：<a href='/f/年度报告.pdf'><span>2024年度报告</span></a></p>"
    assert attachment_links(page, "http://127.0.0.1/a/b.html") == [("http://127.0.0.1/f/年度报告.pdf", "2024年度报告")]


def test_a_url_list_that_is_not_a_list_is_a_clear_usage_error(tmp_path, capsys):
    for listing in ("/dev/zero", str(tmp_path / "none.txt")):
        assert main(["batch", "--urls", listing, "--output", str(tmp_path / "out")]) == 2
        assert "无法读取网址列表" in capsys.readouterr().err
    (tmp_path / "gbk.txt").write_bytes("http://127.0.0.1/年报.html\n".encode("gbk"))
    assert main(["batch", "--urls", str(tmp_path / "gbk.txt"), "--output", str(tmp_path / "out")]) == 2
    assert "不是 UTF-8" in capsys.readouterr().err
