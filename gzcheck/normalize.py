"""Text normalisation, done once in the core: script, width, spaces, punctuation.

Rules and extractors compare labels and look for phrases in *folded* text:
traditional characters converted to simplified with OpenCC's Taiwan-phrase
profile (so 檔案 → 文件, 資訊 → 信息), NFKC width folding, and no whitespace.
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

    return opencc.OpenCC("tw2sp")


def simplify(text: str) -> str:
    """Traditional → simplified (Taiwan phrases too); ASCII passes through untouched."""
    if text.isascii():
        return text
    return _converter().convert(text)


@lru_cache(maxsize=256)  # several rules read the same section texts
def fold(text: str) -> str:
    """Simplified, NFKC, unified punctuation, no whitespace: for finding phrases."""
    return _SPACES.sub("", simplify(unicodedata.normalize("NFKC", text)).translate(_PUNCT))


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """A label reduced to its characters: for comparing table and section labels."""
    return _LABEL_DROP.sub("", simplify(unicodedata.normalize("NFKC", label)))
