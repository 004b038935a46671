"""Text normalisation, done once in the core: script, width, spaces, punctuation.

One fold serves everything, :func:`same_length_fold`: traditional characters
converted to simplified with OpenCC (``t2s``), the Taiwan phrases that mirror
sites print for mainland terms mapped back (檔案 → 文件, 資訊 → 信息; OpenCC's
own ``tw2sp`` profile also turns the mainland 文件 into 文档 and 查詢 into 查找,
which breaks the template's labels), and NFKC width folding — keeping one
character per character, so offsets into the folded text are offsets into the
original. :func:`fold` (phrases) and :func:`label_key` (labels) build on it.
While one report is read and checked (:func:`one_report`), each fold is remembered: the extractor, the spam
rule and the prose rules fold the same page and sections without doing it again, and it is all let go when
the report is done — nothing keyed by a page's text outlives its check (only short texts — labels, headings,
phrases — stay in a small bounded cache).
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
_MEMO: ContextVar[dict | None] = ContextVar("gzcheck_one_report", default=None)


@contextmanager
def one_report() -> Iterator[None]:
    """Remember folds (and other work on one report's texts, see :func:`remembered`) until the block ends; a
    block inside another shares the outer one's."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


SHORT = 200  # characters: labels, headings and phrases, the same few thousand on every report


def remembered(work: Callable[[str], T]) -> Callable[[str], T]:
    """``work(text)``, done once per text while one report is checked (outside :func:`one_report`, every time);
    short texts (labels, headings, a rule's phrases) are kept in a small cache of their own across reports."""
    short = lru_cache(maxsize=4096)(work)

    def wrapper(text: str) -> T:
        if len(text) <= SHORT:
            return short(text)
        memo = _MEMO.get()
        if memo is None:
            return work(text)
        key = (work, text)
        if key not in memo:
            memo[key] = work(text)
        return memo[key]

    wrapper.__doc__, wrapper.__name__, wrapper.__wrapped__ = work.__doc__, work.__name__, work  # type: ignore[attr-defined]
    return wrapper

_PUNCT = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "‘": "'", "’": "'", "，": ",", "、": ",",
                        "：": ":", "；": ";", "（": "(", "）": ")", "—": "-", "－": "-", "．": "."})
_LABEL_DROP = re.compile(r"[\s\"'“”「」‘’,，、:：;；.．。()（）\-—]")


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


# Taiwan phrasing of mainland terms, mapped before conversion (same lengths, so offsets hold).
TAIWAN_PHRASES = {"檔案": "文件", "資訊": "信息", "資料庫": "数据库"}
_TAIWAN = re.compile("|".join(TAIWAN_PHRASES))
_TAIWAN_FIRST = re.compile("[" + "".join(sorted({phrase[0] for phrase in TAIWAN_PHRASES})) + "]")


def simplify(text: str) -> str:
    """Traditional → simplified, Taiwan phrases of template terms included; ASCII passes through."""
    if text.isascii():
        return text
    if _TAIWAN_FIRST.search(text):  # one class scan, far cheaper than trying the phrases
        text = _TAIWAN.sub(lambda m: TAIWAN_PHRASES[m.group()], text)
    return _converter().convert(text)


@remembered
def simplify_page(text: str) -> str:
    """simplify() for a whole page, remembered: extraction and script detection both need it."""
    return simplify(text)


# Characters a reader does not see: format characters (Unicode Cf: zero-width spaces and joiners, soft hyphens,
# word joiners, byte-order marks, bidi controls, tags), variation selectors, the combining grapheme joiner and
# the Hangul fillers. Slipped into a label, a heading or a number they change nothing on screen, so the fold
# treats each as a space (same length: offsets hold) and numbers read through them (extraction.cells).
INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
             "\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
             "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef")
INVISIBLE_CHAR = re.compile(f"[{INVISIBLE}]")

# The compatibility characters pages are full of (no-break and ideographic spaces, full-width ASCII), and the
# invisible ones: each that occurs is replaced; the full NFKC pass runs only if anything else is left.
_COMPAT = re.compile(f"[\u00a0\u2000-\u200a\u202f\u205f\u3000\uff01-\uff5e{INVISIBLE}]+")
_COMPAT_TABLE: dict[int, str | int] = {0xA0: " ", 0x202F: " ", 0x205F: " ", 0x3000: " ", **{c: " " for c in range(0x2000, 0x200B)},
                                     **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}}
_COMPAT_CHARS = {chr(k): v if isinstance(v, str) else chr(v) for k, v in _COMPAT_TABLE.items()}


class _Spaces(dict):
    """The replacement of each compatibility character, and a space for any invisible one."""

    def __missing__(self, ch: str) -> str:
        return " "


_COMPAT_CHARS = _Spaces(_COMPAT_CHARS)
_PUNCT_CHARS = {chr(k): v for k, v in _PUNCT.items()}
_PUNCT_FOUND = re.compile("[" + re.escape("".join(_PUNCT_CHARS)) + "]+")


def replace_each(text: str, table: dict[str, str]) -> str:
    """``text.translate`` for a few characters, fast: translate() looks every character of a Chinese text up
    in a dict (6 µs per 100 characters, 280 per 5,000); a replace() per character that occurs is one fast scan."""
    for old, new in table.items():
        if old in text:
            text = text.replace(old, new)
    return text


def _replace_found(text: str, pattern: re.Pattern, table: dict[str, str]) -> str:
    """:func:`replace_each` for a large table: ``pattern`` (a class of the table's characters) finds which occur."""
    runs = pattern.findall(text)
    if not runs:
        return text
    for ch in set("".join(runs)):
        text = text.replace(ch, table[ch])
    return text


def _compat(text: str) -> str:
    return _replace_found(text, _COMPAT, _COMPAT_CHARS)


@remembered
def same_length_fold(text: str) -> str:
    """Simplified script and NFKC width, keeping one character per character."""
    folded = _compat(text)
    if not unicodedata.is_normalized("NFKC", folded):
        normal = unicodedata.normalize("NFKC", folded)
        folded = normal if len(normal) == len(folded) else "\n".join(_nfkc_line(line) for line in folded.split("\n"))
    simple = simplify_page(folded)
    if len(simple) == len(folded):
        return simple
    lines = folded.split("\n")  # a phrase conversion changed the length: redo line by line
    out = []
    for line in lines:
        converted = simplify(line)
        out.append(converted if len(converted) == len(line) else "".join(_simple_char(ch) for ch in line))
    return "\n".join(out)


def _nfkc_line(line: str) -> str:
    """NFKC for one line, character by character only where it would change the length (①, …)."""
    normal = unicodedata.normalize("NFKC", line)
    return normal if len(normal) == len(line) else "".join(_nfkc_char(ch) for ch in line)


def _nfkc_char(ch: str) -> str:
    norm = unicodedata.normalize("NFKC", ch)
    return norm if len(norm) == 1 else ch


def _simple_char(ch: str) -> str:
    conv = simplify(ch)
    return conv if len(conv) == 1 else ch


@remembered  # several rules read the same section texts
def fold(text: str) -> str:
    """Simplified, NFKC, unified punctuation, no whitespace: for finding phrases."""
    return "".join(_replace_found(same_length_fold(text), _PUNCT_FOUND, _PUNCT_CHARS).split())  # split(): \s, 4× faster


@lru_cache(maxsize=4096)  # labels and headings: short, and the same few thousand over and over
def label_key(label: str) -> str:
    """A label reduced to its characters: for comparing table and section labels."""
    return _LABEL_DROP.sub("", same_length_fold(label))
