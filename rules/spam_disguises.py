"""What a page shows that its markup does not hold as text: strings a script writes (escapes,
``String.fromCharCode``, ``atob``, ``unescape``, concatenation), CSS ``content``, documents in a ``data:``
URL, and text a bidi override shows reversed. Each is decoded into what a reader would see, with the source
range it came from, so spam hidden this way is matched like spam written plainly."""

from __future__ import annotations

import base64
import binascii
import re
from typing import NamedTuple
from urllib.parse import unquote

from gzcheck.read.html_render import css_string

MAX_DECODED = 1_000_000  # characters decoded from one place: more is not a page's text


class Writing(NamedTuple):
    start: int    # source range the text comes from
    end: int
    text: str     # what a reader would see (HTML for scripts and data: documents)
    how: str      # how it was written (evidence)


_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)(?:</script\s*>|\Z)", re.I | re.S)
_STRING = re.compile(r"""(['"])((?:\\.|(?!\1)[^\\\n])*)\1""")
_JS_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")
_FROM_CHAR_CODE = re.compile(r"String\.fromCharCode\(\s*((?:0[xX][0-9a-fA-F]+|\d+)(?:\s*,\s*(?:0[xX][0-9a-fA-F]+|\d+))*)\s*\)")
_ATOB = re.compile(r"""atob\(\s*(['"])([A-Za-z0-9+/=\s]{8,})\1\s*\)""")
_PERCENT = re.compile(r"%u[0-9a-fA-F]{4}|(?:%[0-9a-fA-F]{2})+")
_CONCATENATION = re.compile(r"""(['"])\s*\+\s*(['"])""")
_CSS_CONTENT = re.compile(r"""content\s*:\s*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)')""", re.I)
_DATA_URL = re.compile(r"""\b(?:src|data|href)\s*=\s*(['"]?)data:text/html([;,][^'">\s]*)\1""", re.I)
_BIDI_OVERRIDE = re.compile(r"""<(\w+)\b[^>]*style\s*=\s*(['"])(?=[^'"]*unicode-bidi\s*:\s*bidi-override)(?=[^'"]*direction\s*:\s*rtl)"""
                            r"""[^'"]*\2[^>]*>""", re.I)
_RLO = re.compile("\u202e([^\u202c\n]*)")
_TAG = re.compile(r"<[^>]*>")


def writings(source: str) -> list[Writing]:
    """Everything the page writes in a disguise this module can undo."""
    out = []
    if "<script" in source or "<SCRIPT" in source:
        for match in _SCRIPT.finditer(source):
            code, at = match.group(1)[:MAX_DECODED], match.start(1)
            if "\\" in code:  # an escaped string on its own: the span is that string
                for literal in _STRING.finditer(code):
                    if "\\" in literal.group(2):
                        out.append(Writing(at + literal.start(2), at + literal.end(2), decode_script(literal.group(2)), "script (escaped string)"))
            decoded = decode_script(code)
            if decoded != code:
                out.append(Writing(at, at + len(code), decoded, "script"))
    if "content" in source:
        for match in _CSS_CONTENT.finditer(source):
            value = match.group(1) if match.group(1) is not None else match.group(2)
            text = css_string(value)
            if text.strip():
                out.append(Writing(match.start(), match.end(), text, "CSS content"))
    if "data:" in source:
        for match in _DATA_URL.finditer(source):
            document = _data_document(match.group(2))
            if document:
                out.append(Writing(match.start(), match.end(), document, "data: document"))
    if "bidi-override" in source:
        for match in _BIDI_OVERRIDE.finditer(source):
            close = re.compile(rf"</{re.escape(match.group(1))}\s*>", re.I).search(source, match.end())
            end = close.start() if close else min(len(source), match.end() + 10_000)
            out.append(Writing(match.end(), end, _TAG.sub("", source[match.end():end])[::-1], "reversed (bidi-override)"))
    if "\u202e" in source:
        for match in _RLO.finditer(source):
            out.append(Writing(match.start(1), match.end(1), match.group(1)[::-1], "reversed (U+202E)"))
    return out


def decode_script(code: str) -> str:
    """A script with the strings it builds written out: escapes decoded, character codes, base64 and
    percent-encoding turned into text, and concatenated pieces joined."""
    code = code[:MAX_DECODED]
    if "\\" in code:
        code = _JS_ESCAPE.sub(lambda m: _char(int(m.group(1) or m.group(2) or m.group(3), 16)), code)
    if "fromCharCode" in code:
        code = _FROM_CHAR_CODE.sub(lambda m: "'" + "".join(_char(int(n, 0)) for n in m.group(1).replace(" ", "").split(",")) + "'", code)
    if "atob" in code:
        code = _ATOB.sub(lambda m: "'" + _base64_text(m.group(2)) + "'", code)
    if "%" in code:
        code = _PERCENT.sub(_percent_text, code)
    if "+" in code:
        code = _CONCATENATION.sub("", code)
    return code


def _char(code: int) -> str:
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _base64_text(encoded: str) -> str:
    try:
        data = base64.b64decode("".join(encoded.split()) + "==", validate=False)
    except (binascii.Error, ValueError):
        return encoded
    text = data.decode("utf-8", errors="replace")
    return _PERCENT.sub(_percent_text, text) if "%" in text else text  # btoa(encodeURIComponent(…)) is common


def _percent_text(match: re.Match) -> str:
    written = match.group()
    if written.startswith("%u"):
        return _char(int(written[2:], 16))
    return unquote(written, errors="replace")


def _data_document(rest: str) -> str:
    """The HTML a ``data:text/html…`` URL holds (base64 or percent-encoded)."""
    header, _, payload = rest.partition(",")
    if ";base64" in header.lower():
        return _base64_text(payload)[:MAX_DECODED]
    return unquote(payload, errors="replace")[:MAX_DECODED]
