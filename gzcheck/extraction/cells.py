"""Reading the values that follow a row label: real cells, pipes, or whitespace."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from gzcheck.errors import InputError
from gzcheck.normalize import INVISIBLE, INVISIBLE_CHAR
from gzcheck.read.html_render import CELL

# digits may have invisible characters between them (a zero-width space shows nothing): read through them
_NUMBER = rf"-?\d+(?:,\d{{3}})+(?:\.\d+)?|-?\d(?:[{INVISIBLE}]*\d)*(?:\.\d+)?"
_UNITS = "万元|萬元|元|件|个|個|项|項|条|條"
NULL_MARKS = ("/", "／", "--", "-", "——", "—", "－－", "－", "无", "不适用")  # a cell "not applicable", read as blank
UNSURE = "?"  # a cell its reader could not read for sure (OCR): ? then the digits it read, if any; unknown, never blank
_UNSURE = re.compile(r"\?(\d{0,6})")
NUMBER = re.compile(_NUMBER)
UNIT = re.compile(rf"\s*({_UNITS})")
_CJK = re.compile(r"[\u4e00-\u9fff]")
PAGE_NUMBER = re.compile(r"(?<![\d-])-\s?\d{1,3}\s?-(?![\d-])")


class Token(NamedTuple):  # a tuple: a page has hundreds, so they must be cheap
    value: int | Decimal | None  # None: blank or a not-applicable mark; Decimal only for decimals
    raw: str
    start: int
    end: int
    unit: str = ""

    @property
    def digits(self) -> str:
        """What was printed, without the invisible characters a page may hide in it."""
        return INVISIBLE_CHAR.sub("", self.raw) if not self.raw.isascii() else self.raw

    @property
    def is_digits(self) -> bool:
        return self.value is not None and self.digits.isdigit()


MAX_DIGITS = 1000   # a run of digits longer than this is no table's (Python refuses to read past 4,300)


def _number(raw: str) -> int | Decimal | None:
    if not raw.isascii():
        raw = INVISIBLE_CHAR.sub("", raw)
    if len(raw) > MAX_DIGITS:
        raise InputError(f"页面中有一串 {len(raw)} 位的数字，不是表格的数值，这份文件无法可靠读取",
                         f"the page holds a run of {len(raw)} digits, which is no table value; the file cannot be read reliably")
    if raw.isdigit():
        return int(raw)
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() and "." not in raw else value


def _unit_after(text: str, end: int) -> tuple[str, int]:
    match = UNIT.match(text, end)
    return (match.group(1), match.end()) if match else ("", end)


def cell_tokens(text: str, start: int, end: int, count: int) -> list[Token]:
    """Values in real cells (HTML ``<td>`` or pipes) after the label's own cell, blanks kept."""
    tokens: list[Token] = []
    pos = text.find(CELL, start, end)
    while pos != -1 and len(tokens) < count:
        nxt = text.find(CELL, pos + 1, end)
        piece = text[pos + 1:end if nxt == -1 else nxt]
        stripped = piece.strip()
        if stripped.isdecimal():  # most cells: a plain count (what cell_token makes of it, sooner)
            offset = pos + 1 + piece.index(stripped[0])
            token: Token | None = Token(int(stripped), stripped, offset, offset + len(stripped))
        else:
            token = cell_token(piece, pos + 1)
        if token is None:
            if tokens:
                break  # text after the values: the row is over
        else:
            tokens.append(token)
        pos = nxt
    return tokens


def cell_token(piece: str, at: int) -> Token | None:
    """The value of one cell's text (``at``: its offset in the page text); None for text that is no value."""
    stripped = piece.strip()
    offset = at + (len(piece) - len(piece.lstrip()))
    if not stripped:
        return Token(None, "", offset, offset)
    if stripped in NULL_MARKS:
        return Token(None, stripped, offset, offset + len(stripped))
    if stripped.startswith(UNSURE) and _UNSURE.fullmatch(stripped):
        return Token(None, stripped, offset, offset + len(stripped))
    match = NUMBER.search(piece)
    unit, unit_end = _unit_after(piece, match.end()) if match else ("", 0)
    if match and not _CJK.search(piece, 0, match.start()) and not _CJK.search(piece, unit_end):
        return Token(_number(match.group()), match.group(), at + match.start(), at + unit_end, unit)
    return None


# Starts with a digit or a mark, so the engine can skip ahead; a mark counts only standing alone.
_TEXT_TOKEN = re.compile(
    rf"(?P<num>{_NUMBER})(?:\s*(?P<unit>{_UNITS}))?"
    rf"|(?P<null>{'|'.join(map(re.escape, NULL_MARKS))})(?![^\s{CELL}])")


def text_tokens(text: str, start: int, end: int) -> list[Token]:
    """Numbers and not-applicable marks in running text (blank cells cannot be seen here)."""
    region = text[start:end]
    if "-" in region:
        region = PAGE_NUMBER.sub(lambda m: " " * len(m.group()), region)
    tokens = []
    for match in _TEXT_TOKEN.finditer(region):
        number = match.group("num")
        if number is None:
            at = match.start()
            if at and not (region[at - 1].isspace() or region[at - 1] == CELL):
                continue  # a mark inside a word (无法提供, 本年增/减)
            tokens.append(Token(None, match.group(), start + at, start + match.end()))
        else:
            tokens.append(Token(_number(number), number, start + match.start(), start + match.end(), match.group("unit") or ""))
    return tokens
