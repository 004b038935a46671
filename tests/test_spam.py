"""SPAM-001 on the seed, the real excerpts, clean government prose and a generated corpus."""

import json
from collections import defaultdict

import pytest

from gzcheck.cli import main
from gzcheck.extraction import extract_bytes
from gzcheck_rules.spam_detector import detect

from .conftest import shared_path
from .real_tables import all_transcribed
from .spam_corpus import HTML_DISGUISES, PLACEMENTS, OBFUSCATIONS, generate, score
from .engines import engine



def spam_findings(path):
    report, findings = extract_bytes(path.read_bytes(), str(path))
    return [f for f in engine().check(report, extra=findings).findings if f.code == "SPAM-001"], report


def test_the_seed_has_exactly_one_porn_span_from_first_to_last_item():
    [finding], report = spam_findings(shared_path("seeds", "guangzhou-zwfw-2019-scraped.txt"))
    text = report["source"]["text"]
    assert finding.severity == "error" and finding.category == "porn" and finding.pointer is None
    assert text[finding.start:].startswith("国产亚洲精品成人AA片")
    assert text[:finding.end].endswith("亚洲狠狠色丁香婷婷综合|") and finding.end == len(text)
    assert finding.line == text.count("\n", 0, finding.start) + 1
    evidence = finding.details["evidence"]
    assert evidence["position"] == "after footer" and evidence["separator"] == "|" and "script_mismatch" in evidence


@pytest.mark.parametrize("name", ["101-excerpt-spam-listcasino-suzhou-kjj-2025.txt", "102-excerpt-spam-he18tv-county-jtysj-2022.txt"])
def test_the_real_gambling_substitutions_are_found(name):
    text = shared_path("corpus", "excerpts", name).read_text(encoding="utf-8")
    spans = detect(text)
    excerpts = {text[s.start:s.end] for s in spans}
    assert spans and all(s.category == "gambling" for s in spans)
    expected = {"101": {"澳門賭場", "澳門賭場推薦"}, "102": {"澳门特区赌场,澳门博彩业网址"}}[name[:3]]
    assert expected <= excerpts
    assert text.count("澳門賭場") + text.count("澳门特区赌场") == sum(text[s.start:s.end].count("澳門賭場") + text[s.start:s.end].count("澳门特区赌场") for s in spans)


def test_no_spam_in_clean_government_prose():
    for name in ("government-work-reports.jsonl", "political-documents.jsonl"):
        for line in shared_path("corpus", "clean", name).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            assert detect(doc["content"]) == [], doc["title"]


@pytest.mark.parametrize("name", sorted({n for n, _ in all_transcribed()} | {"008-shanghai-2019-govoffice-embedded.js"}))
def test_no_spam_in_the_real_reports(name):
    path = shared_path("corpus", "reports", name)
    if name.endswith(".pdf"):  # the text the PDF reader gives the rules
        from gzcheck.inputs import BUILTIN_READERS, read_data

        text = read_data(BUILTIN_READERS, path.read_bytes(), name).report["source"]["text"]
    else:
        text = path.read_text(encoding="utf-8")
    assert detect(text, html=name.endswith((".html", ".js"))) == []


def test_generated_corpus_meets_the_bar():
    cases = generate(n_per_cell=2)
    by_variant = defaultdict(list)
    for case in cases:
        result = score(case, detect(case.text, html=case.html))
        by_variant[case.placement].append(result)
        by_variant[case.obfuscation].append(result)
        by_variant["all"].append(result)
    for variant, results in by_variant.items():
        recall = sum(r["found"] for r in results) / len(results)
        assert recall >= 0.98, (variant, recall)
    results = by_variant["all"]
    assert sum(r["category_right"] for r in results) / len(results) >= 0.95
    assert sum(r["coverage"] for r in results) / len(results) >= 0.95
    extra = sorted(r["clean_included"] for r in results)
    assert extra[int(0.95 * (len(extra) - 1))] <= 10
    assert set(by_variant) >= set(PLACEMENTS) | set(OBFUSCATIONS) | set(HTML_DISGUISES)


def test_hidden_html_spam_notes_how_it_was_hidden(tmp_path, capsys):
    page = shared_path("corpus", "reports", "016-shuyang-fgj-2023-county-dept.html").read_text(encoding="utf-8")
    spam = '<div style="display:none"><a href="http://x.example/">澳门赌场推荐</a> | <a href="http://y.example/">百家乐真人娱乐</a></div>'
    path = tmp_path / "page.html"
    path.write_text(page.replace("</body>", spam + "</body>"), encoding="utf-8")
    main(["check", str(path), "--format", "json", "--select", "SPAM"])
    [finding] = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    assert finding["category"] == "gambling" and finding["details"]["evidence"]["position"] == "hidden: display:none"


def _extract(capsys, path, *flags):
    assert main(["extract", str(path), *flags]) == 0
    return json.loads(capsys.readouterr().out)


def test_strip_spam_removes_exactly_the_spans_from_the_section_texts(capsys):
    path = shared_path("corpus", "excerpts", "101-excerpt-spam-listcasino-suzhou-kjj-2025.txt")
    plain, stripped = _extract(capsys, path), _extract(capsys, path, "--strip-spam")
    for key, section in plain["sections"].items():
        if section is None:
            assert stripped["sections"][key] is None
            continue
        expected = section["text"].replace("澳門賭場推薦", "").replace("澳門賭場", "")
        assert stripped["sections"][key]["text"] == expected
    assert {k: v for k, v in plain.items() if k not in ("sections", "source")} == \
        {k: v for k, v in stripped.items() if k not in ("sections", "source")}
    assert "澳門賭場" in plain["source"]["text"] and "澳門賭場" not in stripped["source"]["text"]


def test_strip_spam_on_the_seed_blanks_the_spam_in_the_page_text_and_keeps_every_position(capsys):
    path = shared_path("seeds", "guangzhou-zwfw-2019-scraped.txt")
    plain, stripped = _extract(capsys, path), _extract(capsys, path, "--strip-spam")
    assert plain["sections"] == stripped["sections"] and plain["provenance"] == stripped["provenance"]
    before, after = plain["source"]["text"], stripped["source"]["text"]
    assert "精品" in before and "精品" not in after and len(before) == len(after)
    assert before.splitlines()[:600] == after.splitlines()[:600]  # the report above the injected list is untouched


def test_escaped_document_write_strings_are_decoded():
    escaped = "".join(f"\\u{ord(c):04x}" for c in "澳门赌场推荐 | 百家乐真人娱乐")
    page = f'<html><body><p>本局2023年政府信息公开工作年度报告</p><script>document.write("{escaped}");</script></body></html>'
    [span] = detect(page, html=True)
    assert page[span.start:span.end] == escaped and span.category == "gambling"
    assert span.evidence["position"] == "hidden: script (escaped string)"
