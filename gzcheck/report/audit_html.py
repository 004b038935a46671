"""A self-contained HTML audit report (no external files, scripts or fonts)."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import tempfile
from collections import Counter
from html import escape
from typing import IO, Iterable

from gzcheck.version import __version__
from gzcheck.finding import SEVERITY_ZH, place
from gzcheck.report.text import STATUS_TEXT

STATUS_ZH = STATUS_TEXT["zh"]
_WORST = {"pass": 0, "fail": 1, "error": 2}


def _agency_year(seen: tuple[str, int] | None) -> str:
    """One cell of the agency × year table: the worst verdict of its files, and a note when there are several."""
    if seen is None:
        return "<td></td>"
    status, files = seen
    duplicates = f'<br><small title="同一机关同一年度有 {files} 份文件（重复）">共 {files} 份，取最差</small>' if files > 1 else ""
    return f'<td class="{_e(status)}">{STATUS_ZH[status]}{duplicates}</td>'


CSS = """
body{font-family:system-ui,"Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;line-height:1.5}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3;cursor:pointer;user-select:none}th[data-dir=asc]::after{content:" ▲"}th[data-dir=desc]::after{content:" ▼"}
.pass{color:#1a7f37}.fail{color:#b42318}.error{color:#9a6700}
.bar{fill:#b42318}.label{font-size:12px}
details{margin:6px 0;border:1px solid #ddd;padding:4px 8px}summary{cursor:pointer}
.excerpt{font-family:monospace;background:#fff8e1;padding:2px 4px;white-space:pre-wrap}
.totals span{margin-right:16px}
"""

SCRIPT = """
(function(){
  window.addEventListener('error', function(){ document.body.setAttribute('data-js-error','1'); });
  function key(cell){ var v = cell.getAttribute('data-sort'); if(v===null){v=cell.textContent.trim();}
    return (v!=='' && !isNaN(v)) ? [0, parseFloat(v)] : [1, v]; }
  function sortBy(table, col, dir){
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){ var x=key(a.cells[col]), y=key(b.cells[col]);
      var c = x[0]-y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0); return dir==='desc' ? -c : c; });
    rows.forEach(function(r){ body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function(th,i){
      if(i===col){th.setAttribute('data-dir',dir);}else{th.removeAttribute('data-dir');} });
  }
  document.querySelectorAll('table.sortable').forEach(function(table){
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function(th, i){
      th.addEventListener('click', function(){ sortBy(table, i, th.getAttribute('data-dir')==='asc' ? 'desc' : 'asc'); });
    });
  });
  function filter(){
    var q = document.getElementById('q').value.trim().toLowerCase(), status = document.getElementById('status').value,
        rule = document.getElementById('rule').value, shown = 0;
    document.querySelectorAll('#reports tbody tr').forEach(function(row){
      var ok = (!status || row.getAttribute('data-status') === status) &&
               (!rule || (' ' + row.getAttribute('data-codes') + ' ').indexOf(' ' + rule + ' ') >= 0) &&
               (!q || row.getAttribute('data-text').indexOf(q) >= 0);
      row.hidden = !ok; shown += ok;
      var detail = document.getElementById(row.getAttribute('data-detail')); if(detail){ detail.hidden = !ok; }
    });
    document.getElementById('shown').textContent = shown;
  }
  ['q', 'status', 'rule'].forEach(function(id){ document.getElementById(id).addEventListener('input', filter); });
  var f = /(?:^#|&)(q|status|rule)=([^&]*)/g, hit;
  while((hit = f.exec(location.hash))){ document.getElementById(hit[1]).value = decodeURIComponent(hit[2]); }
  filter();
  var m = /sort=([\\w-]+)(?::(asc|desc))?/.exec(location.hash);
  if(m){ var table=document.getElementById('reports'), ths=table.tHead.rows[0].cells;
    for(var i=0;i<ths.length;i++){ if(ths[i].getAttribute('data-key')===m[1]){ sortBy(table, i, m[2]||'asc'); } } }
  document.body.setAttribute('data-ready','1');
})();
"""

COLUMNS = [("input", "文件"), ("agency", "机关"), ("year", "年度"), ("template", "格式"), ("status", "结论"),
           ("errors", "错误"), ("warnings", "警告"), ("infos", "提示"), ("unverified", "未核对"), ("top", "主要问题")]


def _e(value) -> str:
    """Any value as HTML text: escaped, whatever it is (a report's fields are hostile until proven otherwise)."""
    return escape("" if value is None else str(value))


def _csp() -> str:
    """Nothing but this page's own inline style and script may run: a strict policy costs nothing here."""
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    return (f"default-src 'none'; style-src {digest(CSS)}; script-src {digest(SCRIPT)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def _chart(failing_by_rule, label: str = "按规则统计的不通过报告数", ordered: bool = False) -> str:
    items = sorted(failing_by_rule.items(), key=(lambda kv: kv[0]) if ordered else (lambda kv: (-kv[1], kv[0])))[:20]
    if not items:
        return "<p>没有报告因错误级问题不通过。</p>"
    top = max(n for _, n in items)
    height = 22 * len(items) + 10
    bars = []
    for i, (code, n) in enumerate(items):
        width = 420 * n / top
        y = 5 + 22 * i
        bars.append(f'<text class="label" x="0" y="{y + 14}">{escape(code)}</text>'
                    f'<rect class="bar" x="90" y="{y}" width="{width:.1f}" height="16"><title>{escape(code)}: {n}</title></rect>'
                    f'<text class="label" x="{95 + width:.1f}" y="{y + 14}">{n}</text>')
    return f'<svg role="img" aria-label="{escape(label)}" width="560" height="{height}">{"".join(bars)}</svg>'


class Tally:
    """What the report sums over all records, gathered as they stream by (each is then read once more, from
    the spool, for its rows)."""

    def __init__(self) -> None:
        self.status: Counter = Counter()
        self.by_rule: Counter = Counter()          # findings per rule
        self.failing_by_rule: Counter = Counter()  # reports an error of the rule fails
        self.agencies: dict[str, dict] = {}        # agency -> year -> (worst verdict, number of files)
        self.failing_by_year: dict[int, int] = {}
        self._folders: set[str] = set()

    def add(self, record: dict) -> None:
        self.status[record["status"]] += 1
        self.status["partial"] += bool(record.get("unverified"))
        self.status["crashed"] += bool(record.get("crashed"))
        self.by_rule.update(record["codes"])
        if record["status"] != "pass":
            self.failing_by_rule.update({f["code"] for f in record["findings"] if f["severity"] == "error"})
        self._folders.add(os.path.dirname(os.path.abspath(record["input"])))
        year = record["year"]
        if year is None:
            return
        if record["agency"]:  # several files of one agency and year (a page and its PDF): the worst, and how many
            seen = self.agencies.setdefault(record["agency"], {})
            status, files = seen.get(year, ("pass", 0))
            seen[year] = (max(status, record["status"], key=_WORST.__getitem__), files + 1)
        if record["status"] == "fail":
            self.failing_by_year[year] = self.failing_by_year.get(year, 0) + 1

    @property
    def totals(self) -> dict:
        return {"reports": sum(self.status[k] for k in ("pass", "fail", "error")),
                **{k: self.status.get(k, 0) for k in ("pass", "fail", "error", "partial", "crashed")}}

    @property
    def base(self) -> str:
        """The folder every audited file lies in (files are shown relative to it)."""
        try:
            return os.path.commonpath(sorted(self._folders)) if self._folders else ""
        except ValueError:  # paths on different drives
            return ""


def _file_uri(path: str) -> str:
    """A link to the file (its name percent-encoded; computed from the name alone, never touching the disk)."""
    from urllib.parse import quote

    return "file://" + quote(os.path.abspath(path).encode("utf-8", "surrogateescape"))


def _shown_path(path: str, base: str) -> str:
    """A file as the audited folder names it (relative to the folders audited)."""
    return os.path.relpath(os.path.abspath(path), base) if base else path


def _row(i: int, record: dict, shown: str) -> str:
    counts = record["counts"]
    top = " ".join(f"{c}×{n}" for c, n in sorted(record["codes"].items(), key=lambda kv: (-kv[1], kv[0]))[:3])
    status = record["status"]
    text = " ".join(str(v) for v in (record["input"], record["agency"] or "", record["year"] or "")).lower()
    return (f'<tr data-status="{_e(status)}" data-codes="{_e(" ".join(sorted(record["codes"])))}" data-text="{_e(text)}" '
            f'data-detail="r{i}"><td><a href="#r{i}">{_e(shown)}</a></td><td>{escape(record["agency"] or "")}</td>'
            f'<td>{_e(record["year"])}</td><td>{_e(record["template"])}</td>'
            f'<td class="{status}" data-sort="{ {"fail": 0, "error": 1, "pass": 2}[status] }">{STATUS_ZH[status]}</td>'
            f'<td>{_e(counts["error"])}</td><td>{_e(counts["warning"])}</td><td>{_e(counts["info"])}</td>'
            f'<td>{_e(record.get("unverified") or 0)}</td><td>{_e(top)}</td></tr>\n')


def _details(i: int, record: dict, shown: str) -> str:
    status = record["status"]
    parts = [f'<details id="r{i}"{" open" if status != "pass" and i < 50 else ""}><summary>'
             f'<span class="{status}">{STATUS_ZH[status]}</span> {_e(shown)}'
             f'（{_e(record["agency"] or "机关未知")} {_e(record["year"])}）</summary>\n',
             f'<p><a href="{_e(_file_uri(record["input"]))}">打开原文件</a>（问题的位置见“位置”列：行、页、表格的行列或段落）</p>\n']
    if record["reason"]:
        parts.append(f"<p>{escape(record['reason'])}</p>\n")
    if record["findings"]:
        parts.append("<table><thead><tr><th>级别</th><th>规则</th><th>位置</th><th>说明</th></tr></thead><tbody>\n")
        for f in record["findings"]:
            where = " ".join(part for part in (place(f.get("location"), f.get("line")), str(f.get("pointer") or "")) if part)
            excerpt = f'<div class="excerpt">{escape(f["excerpt"])}</div>' if f.get("excerpt") else ""
            parts.append(f"<tr><td>{SEVERITY_ZH[f['severity']]}</td><td>{escape(f['code'])}</td><td>{escape(where)}</td>"
                         f"<td>{escape(f['message'])}{excerpt}</td></tr>\n")
        parts.append("</tbody></table>\n")
    parts.append("</details>\n")
    return "".join(parts)


def write_html(out: IO[str], records: Iterable[dict], tally: Tally, lang: str, summaries: dict[str, str] | None = None,
               scratch: str | None = None) -> None:
    """The audit report of ``records`` (one pass over them) and their ``tally``; ``summaries`` (rule code → what
    it checks) label built-in, plugin and pack rules alike. Each report's findings wait in a file in ``scratch``
    (the system's temporary folder when None) until the list of reports is written."""
    summaries = summaries or {}
    totals, by_rule, failing_by_rule = tally.totals, tally.by_rule, tally.failing_by_rule
    out.write(f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
              f'<meta http-equiv="Content-Security-Policy" content="{_csp()}"><title>gzcheck 年报检查汇总</title>'
              f'<style>{CSS}</style></head><body>\n')
    out.write(f"<h1>政府信息公开工作年度报告检查汇总</h1>\n<p>gzcheck {escape(__version__)}</p>\n")
    out.write('<p class="totals">' + "".join(f"<span>{label}：{totals.get(key, 0)}</span>" for key, label in
              (("reports", "报告"), ("pass", "通过"), ("fail", "不通过"), ("error", "出错"), ("partial", "有未核对项"))) + "</p>\n")
    out.write("<h2>不通过原因（按规则）</h2>\n" + _chart(failing_by_rule) + "\n")
    agencies, failing_by_year, base = tally.agencies, tally.failing_by_year, tally.base
    if base:
        out.write(f"<p>审计的文件夹：{_e(base)}</p>\n")
    out.write("<h2>各年度不通过的报告</h2>\n" + _chart({str(y): n for y, n in failing_by_year.items()}, "按年度统计的不通过报告数",
                                                     ordered=True) + "\n")
    years = sorted({year for seen in agencies.values() for year in seen})
    out.write('<h2>按机关（各年度并列）</h2>\n<table class="sortable" id="agencies"><thead><tr><th>机关</th>'
              + "".join(f"<th>{_e(y)}</th>" for y in years) + "</tr></thead><tbody>\n")
    for agency in sorted(agencies):
        cells = "".join(_agency_year(agencies[agency].get(y)) for y in years)
        out.write(f"<tr><td>{_e(agency)}</td>{cells}</tr>\n")
    out.write("</tbody></table>\n")
    out.write('<h2>各规则发现的问题</h2>\n<table class="sortable" id="rules"><thead><tr><th>规则</th><th>检查什么</th><th>问题数</th>'
              '<th>因此不通过的报告</th></tr></thead><tbody>\n')
    for code in sorted(by_rule):
        out.write(f"<tr><td>{escape(code)}</td><td>{escape(summaries.get(code, ''))}</td><td>{by_rule[code]}</td>"
                  f"<td>{failing_by_rule.get(code, 0)}</td></tr>\n")
    out.write("</tbody></table>\n")
    codes = sorted(by_rule)
    out.write('<h2>报告列表</h2>\n<p class="filters"><label for="q">搜索</label> <input id="q" type="search" '
              'placeholder="机关、文件、年度"> <label for="status">结论</label> <select id="status"><option value="">全部</option>'
              + "".join(f'<option value="{k}">{v}</option>' for k, v in STATUS_ZH.items()) +
              '</select> <label for="rule">规则</label> <select id="rule"><option value="">全部</option>'
              + "".join(f'<option value="{_e(c)}">{_e(c)}</option>' for c in codes) +
              '</select> 显示 <span id="shown"></span> 份</p>\n')
    out.write('<table class="sortable" id="reports"><thead><tr>'
              + "".join(f'<th data-key="{key}">{label}</th>' for key, label in COLUMNS) + "</tr></thead><tbody>\n")
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace", dir=scratch) as details:
        for i, record in enumerate(records):  # its row in the list, and its findings after the list
            shown = _shown_path(record["input"], base)
            out.write(_row(i, record, shown))
            details.write(_details(i, record, shown))
        out.write("</tbody></table>\n<h2>各报告的问题</h2>\n")
        details.seek(0)
        shutil.copyfileobj(details, out)
    out.write(f"<script>{SCRIPT}</script>\n</body></html>\n")
