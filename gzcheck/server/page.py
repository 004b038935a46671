"""The upload page, a clerk's tool: drop or choose a report and see the verdict; the findings, errors first,
each naming its cell in the template's words and taking you to it (and back); tables 三 and 四 drawn as the
template prints them with the wrong cell, its correct value, derived and unread cells marked; the section
texts with flagged spans explained inline. One self-contained page (no external script, font or style),
Chinese by default, every word switched by the language choice, usable by keyboard and on a phone."""

from __future__ import annotations

import base64
import hashlib
import json

from gzcheck.messages import group

STYLE = """
body{font-family:system-ui,"Microsoft YaHei","PingFang SC",sans-serif;margin:16px;color:#222;max-width:1200px;line-height:1.5}
h1{font-size:21px}h2{font-size:18px;margin-top:24px}h3{font-size:16px;margin:16px 0 4px}
#drop{border:2px dashed #888;padding:24px;text-align:center;margin:12px 0;cursor:pointer}
#drop:focus,#drop.over{border-color:#1a56db;outline:3px solid #93c5fd}
button,select,input{font-size:15px;padding:4px 10px;max-width:100%}
.pass{color:#1a7f37}.fail{color:#b42318}.error{color:#9a6700}
#findings{padding-left:0;list-style:none}#findings li{margin:6px 0;padding:6px 8px;border-left:4px solid #999;background:#fafafa}
#findings li.sev-error{border-color:#b42318}#findings li.sev-warning{border-color:#d97706}#findings li.sev-info{border-color:#888}
.level{font-weight:bold;margin-right:6px}.sev-error .level{color:#b42318}.sev-warning .level{color:#9a6700}.code{color:#555;margin-right:6px}
.where{display:block;font-weight:bold}.values{display:block;color:#b42318}
#findings a,.back{color:#1a56db}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #bbb;padding:3px 6px;text-align:center}
th.label,td.label{text-align:left;font-weight:normal;background:#f7f7f7}thead th{background:#f0f0f0}
td.bad{background:#fde2e1;font-weight:bold;outline:2px solid #b42318}td.related{background:#fff4d6}
td.unread{background:#eee;color:#666;font-style:italic}td.derived{background:#e8f0fe}
.expect,.tag{display:block;font-size:12px;font-weight:normal}.expect{color:#b42318}.tag{color:#1a56db}
:target,.focus{outline:3px solid #1a56db !important}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#fafafa;border:1px solid #eee;padding:8px}
mark{background:#ffd54f}.why{display:block;margin:2px 0 6px;padding:2px 6px;background:#fff4d6;font-size:13px;white-space:normal}
.legend span{margin-right:12px;padding:0 4px;display:inline-block}.legend-bad{background:#fde2e1;outline:2px solid #b42318}
figure.original{margin:4px 0}figure.original img{max-width:100%;border:1px solid #bbb;display:block}figure.original figcaption{font-size:12px;color:#555}
.legend-related{background:#fff4d6}.legend-derived{background:#e8f0fe}.legend-unread{background:#eee;font-style:italic}#findings,.where,.text{overflow-wrap:anywhere}
"""

