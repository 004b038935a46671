"""The upload page: drop or choose a report, see the verdict, tables 三 and 四 as the template draws them
with the faulty cell and its expected value, unread cells marked, section texts with the flagged spans.
One self-contained page (no external script, font or style), Chinese by default, usable by keyboard."""

from __future__ import annotations

import base64
import hashlib
from html import escape

STYLE = """
body{font-family:system-ui,"Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:24px}
#drop{border:2px dashed #888;padding:24px;text-align:center;margin:12px 0;cursor:pointer}
#drop:focus,#drop.over{border-color:#1a56db;outline:3px solid #93c5fd}
button,select,input{font-size:15px;padding:4px 10px}
.pass{color:#1a7f37}.fail{color:#b42318}.error{color:#9a6700}.sev-error{color:#b42318}.sev-warning{color:#9a6700}.sev-info{color:#555}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #bbb;padding:3px 6px;text-align:center}
td.label{text-align:left}td.bad{background:#fde2e1;font-weight:bold}td.related{background:#fff4d6}
td.unread{background:#eee;color:#666;font-style:italic}.expect{display:block;color:#b42318;font-size:12px}
mark{background:#ffd54f}pre{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:8px}
li{margin:4px 0}.sr{position:absolute;left:-9999px}
"""

SCRIPT = r"""
(function(){
  var T = {zh:{pass:'通过',fail:'不通过',error:'出错',errors:'错误',warnings:'警告',infos:'提示',unchecked:'未核对',items:'项',
               expected:'应为',actual:'实际为',unread:'未读',working:'正在检查……',findings:'问题',tables:'表格',sections:'正文',
               none:'没有发现问题',drop:'把年报文件拖到这里，或按回车选择文件'},
           en:{pass:'pass',fail:'fail',error:'error',errors:'errors',warnings:'warnings',infos:'info',unchecked:'not checked',items:'',
               expected:'expected',actual:'found',unread:'unread',working:'checking…',findings:'Findings',tables:'Tables',sections:'Text',
               none:'no findings',drop:'Drop the report here, or press Enter to choose a file'}};
  var $ = function(id){ return document.getElementById(id); };
  var lang = function(){ return $('lang').value; };
  function el(tag, text, cls){ var e = document.createElement(tag); if(text!==undefined && text!==null){ e.textContent = String(text); } if(cls){ e.className = cls; } return e; }
  function send(file){
    var t = T[lang()], out = $('result'); out.textContent = t.working;
    var form = new FormData(); form.append('file', file, file.name || 'report');
    var headers = {}; var token = $('token'); if(token && token.value){ headers['Authorization'] = 'Bearer ' + token.value; }
    fetch('/api/v1/check?include_report=1&lang=' + lang(), {method:'POST', body:form, headers:headers})
      .then(function(r){ return r.json(); }).then(show).catch(function(e){ out.textContent = String(e); });
  }
  function show(doc){
    var t = T[lang()], out = $('result'); out.textContent = '';
    if(doc.error){ out.appendChild(el('p', doc.error, 'error')); document.body.setAttribute('data-done','1'); return; }
    var r = doc.reports[0], c = {error:0,warning:0,info:0};
    r.findings.forEach(function(f){ c[f.severity]++; });
    var line = el('p', null, 'verdict'); line.id = 'verdict';
    line.appendChild(el('strong', t[r.status], r.status));
    line.appendChild(el('span', '（' + t.errors + ' ' + c.error + '，' + t.warnings + ' ' + c.warning + '，' + t.infos + ' ' + c.info +
      (r.unverified ? '；' + t.unchecked + ' ' + r.unverified + ' ' + t.items : '') + '）'));
    out.appendChild(line);
    out.appendChild(el('h2', t.findings));
    var list = el('ul'); list.id = 'findings';
    if(!r.findings.length){ list.appendChild(el('li', t.none)); }
    r.findings.forEach(function(f){
      var item = el('li', null, 'sev-' + f.severity); item.setAttribute('data-code', f.code);
      item.appendChild(el('strong', f.code + ' ')); item.appendChild(el('span', (f.pointer || '') + ' ' + f.message));
      if(f.expected !== undefined){ item.appendChild(el('span', '（' + t.expected + ' ' + JSON.stringify(f.expected) + '，' + t.actual + ' ' + JSON.stringify(f.actual) + '）')); }
      list.appendChild(item);
    });
    out.appendChild(list);
    if(doc.layout){ tables(doc.layout, r.findings, t, out); sections(doc.layout, r.findings, out, t); }
    document.body.setAttribute('data-done','1');
  }
  function tables(layout, findings, t, out){
    var bad = {}, related = {}, unread = {};
    findings.forEach(function(f){ if(f.severity === 'error' && f.pointer){ bad[f.pointer] = f; (f.related || []).forEach(function(p){ related[p] = 1; }); } });
    (layout.unread || []).forEach(function(p){ unread[p] = 1; });
    out.appendChild(el('h2', t.tables));
    ['applications', 'review_and_litigation'].forEach(function(key){
      var rows = layout[key]; if(!rows){ return; }
      var table = el('table'); table.id = 'table-' + key;
      var head = el('tr'); head.appendChild(el('th', ''));
      rows[0].cells.forEach(function(cell){ head.appendChild(el('th', cell.column)); });
      table.appendChild(head);
      rows.forEach(function(row){
        var tr = el('tr'); tr.appendChild(el('td', row.label, 'label'));
        row.cells.forEach(function(cell){
          var td = el('td', cell.value === null ? '' : cell.value); td.setAttribute('data-pointer', cell.pointer);
          if(unread[cell.pointer]){ td.className = 'unread'; td.textContent = t.unread; }
          if(bad[cell.pointer]){ td.className = 'bad'; if(bad[cell.pointer].expected !== undefined){ td.appendChild(el('span', t.expected + ' ' + bad[cell.pointer].expected, 'expect')); } }
          else if(related[cell.pointer]){ td.className = 'related'; }
          tr.appendChild(td);
        });
        table.appendChild(tr);
      });
      out.appendChild(table);
    });
  }
  function sections(layout, findings, out, t){
    out.appendChild(el('h2', t.sections));
    Object.keys(layout.sections).forEach(function(key){
      var s = layout.sections[key]; if(!s){ return; }
      out.appendChild(el('h3', s.heading || key));
      var text = s.text || '', spans = findings.filter(function(f){ return f.pointer === '/sections/' + key && f.start !== undefined; })
        .sort(function(a, b){ return a.start - b.start; });
      var pre = el('pre'), at = 0;
      spans.forEach(function(f){ if(f.start < at){ return; } pre.appendChild(document.createTextNode(text.slice(at, f.start)));
        var m = el('mark', text.slice(f.start, f.end)); m.title = f.message; pre.appendChild(m); at = f.end; });
      pre.appendChild(document.createTextNode(text.slice(at)));
      out.appendChild(pre);
    });
  }
  var drop = $('drop'), input = $('file');
  drop.textContent = T[lang()].drop;
  $('lang').addEventListener('change', function(){ drop.textContent = T[lang()].drop; });
  drop.addEventListener('click', function(){ input.click(); });
  drop.addEventListener('keydown', function(e){ if(e.key === 'Enter' || e.key === ' '){ e.preventDefault(); input.click(); } });
  drop.addEventListener('dragover', function(e){ e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function(){ drop.classList.remove('over'); });
  drop.addEventListener('drop', function(e){ e.preventDefault(); drop.classList.remove('over'); if(e.dataTransfer.files.length){ send(e.dataTransfer.files[0]); } });
  input.addEventListener('change', function(){ if(input.files.length){ send(input.files[0]); } });
  $('form').addEventListener('submit', function(e){ e.preventDefault(); if(input.files.length){ send(input.files[0]); } });
  var given = /#report=([^&]+)(?:&name=([^&]+))?/.exec(location.hash);  // a report in the address, for links and tests
  if(given){ var bytes = Uint8Array.from(atob(decodeURIComponent(given[1])), function(ch){ return ch.charCodeAt(0); });
    send(new File([bytes], decodeURIComponent(given[2] || 'report'))); }
  document.body.setAttribute('data-ready','1');
})();
"""


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


CSP = (f"default-src 'none'; script-src {_digest(SCRIPT)}; style-src {_digest(STYLE)}; connect-src 'self'; img-src data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def upload_page(needs_token: bool = False) -> str:
    token = ('<p><label for="token">访问令牌 / token</label> <input id="token" type="password" autocomplete="off"></p>'
             if needs_token else "")
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape("gzcheck 年报检查")}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head><body>\n'
            '<h1>政府信息公开工作年度报告检查 <small>gzcheck</small></h1>\n'
            '<form id="form"><p><label for="lang">语言 / language</label> <select id="lang"><option value="zh">中文</option>'
            '<option value="en">English</option></select></p>' + token +
            '<div id="drop" role="button" tabindex="0" aria-controls="file"></div>'
            '<p><label for="file">年报文件 / report file（JSON、YAML、网页、Word、PDF）</label> '
            '<input id="file" type="file" accept=".json,.yaml,.yml,.html,.htm,.txt,.md,.docx,.pdf"> '
            '<button type="submit">检查 / check</button></p></form>\n'
            f'<div id="result" aria-live="polite"></div>\n<script>{SCRIPT}</script>\n</body></html>\n')
