"""Text normalisation, done once in the core: script, width, spaces, punctuation.

Rules and extractors compare labels and look for phrases in *folded* text:
traditional characters converted to simplified with OpenCC (``t2s``), the
Taiwan phrases that mirror sites print for mainland terms mapped back
(檔案 → 文件, 資訊 → 信息; OpenCC's own ``tw2sp`` profile also turns the
mainland 文件 into 文档 and 查詢 into 查找, which breaks the template's labels),
NFKC width folding, and no whitespace.
The original text is always kept for messages and offsets.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_SPACES = re.compile(r"\s+")
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


def simplify(text: str) -> str:
    """Traditional → simplified, Taiwan phrases of template terms included; ASCII passes through."""
    if text.isascii():
        return text
    return _converter().convert(_TAIWAN.sub(lambda m: TAIWAN_PHRASES[m.group()], text))


@lru_cache(maxsize=8)
def simplify_page(text: str) -> str:
    """simplify() for a whole page, remembered: extraction, script detection and the spam rule all need it."""
    return simplify(text)


@lru_cache(maxsize=256)  # several rules read the same section texts
def fold(text: str) -> str:
    """Simplified, NFKC, unified punctuation, no whitespace: for finding phrases."""
    return _SPACES.sub("", simplify(unicodedata.normalize("NFKC", text)).translate(_PUNCT))


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """A label reduced to its characters: for comparing table and section labels."""
    return _LABEL_DROP.sub("", simplify(unicodedata.normalize("NFKC", label)))
