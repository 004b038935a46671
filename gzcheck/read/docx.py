"""Word (.docx, also as written by WPS) to text the extractor reads, with where each piece came from.

The OOXML is read directly (zip + the standard library's expat parser): paragraphs become lines, a table
row becomes a line whose cells start with CELL (as HTML rows do), so merged cells (gridSpan, vMerge) and
vertical group labels fall where the template's rows expect them. Ordinals that live in Word's numbering
(一、 （一） 1.) are written out. Text is read as Word shows it: tracked insertions and moves count where
they now are, deletions and text moved away do not (and a note says the draft still has tracked changes);
content controls (w:sdt) and custom XML show what they hold; a document imported whole (w:altChunk: HTML,
text or another .docx) is read in its place; hidden text (w:vanish) and hidden rows are not read, and where
they hold numbers or report text a warning names them. Comments live in another part and are never read.

Hostile files: the zip's members are capped in size (a zip bomb is refused before it is inflated), and
XML with a DOCTYPE (entity expansion) is refused outright — a Word document never has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from gzcheck.errors import InputError
from gzcheck.read.hidden import Note, hidden_notes, holds_report_content
from gzcheck.read.html_render import CELL, render_html
from gzcheck.read.zipped import Package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_NESTING = 3                          # a .docx imported into a .docx imported into …
_SHOWN_WRAPPERS = (f"{W}sdt", f"{W}customXml")  # Word shows what these hold
_OFF = {"0", "false", "off"}


@dataclass
class Rendered:
    """A document as text, and for each stretch of it where it was in the document."""

    text: str
    media_type: str
    spans: list[tuple[int, dict]] = field(default_factory=list)   # (start offset, location), ascending
    notes: list[Note] = field(default_factory=list)                 # things worth saying about the file
    title: str | None = None


def is_docx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and b"word/" in data[:4096]


def read_docx(data: bytes, nesting: int = 0) -> Rendered:
    parts = _Parts(data)
    document = parts.raw("word/document.xml") or b""  # never None: a part that is not optional is there or refused
    body = parts.parse(document).find(f"{W}body")
    if body is None:
        raise InputError("Word 文件里没有正文", "the Word file has no body")
    numbering = _Numbering(None, None)
    if b"numPr" in document or b"pStyle" in document:  # numbering or styles matter only when paragraphs use them
        styles = parts.raw("word/styles.xml", optional=True)
        numbering = _Numbering(parts.xml("word/numbering.xml", optional=True),
                               parts.parse(styles) if styles and b"numPr" in styles else None)
    out = _Writer(numbering, lambda rid: _imported(parts, rid, nesting))
    out.block(body)
    rendered = Rendered("".join(out.pieces), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", out.spans)
    if out.tracked:
        rendered.notes.append(("info", "文件中还有未处理的修订：已计入插入的内容，未计入删除的内容；发布前请接受或拒绝全部修订",
                               "the file still has tracked changes: insertions were counted, deletions were not; "
                               "accept or reject them before publishing", None))
    rendered.notes += out.notes + hidden_notes([p for p in out.hidden if holds_report_content(p[3], in_table=p[0].startswith("表"))])
    core = parts.xml("docProps/core.xml", optional=True)
    if core is not None:
        title = core.find("{http://purl.org/dc/elements/1.1/}title")
        rendered.title = title.text.strip() if title is not None and title.text and title.text.strip() else None
    return rendered


class _Parts(Package):
    """The Word document's parts (a zip of XML), read within the caps."""

    def __init__(self, data: bytes):
        super().__init__(data, "Word")
        if "word/document.xml" not in self.names:
            if "ppt/presentation.xml" in self.names:
                raise InputError("这是 PowerPoint（.pptx），不是 Word 文档；请把年报另存为 .docx、PDF 或网页后再检查",
                                 "this is not a Word document; save the report as .docx, PDF or a web page")
            raise InputError("这是一个压缩文件，但不是 Word 文档（.docx）", "a zip file, but not a Word document (.docx)")

    def relationships(self) -> dict[str, str]:
        """The main document's relationships: id -> part name in the zip."""
        rels = self.xml("word/_rels/document.xml.rels", optional=True)
        out = {}
        for rel in rels if rels is not None else ():
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External" and target:
                out[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else "word/" + target
        return out


class _Writer:
    """Walks the body in document order and writes what Word shows, remembering where each piece came from."""

    def __init__(self, numbering: "_Numbering", imported: Callable[[str], tuple[str, list[Note]]]):
        self.numbering = numbering
        self.imported = imported
        self.pieces: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, dict]] = []
        self.paragraphs = 0
        self.tables = 0
        self.tracked = False
        self.notes: list[Note] = []
        self.hidden: list[tuple[str, str, str, str, int | None]] = []  # (where zh, where en, how, text, None)

    def emit(self, text: str, location: dict | None = None) -> None:
        if location is not None:
            self.spans.append((self.length, location))
        self.pieces.append(text)
        self.length += len(text)

    def block(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraphs += 1
                self.emit(self.paragraph(child) + "\n", {"paragraph": self.paragraphs})
            elif tag == f"{W}tbl":
                self.table(child)
            elif tag in _SHOWN_WRAPPERS:
                content = child.find(f"{W}sdtContent")
                self.block(content if content is not None else child)
            elif tag == f"{W}altChunk":
                self.paragraphs += 1
                text, notes = self.imported(child.get(_R_ID, ""))
                self.emit(text + "\n", {"paragraph": self.paragraphs})
                self.notes += notes

    def paragraph(self, p, where: tuple[str, str] | None = None) -> str:
        """A paragraph's text; ``where`` names a paragraph in a table cell (zh, en)."""
        parts: list[str] = []
        hidden: list[str] = []
        self._runs(p, parts, hidden)
        if "".join(hidden).strip():
            zh, en = where or (f"第{self.paragraphs}段", f"paragraph {self.paragraphs}")
            self.hidden.append((zh, en, "Word 隐藏文字", "".join(hidden), None))
        return self.numbering.label(p) + "".join(parts)

    def _runs(self, node, parts: list[str], hidden: list[str]) -> None:
        """The text of the runs under ``node`` as Word shows it; hidden runs' text goes to ``hidden``."""
        for child in node:
            tag = child.tag
            if tag == f"{W}r":
                (hidden if _vanished(child) else parts).extend(_run_text(child))
            elif tag in (f"{W}del", f"{W}moveFrom"):  # deleted, or moved away from here: not shown here
                self.tracked = True
            elif tag in (f"{W}ins", f"{W}moveTo"):
                self.tracked = True
                self._runs(child, parts, hidden)
            elif tag != f"{W}pPr":  # hyperlinks, content controls, smart tags, fields: what they hold
                self._runs(child, parts, hidden)

    def table(self, tbl) -> None:
        self.tables += 1
        table = self.tables
        r = 0
        for tr in _shown(tbl, f"{W}tr"):
            properties = tr.find(f"{W}trPr")
            if properties is not None and properties.find(f"{W}del") is not None:
                self.tracked = True  # a row deleted with changes tracked
                continue
            r += 1
            where = (f"表{table}第{r}行", f"table {table} row {r}")
            cells = [(tc, self._cell(tc, where)) for tc in _shown(tr, f"{W}tc")]
            if properties is not None and _on(properties.find(f"{W}hidden")):
                self.hidden.append((*where, _HIDDEN_ROW, CELL.join(text for _, text in cells), None))
                continue
            column = 1
            for tc, text in cells:
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                width = int(span.get(f"{W}val", "1")) if span is not None and span.get(f"{W}val", "1").isdigit() else 1
                self.emit(CELL + text, {"table": table, "row": r, "col": column})
                column += width
            self.emit("\n", None)
        self.emit("\n", None)

    def _cell(self, tc, where: tuple[str, str]) -> str:
        lines = []
        for child in _shown(tc, f"{W}p", f"{W}tbl"):
            if child.tag == f"{W}p":
                lines.append(self.paragraph(child, where).strip())
            else:  # a table inside a cell: its cells' text, flattened
                lines += [self.paragraph(p, where).strip() for p in child.iter(f"{W}p")]
        return _join(lines)


_HIDDEN_ROW = "Word 隐藏行"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _shown(element, *tags: str):
    """The children of ``element`` with one of ``tags``, looking through content controls and custom XML."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag in _SHOWN_WRAPPERS:
            content = child.find(f"{W}sdtContent")
            yield from _shown(content if content is not None else child, *tags)


def _on(flag) -> bool:
    """Whether an on/off property (``<w:vanish/>``, ``<w:hidden w:val="true"/>``) is set."""
    return flag is not None and flag.get(f"{W}val", "true").lower() not in _OFF


def _vanished(run) -> bool:
    properties = run.find(f"{W}rPr")
    return properties is not None and _on(properties.find(f"{W}vanish"))


def _run_text(run) -> list[str]:
    out = []
    for node in run.iter():
        tag = node.tag
        if tag == f"{W}t" and node.text:
            out.append(node.text)
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append(" ")
    return out


def _imported(parts: "_Parts", rid: str, nesting: int) -> tuple[str, list[Note]]:
    """The text of a document imported whole (w:altChunk), as Word shows it in place: HTML (also MHTML), plain
    text or another .docx. What cannot be read is said, never silently left out."""
    target = parts.relationships().get(rid)
    name = target.rsplit("/", 1)[-1].lower() if target else ""
    data = parts.raw(target, optional=True) if target else None
    if data is None or nesting >= MAX_NESTING or not name.endswith((".htm", ".html", ".xhtml", ".mht", ".mhtml", ".txt", ".docx")):
        return "", [("warning", f"文件中嵌入的文档（{name or rid}）无法读取，其内容未检查",
                     f"a document imported into the file ({name or rid}) cannot be read; its content was not checked", None)]
    from gzcheck.read.decoding import decode_page

    if name.endswith(".docx"):
        inner = read_docx(data, nesting + 1)
        return inner.text, inner.notes
    if name.endswith((".mht", ".mhtml")):
        data = _mhtml_body(data)
    text = decode_page(data).text
    return (text, []) if name.endswith(".txt") else (render_html(text)[0], [])


def _mhtml_body(data: bytes) -> bytes:
    """The HTML part of a MIME HTML file (what Word writes for an imported web page)."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else b""
    return b""


def _join(lines: list[str]) -> str:
    """A cell's paragraphs as one label: Chinese wrapped over lines joins without a space."""
    out = ""
    for line in filter(None, lines):
        if out and not (_CJK.match(out[-1]) and _CJK.match(line[0])):
            out += " "
        out += line
    return out


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_CHINESE = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CHINESE[n]
    if n < 20:
        return "十" + (_CHINESE[n % 10] if n % 10 else "")
    if n < 100:
        return _CHINESE[n // 10] + "十" + (_CHINESE[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                           (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}", "decimalFullWidth": lambda n: str(n).translate(
        {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
    "chineseCounting": _chinese, "chineseCountingThousand": _chinese, "chineseLegalSimplified": _chinese,
    "ideographDigital": lambda n: "".join(_CHINESE[int(d)] for d in str(n)), "japaneseCounting": _chinese,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26), "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
    "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper(), "none": lambda n: "", "bullet": lambda n: "",
}


class _Numbering:
    """Word's automatic numbering: the ordinal a numbered paragraph shows, though it is not in its text."""

    def __init__(self, numbering, styles):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}   # numId -> ilvl -> (start, numFmt, lvlText)
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        if numbering is not None:
            abstract = {}
            for node in numbering.findall(f"{W}abstractNum"):
                levels = {}
                for lvl in node.findall(f"{W}lvl"):
                    ilvl = int(lvl.get(f"{W}ilvl", "0"))
                    start = lvl.find(f"{W}start")
                    fmt = lvl.find(f"{W}numFmt")
                    text = lvl.find(f"{W}lvlText")
                    levels[ilvl] = (int(start.get(f"{W}val", "1")) if start is not None else 1,
                                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                                    text.get(f"{W}val", "") if text is not None else "")
                abstract[node.get(f"{W}abstractNumId")] = levels
            for num in numbering.findall(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                if ref is not None and ref.get(f"{W}val") in abstract:
                    self.levels[num.get(f"{W}numId")] = abstract[ref.get(f"{W}val")]
        if styles is not None:
            for style in styles.findall(f"{W}style"):
                num = style.find(f"{W}pPr/{W}numPr")
                if num is not None and num.find(f"{W}numId") is not None:
                    level = num.find(f"{W}ilvl")
                    self.style_num[style.get(f"{W}styleId")] = (num.find(f"{W}numId").get(f"{W}val"),
                                                                int(level.get(f"{W}val", "0")) if level is not None else 0)

    def label(self, p) -> str:
        ppr = p.find(f"{W}pPr")
        if ppr is None or not self.levels:
            return ""
        num = ppr.find(f"{W}numPr")
        if num is not None and num.find(f"{W}numId") is not None:
            level = num.find(f"{W}ilvl")
            num_id, ilvl = num.find(f"{W}numId").get(f"{W}val"), int(level.get(f"{W}val", "0")) if level is not None else 0
        else:
            style = ppr.find(f"{W}pStyle")
            if style is None or style.get(f"{W}val") not in self.style_num:
                return ""
            num_id, ilvl = self.style_num[style.get(f"{W}val")]
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = min(ilvl, 8)
        counters[ilvl] = (counters[ilvl] or levels[ilvl][0] - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        text = levels[ilvl][2]
        for n in range(9):
            if f"%{n + 1}" in text and n in levels:
                value = counters[n] or levels[n][0]
                text = text.replace(f"%{n + 1}", FORMATS.get(levels[n][1], str)(value))
        return text