_SCRIPT = r"""
(function(){
  var T = __WORDS__;
  var RANK = {error:0, warning:1, info:2};
  var $ = function(id){ return document.getElementById(id); };
  var lang = function(){ return $('lang').value === 'en' ? 'en' : 'zh'; };
  var lastFile = null;
  function el(tag, text, cls){ var e = document.createElement(tag); if(text!==undefined && text!==null){ e.textContent = String(text); } if(cls){ e.className = cls; } return e; }
  function shown(v, t){ if(v === null || v === undefined){ return t.blank; } if(Array.isArray(v)){ return v.map(function(x){ return shown(x, t); }).join('、'); }
    return typeof v === 'object' ? JSON.stringify(v) : String(v); }
  function words(){
    var t = T[lang()]; document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN'; document.title = 'gzcheck · ' + t.title;
    ['title','check'].forEach(function(k){ $(k + '-text').textContent = t[k]; });
    $('lang-label').textContent = t.lang; $('file-label').textContent = t.file; $('drop').textContent = t.drop;
    if($('token-label')){ $('token-label').textContent = t.token; }
    if($('url-label')){ $('url-label').textContent = t.url; }
  }
  function send(file){  // a File to upload, or a URL (a string) the service fetches itself
    lastFile = file;
    var t = T[lang()], out = $('result'); out.textContent = t.working; document.body.removeAttribute('data-done');
    var address = '/api/v1/check?include_report=1&lang=' + lang(), form = null;
    if(typeof file === 'string'){ address += '&url=' + encodeURIComponent(file); }
    else { form = new FormData(); form.append('file', file, file.name || 'report'); }
    var headers = {}; var token = $('token'); if(token && token.value){ headers['Authorization'] = 'Bearer ' + token.value; }
    fetch(address, {method:'POST', body:form, headers:headers})
      .then(function(r){ return r.json(); }).then(show).catch(function(e){ out.textContent = String(e); document.body.setAttribute('data-done','1'); });
  }
  function jump(id, from){
    var target = $(id); if(!target){ return; }
    target.setAttribute('data-from', from); target.focus(); target.scrollIntoView({block:'center'});
    document.querySelectorAll('.focus').forEach(function(e){ e.classList.remove('focus'); }); target.classList.add('focus');
  }
  function back(e){ var from = this.getAttribute('data-from'); if(from && $(from)){ e.preventDefault(); $(from).focus(); $(from).scrollIntoView({block:'center'}); } }
  function focusable(node){ node.tabIndex = 0; node.addEventListener('click', back); node.addEventListener('keydown', function(e){ if(e.key === 'Enter'){ back.call(node, e); } }); }
  function show(doc){
    var t = T[lang()], out = $('result'); out.textContent = '';
    if(doc.error){ out.appendChild(el('p', doc.error, 'error')); document.body.setAttribute('data-done','1'); return; }
    var r = doc.reports[0], c = {error:0,warning:0,info:0}, layout = doc.layout || {tables:[], sections:[], excerpts:{}};
    var findings = r.findings.map(function(f, i){ f.index = i; return f; })
      .sort(function(a, b){ return RANK[a.severity] - RANK[b.severity] || a.index - b.index; });
    findings.forEach(function(f){ c[f.severity]++; });
    var line = el('p', null, 'verdict'); line.id = 'verdict';
    line.appendChild(el('strong', t[r.status], r.status));
    line.appendChild(el('span', t.open + t.error_s + ' ' + c.error + t.sep + t.warning_s + ' ' + c.warning + t.sep + t.info_s + ' ' + c.info +
      (r.unverified ? t.sep + t.unchecked + ' ' + r.unverified + (t.items ? ' ' + t.items : '') : '') + t.close));
    out.appendChild(line);
    var targets = targetsOf(findings, layout);
    out.appendChild(el('h2', t.findings));
    var list = el('ul'); list.id = 'findings';
    if(!findings.length){ list.appendChild(el('li', t.none)); }
    findings.forEach(function(f){
      var item = el('li', null, 'sev-' + f.severity); item.id = 'finding-' + f.index; item.setAttribute('data-code', f.code);
      item.tabIndex = -1;
      item.appendChild(el('span', t.levels[f.severity], 'level'));
      item.appendChild(el('span', f.code, 'code'));
      if(f.where){ item.appendChild(el('span', f.where, 'where')); }
      item.appendChild(el('span', f.message, 'message'));
      if(f.expected !== undefined && f.expected !== null){ item.appendChild(el('span', t.expected + ' ' + shown(f.expected, t) + t.sep + t.actual + ' ' + shown(f.actual, t), 'values')); }
      var picture = (layout.pictures || {})[String(f.index)];
      if(picture && picture.indexOf('data:image/png;base64,') === 0){ var figure = el('figure', null, 'original'); var img = el('img'); img.src = picture; img.alt = t.original + (f.where ? t.open + f.where + t.close : '');
        figure.appendChild(img); figure.appendChild(el('figcaption', t.original)); item.appendChild(figure); }
      var target = targets[f.index];
      if(target){ var a = el('a', t.goto); a.href = '#' + target; a.setAttribute('data-target', target);
        a.addEventListener('click', function(e){ e.preventDefault(); jump(target, item.id); }); item.appendChild(a); }
      list.appendChild(item);
    });
    out.appendChild(list);
    tables(layout, findings, t, out);
    excerpts(layout, findings, t, out);
    sections(layout, findings, t, out);
    document.body.setAttribute('data-done','1');
  }
  function targetsOf(findings, layout){
    var cells = {}, out = {}, sectionKeys = {};
    layout.tables.forEach(function(table){ table.rows.forEach(function(row){ row.cells.forEach(function(cell){ cells[cell.pointer] = 1; }); }); });
    layout.sections.forEach(function(s){ sectionKeys['/sections/' + s.key] = s.key; });
    findings.forEach(function(f){
      if(f.pointer && cells[f.pointer]){ out[f.index] = 'cell-' + f.pointer.replace(/[^a-z0-9_]/gi, '-'); }
      else if(layout.excerpts[String(f.index)]){ out[f.index] = 'span-' + f.index; }
      else if(f.pointer && sectionKeys[f.pointer] !== undefined){ out[f.index] = f.start !== undefined ? 'span-' + f.index : 'section-' + sectionKeys[f.pointer]; }
    });
    return out;
  }
  function tables(layout, findings, t, out){
    if(!layout.tables.length){ return; }
    var bad = {}, related = {};
    findings.forEach(function(f){ if(f.severity === 'error' && f.pointer){ if(!bad[f.pointer]){ bad[f.pointer] = f; } (f.related || []).forEach(function(p){ related[p] = 1; }); } });
    out.appendChild(el('h2', t.tables));
    var legend = el('p', null, 'legend'); t.legend.forEach(function(l){ var s = el('span', l[1]); s.className = 'legend-' + l[0]; legend.appendChild(s); }); out.appendChild(legend);
    layout.tables.forEach(function(grid){
      out.appendChild(el('h3', grid.title));
      var wrap = el('div', null, 'scroll'), table = el('table'); table.id = 'table-' + grid.key;
      var head = el('thead');
      grid.header.forEach(function(cells, i){
        var tr = el('tr');
        if(i === 0 && grid.corner){ var corner = el('th', grid.corner.text, 'label'); corner.rowSpan = grid.corner.rowspan; corner.colSpan = grid.corner.colspan; tr.appendChild(corner); }
        cells.forEach(function(c){ var th = el('th', c.text); th.colSpan = c.colspan; th.rowSpan = c.rowspan; th.scope = 'col'; tr.appendChild(th); });
        head.appendChild(tr);
      });
      table.appendChild(head);
      var body = el('tbody');
      grid.rows.forEach(function(row){
        var tr = el('tr');
        row.labels.forEach(function(c){ var th = el('th', c.text, 'label'); th.rowSpan = c.rowspan; th.colSpan = c.colspan; th.scope = 'row'; tr.appendChild(th); });
        row.cells.forEach(function(cell){
          var td = el('td'), f = bad[cell.pointer];
          td.id = 'cell-' + cell.pointer.replace(/[^a-z0-9_]/gi, '-'); td.setAttribute('data-pointer', cell.pointer); td.title = cell.name;
          if(cell.state === 'unread'){ td.className = 'unread'; td.textContent = t.unread; }
          else { td.textContent = cell.value === null ? '' : String(cell.value); }
          if(cell.state === 'blank'){ td.setAttribute('aria-label', cell.name + ' ' + t.blank); }
          if(cell.state === 'derived'){ td.className = 'derived'; td.appendChild(el('span', t.derived, 'tag')); }
          if(f){ td.className = 'bad'; if(f.expected !== undefined && f.expected !== null){ td.appendChild(el('span', t.expected + ' ' + shown(f.expected, t), 'expect')); }
            td.setAttribute('data-from', 'finding-' + f.index); focusable(td); }
          else if(related[cell.pointer]){ td.className = 'related'; }
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.appendChild(body); wrap.appendChild(table); out.appendChild(wrap);
    });
  }
  function marked(parent, f, text){
    var m = el('mark', text); m.id = 'span-' + f.index; m.setAttribute('data-from', 'finding-' + f.index); focusable(m);
    parent.appendChild(m); parent.appendChild(el('span', f.code + ' ' + f.message, 'why'));
  }
  function excerpts(layout, findings, t, out){
    var shownAny = false;
    findings.forEach(function(f){
      var x = layout.excerpts[String(f.index)]; if(!x){ return; }
      if(!shownAny){ out.appendChild(el('h2', t.page)); shownAny = true; }
      var p = el('div', null, 'text'); p.appendChild(document.createTextNode('…' + x.before)); marked(p, f, x.text);
      p.appendChild(document.createTextNode(x.after + '…')); out.appendChild(p);
    });
  }
  function plain(parent, text, t){
    // runs of short lines holding numbers are the tables' cells, one per line: folded, still there to open
    var lines = text.split('\n'), run = [];
    function flush(){
      if(run.length >= 6 && run.filter(function(l){ return /\d/.test(l); }).length * 2 >= run.length){
        var d = el('details'); d.appendChild(el('summary', t.dump.replace('{n}', run.length))); d.appendChild(document.createTextNode(run.join('\n') + '\n')); parent.appendChild(d);
      } else if(run.length){ parent.appendChild(document.createTextNode(run.join('\n') + '\n')); }
      run = [];
    }
    lines.forEach(function(l, i){ var last = i === lines.length - 1;
      if(l.trim().length <= 30){ run.push(l); if(last){ flush(); } return; }
      flush(); parent.appendChild(document.createTextNode(l + (last ? '' : '\n'))); });
    flush();
  }
  function sections(layout, findings, t, out){
    if(!layout.sections.length){ return; }
    out.appendChild(el('h2', t.sections));
    layout.sections.forEach(function(s){
      var h = el('h3', s.heading); h.id = 'section-' + s.key; h.tabIndex = -1; out.appendChild(h);
      var spans = findings.filter(function(f){ return f.pointer === '/sections/' + s.key && f.start !== undefined && f.end !== undefined; })
        .sort(function(a, b){ return a.start - b.start; });
      var box = el('div', null, 'text'), at = 0;
      spans.forEach(function(f){ if(f.start < at){ return; } plain(box, s.text.slice(at, f.start), t); marked(box, f, s.text.slice(f.start, f.end)); at = f.end; });
      plain(box, s.text.slice(at), t);
      out.appendChild(box);
    });
  }
  var drop = $('drop'), input = $('file');
  words();
  $('lang').addEventListener('change', function(){ words(); if(lastFile){ send(lastFile); } });
  drop.addEventListener('click', function(){ input.click(); });
  drop.addEventListener('keydown', function(e){ if(e.key === 'Enter' || e.key === ' '){ e.preventDefault(); input.click(); } });
  drop.addEventListener('dragover', function(e){ e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function(){ drop.classList.remove('over'); });
  drop.addEventListener('drop', function(e){ e.preventDefault(); drop.classList.remove('over'); if(e.dataTransfer.files.length){ send(e.dataTransfer.files[0]); } });
  input.addEventListener('change', function(){ if(input.files.length){ send(input.files[0]); } });
  $('form').addEventListener('submit', function(e){ e.preventDefault(); var url = $('url');
    if(url && url.value.trim()){ send(url.value.trim()); } else if(input.files.length){ send(input.files[0]); } });
  var chosen = /(?:#|&)lang=(en|zh)/.exec(location.hash); if(chosen){ $('lang').value = chosen[1]; words(); }
  var given = /#report=([^&]+)(?:&name=([^&]+))?/.exec(location.hash);  // a report in the address, for links and tests
  if(given){ var bytes = Uint8Array.from(atob(decodeURIComponent(given[1])), function(ch){ return ch.charCodeAt(0); });
    send(new File([bytes], decodeURIComponent(given[2] || 'report'))); }
  document.body.setAttribute('data-ready','1');
})();
"""


