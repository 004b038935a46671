"""From a file to a report: pick the reader by content, then read (and, for pages, extract).

This sits above ``read`` (bytes to text or data) and ``extract`` (a page into the model). Readers are
registered through the plugin host (``gzcheck_readers``), so an agency can add one; the built-in JSON,
YAML and page readers go through the same door.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gzcheck.errors import InputError, NotAReport
from gzcheck.finding import Finding
from gzcheck.media import OFD, SCAN, XLSX
from gzcheck.read.files import MAX_INPUT_BYTES, read_bytes

FIRST_YEAR = 2019  # the first report year of the current templates


@dataclass
class Loaded:
    """A report as read, with where its values were printed and what reading noticed."""

    report: Any
    media_type: str
    lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


class Reader:
    """Base class for input readers."""

    name = ""
    media_type = ""
    extensions: tuple[str, ...] = ()
    binary_kinds: tuple[str, ...] = ()   # "pdf", "zip", "ole": binary documents this reader takes

    def sniff(self, head: str, path: str) -> int:
        """How sure (0-100) this reader is that it can read a document starting with ``head``."""
        return 0

    def read(self, data: bytes, path: str) -> Loaded:
        raise NotImplementedError


class JsonReader(Reader):
    name = "json"
    media_type = "application/json"
    extensions = (".json",)

    def sniff(self, head: str, path: str) -> int:
        stripped = head.lstrip("\ufeff \t\r\n")
        if stripped[:1] == "{":  # a report is a JSON object; "[section]" is as likely TOML or INI
            return 90
        return 30 if path.lower().endswith(self.extensions) else 0

    def read(self, data: bytes, path: str) -> Loaded:
        from gzcheck.read.decoding import decode_utf8
        from gzcheck.read.json_data import JsonLines, load_json_text

        text = decode_utf8(data, "JSON")
        report = load_json_text(text)
        # a saved extraction points at its page (provenance), not at lines of the JSON file
        from_page = isinstance(report, dict) and isinstance(report.get("source"), dict)
        return Loaded(report, self.media_type, lines={} if from_page else JsonLines(text))


class YamlReader(Reader):
    name = "yaml"
    media_type = "application/yaml"
    extensions = (".yaml", ".yml")

    def sniff(self, head: str, path: str) -> int:
        if path.lower().endswith(self.extensions):
            return 80
        stripped = head.lstrip("\ufeff \t\r\n")
        if stripped.startswith(("---", "%YAML", "format_version:", "report_year:")):
            return 70
        return 0

    def read(self, data: bytes, path: str) -> Loaded:
        from gzcheck.read.decoding import decode_utf8
        from gzcheck.read.yaml_safe import load_yaml

        report, lines = load_yaml(decode_utf8(data, "YAML"))
        return Loaded(report, self.media_type, lines=lines)


class PageReader(Reader):
    """A saved or scraped web page (HTML or plain text, any common encoding): extracted into the model."""

    name = "page"
    media_type = "text/html"
    extensions = (".html", ".htm", ".shtml", ".txt", ".md", ".text")

    def sniff(self, head: str, path: str) -> int:
        if "<" in head:  # markup needs one; without, a JSON file's start does not load the page module
            from gzcheck.read.page import looks_like_html

            if looks_like_html(head):
                return 85
        if any(word in head for word in ("年度报告", "年度報告", "政府信息公开", "政府信息公開", "总体情况", "總體情況")):
            return 60
        return 20 if path.lower().endswith(self.extensions) else 5

    def read(self, data: bytes, path: str) -> Loaded:
        from gzcheck.extraction import extract_bytes

        report, _ = extract_bytes(data, uri=path)  # what extraction noticed is in source.notes: the engine reports it
        return Loaded(report, report["source"]["media_type"])


class DocumentReader(Reader):
    """A document laid out as a page and extracted into the model; ``kind`` names it in messages."""

    kind = ""

    def render(self, data: bytes):
        """(the document as a page, notes on what reading it noticed)."""
        raise NotImplementedError

    def read(self, data: bytes, path: str) -> Loaded:
        return _document(lambda: self.render(data), data, path, self.kind)


class WordReader(DocumentReader):
    """A Word document (.docx, also as WPS writes it): its tables and paragraphs, extracted into the model."""

    name, kind = "docx", "Word"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extensions = (".docx",)
    binary_kinds = ("zip",)

    def render(self, data: bytes):
        from gzcheck.read.docx import read_docx
        from gzcheck.read.page import Page

        rendered = read_docx(data)
        return Page.from_document(rendered.text, rendered.media_type, spans=rendered.spans, title=rendered.title,
                                  rows_are_lines=True, real_cells=True), rendered.notes


class PdfReader(DocumentReader):
    """A PDF with a text layer, extracted into the model; one whose pages are pictures is read with OCR."""

    name, kind = "pdf", "PDF"
    media_type = "application/pdf"
    extensions = (".pdf",)
    binary_kinds = ("pdf",)

    def render(self, data: bytes):
        from gzcheck.read.page import Page
        from gzcheck.read.pdf import ScannedPdf, read_pdf

        try:
            text, locate, notes = read_pdf(data)
        except ScannedPdf as scan:  # pages that are pictures: read with OCR
            from gzcheck.read.scan import pdf_pages

            return _scanned(*pdf_pages(scan.pdf), media_type=self.media_type), []
        return Page.from_document(text, self.media_type, locate=locate), notes


class ImageReader(DocumentReader):
    """A picture of a report (PNG, JPEG, TIFF, BMP — a scan, a phone photo, a screenshot): read with OCR."""

    name, kind = "image", "图片"
    media_type = SCAN
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
    binary_kinds = ("image",)

    def render(self, data: bytes):
        from gzcheck.read.scan import image_pages

        return _scanned(image_pages(data), media_type=self.media_type), []


class ExcelReader(DocumentReader):
    """An Excel workbook (.xlsx) of the report's tables, laid out as the template prints them."""

    name, kind = "xlsx", "Excel"
    media_type = XLSX
    extensions = (".xlsx",)
    binary_kinds = ("xlsx",)

    def render(self, data: bytes):
        from gzcheck.read.page import Page
        from gzcheck.read.xlsx import read_xlsx

        workbook = read_xlsx(data)
        return Page.from_document(workbook.text, self.media_type, spans=workbook.spans, rows_are_lines=True,
                                  real_cells=True), workbook.notes


