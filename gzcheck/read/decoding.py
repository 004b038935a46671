"""Bytes → text for scraped pages: BOM, HTML meta charset, UTF-8, GB18030 or Big5.

Government pages are still often GBK/GB18030 (mainland) or Big5 (mirrors and
traditional-script sites). We decode strictly and score the legacy candidates
by how much of the result is common Chinese; a page that decodes to mojibake
is reported, never passed on silently.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from gzcheck.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5-hkscs": "big5hkscs", "utf8": "utf-8"}

# Frequent characters in both scripts: text decoded with the right codec is full
# of them, mojibake from the wrong one almost never is.
COMMON_CHARS = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
    "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并"
    "提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处理府务报告申请信息公开复议诉讼审结维持纠正办予提供"
    "這個們來為國說時會對還進從現當動經麼過發後裡實開頭問題與關應見種點機長學樣無義變條結總統計處理資訊報告申請訊息公開複議訴訟審結維持糾正辦業務廣州政務數據管"
)
_MOJIBAKE = re.compile("锟斤拷|烫烫烫|�|Ã.|â€|ï¼|ã€")


class Decoded(NamedTuple):
    text: str
    encoding: str
    how: str          # "bom", "meta", "utf-8", "detected"
    mojibake: int     # suspicious sequences left in the text


def common_share(text: str) -> float:
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    return sum(ch in COMMON_CHARS for ch in cjk) / len(cjk) if cjk else 0.0


def decode_page(data: bytes) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return Decoded(text.lstrip("\ufeff"), codec.replace("-sig", ""), "bom", _count_mojibake(text))
    try:
        text = data.decode("utf-8")
        return Decoded(text, "utf-8", "utf-8", _count_mojibake(text))
    except UnicodeDecodeError:
        pass
    declared = _meta_charset(data)
    candidates = ["gb18030", "big5"]
    if declared and declared not in candidates and declared != "utf-8":
        candidates.insert(0, declared)
    best: tuple[float, str, str] | None = None
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        score = common_share(text) + (0.05 if codec == declared else 0.0)
        if best is None or score > best[0]:
            best = (score, codec, text)
    if best is None:  # nothing decodes cleanly: keep what we can and say so
        codec = declared or "gb18030"
        text = data.decode(codec if _known(codec) else "gb18030", errors="replace")
        return Decoded(text, codec, "detected", _count_mojibake(text) + text.count("\ufffd"))
    _, codec, text = best
    return Decoded(text, codec, "meta" if codec == declared else "detected", _count_mojibake(text))


def _known(codec: str) -> bool:
    try:
        codecs.lookup(codec)
        return True
    except LookupError:
        return False


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    return _ALIASES.get(name, name)


def _count_mojibake(text: str) -> int:
    return len(_MOJIBAKE.findall(text))


def decode_utf8(data: bytes, what: str) -> str:
    """Structured files (JSON, YAML) must be UTF-8; a legacy encoding is named in the error."""
    body = data[3:] if data[:3] == b"\xef\xbb\xbf" else data  # a byte-order mark, as "utf-8-sig" (its codec is slower)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        decoded = decode_page(data)
        guess = decoded.encoding.upper() if decoded.encoding not in ("utf-8", "utf-16") else None
        hint = f"（看起来是 {guess} 编码）" if guess else ""
        hint_en = f" (it looks like {guess})" if guess else ""
        line = body[: exc.start].count(b"\n") + 1
        raise InputError(f"{what} 文件不是 UTF-8 编码{hint}，第 {line} 行有无法识别的字节；请另存为 UTF-8 后再检查",
                         f"the {what} file is not UTF-8{hint_en}: undecodable bytes on line {line}; save it as UTF-8",
                         line=line) from None