def _words(lang: str) -> dict:
    """What the script says, from the message catalog: the page's own words, verdicts, levels and values."""
    words = {**group("page", lang), **group("status", lang), **group("value", lang)}
    words["levels"] = group("severity", lang)
    return words


SCRIPT = _SCRIPT.replace("__WORDS__", json.dumps({lang: _words(lang) for lang in ("zh", "en")}, ensure_ascii=False))


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


CSP = (f"default-src 'none'; script-src {_digest(SCRIPT)}; style-src {_digest(STYLE)}; connect-src 'self'; img-src data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


ACCEPTED = ".json,.yaml,.yml,.html,.htm,.txt,.md,.docx,.pdf,.ofd,.xlsx,.png,.jpg,.jpeg,.tif,.tiff,.bmp"


def upload_page(needs_token: bool = False, fetches: bool = False) -> str:
    """The page; its words are set by its script in the chosen language (Chinese until one is chosen).
    ``fetches``: the service may fetch reports by URL (started with --fetch-allow): a field for one."""
    token = ('<p><label id="token-label" for="token">访问令牌</label> <input id="token" type="password" autocomplete="off"></p>'
             if needs_token else "")
    url = ('<p><label id="url-label" for="url">或年报网址</label> <input id="url" type="url" placeholder="https://" size="50"></p>'
           if fetches else "")
    return ('<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>gzcheck</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head><body>\n'
            '<h1><span id="title-text">政府信息公开工作年度报告检查</span> <small>gzcheck</small></h1>\n'
            '<form id="form"><p><label id="lang-label" for="lang">语言</label> <select id="lang"><option value="zh">中文</option>'
            '<option value="en">English</option></select></p>' + token +
            '<div id="drop" role="button" tabindex="0" aria-controls="file"></div>'
            '<p><label id="file-label" for="file">年报文件</label> '
            f'<input id="file" type="file" accept="{ACCEPTED}"></p>' + url +
            '<p><button type="submit"><span id="check-text">检查</span></button></p></form>\n'
            f'<div id="result" aria-live="polite"></div>\n<script>{SCRIPT}</script>\n</body></html>\n')
