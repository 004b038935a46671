"""Title, agency, year, publication date and the six sections of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gzcheck.extract.labels import SECTION_REGEXES, SECTION_REGEXES_PAREN
from gzcheck.read.page import CHROME_END, Page


YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年\s*度?")
DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
TITLE_WORDS = re.compile(r"年度报告|年报")
_REPORT_SUFFIX = re.compile(r"(政府信息公开|政务公开)?(工作)?年度报告.*$|政府信息公开(工作)?年报.*$")
_PAGE_MARK = re.compile(r"^\s*-\s*\d{1,3}\s*-\s*")
_TITLE_PREFIX = re.compile(r"^(标题|题目|title)\s*[:：]\s*", re.I)
_PERIOD = re.compile(r"统计期限|统计期间|统计时间|统计周期|统计时限|自\s*20\d{2}\s*年\s*1\s*月\s*1\s*日")
_YEAR_OF_REPORT = re.compile(r"(20\d{2})\s*年\s*度?\s*(?:政府信息公开|政务公开)(?:工作)?年度报告")


@dataclass
class Heading:
    key: str
    start: int   # in page.text
    end: int


def find_sections(page: Page) -> list[Heading]:
    """Section headings in template order (一、… first; (一)… only where a report numbers them so)."""
    folded, found, pos = page.folded, [], 0
    for key, regex in SECTION_REGEXES.items():
        match = regex.search(folded, pos) or SECTION_REGEXES_PAREN[key].search(folded, pos)
        if match:
            found.append(Heading(key, match.start(), match.end()))
            pos = match.end()
    return found


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
        if TITLE_WORDS.search(page.folded[match.start():match.end()]) and len(line) <= 80:
            at = match.start() + (len(match.group()) - len(match.group().lstrip()))
            if previous and (re.match(r"20\d{2}\s*年", line) or len(line) <= 8):
                # a PDF title broken before its year: "洪泽区人民政府" / "2023年政府信息公开工作年度报告"
                return _clean_title(previous[0] + line), previous[1]
            return _clean_title(line), at
        if line:
            previous = (line, match.start()) if len(line) <= 30 and not re.search(r"[。，,；;：:]", line) else None
    return None, None


def _clean_title(title: str) -> str:
    title = _TITLE_PREFIX.sub("", title.strip())
    return re.split(r"\s+[-_|–]\s+", title)[0].strip()


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
