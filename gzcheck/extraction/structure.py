"""Title, agency, year, publication date and the six sections of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gzcheck.extraction.labels import SECTION_REGEXES, SECTION_REGEXES_PAREN
from gzcheck.model.headings import ORDINAL, SECTION_BODIES, body_matches, numeral, within_one_edit
from gzcheck.read.page import CHROME_END, Page

YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年\s*度?")
DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
TITLE_WORDS = re.compile(r"年度报告|年报")
_REPORT_SUFFIX = re.compile(r"(政府信息公开|政务公开)?(工作)?年度报告.*$|政府信息公开(工作)?年报.*$")
_PAGE_MARK = re.compile(r"^\s*-\s*\d{1,3}\s*-\s*")
_WRAPPING = re.compile(r'^(?:#+\s*|"[\w-]+"\s*:\s*)')
_TITLE_PREFIX = re.compile(r"^(标题|题目|title)\s*[:：]\s*", re.I)
_PERIOD = re.compile(r"统计期限|统计期间|统计时间|统计周期|统计时限|自\s*20\d{2}\s*年\s*1\s*月\s*1\s*日")
_YEAR_OF_REPORT = re.compile(r"(20\d{2})\s*年\s*度?\s*(?:政府信息公开|政务公开)(?:工作)?年度报告")


@dataclass
class Heading:
    key: str
    start: int   # in page.text
    end: int


def find_sections(page: Page) -> list[Heading]:
    """Section headings in template order: first as the template prints them (一、… or (一)…), then, for any
    section still missing, tolerantly between its found neighbours — another ordinal, a published variant,
    one character missing, extra or changed, a heading on its own line without an ordinal."""
    folded, found, pos = page.folded, {}, 0
    for key, regex in SECTION_REGEXES.items():
        match = regex.search(folded, pos) or SECTION_REGEXES_PAREN[key].search(folded, pos)
        if match:
            found[key] = Heading(key, match.start(), match.end())
            pos = match.end()
    keys = list(SECTION_REGEXES)
    for i, key in enumerate(keys):
        if key in found:
            continue
        lo = max((found[k].end for k in keys[:i] if k in found), default=0)
        hi = min((found[k].start for k in keys[i + 1:] if k in found), default=len(folded))
        heading = _tolerant(folded, key, lo, hi)
        if heading is not None:
            found[key] = heading
    return [found[key] for key in keys if key in found]


_DROP = re.compile(r"[\s\"'“”「」‘’,，、:：;；.．。()（）\-—\ue000]")
_SUB_PROBLEMS = ("主要问题", "存在问题", "存在的问题", "存在的主要问题", "问题")
_SUB_IMPROVEMENTS = ("改进", "整改")


def _compact(folded: str, start: int, end: int, size: int) -> tuple[str, list[int]]:
    """Up to ``size`` significant characters from ``start`` (no spaces or punctuation) and where each is."""
    chars, where = [], []
    for i in range(start, min(end, start + 4 * size)):
        if not _DROP.match(folded[i]):
            chars.append(folded[i])
            where.append(i)
            if len(chars) == size:
                break
    return "".join(chars), where


def _tolerant(folded: str, key: str, lo: int, hi: int) -> Heading | None:
    longest = max(map(len, SECTION_BODIES[key])) + 1
    own = numeral(key)
    for ordinal in ORDINAL.finditer(folded, lo, hi):
        compact, where = _compact(folded, ordinal.end(), hi, longest)
        matches = body_matches(key, compact, own_ordinal=own in ordinal.group())
        if matches:
            return Heading(key, ordinal.start(), _best_end(folded, where, matches))
    bodies = SECTION_BODIES[key]
    for line in re.finditer(r"[^\n]+", folded[lo:hi]):  # a heading on a line of its own, its ordinal mangled or gone
        compact, where = _compact(folded, lo + line.start(), lo + line.end(), longest + 2)
        if not compact or len(compact) > longest + 1:
            continue
        if compact in bodies or any(within_one_edit(compact, own + body) for body in bodies) or any(
                len(body) > 4 and within_one_edit(compact, body) for body in bodies):
            return Heading(key, where[0], where[-1] + 1)
    if key == "problems_and_improvements":
        return _by_subheadings(folded, lo, hi)
    return None


def _best_end(folded: str, where: list[int], matches: list[tuple[int, bool]]) -> int:
    """Where a near heading ends: an exact body first, then one that ends where the line (or cell) does,
    then the shortest — a heading that swallows the next word would cut the section's text."""
    def rank(match):
        length, exact = match
        end = where[length - 1] + 1
        boundary = end >= len(folded) or folded[end] in "\n\r \t\u3000\ue000"
        return (not exact, not boundary, length)

    return where[min(matches, key=rank)[0] - 1] + 1


