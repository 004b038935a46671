"""A spam test corpus the tests generate: real report text with injected blocks.

Every case records where the injected text is, its category, how it was
placed (after the footer, at the top, inside a paragraph, in hidden HTML, in
disguised HTML) and how it was disguised (traditional script, full-width
letters, zero-width and other invisible characters, spaces between characters,
look-alike letters; in HTML: character references, tags, comments or
references between characters, scripts that build the text, CSS content,
reversed text, a data: iframe).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from functools import cache

import pytest

from .conftest import SHARED

ITEMS = {
    "porn": {
        "head": ["国产", "亚洲", "日韩", "欧美", "久久", "最新"],
        "core": ["精品成人影片", "无码专区", "高清无码视频", "成人AA片", "狠狠色综合网", "人妻熟女", "一本道高清", "AV在线"],
        "tail": ["", "一区二区", "免费观看", "在线播放", "下载"],
    },
    "gambling": {
        "head": ["", "澳门", "最新", "2025"],
        "core": ["赌场推荐", "博彩网址", "百家乐真人娱乐", "新葡京娱乐城", "威尼斯人娱乐官网", "北京赛车PK10开奖", "时时彩投注平台",
                 "皇冠体育投注", "真人荷官在线", "注册送彩金"],
        "tail": ["", "官网", "平台", "网址"],
    },
    "fake_documents": {
        "head": ["", "专业", "本地"],
        "core": ["代开发票", "办假证", "仿真证件制作", "刻章办证", "毕业证代办", "代开增值税发票", "驾照代办", "文凭代办"],
        "tail": ["", "电话", "联系微信", "QQ"],
    },
}
PLACEMENTS = ("after_footer", "top", "mid_paragraph", "hidden_div", "html_disguise")
OBFUSCATIONS = ("none", "traditional", "fullwidth", "zerowidth", "spaces", "lookalike", "wide_spaces", "invisible")
# ways a page shows text its markup does not hold plainly (the html_disguise placement)
HTML_DISGUISES = ("entities_hex", "entities_dec", "tags_between", "comments_between", "nbsp_between", "zwsp_ref_between",
                  "fromcharcode", "atob", "concat", "escaped_innerhtml", "rtl_override", "rlo_char", "css_content", "data_iframe")
INVISIBLE = ("\u202a", "\u202c", "\ufe00", "\u034f", "\u2062", "\u180e", "\u3164", "\U000e0020", "\u200d", "\u2060")
HIDING = ("display:none", "visibility:hidden", "position:absolute;left:-9999px", "font-size:0", "marquee", "document.write")
LOOKALIKE = str.maketrans("AaEeOoPpCcKkMHTXx", "АаЕеОоРрСсКкМНТХх")


@dataclass
class Case:
    text: str
    html: bool
    truth: tuple[int, int]
    items: list[tuple[int, int]]     # where each injected item's own characters are
    category: str
    placement: str
    obfuscation: str
    meta: dict = field(default_factory=dict)


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def _disguise(item: str, how: str, rng: random.Random) -> str:
    if how == "traditional":
        return _converter("s2tw").convert(item)
    if how == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in item)
    if how == "zerowidth":
        return "\u200b".join(item)
    if how == "spaces":
        return " ".join(item)
    if how == "lookalike":
        return item.translate(LOOKALIKE)
    if how == "wide_spaces":
        return "".join(c + " " * rng.randint(4, 8) for c in item[:-1]) + item[-1]
    if how == "invisible":
        return "".join(c + rng.choice(INVISIBLE) for c in item[:-1]) + item[-1]
    return item


def _item(category: str, rng: random.Random, ascii_too: bool) -> str:
    parts = ITEMS[category]
    core = rng.choice([c for c in parts["core"] if not ascii_too or any(ch.isascii() and ch.isalpha() for ch in c)] or parts["core"])
    return rng.choice(parts["head"]) + core + rng.choice(parts["tail"])


@cache
def base_texts() -> list[str]:
    """Real report text (read in place from ../shared): the clean pages the spam is injected into."""
    texts = []
    reports = SHARED / "corpus" / "reports"
    for name in ("001-pingtan-2019-zone.txt", "003-pingtan-2021-zone.txt", "013-shuyang-2025-county-ocr.md",
                 "011-hongze-2023-district.pdf.pypdf-layout.txt"):
        if (reports / name).exists():
            texts.append((reports / name).read_text(encoding="utf-8"))
    clean = SHARED / "corpus" / "clean" / "government-work-reports.jsonl"
    if clean.exists():
        for line in clean.read_text(encoding="utf-8").splitlines()[:6]:
            texts.append(json.loads(line)["content"][:6000])
    return texts


@cache
def base_html() -> list[str]:
    reports = SHARED / "corpus" / "reports"
    return [(reports / n).read_text(encoding="utf-8") for n in ("008-shanghai-2019-govoffice.html", "016-shuyang-fgj-2023-county-dept.html")
            if (reports / n).exists()]


def make_case(rng: random.Random, category: str, placement: str, obfuscation: str) -> Case:
    ascii_too = obfuscation in ("fullwidth", "lookalike")
    count = rng.randint(1, 2) if placement == "mid_paragraph" else rng.randint(6, 14)
    items = [_disguise(_item(category, rng, ascii_too and i == 0), obfuscation, rng) for i in range(count)]
    if placement == "hidden_div":
        return _hidden(rng, items, category, obfuscation)
    base = rng.choice(base_texts())
    sep = "、" if placement == "mid_paragraph" else rng.choice(["| ", "|", " ", "、"])
    block = sep.join(items) + ("|" if sep.startswith("|") else "")
    if placement == "after_footer":
        prefix = base.rstrip() + "\n\n相关附件\n扫一扫在手机打开当前页\n关注 · 示例政府网\n"
        text, start = prefix + block, len(prefix)
    elif placement == "top":
        text, start = block + "\n" + base, 0
    else:  # inside a sentence of the narrative, after a comma
        commas = [i + 1 for i, ch in enumerate(base[:4000]) if ch == "，"] or [len(base) // 2]
        at = rng.choice(commas)
        text, start = base[:at] + block + base[at:], at
    spans, pos = [], start
    for item in items:
        spans.append((pos, pos + len(item)))
        pos += len(item) + len(sep)
    return Case(text, False, (start, start + len(block)), spans, category, placement, obfuscation)


def _hidden(rng: random.Random, items: list[str], category: str, obfuscation: str) -> Case:
    page = rng.choice(base_html())
    hiding = rng.choice(HIDING)
    links = [f'<a href="http://spam{i}.example/">{item}</a>' for i, item in enumerate(items)]
    body = " | ".join(links)
    if hiding == "marquee":
        block = f"<marquee>{body}</marquee>"
    elif hiding == "document.write":
        block = f"<script>document.write('{body}');</script>"
    else:
        block = f'<div style="{hiding}">{body}</div>'
    at = page.rfind("</body>") if "</body>" in page else len(page)
    text = page[:at] + block + page[at:]
    spans, pos = [], at
    for link, item in zip(links, items, strict=False):
        pos = text.index(link, pos)
        inner = pos + link.index(">") + 1
        spans.append((inner, inner + len(item)))
        pos += len(link)
    return Case(text, True, (spans[0][0], spans[-1][1]), spans, category, "hidden_div", obfuscation, {"hiding": hiding})


def _disguised_html(rng: random.Random, category: str, disguise: str) -> Case:
    """A visible list of spam written so that its characters are not in the markup as plain text."""
    import base64

    items = [_item(category, rng, False) for _ in range(rng.randint(6, 12))]
    body = " | ".join(items)

    def each(join: str) -> str:
        return " | ".join(join.join(item) for item in items)

    if disguise in ("entities_hex", "entities_dec"):
        form = "&#x{:x};" if disguise == "entities_hex" else "&#{};"
        block = "<div>" + " | ".join("".join(form.format(ord(c)) for c in item) for item in items) + "</div>"
    elif disguise == "tags_between":
        block = "<div>" + " | ".join("".join(f"<span>{c}</span>" for c in item) for item in items) + "</div>"
    elif disguise in ("comments_between", "nbsp_between", "zwsp_ref_between"):
        block = "<p>" + each({"comments_between": "<!---->", "nbsp_between": "&nbsp;", "zwsp_ref_between": "&#8203;"}[disguise]) + "</p>"
    elif disguise == "fromcharcode":
        block = f"<script>document.write(String.fromCharCode({','.join(str(ord(c)) for c in body)}));</script>"
    elif disguise == "atob":
        encoded = base64.b64encode(body.encode("utf-8")).decode()
        block = f"<script>document.write(decodeURIComponent(escape(atob('{encoded}'))));</script>"
    elif disguise == "concat":
        cuts = sorted(rng.sample(range(1, len(body)), min(len(body) - 1, len(body) // 2)))
        pieces = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
        block = "<script>document.write(" + " + ".join(f"'{p}'" for p in pieces) + ");</script>"
    elif disguise == "escaped_innerhtml":
        escaped = "".join(f"\\u{ord(c):04x}" for c in body)
        block = f'<div id="ad"></div><script>document.getElementById("ad").innerHTML = "{escaped}";</script>'
    elif disguise == "rtl_override":
        block = f'<div style="direction:rtl; unicode-bidi:bidi-override">{body[::-1]}</div>'
    elif disguise == "rlo_char":
        block = f"<p>\u202e{body[::-1]}\u202c</p>"
    elif disguise == "css_content":
        escaped = "".join(f"\\{ord(c):x} " for c in body)
        block = f'<style>.ad::after{{content:"{escaped}"}}</style><div class="ad"></div>'
    else:  # data_iframe
        encoded = base64.b64encode(f"<p>{body}</p>".encode("utf-8")).decode()
        block = f'<iframe src="data:text/html;base64,{encoded}" width="1" height="1"></iframe>'
    page = rng.choice(base_html())
    at = page.rfind("</body>") if "</body>" in page else len(page)
    text = page[:at] + block + page[at:]
    return Case(text, True, (at, at + len(block)), [(at, at + len(block))], category, "html_disguise", disguise)


def generate(n_per_cell: int = 2, seed: int = 7, *, required: bool = True) -> list[Case]:
    """Cases injected into the real pages of ../shared; where it is absent, the test skips (or, ``required``
    false, gets no cases and goes on with its own texts)."""
    if not base_texts():
        if required:
            pytest.skip("../shared is absent here: the spam corpus injects spam into its real report pages")
        return []
    rng = random.Random(seed)
    cases = []
    for category in ITEMS:
        for placement in PLACEMENTS:
            if placement in ("hidden_div", "html_disguise") and not base_html() or not base_texts():
                continue
            if placement == "html_disguise":
                cases += [_disguised_html(rng, category, disguise) for disguise in HTML_DISGUISES for _ in range(n_per_cell)]
                continue
            for obfuscation in OBFUSCATIONS:
                cases += [make_case(rng, category, placement, obfuscation) for _ in range(n_per_cell)]
    return cases


def score(case: Case, spans) -> dict:
    """Page found, category right, share of spam characters covered, clean characters swept in."""
    hits = [s for s in spans if s.start < case.truth[1] and s.end > case.truth[0]]
    covered = set()
    for s in hits:
        covered.update(range(s.start, s.end))
    spam_chars = {i for a, b in case.items for i in range(a, b)}
    extra = 0
    for s in spans:
        for i in range(s.start, s.end):
            if not (case.truth[0] <= i < case.truth[1]) and not (case.html and _in_tag(case.text, i)):
                extra += 1
    categories = [s.category for s in hits]
    return {
        "found": bool(hits),
        "category_right": bool(hits) and max(set(categories), key=categories.count) == case.category,
        "coverage": len(spam_chars & covered) / len(spam_chars),
        "clean_included": extra,
        "false_spans": sum(1 for s in spans if s not in hits),
    }


def _in_tag(text: str, i: int) -> bool:
    return text.rfind("<", 0, i + 1) > text.rfind(">", 0, i)