class OfdReader(DocumentReader):
    """An OFD document (GB/T 33190): its text objects laid out by position, as a PDF's are."""

    name, kind = "ofd", "OFD"
    media_type = OFD
    extensions = (".ofd",)
    binary_kinds = ("ofd",)

    def render(self, data: bytes):
        from gzcheck.read.ofd import ScannedOfd, read_ofd
        from gzcheck.read.page import Page

        try:
            text, spans, notes = read_ofd(data)
        except ScannedOfd as scan:  # pages that are pictures: read with OCR, boxes in the pictures' pixels
            from gzcheck.read.scan import image_pages

            return _scanned([image_pages(picture)[0] for picture in scan.pictures], media_type=SCAN), []
        return Page.from_document(text, self.media_type, spans=spans), notes


def _scanned(pages: list, heights: list[float] | None = None, *, media_type: str):
    """OCR's reading of page images, as the extractor reads a Word document (tables as rows of cells)."""
    from gzcheck.read.page import Page
    from gzcheck.read.scan import read_scan

    text, spans = read_scan(pages, heights)
    return Page.from_document(text, media_type, spans=spans, rows_are_lines=True, real_cells=True)


def _document(render, data: bytes, path: str, kind: str) -> Loaded:
    """Extract a Word or PDF document that ``render`` lays out as a page. Whatever a malformed file makes the
    parsers raise (a number that is not one, a missing part) is that file's clear error, never a traceback."""
    from gzcheck.extraction import extract_document

    try:
        page, notes = render()
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError, RuntimeError) as exc:
        raise InputError(f"{kind} 文件内容格式异常（可能已损坏），无法读取；请用原软件重新保存后再检查",
                         f"the {kind} file is malformed and cannot be read ({type(exc).__name__}: {exc})") from None
    report, _ = extract_document(page, data, path, notes)
    return Loaded(report, page.media_type)


class OldWordReader(Reader):
    """Word 97–2003 (.doc), WPS (.wps), Excel 97–2003 (.xls) and WPS sheets (.et): converted to .docx or .xlsx
    with LibreOffice when it is installed."""

    name = "doc"
    media_type = "application/msword"
    extensions = (".doc", ".wps", ".xls", ".et")
    binary_kinds = ("ole",)
    TIMEOUT = 120

    def read(self, data: bytes, path: str) -> Loaded:
        import shutil
        import subprocess
        import tempfile

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise InputError("这是旧版 Word/WPS（.doc/.wps）或 Excel（.xls）文件；请在 Word 或 WPS 中另存为 .docx（或 PDF）后再检查"
                             "（或安装 LibreOffice，gzcheck 会自动转换）",
                             "an old Word/WPS (.doc/.wps) or Excel (.xls) file; save it as .docx (or PDF) first, "
                             "or install LibreOffice and gzcheck converts it")
        sheet = path.lower().endswith((".xls", ".et")) or "Workbook".encode("utf-16-le") in data[:65536]
        target, kind = ("xlsx", "Excel/WPS 表格（.xls/.et）") if sheet else ("docx", "Word/WPS 文件（.doc/.wps）")
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / ("report.xls" if sheet else "report.doc")
            source.write_bytes(data)
            try:
                subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", target,
                                "--outdir", work, str(source)], capture_output=True, timeout=self.TIMEOUT, check=False)
            except (OSError, subprocess.TimeoutExpired):
                pass
            converted = Path(work) / f"report.{target}"
            if not converted.is_file():
                raise InputError(f"这是旧版 {kind}，用 LibreOffice 转换为 .{target} 失败；请另存为 .{target} 后再检查",
                                 f"an old {'Excel' if sheet else 'Word/WPS'} file that LibreOffice could not convert; save it as .{target} first")
            loaded = (ExcelReader() if sheet else WordReader()).read(converted.read_bytes(), path)
        loaded.report["source"]["notes"].append({
            "code": "GZ-010", "severity": "info", "pointer": None,
            "message": f"这是旧版 {kind}，已用 LibreOffice 转换为 .{target} 后检查；发布前建议另存为 .{target}",
            "message_en": f"an old {'Excel/WPS sheet (.xls/.et)' if sheet else 'Word/WPS file (.doc/.wps)'}, checked after LibreOffice converted it to .{target}"})
        return loaded


