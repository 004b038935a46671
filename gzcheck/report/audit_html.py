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
from gzcheck.model.figures import FIGURES
from gzcheck.messages import group
from gzcheck.report.words import shown

_WORST = {"pass": 0, "fail": 1, "error": 2}
def _agency_year(seen: tuple[str, int] | None, t: dict) -> str:
    """One cell of the agency × year table: the worst verdict of its files, and a note when there are several."""
    if seen is None:
        return "<td></td>"
    status, files = seen
    duplicates = (f'<br><small title="{_e(t["duplicates"].format(files=files))}">{_e(t["worst"].format(files=files))}</small>'
                  if files > 1 else "")
    return f'<td class="{_e(status)}">{t["status_words"][status]}{duplicates}</td>'


CSS = """
body{font-family:system-ui,"Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;line-height:1.5}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3;cursor:pointer;user-select:none}th[data-dir=asc]::after{content:" ▲"}th[data-dir=desc]::after{content:" ▼"}
.pass{color:#1a7f37}.fail{color:#b42318}.error{color:#9a6700}
.bar{fill:#b42318}.label{font-size:12px}
details{margin:6px 0;border:1px solid #ddd;padding:4px 8px}summary{cursor:pointer}
.excerpt{font-family:monospace;background:#fff8e1;padding:2px 4px;white-space:pre-wrap}
.totals span{margin-right:16px}td.level{white-space:nowrap}.figures{color:#444}
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

COLUMN_KEYS = ("input", "agency", "year", "template", "status", "errors", "warnings", "infos", "unverified", "top")


def _e(value) -> str:
    """Any value as HTML text: escaped, whatever it is (a report's fields are hostile until proven otherwise)."""
    return escape("" if value is None else str(value))


def _csp() -> str:
    """Nothing but this page's own inline style and script may run: a strict policy costs nothing here."""
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    return (f"default-src 'none'; style-src {digest(CSS)}; script-src {digest(SCRIPT)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def _chart(counts: dict, t: dict, label: str, names: dict[str, str] | None = None, ordered: bool = False) -> str:
    """Horizontal bars, each labelled with its code and, where known, the rule's name."""
    items = sorted(counts.items(), key=(lambda kv: kv[0]) if ordered else (lambda kv: (-kv[1], kv[0])))[:20]
    if not items:
        return f"<p>{t['no_fail']}</p>"
    names = names or {}
    top = max(n for _, n in items)
    height = 22 * len(items) + 10
    bars = []
    for i, (code, n) in enumerate(items):
        width = 320 * n / top
        y = 5 + 22 * i
        name = names.get(code, "")
        text = f"{code} {name[:16]}{'…' if len(name) > 16 else ''}".strip()
        bars.append(f'<text class="label" x="0" y="{y + 14}">{escape(text)}</text>'
                    f'<rect class="bar" x="240" y="{y}" width="{width:.1f}" height="16"><title>{escape(code)} {escape(name)}: {n}</title></rect>'
                    f'<text class="label" x="{245 + width:.1f}" y="{y + 14}">{n}</text>')
    return f'<svg role="img" aria-label="{escape(label)}" width="620" height="{height}">{"".join(bars)}</svg>'


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


def _link(path: str, home: str | None) -> str:
    """A link to the file relative to the folder the report is written to, so it still works when the folder
    is sent on (percent-encoded; computed from the name alone, never touching the disk)."""
    from urllib.parse import quote

    target = os.path.abspath(path)
    if home:
        try:
            target = os.path.relpath(target, os.path.abspath(home))
        except ValueError:  # another drive: an absolute link is all there is
            pass
    encoded = quote(target.replace(os.sep, "/").encode("utf-8", "surrogateescape"))
    return encoded if not os.path.isabs(target) else "file://" + encoded


def _shown_path(path: str, base: str) -> str:
    """A file as the audited folder names it (relative to the folders audited)."""
    return os.path.relpath(os.path.abspath(path), base) if base else path


def _row(i: int, record: dict, shown_as: str, t: dict) -> str:
    counts = record["counts"]
    top = " ".join(f"{c}×{n}" for c, n in sorted(record["codes"].items(), key=lambda kv: (-kv[1], kv[0]))[:3])
    status = record["status"]
    text = " ".join(str(v) for v in (record["input"], record["agency"] or "", record["year"] or "")).lower()
    return (f'<tr data-status="{_e(status)}" data-codes="{_e(" ".join(sorted(record["codes"])))}" data-text="{_e(text)}" '
            f'data-detail="r{i}"><td><a href="#r{i}">{_e(shown_as)}</a></td><td>{escape(record["agency"] or "")}</td>'
            f'<td>{_e(record["year"])}</td><td>{_e(record["template"])}</td>'
            f'<td class="{status}" data-sort="{ {"fail": 0, "error": 1, "pass": 2}[status] }">{t["status_words"][status]}</td>'
            f'<td>{_e(counts["error"])}</td><td>{_e(counts["warning"])}</td><td>{_e(counts["info"])}</td>'
            f'<td>{_e(record.get("unverified") or 0)}</td><td>{_e(top)}</td></tr>\n')


def _figures(record: dict, t: dict, lang: str) -> str:
    """办结率, 公开率 and the correction rates of one report, each with how it is worked out."""
    values = record.get("figures") or {}
    if not values:
        return ""
    zh = lang != "en"
    items = []
    for figure in FIGURES:
        value = values.get(figure.key)
        amount = f"{value * 100:.1f}%" if value is not None else t["not_computed"]
        name, definition = (figure.zh, figure.definition_zh) if zh else (figure.en, figure.definition_en)
        items.append(f'<span title="{_e(definition)}">{_e(name)} {_e(amount)}</span>')
    definitions = "；".join(f"{f.zh}＝{f.definition_zh}" if zh else f"{f.en} = {f.definition_en}" for f in FIGURES)
    return (f'<p class="figures">{t["figures"]}{"：" if zh else ": "}{"　".join(items)}<br>'
            f'<small>{_e(definitions)}</small></p>\n')


def _details(i: int, record: dict, shown_as: str, t: dict, lang: str, home: str | None) -> str:
    status = record["status"]
    parts = [f'<details id="r{i}"{" open" if status != "pass" and i < 50 else ""}><summary>'
             f'<span class="{status}">{t["status_words"][status]}</span> {_e(shown_as)}'
             f'（{_e(record["agency"] or t["unknown_agency"])} {_e(record["year"])}）</summary>\n',
             f'<p><a href="{_e(_link(record["input"], home))}">{t["open"]}</a>{t["open_hint"]}</p>\n',
             _figures(record, t, lang)]
    if record["reason"]:
        parts.append(f"<p>{escape(record['reason'])}</p>\n")
    if record["findings"]:
        parts.append(f"<table><thead><tr><th>{t['level']}</th><th>{t['rule']}</th><th>{t['where']}</th>"
                     f"<th>{t['message']}</th></tr></thead><tbody>\n")
        for f in record["findings"]:
            excerpt = f'<div class="excerpt">{escape(f["excerpt"])}</div>' if f.get("excerpt") else ""
            values = (f'<div>{t["expected"]} {escape(shown(f["expected"], lang))}{"，" if lang != "en" else ", "}'
                      f'{t["actual"]} {escape(shown(f.get("actual"), lang))}</div>' if f.get("expected") is not None else "")
            parts.append(f"<tr><td class=\"level\">{t['severity'][f['severity']]}</td><td>{escape(f['code'])}</td>"
                         f"<td>{escape(f.get('where') or '')}</td><td>{escape(f['message'])}{values}{excerpt}</td></tr>\n")
        parts.append("</tbody></table>\n")
    parts.append("</details>\n")
    return "".join(parts)


def write_html(out: IO[str], records: Iterable[dict], tally: Tally, lang: str, summaries: dict[str, str] | None = None,
               scratch: str | None = None, home: str | None = None) -> None:
    """The audit report of ``records`` (one pass over them) and their ``tally``, in ``lang``; ``summaries`` (rule
    code → what it checks) name built-in, plugin and pack rules alike; links to the files are relative to
    ``home``, the folder the report is written to. Each report's findings wait in a file in ``scratch`` (the
    system's temporary folder when None) until the list of reports is written."""
    summaries = summaries or {}
    t = {**group("audit", lang), "status_words": group("status", lang), "severity": group("severity", lang),
         "expected": group("value", lang)["expected"], "actual": group("value", lang)["actual"],
         "not_computed": group("value", lang)["not_computed"]}
    totals, by_rule, failing_by_rule = tally.totals, tally.by_rule, tally.failing_by_rule
    colon = ": " if lang == "en" else "："
    out.write(f'<!doctype html>\n<html lang="{t["lang"]}"><head><meta charset="utf-8">'
              f'<meta name="viewport" content="width=device-width, initial-scale=1">'
              f'<meta http-equiv="Content-Security-Policy" content="{_csp()}"><title>{t["title"]}</title>'
              f'<style>{CSS}</style></head><body>\n')
    out.write(f"<h1>{t['h1']}</h1>\n<p>gzcheck {escape(__version__)}</p>\n")
    out.write('<p class="totals">' + "".join(f"<span>{label}{colon}{totals.get(key, 0)}</span>" for key, label in
              (("reports", t["reports"]), ("pass", t["status_words"]["pass"]), ("fail", t["status_words"]["fail"]),
               ("error", t["status_words"]["error"]), ("partial", t["partial"]))) + "</p>\n")
    out.write(f"<h2>{t['by_rule']}</h2>\n" + _chart(failing_by_rule, t, t["by_rule_label"], summaries) + "\n")
    agencies, failing_by_year, base = tally.agencies, tally.failing_by_year, tally.base
    if base:
        out.write(f"<p>{t['folder']}{colon}{_e(base)}</p>\n")
    out.write(f"<h2>{t['by_year']}</h2>\n" + _chart({str(y): n for y, n in failing_by_year.items()}, t, t["by_year_label"],
                                                   ordered=True) + "\n")
    years = sorted({year for seen in agencies.values() for year in seen})
    out.write(f'<h2>{t["agencies"]}</h2>\n<table class="sortable" id="agencies"><thead><tr><th>{t["agency"]}</th>'
              + "".join(f"<th>{_e(y)}</th>" for y in years) + "</tr></thead><tbody>\n")
    for agency in sorted(agencies):
        cells = "".join(_agency_year(agencies[agency].get(y), t) for y in years)
        out.write(f"<tr><td>{_e(agency)}</td>{cells}</tr>\n")
    out.write("</tbody></table>\n")
    out.write(f'<h2>{t["rules"]}</h2>\n<table class="sortable" id="rules"><thead><tr><th>{t["rule"]}</th><th>{t["what"]}</th>'
              f'<th>{t["count"]}</th><th>{t["failing"]}</th></tr></thead><tbody>\n')
    for code in sorted(by_rule):
        out.write(f"<tr><td>{escape(code)}</td><td>{escape(summaries.get(code, ''))}</td><td>{by_rule[code]}</td>"
                  f"<td>{failing_by_rule.get(code, 0)}</td></tr>\n")
    out.write("</tbody></table>\n")
    codes = sorted(by_rule)
    out.write(f'<h2>{t["list"]}</h2>\n<p class="filters"><label for="q">{t["search"]}</label> <input id="q" type="search" '
              f'placeholder="{t["search_hint"]}"> <label for="status">{t["status"]}</label> <select id="status"><option value="">'
              f'{t["all"]}</option>' + "".join(f'<option value="{k}">{v}</option>' for k, v in t["status_words"].items()) +
              f'</select> <label for="rule">{t["rule"]}</label> <select id="rule"><option value="">{t["all"]}</option>'
              + "".join(f'<option value="{_e(c)}">{_e(c)} {_e(summaries.get(c, ""))}</option>' for c in codes) +
              '</select> ' + t["shown"].format(count='<span id="shown"></span>') + '</p>\n')
    out.write('<table class="sortable" id="reports"><thead><tr>'
              + "".join(f'<th data-key="{key}">{label}</th>' for key, label in zip(COLUMN_KEYS, t["columns"], strict=True)) + "</tr></thead><tbody>\n")
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace", dir=scratch) as details:
        for i, record in enumerate(records):  # its row in the list, and its findings after the list
            shown_as = _shown_path(record["input"], base)
            out.write(_row(i, record, shown_as, t))
            details.write(_details(i, record, shown_as, t, lang, home))
        out.write(f"</tbody></table>\n<h2>{t['details']}</h2>\n")
        details.seek(0)
        shutil.copyfileobj(details, out)
    out.write(f"<script>{SCRIPT}</script>\n</body></html>\n")
