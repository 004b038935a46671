"""Extract a canonical report (MODEL.md) from a scraped page, with provenance."""

from __future__ import annotations

import bisect
import hashlib
import operator
import re
from dataclasses import replace
from decimal import Decimal
from html import unescape
from typing import Any, Sequence

from gzcheck.errors import InputError, NotAReport
from gzcheck.extraction import structure
from gzcheck.extraction.glued import pin_table2
from gzcheck.extraction.labels import fuzzy
from gzcheck.extraction.rows import EXTRACT_CODE, TABLE_NOT_PLACED, UNREADABLE_CODE, Reading
from gzcheck.extraction.table2 import read_table2
from gzcheck.extraction.table4 import read_table4
from gzcheck.extraction.tables import read_table3
from gzcheck.finding import Finding, Severity
from gzcheck.model.template import TABLE_KEYS, section_headings, template
from gzcheck.model.unknowns import STATUS_DERIVED, derive
from gzcheck.normalize import same_length_fold, simplify
from gzcheck.read.decoding import decode_page
from gzcheck.read.hidden import Note, hidden_notes, holds_report_content
from gzcheck.read.page import Page

_2021_MARKS = re.compile(r"本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|逾期不补正|本年收费金额")
_2019_MARKS = re.compile(r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|采购总金额|采购项目数量")
_2021_TABLE3 = re.compile(fuzzy("逾期不补正") + "|" + fuzzy("逾期未按收费通知要求缴纳费用"))   # rows only 2021's table 三 has
_2019_TABLE2 = re.compile("|".join(fuzzy(w) for w in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量")))
_TABLE3_MARK = re.compile(r"本年新收政府信息公开申请数量|本列数据的勾稽关系")


def extract_document(page: Page, data: bytes, uri: str | None, notes: Sequence[Note] = (),
                     exclude: Sequence[tuple[int, int]] = ()) -> tuple[dict, list[Finding]]:
    """Extract a report from a Word or PDF document already rendered to a page; ``notes`` are what reading
    the file noticed, kept as GZ-010 notes."""
    report, findings = extract_page(page, exclude)
    report["source"] = {"uri": uri, "media_type": page.media_type, "sha256": hashlib.sha256(data).hexdigest(),
                        "encoding": None, "script": _script(page), "text": page.source}
    findings += [_finding(severity, None, zh, en, line) for severity, zh, en, line in notes]
    report["source"]["notes"] = as_notes(findings)
    return report, findings


def extract_bytes(data: bytes, uri: str | None = None, media_type: str | None = None,
                  exclude: Sequence[tuple[int, int]] = ()) -> tuple[dict, list[Finding]]:
    """Extract a report; ``exclude`` lists spans of the decoded page (spam) to leave out of the section texts."""
    decoded = decode_page(data)
    text, pictures = decoded.text, 0
    if media_type in (None, "text/html") and not exclude:
        from gzcheck.read.page_pictures import with_pictures_read

        read = with_pictures_read(text, uri)  # tables printed as pictures: read with OCR in their place
        if read is not None:
            text, pictures = read
    page = Page.from_source(text, media_type)
    report, findings = extract_page(page, exclude)
    if pictures:
        findings.append(_finding("info", None, f"页面中有 {pictures} 张图片里的表格或文字是用文字识别（OCR）读出的，识别没把握的数字按未能读取处理",
                                 f"the text (tables) of {pictures} picture(s) in the page was read with OCR; digits it was "
                                 f"not sure of are unknown"))
    report["source"] = {
        "uri": uri, "media_type": page.media_type, "sha256": hashlib.sha256(data).hexdigest(),
        "encoding": decoded.encoding, "script": _script(page), "text": page.source,
    }
    if decoded.mojibake:
        findings.append(_finding("warning", None, f"页面有 {decoded.mojibake} 处乱码（编码为 {decoded.encoding}），相关内容可能读错",
                                 f"{decoded.mojibake} garbled sequences in the page (encoding {decoded.encoding}); values near them may be wrong"))
    report["source"]["notes"] = as_notes(findings)
    return report, findings


def _finding(severity: str, ptr: str | None, zh: str, en: str, line: int | None = None) -> Finding:
    return Finding(code=EXTRACT_CODE, rule="extraction", severity=Severity(severity), pointer=ptr, message=zh, message_en=en, line=line)


_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def _script(page: Page) -> str:
    """"traditional" when more than 3% of the page's Chinese characters (the first 5,000 tell) change in
    simplified script."""
    text = _NOT_CJK.sub("", page.text[:40000])[:5000]
    simple = simplify(text)
    changed = sum(map(operator.ne, text, simple)) if len(simple) == len(text) else abs(len(simple) - len(text))
    return "traditional" if text and changed / len(text) > 0.03 else "simplified"


def extract_page(page: Page, exclude: Sequence[tuple[int, int]] = ()) -> tuple[dict, list[Finding]]:
    folded = page.folded
    reading = Reading(page)
    title, title_at = structure.find_title(page)
    folded_title = same_length_fold(title) if title else None
    headings = structure.find_sections(page)
    year = structure.year_of(folded_title, folded)
    version = _template_version(folded, year)
    has_table3 = bool(_TABLE3_MARK.search(folded))
    if not headings and not has_table3:
        if year is not None and year < 2019:
            raise InputError(f"这是{year}年度的报告，采用2019年以前的旧格式，不在检查范围内",
                             f"a {year} report in the pre-2019 format, which gzcheck does not check")
        raise NotAReport("不是年报：页面不像政府信息公开工作年度报告（找不到六个部分的标题，也找不到统计表）",
                         "not a report: the page does not look like an annual report (no section headings and no tables)")
    if version is None and not has_table3 and year is None:
        raise _not_a_report()  # no table, no template, no year: a document about reports, not one
    if version is None:
        raise InputError("无法判断报告采用的格式（2019年或2021年格式）：表格标签和统计年度都找不到",
                         "cannot tell the template (2019 or 2021): no table labels and no statistical year")
    if year is None:
        year = 2020 if version == "2019" else 2021
        reading.findings.append(_finding("warning", "/report_year", f"找不到统计年度，按格式暂定为 {year}",
                                         f"no statistical year found; assumed {year} from the template"))
    elif year < 2019:
        raise InputError(f"这是{year}年度的报告，采用2019年以前的旧格式，不在检查范围内",
                         f"a {year} report in the pre-2019 format, which gzcheck does not check")

    bounds = {h.key: h for h in headings}
    report: dict[str, Any] = {
        "format_version": version, "report_year": year,
        "agency": structure.agency_from_title(folded_title) if folded_title else None,
        "agency_kind": None, "title": title,
        "published_date": structure.published_date(page, year, headings[0].start if headings else min(len(folded), 3000)),
        "sections": _sections(page, headings, reading, exclude),
    }
    report["agency_kind"] = structure.agency_kind(report["agency"])
    if title_at is not None and title is not None:
        reading.provenance["/title"] = page.where(title_at, title_at + len(title))
    _tables(reading, version, bounds, len(page.text))
    _say_hidden(reading)
    if not _numbers_read(reading) and structure.year_of(folded_title, "") is None:
        raise _not_a_report()  # a README or a writing guide that names the headings: no tables, no report title
    for table in TABLE_KEYS:
        report[table] = _table_value(reading, version, table)
    report["unread"] = sorted(p for p in reading.unread if report[p.split("/")[1]] is not None)
    report["provenance"] = dict(sorted(reading.provenance.items()))
    report = pin_table2(derive(report))
    return report, _after_derivation(reading.findings, report)


_TAGS = re.compile(r"<[^>]*>")
_TABLE_CELL = re.compile(r"<t[dh][\s>]", re.I)


def _say_hidden(reading: Reading) -> None:
    """Hidden elements of a page that hold table numbers or section text are named (GZ-010 warnings)."""
    page = reading.page
    passages: list[tuple[str, str, str, str, int | None]] = []
    for start, end, how in page.hidden:
        fragment = page.source[start:min(end, start + 20000)]  # enough to tell; a huge hidden block is not read whole
        text = " ".join(unescape(_TAGS.sub(" ", fragment)).split())
        if holds_report_content(text, in_table=bool(_TABLE_CELL.search(fragment))):
            line = bisect.bisect_right(page.line_starts, start)
            passages.append((f"页面第{line}行", f"line {line} of the page", how, text, line))
    reading.findings += [_finding(severity, None, zh, en, line) for severity, zh, en, line in hidden_notes(passages)]


def _not_a_report() -> NotAReport:
    return NotAReport("不是年报：文件里既没有读出统计表的数字，也没有带年度的年报标题（如说明文档、编写指南）",
                      "not a report: no table values were read, and there is no report title with a year (a README, a "
                      "writing guide)")


def _numbers_read(reading: Reading) -> bool:
    """Whether any cell of tables 二, 三 or 四 was read as a number from the page."""
    return any(isinstance(value, (int, float, Decimal)) and ptr not in reading.unread for ptr, value in reading.values.items())


def _after_derivation(findings: list[Finding], report: dict) -> list[Finding]:
    """A row the sums recovered in full is no longer a reading gap to warn about: say what was done instead."""
    provenance, out = report["provenance"], []
    for finding in findings:
        cells = [p for p in (finding.pointer, *finding.related) if p]
        if finding.code == UNREADABLE_CODE and finding.severity == "warning" and cells and all(
                (provenance.get(p) or {}).get("status") == STATUS_DERIVED for p in cells):
            finding = replace(finding, severity=Severity.INFO, message=finding.message + "；已推算出全部数值（见 GZ-012）",
                              message_en=(finding.message_en or "") + "; every value was derived (see GZ-012)")
        out.append(finding)
    return out


def as_notes(findings: list[Finding]) -> list[dict]:
    """Extraction findings as kept in ``source.notes``."""
    out = []
    for f in findings:
        note: dict[str, Any] = {"code": f.code, "severity": f.severity, "message": f.message, "message_en": f.message_en, "pointer": f.pointer}
        if f.related:
            note["related"] = list(f.related)
        if f.line is not None:
            note["line"] = f.line
        out.append(note)
    return out


def _template_version(folded: str, year: int | None) -> str | None:
    """The template the tables follow: table 三's 2021 rows decide (a 2021 report may still print table 二 in the
    2019 columns), else the marks of either template, else the year."""
    if _2021_TABLE3.search(folded):
        return "2021"
    new, old = len(_2021_MARKS.findall(folded)), len(_2019_MARKS.findall(folded))
    if new or old:
        return "2021" if new > old else "2019"
    if year is None:
        return None
    return "2019" if year <= 2020 else "2021"


def _sections(page: Page, headings, reading: Reading, exclude: Sequence[tuple[int, int]]) -> dict:
    sections: dict[str, Any] = dict.fromkeys(section_headings())
    cuts = sorted(page.text_range(start, end) for start, end in exclude)
    for i, heading in enumerate(headings):
        end = structure.section_end(page, headings, i)
        text = _without(page.text, heading.end, end, cuts).replace("\ue000", " ")
        sections[heading.key] = {"heading": page.text[heading.start:heading.end].strip(), "text": _tidy(text)}
        reading.provenance[f"/sections/{heading.key}"] = page.where(heading.start, heading.end)
    return sections


def _without(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> str:
    """text[start:end] with the cut ranges left out."""
    pieces, pos = [], start
    for cut_start, cut_end in cuts:
        if cut_end <= pos or cut_start >= end:
            continue
        pieces.append(text[pos:max(pos, cut_start)])
        pos = max(pos, cut_end)
    pieces.append(text[pos:end])
    return "".join(pieces)


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _tables(reading: Reading, version: str, bounds: dict, length: int) -> None:
    def span(key: str, next_key: str, fallback_start: int = 0) -> tuple[int, int]:
        start = bounds[key].end if key in bounds else fallback_start
        end = bounds[next_key].start if next_key in bounds else length
        return start, end

    start2, end2 = span("active_disclosure", "applications")
    outdated = sorted({m.group() for m in _2019_TABLE2.finditer(reading.page.folded, start2, end2)}) if version == "2021" else []
    if outdated:
        _outdated_table2(reading, outdated, start2)
    else:
        reading.found["active_disclosure"] = read_table2(reading, version, start2, end2)
    start3, end3 = span("applications", "review_and_litigation", start2)
    reading.found["applications"] = read_table3(reading, version, start3, end3)
    start4, end4 = span("review_and_litigation", "problems_and_improvements", start3)
    reading.found["review_and_litigation"] = read_table4(reading, start4, end4)
    for key, (start, end) in (("active_disclosure", (start2, end2)), ("applications", (start3, end3)),
                              ("review_and_litigation", (start4, end4))):
        if not reading.found[key] and key in bounds:
            reading.found[key] = _unplaced_table(reading, version, key, start, end)


_NUMBER_RUN = re.compile(r"\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _numbers_line(line: str) -> int:
    """The digits of a line that looks like a table row — mostly numbers, at least six digits, in three numbers
    or more (or ten digits run together, as OCR reads narrow cells) — else 0."""
    runs = _NUMBER_RUN.findall(line)
    digits = sum(map(len, runs))
    return digits if digits >= 6 and digits >= len(_CJK.findall(line)) and (len(runs) >= 3 or digits >= 10) else 0


def _unplaced_table(reading: Reading, version: str, key: str, start: int, end: int) -> bool:
    """A table printed under its heading — lines of numbers — that could not be read into its cells: present,
    every cell printed but unplaced (unknown, never filled from the sums), and said; not a missing table."""
    if sum(_numbers_line(line) for line in reading.page.folded[start:end].splitlines()) < 12:
        return False
    cells = template(version).table_cells(key)
    name = "表" + "二三四"[("active_disclosure", "applications", "review_and_litigation").index(key)]
    reading.printed([cell.pointer for cell in cells], start, "", TABLE_NOT_PLACED)
    reading.findings.append(replace(_finding(
        "warning", f"/{key}",
        f"{name}印有数字，但未能按表格读出（行列无法对应），其中各格都按未能读取处理，相关勾稽关系未核对；请对照原件核对",
        f"table {name[1]} prints numbers that could not be read into its cells (rows and columns could not be matched); "
        "every cell is unknown and its sums were not checked"), code=UNREADABLE_CODE))
    return True


def _outdated_table2(reading: Reading, columns: list[str], start: int) -> None:
    """A 2021 report whose table 二 is printed in the 2019 columns: its numbers mean other things than the 2021
    cells, so none is put in them (unknown), and the report is told to use the 2021 template (FMT-001)."""
    shown = "、".join(columns)
    at = reading.page.folded.find(columns[0][0], start)
    for cell in template("2021").table_cells("active_disclosure"):
        reading.unknown(cell.pointer, at if at >= 0 else None, "2019年格式栏目")
    reading.found["active_disclosure"] = True
    reading.findings.append(Finding(
        code="FMT-001", rule="format-matches-year", severity=Severity.ERROR, pointer="/active_disclosure",
        line=reading.page.line_col(at)[0] if at >= 0 else None,
        message=f"表二印的是2019年格式的栏目（{shown}），2021年起的年度报告应使用2021年格式（国办公开办函〔2021〕30号）；"
                f"表二的数字与2021年格式的栏目含义不同，未读入",
        message_en=f"table 2 is printed with the 2019 template's columns ({shown}); reports from 2021 on must use the 2021 "
                   f"template; its numbers mean other things than the 2021 cells and were not read"))


def _table_value(reading: Reading, version: str, table: str) -> dict | None:
    if not reading.found.get(table):
        return None
    out: dict = {}
    for cell in template(version).table_cells(table):
        node = out
        for key in cell.path[1:-1]:
            node = node.setdefault(key, {})
        node[cell.path[-1]] = reading.values.get(cell.pointer)
    return out
