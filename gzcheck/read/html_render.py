"""Render HTML to plain text lines, remembering where each character came from: what a reader of the page
sees, not what the markup hides.

Table cells are separated by CELL (U+E000) and table rows end with a newline,
so the table reader sees real cell boundaries (blank ``&nbsp;`` cells
included; a cell a page leaves unclosed ends where HTML says it does).
Script, style and other non-content elements are skipped; so is content the
page hides (``hidden``, ``display:none``, ``visibility:hidden``, ``font-size:0``,
moved off-screen — inline or by a class or id a ``<style>`` block hides), whose
place is returned so the reader can say it was there. Comments end as an HTML5
browser ends them (``<!-->``, ``<!--->``, ``--!>``; ``<![CDATA[`` outside SVG
is a comment to the first ``>``). What a browser shows of buttons, text areas,
SVG text, a select's chosen option and an iframe's ``srcdoc`` is text.

One regular expression walks the markup (tags, comments, text) and keeps each
piece's source offset, so rendering costs a fraction of the standard library's
``html.parser``; truncated or malformed markup still renders (a ``<`` that
starts no tag is text). Where text came from is kept as pieces (text start,
source start, length), not a list of one number per character.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
import re
from html import unescape

from gzcheck.normalize import replace_each

CELL = "\ue000"  # a private-use character: not whitespace, never in real text
_SKIP = {"script", "style", "noscript", "template", "head", "desc", "metadata"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"}
# elements whose end tag may be left out: what starts or ends one of these names ends them (HTML's implied ends)
_IMPLIED = {"td": {"td", "th", "tr", "tbody", "thead", "tfoot", "table"}, "tr": {"tr", "tbody", "thead", "tfoot", "table"},
            "li": {"li", "ul", "ol"}, "option": {"option", "optgroup", "select"},
            "p": {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
                  "footer", "blockquote", "pre", "form", "dl", "hr", "nav"}}
_IMPLIED["th"] = _IMPLIED["td"]
_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?![.\d]*[1-9])"
                     r"|(?:left|top|text-indent)\s*:\s*-\d{3,}|opacity\s*:\s*0(?![.\d]*[1-9])", re.I)
_STYLE_ATTR = re.compile(r"""style\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_CLASS_ATTR = re.compile(r"""(class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SRCDOC = re.compile(r"""srcdoc\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "nav", "hr", "blockquote", "pre", "dd", "dt", "dl", "form", "tbody", "thead", "caption"}
_SPACES_IN_TABLE = {"\n": " ", "\r": " ", "\t": " "}
_CR = {"\r": " "}
_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")  # as html.unescape finds them
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_CLOSING: dict[str, re.Pattern] = {}


def _closing(tag: str) -> re.Pattern:
    if tag not in _CLOSING:
        _CLOSING[tag] = re.compile(rf"</{tag}\s*>", re.I)
    return _CLOSING[tag]


class Origin:
    """Text offset → source offset, as pieces: a piece of text was copied from one place in the source."""

    def __init__(self, text_starts: list[int], source_starts: list[int], lengths: list[int], source_length: int):
        self.text_starts, self.source_starts, self.lengths = text_starts, source_starts, lengths
        self.last = max(0, source_length - 1)

    def source(self, index: int) -> int:
        i = bisect.bisect_right(self.text_starts, index) - 1
        if i < 0:
            return 0
        # inside a piece, offsets count from its start (an entity is a piece of its own)
        return min(self.source_starts[i] + min(index - self.text_starts[i], max(0, self.lengths[i] - 1)), self.last)

    def text_at(self, source_offset: int) -> int:
        """The first text offset whose source offset is at or after ``source_offset``."""
        i = bisect.bisect_left(self.source_starts, source_offset)
        if i > 0 and source_offset < self.source_starts[i - 1] + self.lengths[i - 1]:
            return self.text_starts[i - 1] + source_offset - self.source_starts[i - 1]
        return self.text_starts[i] if i < len(self.text_starts) else (self.text_starts[-1] + self.lengths[-1] if self.text_starts else 0)