BUILTIN_READERS = (JsonReader(), YamlReader(), PageReader(), WordReader(), PdfReader(), OldWordReader(), ImageReader(), ExcelReader(), OfdReader())


def choose_reader(readers, data: bytes, path: str, kind: tuple[bytes, str, str] | None = None) -> Reader:
    kind = kind or binary_kind(data)
    if kind is not None:  # a binary document goes to the reader that takes its kind, whatever its name says
        return next(r for r in sorted(readers, key=lambda r: r.name) if kind[2] in r.binary_kinds)
    head = data[:4096].decode("utf-8", errors="replace")
    scored = sorted(((r.sniff(head, path), r.name, r) for r in readers), key=lambda t: (-t[0], t[1]))
    if not scored or scored[0][0] <= 0:
        names = "、".join(sorted(r.name for r in readers))
        raise InputError(f"无法识别输入格式（支持：{names}）", f"unrecognised input format (supported: {', '.join(sorted(r.name for r in readers))})")
    return scored[0][2]


def read_input(readers, path: str, max_bytes: int = MAX_INPUT_BYTES) -> Loaded:
    return read_data(readers, read_bytes(path, max_bytes), path)


def read_data(readers, data: bytes, path: str) -> Loaded:
    """A report from bytes already read; ``path`` names it in messages (and hints at its format)."""
    if not data.strip():
        raise InputError("文件是空的", "the file is empty")
    kind = binary_kind(data)   # once: a zip's kind is read from its list of parts
    _refuse_unsupported(kind, readers)
    reader = choose_reader(readers, data, path, kind)
    loaded = reader.read(data, path)
    if reader.name in ("json", "yaml"):
        _refuse_not_a_report(loaded.report)
    _refuse_out_of_scope(loaded.report)
    return loaded


REPORT_KEYS = {"format_version", "report_year", "sections", "active_disclosure", "applications", "review_and_litigation"}


def _refuse_not_a_report(report: Any) -> None:
    """A JSON or YAML file with none of a report's keys (a config, a data file) is not a report at all."""
    if not isinstance(report, dict) or not REPORT_KEYS & set(report):
        raise NotAReport("不是年报：文件中没有 format_version、report_year、sections 等报告内容",
                         "not a report: the file has none of a report's keys (format_version, report_year, sections …)")


def _refuse_out_of_scope(report: Any) -> None:
    """A pre-2019 report follows the old regulation and templates: not a report gzcheck can check (exit 4)."""
    year = report.get("report_year") if isinstance(report, dict) else None
    if isinstance(year, int) and not isinstance(year, bool) and year < FIRST_YEAR:
        raise InputError(f"这是{year}年度的报告，采用2019年以前的旧格式，不在检查范围内",
                         f"a {year} report in the pre-2019 format, which gzcheck does not check", pointer="/report_year")


_BINARY_KINDS = ((b"%PDF-", "PDF", "pdf"), (b"PK\x03\x04", "DOCX/ZIP", "zip"), (b"\xd0\xcf\x11\xe0", "DOC/WPS/XLS", "ole"),
                 *((magic, "PNG/JPEG/TIFF/BMP", "image") for magic in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")))


def binary_kind(data: bytes) -> tuple[bytes, str, str] | None:
    for magic, label, name in _BINARY_KINDS:
        if magic == b"BM" and data[6:10] != b"\x00\x00\x00\x00":
            continue  # a BMP has four zero bytes after its size; a text that starts with "BM" has not
        if data.startswith(magic) or (name == "pdf" and magic in data[:1024]):
            return (magic, *_zipped_kind(data)) if name == "zip" else (magic, label, name)
    return None


def _zipped_kind(data: bytes) -> tuple[str, str]:
    """A zip by what it holds: an Excel workbook, an OFD package, else (Word, or a zip Word's reader refuses)."""
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist()[:10_000])
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError):
        return "DOCX/ZIP", "zip"
    if "xl/workbook.xml" in names:
        return "XLSX", "xlsx"
    if "OFD.xml" in names:
        return "OFD", "ofd"
    return "DOCX/ZIP", "zip"


def _refuse_unsupported(kind: tuple[bytes, str, str] | None, readers) -> None:
    """Documents no registered reader handles are named, with how to convert them; not fed to the page reader."""
    if kind is None or any(kind[2] in getattr(r, "binary_kinds", ()) for r in readers):
        return
    raise InputError(f"暂不支持 {kind[1]} 文件（可另存为 HTML 或文本后再检查）",
                     f"{kind[1]} files are not supported here (save it as HTML or text first)")