def _by_subheadings(folded: str, lo: int, hi: int) -> Heading | None:
    """Section 五 printed without its heading, as （一）主要问题 … （二）改进情况: it starts at the first sub-heading."""
    first = None
    for ordinal in ORDINAL.finditer(folded, lo, hi):
        compact, _ = _compact(folded, ordinal.end(), hi, 8)
        if first is None and compact.startswith(_SUB_PROBLEMS):
            first = ordinal.start()
        elif first is not None and compact.startswith(_SUB_IMPROVEMENTS):
            return Heading("problems_and_improvements", first, first)
    return None


def section_end(page: Page, headings: list[Heading], index: int) -> int:
    if index + 1 < len(headings):
        return headings[index + 1].start
    chrome = CHROME_END.search(page.folded, headings[index].end)
    return chrome.start() if chrome else len(page.text)


def find_title(page: Page) -> tuple[str | None, int | None]:
    """The report's title as printed, and where it is in the text."""
    if page.title_tag and TITLE_WORDS.search(page.title_tag):
        return _clean_title(page.title_tag), None
    previous = None
    for match in re.finditer(r"[^\n]+", page.text[:5000]):
        line = _PAGE_MARK.sub("", match.group().replace("\ue000", " ")).strip()
        folded_line = page.folded[match.start():match.end()]
        if TITLE_WORDS.search(folded_line) and len(line) <= 80 and (YEAR_IN_TITLE.search(folded_line) or "年度报告" in folded_line):
            at = match.start() + (len(match.group()) - len(match.group().lstrip()))
            if previous and (re.match(r"20\d{2}\s*年", line) or len(line) <= 8):
                # a PDF title broken before its year: "洪泽区人民政府" / "2023年政府信息公开工作年度报告"
                return _clean_title(previous[0] + line), previous[1]
            return _clean_title(line), at
        if line:
            previous = (line, match.start()) if len(line) <= 30 and not re.search(r"[。，,；;：:]", line) else None
    return None, None


def _clean_title(title: str) -> str:
    """The title without what wraps it on a page: a markdown heading mark, a script's "key": "…" quotes."""
    title = _TITLE_PREFIX.sub("", _WRAPPING.sub("", title.strip()))
    return re.split(r"\s+[-_|–]\s+", title)[0].strip().strip('"\'“”，,;；')


def agency_from_title(folded_title: str) -> str | None:
    text = re.sub(r"\s+", "", _REPORT_SUFFIX.sub("", folded_title))  # PDF titles are spaced out: 洪泽区   人民政府
    parts = [p for p in YEAR_IN_TITLE.split(text) if p and not p.isdigit()]
    if not parts:
        return None
    name = max(parts, key=len)
    return name if len(name) >= 2 else None


def year_of(folded_title: str | None, folded: str) -> int | None:
    if folded_title:
        match = YEAR_IN_TITLE.search(folded_title)
        if match:
            return int(match.group(1))
    named = _YEAR_OF_REPORT.search(folded, 0, 5000)
    if named:
        return int(named.group(1))
    period = _PERIOD.search(folded)
    if period:
        match = re.search(r"20\d{2}", folded[period.start():period.end() + 30])
        if match:
            return int(match.group())
    return None


_DATE_LABEL = re.compile(r"(发布|公开|成文|印发)(日期|时间)?|日期|时间")
_NOT_PUBLICATION = re.compile(r"采集|抓取|更新|访问|浏览|下载")


def published_date(page: Page, year: int | None, before: int) -> str | None:
    """The publication date: a labelled date in the page header, else the signature date at the end."""
    folded = page.folded
    best: tuple[int, int, str] | None = None
    for match in DATE.finditer(folded, 0, before):
        context = re.sub(r"[\s\ue000]+", "", folded[max(0, match.start() - 80):match.start()])[-12:]
        if _PERIOD.search(context) or "至" in folded[match.end():match.end() + 3] or _NOT_PUBLICATION.search(context):
            continue
        date = _iso(match)
        if date and (year is None or int(date[:4]) > year):
            score = 2 if _DATE_LABEL.search(context) else 1
            if best is None or score > best[0]:
                best = (score, match.start(), date)
    if best:
        return best[2]
    tail = list(DATE.finditer(folded, max(0, len(folded) - 1500)))
    for match in reversed(tail):
        date = _iso(match)
        if date and (year is None or int(date[:4]) > year):
            return date
    return None


def _iso(match: re.Match) -> str | None:
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


KIND_PATTERNS = (
    ("township", re.compile(r"(乡|镇|街道|街道办事处)(人民政府)?$")),
    ("government", re.compile(r"(人民政府|[省市县区]政府)$|^[^局委厅办]{2,12}[省市县区旗]$")),
    ("department", re.compile(r"(局|委员会|委|厅|办公室|办公厅|办|中心|署|院|所|馆|站|队|处)$")),
)


def agency_kind(agency: str | None) -> str | None:
    if not agency:
        return None
    for kind, pattern in KIND_PATTERNS:
        if pattern.search(agency):
            return kind
    return None
