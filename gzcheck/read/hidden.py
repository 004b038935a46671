"""Content a document hides from its readers (an HTML element styled away, Word's hidden text or rows, PDF
text drawn invisibly) is never read as the report. Where it holds what could pass for the report — table
numbers or section text — that is said as a warning naming it, so a hidden copy never decides in silence."""

from __future__ import annotations

import re

from gzcheck.model.template import section_headings
from gzcheck.read.html_render import CELL

SHOWN = 5  # hidden passages named one by one; the rest are counted

Note = tuple[str, str, str, "int | None"]  # what reading a file noticed: (severity, zh, en, line of the page or None)

_SENTENCE = re.compile(r"[\u4e00-\u9fff][^。；]{8,200}[。；]")  # a sentence of report prose, not a menu item
_TABLE_WORD = re.compile(r"申请|复议|诉讼|总计|规章|规范性文件|行政许可|行政处罚|予以公开|不予公开")
_NUMBER = re.compile(r"\d+")


def holds_report_content(text: str, in_table: bool = False) -> bool:
    """Whether hidden text could be read as the report: a table cell with a number, numbers beside a table
    label, a sentence of prose or a section heading. A hidden menu or spam list is not (spam has its own rule)."""
    text = text[:20000]  # enough to tell; a huge hidden block is not searched whole
    return bool((in_table and _NUMBER.search(text)) or _SENTENCE.search(text)
                or (_TABLE_WORD.search(text) and len(_NUMBER.findall(text)) >= 3)
                or any(heading[2:] in text for heading in section_headings().values()))


def hidden_notes(passages: list[tuple[str, str, str, str, int | None]]) -> list[Note]:
    """Notes for hidden passages given as (where zh, where en, how, text, line): the first few are named, the
    rest counted."""
    notes: list[Note] = []
    for where_zh, where_en, how, text, line in passages[:SHOWN]:
        text = " ".join(text.replace(CELL, " ").split())   # a hidden row's cells, a space apart
        excerpt = text if len(text) <= 40 else text[:40] + "…"
        notes.append(("warning", f"{where_zh}有读者看不到的内容（{how}）：「{excerpt}」；未作为报告内容读取",
                      f"{where_en} holds content its readers do not see ({how}): '{excerpt}'; it was not read as the report", line))
    if len(passages) > SHOWN:
        more = len(passages) - SHOWN
        notes.append(("warning", f"另有 {more} 处隐藏内容未逐一列出", f"{more} more hidden passages are not listed", None))
    return notes
