"""Pages the tests write: a canonical report rendered the ways real sites print one.

Layouts: one cell per line (like the seed), one table row per line with
spaces, markdown pipe rows, and HTML tables (blank cells as ``&nbsp;``).
Scripts: simplified, traditional (s2tw) and traditional with Taiwan phrases
(s2twp: 信息 → 資訊, 文件 → 檔案). Any encoding the text fits in.
"""

from __future__ import annotations

import html
import random
from functools import cache

from gzcheck.model.template import template
from gzcheck.testing import example_report

from .strategies import get_at, set_at

LAYOUTS = ("cells", "rows", "pipes", "html")
SCRIPTS = ("simplified", "traditional", "taiwan")
T4_HEADER = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
             "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
SECTION_HEADINGS = {
    "overall_situation": "一、总体情况", "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况", "review_and_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems_and_improvements": "五、存在的主要问题及改进情况", "other_matters": "六、其他需要报告的事项",
}


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def random_report(rng: random.Random, version: str, blanks: bool) -> dict:
    """An example report with random table values (some blank cells if ``blanks``)."""
    report = example_report(f"report-{version}.json")
    for cell in template(version).cells:
        if blanks and rng.random() < 0.08:
            value = None
        elif cell.kind == "signed":
            value = rng.randint(-30, 60)
        elif cell.kind == "amount":
            value = rng.choice([0, rng.randint(1, 10**7), round(rng.uniform(0, 9999), 2)])
        else:
            value = rng.choice([0, 0, rng.randint(0, 9), rng.randint(10, 3000)])
        set_at(report, cell.pointer, value)
    return report


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _tables(report: dict, damage=None) -> dict[str, list[tuple[str, list]]]:
    """Each table as (row label, values) rows, in template order; ``damage`` rewrites table 三's rows."""
    tpl = template(report["format_version"])
    out: dict[str, list] = {"active_disclosure": [], "applications": [], "review_and_litigation": []}
    seen_blocks = set()
    for cell in tpl.table_cells("active_disclosure"):
        block, row = cell.path[1], cell.path[2]
        if block not in seen_blocks:
            seen_blocks.add(block)
            columns = [c.labels_zh[-1] for c in tpl.table_cells("active_disclosure") if c.path[1:3] == cell.path[1:3]]
            out["active_disclosure"].append((cell.labels_zh[1], None))
            out["active_disclosure"].append(("信息内容", columns))
        if cell.path[-1] == tpl.keys_at("active_disclosure", block, row)[0]:
            values = [get_at(report, c.pointer) for c in tpl.table_cells("active_disclosure") if c.path[1:3] == cell.path[1:3]]
            out["active_disclosure"].append((cell.labels_zh[2], values))
    columns = tpl.keys_at("applications")
    for cell in tpl.table_cells("applications"):
        if cell.path[1] == columns[0]:
            values = [get_at(report, "/" + "/".join(("applications", col) + cell.path[2:])) for col in columns]
            out["applications"].append((cell.labels_zh[-1], values))
    out["review_and_litigation"].append(("", [get_at(report, c.pointer) for c in tpl.table_cells("review_and_litigation")]))
    if damage is not None:
        out["applications"] = damage(out["applications"])
    return out


def damaged_rows(rng: random.Random, rows: int, lost: int, detached: bool):
    """A ``damage`` for table 三 as PDF conversions do it: ``lost`` rows keep their label but lose their
    numbers; with ``detached`` the numbers are printed further down the table without a label."""
    chosen = sorted(rng.sample(range(rows), lost))

    def damage(table):
        out, pending = [], []
        for i, (label, values) in enumerate(table):
            out.append((label, [] if i in chosen else values))
            if i in chosen and detached:
                pending.append(values)
            if pending and i not in chosen and rng.random() < 0.5:
                out.append(("", pending.pop(0)))  # the numbers reappear later, in the order of their labels
        out += [("", values) for values in pending]
        return out

    return damage, chosen


def _table3_header() -> list[str]:
    return ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人", "法人或其他组织", "总计",
            "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def render_text(report: dict, layout: str, headings: dict | None = None, damage=None) -> str:
    tables = _tables(report, damage)
    lines = [f"{report['agency']}{report['report_year']}年政府信息公开工作年度报告", f"发布日期：{report['published_date']}", ""]
    for key, heading in (headings or SECTION_HEADINGS).items():
        lines += [heading, report["sections"][key]["text"] if key not in tables else ""]
        if key == "applications":
            lines += _rows_as(layout, [(h, None) for h in _table3_header()])
        if key == "review_and_litigation":
            lines += _rows_as(layout, [(h, None) for h in T4_HEADER])
        if key in tables:
            lines += _rows_as(layout, tables[key])
    lines += ["", "相关附件", "扫一扫在手机打开当前页"]
    return "\n".join(line for line in lines if line is not None)


def _rows_as(layout: str, rows) -> list[str]:
    out = []
    for label, values in rows:
        cells = ([label] if label else []) + ([_show(v) if not isinstance(v, str) else v for v in values] if values else [])
        if layout == "cells":
            out += [f"    {c}" for c in cells] + [""]
        elif layout == "rows":
            out.append("  ".join(cells))
        else:  # pipes
            out.append("| " + " | ".join(cells) + " |")
    return out


def render_html(report: dict, headings: dict | None = None, damage=None) -> str:
    tables = _tables(report, damage)
    parts = ["<html><head><meta charset='{charset}'><title>", html.escape(f"{report['agency']}{report['report_year']}年政府信息公开工作年度报告"),
             "</title></head><body><div class='nav'>首页 | 政务公开 | 互动交流</div>",
             f"<h1>{report['agency']}{report['report_year']}年政府信息公开工作年度报告</h1>",
             f"<p class='date'>发布日期：{report['published_date']}</p>"]
    for key, heading in (headings or SECTION_HEADINGS).items():
        parts.append(f"<p><strong>{html.escape(heading)}</strong></p>")
        if key not in tables:
            parts += [f"<p>{html.escape(p)}</p>" for p in report["sections"][key]["text"].split("\n")]
            continue
        parts.append("<table border='1'>")
        if key == "applications":
            parts.append("<tr>" + "".join(f"<td>{h}</td>" for h in _table3_header()[:3]) + "</tr>")
        if key == "review_and_litigation":
            parts.append("<tr>" + "".join(f"<td><span>{h[:1]}</span><span>{h[1:]}</span></td>" for h in T4_HEADER) + "</tr>")
        for label, values in tables[key]:
            cells = ([f"<td colspan='3'><p>{label}</p></td>"] if label else []) + [
                f"<td><p align='center'>{_show(v) if not isinstance(v, str) else v or ''}</p></td>".replace("<p align='center'></p>", "&nbsp;<o:p></o:p>")
                for v in (values or [])]
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    parts.append("<div class='footer'>网站标识码：1234567890 ICP备12345678号</div></body></html>")
    return "\n".join(parts)


def render(report: dict, layout: str, script: str, headings: dict | None = None, damage=None) -> str:
    text = render_html(report, headings, damage) if layout == "html" else render_text(report, layout, headings, damage)
    if script == "traditional":
        text = _converter("s2tw").convert(text)
    elif script == "taiwan":
        text = _converter("s2twp").convert(text)
    return text


def page_bytes(report: dict, layout: str, script: str, encoding: str, headings: dict | None = None, damage=None) -> bytes:
    text = render(report, layout, script, headings, damage).replace("{charset}", encoding)
    return text.encode(encoding)
