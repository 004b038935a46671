"""TXT-001: numbers in the prose against tables 三 and 四."""

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzcheck.engine.runner import Engine
from gzcheck.extraction import extract_bytes
from gzcheck.extraction.claims import PATTERNS, _combined, chinese_number, find_claims

from .conftest import shared_path
from .prose import SENTENCES, chinese, write
from .test_properties import consistent_reports
from .engines import engine



def narrative_findings(report):
    return [f for f in engine().check(report).findings if f.code == "TXT-001"]


def page_findings(*parts):
    path = shared_path(*parts)
    report, _ = extract_bytes(path.read_bytes(), str(path))
    return narrative_findings(report)


def test_shanghai_2019_contradictions_are_reported_with_both_numbers():
    found = {(f.expected, f.actual) for f in page_findings("corpus", "reports", "008-shanghai-2019-govoffice.html")}
    assert found == {(275, 258), (337, 265)}


def test_hongze_2024_says_17_where_the_table_says_95():
    [finding] = page_findings("corpus", "reports", "012-hongze-2024-district.pdf.pypdf.txt")
    assert (finding.expected, finding.actual, finding.pointer) == (95, 17, "/sections/overall_situation")
    assert "/applications/total/new_received" in finding.related


@pytest.mark.parametrize("parts", [("seeds", "guangzhou-zwfw-2019-scraped.txt"), ("corpus", "reports", "001-pingtan-2019-zone.txt"),
                                   ("corpus", "reports", "003-pingtan-2021-zone.txt"),
                                   ("corpus", "reports", "009-huaian-2024-city.pdf.pypdf.txt"),
                                   ("corpus", "reports", "013-shuyang-2025-county-ocr.md"),
                                   ("corpus", "reports", "014-shanghai-stcsm-2024-pdf2md.md")])
def test_no_narrative_finding_where_prose_and_tables_agree(parts):
    assert page_findings(*parts) == []


@pytest.mark.parametrize("n", [0, 7, 10, 12, 20, 105, 136, 1000, 2005, 3119])
def test_chinese_numerals_round_trip(n):
    assert chinese_number(chinese(n)) == n


def test_claims_map_combined_and_grouped_statements():
    text = "予以公开及部分公开二百五十八件，占33.9%；行政复议351件，其中结果维持72件，尚未审结37件；受理申请17件（含上年结转2件）。"
    claims = [(c.quantity, c.value, c.percent) for c in find_claims(text)]
    assert claims == [("granted_or_partial", 258, 33.9), ("review_total", 351, None), ("review_upheld", 72, None),
                      ("review_pending", 37, None), ("new_received", 17, None), ("carried_over", 2, None)]


def _prose_report(data):
    report = data.draw(consistent_reports())
    report["sections"]["review_and_litigation"]["text"] = "见下表。"
    return report


@settings(max_examples=60, deadline=None)
@given(st.data(), st.integers(0, 10**6))
def test_consistent_prose_gives_no_finding(data, seed):
    report = _prose_report(data)
    report["sections"]["overall_situation"]["text"], _ = write(report, random.Random(seed))
    assert narrative_findings(report) == []


@settings(max_examples=60, deadline=None)
@given(st.data(), st.integers(0, 10**6), st.sampled_from([key for key, _ in SENTENCES]))
def test_one_wrong_number_is_named_where_it_is_printed(data, seed, wrong):
    report = _prose_report(data)
    text, where = write(report, random.Random(seed), wrong)
    report["sections"]["overall_situation"]["text"] = text
    start, end, printed = where[wrong]
    assert [(f.start, f.end, f.actual) for f in narrative_findings(report)] == [(start, end, printed)]


def test_a_page_stuffed_with_contradictions_lists_the_first_hundred_and_counts_the_rest():
    from gzcheck.checker import Checker
    from gzcheck.engine.config import Config
    from gzcheck.testing import example_report

    report = example_report("report-2021.json")
    report["sections"]["problems_and_improvements"]["text"] = "".join(
        f"本年度共收到政府信息公开申请{1000 + i}件。" for i in range(150))
    result = Engine(Checker().rules, Config(select=["TXT-001"])).check(report)
    assert len(result.findings) == 101
    [summary] = [f for f in result.findings if f.details.get("not_listed")]
    assert summary.details["not_listed"] == 50 and "另有 50 处" in summary.message


_PIECES = sorted({piece for _, p in PATTERNS for piece in re.findall(r"[^\\()?:|+*\[\]{}<>!=P]+", p)} |
                 {"12", "三百零五", "件", "，", "。", "其中", "年", "x"})
_STATEMENTS = [st.from_regex(re.sub(r"\(\?<!\w+\)", "", p).replace("\\d", "[0-9]"), fullmatch=True) for _, p in PATTERNS]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), *_STATEMENTS), max_size=30))
def test_the_first_character_guard_changes_no_match(pieces):
    """The claim scan tests a match's first character before trying the patterns: it must find exactly what
    the bare alternation of the patterns finds, in every text made of the patterns' own words (so a pattern
    added with a new first word fails here until the guard has it)."""
    plain = re.compile("|".join(f"(?:{p.replace('(?P<num>', f'(?P<n{i}>')})" for i, (_, p) in enumerate(PATTERNS)))
    text = "".join(pieces)
    assert ([(m.span(), m.lastgroup) for m in _combined().finditer(text)] ==
            [(m.span(), m.lastgroup) for m in plain.finditer(text)])
