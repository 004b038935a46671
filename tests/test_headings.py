"""Section headings with one character missing, extra or changed, another ordinal or a published variant are
still found (SEC-002 says how they differ); SEC-001 only where nothing heading-like is printed."""

import random

import pytest

from gzcheck.extraction import extract_bytes
from gzcheck.model.headings import heading_variant

from .pages import LAYOUTS, SECTION_HEADINGS, page_bytes, random_report
from .engines import engine

FILLERS = "的了和与及在是为新年度工作信息情况公开"


def one_edit(rng: random.Random, heading: str) -> str:
    """The heading with one character inserted, deleted or changed (never turning it into an empty line)."""
    while True:
        i = rng.randrange(len(heading))
        op = rng.choice(("insert", "delete", "change"))
        char = rng.choice(FILLERS)
        edited = {"insert": heading[:i] + char + heading[i:], "delete": heading[:i] + heading[i + 1:],
                  "change": heading[:i] + char + heading[i + 1:]}[op]
        if edited != heading and len(edited.strip("、")) > 2:
            return edited


@pytest.mark.parametrize("layout", LAYOUTS)
def test_headings_with_one_edit_are_found(layout):
    rng = random.Random(f"typos-{layout}")
    for i in range(40):
        report = random_report(rng, ("2019", "2021")[i % 2], blanks=False)
        headings = {key: one_edit(rng, heading) for key, heading in SECTION_HEADINGS.items()}
        extracted, _ = extract_bytes(page_bytes(report, layout, "simplified", "utf-8", headings))
        for key, printed in headings.items():
            section = extracted["sections"][key]
            assert section is not None, f"{layout}: '{printed}' not found as {key}"
            # a character typed in front of the ordinal may stay with the text before: the rest is the heading
            found = section["heading"]
            assert found in printed and len(printed) - len(found) <= 1, (layout, printed, found)
        codes = {f.code for f in engine().check(extracted).findings}
        assert "SEC-001" not in codes


def test_another_ordinal_and_published_variants_are_info():
    report = random_report(random.Random(3), "2021", blanks=False)
    headings = dict(SECTION_HEADINGS, active_disclosure="一、主动公开政府信息情况",
                    review_and_litigation="四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                    problems_and_improvements="五、政府信息公开工作存在的主要问题及改进情况")
    extracted, _ = extract_bytes(page_bytes(report, "rows", "simplified", "utf-8", headings))
    sec = [f for f in engine().check(extracted).findings if f.code.startswith("SEC-00")]
    assert {(f.code, f.severity, f.pointer) for f in sec} == {
        ("SEC-002", "info", "/sections/active_disclosure/heading"), ("SEC-002", "info", "/sections/review_and_litigation/heading"),
        ("SEC-002", "info", "/sections/problems_and_improvements/heading")}


def test_a_missing_heading_is_still_sec001():
    report = random_report(random.Random(4), "2021", blanks=False)
    headings = dict(SECTION_HEADINGS, other_matters="")
    extracted, _ = extract_bytes(page_bytes(report, "rows", "simplified", "utf-8", headings))
    assert extracted["sections"]["other_matters"] is None


def test_intro_sentences_naming_the_sections_are_not_headings():
    text = ("某局2023年政府信息公开工作年度报告\n本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
            "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。\n一、总体情况\n正文。\n")
    extracted, _ = extract_bytes(text.encode())
    assert [k for k, v in extracted["sections"].items() if v] == ["overall_situation"]


@pytest.mark.parametrize(("printed", "kind"), [
    ("四、政府信息公开行政复议、行政诉讼情况", None), ("三、政府信息公开行政复议、行政诉讼情况", "ordinal"),
    ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "variant"), ("四、政府信息公开行政复仪、行政诉讼情况", "typo"),
    ("四、工作机制保障", "other")])
def test_heading_variant(printed, kind):
    assert heading_variant("review_and_litigation", printed) == kind