# what a tag does to the text: open or close a cell, a row, a table, a block
_CELL, _ROW, _TABLE, _BLOCK_TAG, _BREAK = 1, 2, 3, 4, 5
_ACTION = {**{t: _BLOCK_TAG for t in _BLOCK}, "td": _CELL, "th": _CELL, "tr": _ROW, "table": _TABLE, "br": _BREAK, "hr": _BREAK}
# Outside quotes a tag ends at the next "<": a "<" that opens no tag is text, and a page of "<a b<a b…" is read
# in linear time instead of each "<" scanning to the end of the page.
# Comments end as HTML5 ends them: "<!-->" and "<!--->" are empty comments, "--!>" closes one too, and anything
# else starting "<!" or "<?" (CDATA outside SVG included) is a bogus comment up to the first ">".
_TAG = re.compile(r"<(?:!--(?:>|->|.*?(?:--!?>|\Z))|[!?][^>]*>?"
                  r"|(/?)([A-Za-z][A-Za-z0-9:_-]*)([^<>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"']*)*)>)", re.S)


def render_html(source: str) -> tuple[str, Origin, str | None, list[tuple[int, int, str]]]:
    """Return (text, origin, title, hidden): ``hidden`` lists the (start, end, why) in the source of every
    element the page hides from its readers, which is not in the text.

    One pass over the tags; the text between two tags is one piece. (Written as one function with local
    lists: it is the hot loop of reading a page.)"""
    parts: list[str] = []
    source_starts: list[int] = []
    cells: list[bool] = []  # one per open table: whether a cell is open in it (a cell's end tag may be left out)
    cell_depth = 0          # open cells, over all tables
    title: str | None = None
    size = len(source)
    last = 0  # where the text not yet rendered starts
    emit_text, emit_at = parts.append, source_starts.append
    hiding_rules, generated = _style_rules(source) if "<style" in source or "<STYLE" in source else ({}, {})
    hidden: list[tuple[int, int, str]] = []
    pending: list[tuple[int, str]] = []  # (source offset of an element's end, the ::after text it shows there)
    opening: tuple[str, int] | None = None  # the ::before text of the element just opened

    def emit(text: str, at: int) -> None:
        emit_text(text)
        emit_at(at)

    def emit_raw(raw: str, at: int) -> None:
        """Text as written between tags, entities decoded; text after an entity is a piece of its own, so its
        offsets stay exact."""
        spaces = _SPACES_IN_TABLE if cell_depth or cells else _CR  # in a table only <tr> makes a row
        if "&" not in raw:
            if "\r" in raw or ((cell_depth or cells) and ("\n" in raw or "\t" in raw)):  # inline: the hot path
                raw = replace_each(raw, spaces)
            emit_text(raw)
            emit_at(at)
            return
        done, run = 0, None  # run: where the entities written one after another begin
        for entity in _ENTITY.finditer(raw):
            if entity.start() > done:
                if run is not None:
                    emit(replace_each(unescape(raw[run:done]), spaces), at + run)
                    run = None
                emit(replace_each(raw[done:entity.start()], spaces), at + done)
            if run is None:
                run = entity.start()
            done = entity.end()
        if run is not None:
            emit(replace_each(unescape(raw[run:done]), spaces), at + run)
        if done < len(raw):
            emit(replace_each(raw[done:], spaces), at + done)

    for match in _TAG.finditer(source):
        at = match.start()
        if at < last:
            continue  # inside an element whose content is not page text
        if opening:
            emit(*opening)
            opening = None
        if at > last:
            emit_raw(source[last:at], last)
        last = match.end()
        while pending and pending[0][0] <= last:
            emit(pending.pop(0)[1], at)
        closing, tag, attributes = match.groups()
        if tag is None:
            continue  # a comment, doctype or CDATA
        tag = tag.lower()
        action = _ACTION.get(tag)
        if closing:  # an end tag
            if action == _TABLE and cells:
                cell_depth -= cells.pop()
            if action == _CELL:
                if cells and cells[-1]:
                    cells[-1] = False
                    cell_depth -= 1
            elif action in (_ROW, _TABLE) or (action in (_BLOCK_TAG, _BREAK) and not cell_depth):
                if action == _ROW and cells and cells[-1]:
                    cells[-1] = False
                    cell_depth -= 1
                emit_text("\n")
                emit_at(at)
            continue
        self_closing = attributes.rstrip().endswith("/") or tag in _VOID
        if not self_closing and attributes and (why := _hides(tag, attributes, hiding_rules)):
            end = _element_end(source, tag, last)
            hidden.append((at, end, why))
            last = end
            continue
        if generated and attributes and not self_closing:
            before, after = _generated_content(attributes, generated)
            if after:
                pending.append((_element_end(source, tag, last), after))
                pending.sort()
            if before:
                opening = (before, last)  # shown right after the start tag, once the tag's own action is done
        if action is None:
            if tag == "title" or tag in _SKIP:
                # the element's content is not page text: jump past its end tag (or to the end of a truncated page)
                close = _closing(tag).search(source, last)
                content_end = close.start() if close else size
                if tag == "head" and title is None:
                    inner = _TITLE.search(source, last, content_end)
                    title = unescape(inner.group(1)).strip() or None if inner else None
                if tag == "title" and title is None:
                    title = unescape(source[last:content_end]).strip() or None
                last = close.end() if close else size
            elif tag in ("select", "iframe"):
                end = _element_end(source, tag, last)
                shown, shown_at = _shown_of(tag, source, match, last, end)
                if shown:
                    emit(shown, shown_at)
                last = end
            continue
        if action == _BREAK:
            emit_text(" " if cell_depth else "\n")
        elif self_closing:
            continue  # <p/>, <td/>: opens nothing
        elif action == _TABLE:
            emit_text(" " if cell_depth else "\n")
            cells.append(False)
        elif action == _CELL:
            if not cells:
                cells.append(False)  # a cell outside any table: it still separates values
            if not cells[-1]:
                cells[-1] = True
                cell_depth += 1
            emit_text(CELL)  # a cell left open ends where the next one starts
        elif action == _ROW:
            if cells and cells[-1]:
                cells[-1] = False
                cell_depth -= 1
            emit_text("\n")
        else:
            emit_text(" " if cell_depth else "\n")
        emit_at(at)
    if opening:
        emit(*opening)
    if last < size:
        emit_raw(source[last:], last)
    for _, text in pending:
        emit(text, size - 1 if size else 0)
    lengths = list(map(len, parts))
    text_starts = list(accumulate(lengths, initial=0))[:-1]
    return "".join(parts), Origin(text_starts, source_starts, lengths, size), title, hidden


def _attribute(pattern: re.Pattern, attributes: str) -> str:
    match = pattern.search(attributes)
    return unescape(next((g for g in match.groups() if g is not None), "")) if match else ""


def _hides(tag: str, attributes: str, rules: dict[str, str]) -> str | None:
    """Why an element is hidden from a reader (its ``hidden`` attribute, an inline style, a class or id a
    ``<style>`` block hides), or None."""
    lowered = attributes.lower()
    if "hidden" in lowered and re.search(r"(?:^|\s)hidden(?:\s|=|/|$)", lowered):
        return "hidden"
    if "style" in lowered:
        style = _attribute(_STYLE_ATTR, attributes)
        hiding = _HIDING.search(style)
        if hiding:
            return hiding.group().replace(" ", "")
    if rules and ("class" in lowered or "id" in lowered):
        for match in _CLASS_ATTR.finditer(attributes):
            names = unescape(next(g for g in match.groups()[1:] if g is not None)).split()
            prefix = "." if match.group(1).lower() == "class" else "#"
            for name in names:
                if prefix + name in rules:
                    return rules[prefix + name]
    return None


def _style_rules(source: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """What a page's ``<style>`` blocks do to classes and ids: the ones they hide (``.x{display:none}``:
    selector -> how), and the text they add before or after an element (``.x::after{content:"13"}``:
    selector -> (before, after))."""
    hides: dict[str, str] = {}
    adds: dict[str, tuple[str, str]] = {}
    for style in re.finditer(r"<style[^>]*>(.*?)(?:</style\s*>|\Z)", source, re.I | re.S):
        for rule in _CSS_RULE.finditer(style.group(1)):
            hiding = _HIDING.search(rule.group(2))
            content = _CSS_CONTENT.search(rule.group(2))
            for selector in rule.group(1).split(","):
                simple = selector.strip().split()[-1] if selector.strip() else ""
                pseudo = re.fullmatch(r"([.#][\w-]+)::?(before|after)", simple)
                if hiding is not None and re.fullmatch(r"[.#][\w-]+", simple):
                    hides[simple] = hiding.group().replace(" ", "")
                elif content is not None and pseudo:
                    before, after = adds.get(pseudo.group(1), ("", ""))
                    text = css_string(content.group(1) if content.group(1) is not None else content.group(2))
                    adds[pseudo.group(1)] = (text, after) if pseudo.group(2) == "before" else (before, text)
    return hides, adds


def _generated_content(attributes: str, adds: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The text an element's classes and id add before and after it."""
    before = after = ""
    for match in _CLASS_ATTR.finditer(attributes):
        prefix = "." if match.group(1).lower() == "class" else "#"
        for name in unescape(next(g for g in match.groups()[1:] if g is not None)).split():
            added = adds.get(prefix + name)
            if added:
                before, after = before + added[0], after + added[1]
    return before, after


_CSS_CONTENT = re.compile(r"""content\s*:\s*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)')""", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def css_string(value: str) -> str:
    """A CSS string's text: ``\\6fb3 `` and ``\\"`` escapes decoded."""
    if "\\" not in value:
        return value
    return _CSS_ESCAPE.sub(lambda m: _code_point(int(m.group(1), 16)) if m.group(1) else m.group(2), value)


def _code_point(code: int) -> str:
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _element_end(source: str, tag: str, pos: int) -> int:
    """Where the element whose start tag ends at ``pos`` ends: past its end tag — counting nested ones of its
    name — or where HTML ends it without one (a new cell ends a cell), or at the end of the page."""
    closers = _IMPLIED.get(tag)
    depth = 1
    for match in _TAG.finditer(source, pos):
        closing, name, attributes = match.groups()
        if name is None:
            continue
        name = name.lower()
        if name == tag and closing:
            depth -= 1
            if depth == 0:
                return match.end()
        elif closers is not None and name in closers and depth == 1:
            return match.start()
        elif name == tag and not attributes.rstrip().endswith("/"):
            depth += 1
    return len(source)


def _shown_of(tag: str, source: str, start: re.Match, pos: int, end: int) -> tuple[str, int]:
    """What a browser shows of a select (its chosen option, else the first) or an iframe (its ``srcdoc``)."""
    if tag == "iframe":
        srcdoc = _attribute(_SRCDOC, start.group(3) or "")
        return (render_html(srcdoc)[0].strip(), start.start()) if srcdoc else ("", pos)
    options = list(re.finditer(r"<option\b([^>]*)>(.*?)(?=<option\b|</select|</option|\Z)", source[pos:end], re.I | re.S))
    chosen = next((o for o in options if re.search(r"\bselected\b", o.group(1), re.I)), options[0] if options else None)
    if chosen is None:
        return "", pos
    return unescape(re.sub(r"<[^>]*>", "", chosen.group(2))).strip(), pos + chosen.start(2)


def strip_markup(source: str) -> tuple[str, Origin]:
    """The source with every tag and comment taken out and character references decoded — hidden elements,
    scripts and styles included: what spam matching reads, where ``澳<!---->门`` and ``&#x6fb3;&#x95e8;``
    read 澳门. Each piece keeps its source offset (a decoded reference is a piece of its own)."""
    parts: list[str] = []
    starts: list[int] = []
    last = 0

    def emit_text(raw: str, at: int) -> None:
        if "&" not in raw:
            parts.append(raw)
            starts.append(at)
            return
        done = 0
        for entity in _ENTITY.finditer(raw):
            if entity.start() > done:
                parts.append(raw[done:entity.start()])
                starts.append(at + done)
            parts.append(unescape(entity.group()))
            starts.append(at + entity.start())
            done = entity.end()
        if done < len(raw):
            parts.append(raw[done:])
            starts.append(at + done)

    for match in _TAG.finditer(source):
        if match.start() > last:
            emit_text(source[last:match.start()], last)
        last = match.end()
    if last < len(source):
        emit_text(source[last:], last)
    lengths = list(map(len, parts))
    return "".join(parts), Origin(list(accumulate(lengths, initial=0))[:-1], starts, lengths, len(source))


def markup_free_text(source: str) -> str:
    """The text of :func:`strip_markup` without its offsets, in a few calls to C: a form feed stands where each
    tag was while references are decoded, so none is read across a tag, and is then taken out."""
    if "\f" in source:
        return strip_markup(source)[0]
    return unescape(_TAG.sub("\f", source)).replace("\f", "")


def source_span(source: str, origin: Origin, start: int, end: int) -> tuple[int, int]:
    """Where the text ``[start, end)`` of :func:`strip_markup` is in the source (a reference written last, in full)."""
    last = origin.source(max(start, end - 1))
    entity = _ENTITY.match(source, last) if source.startswith("&", last) else None
    return origin.source(start), entity.end() if entity else last + 1
