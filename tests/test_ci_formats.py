"""SARIF, JUnit and GitHub output on the seed page; the pre-commit hook definition."""

import json
from xml.etree import ElementTree as ET

import jsonschema
from ruamel.yaml import YAML

from gzcheck.cli import main

from .conftest import ROOT, shared_path

SEED_ERRORS = {("T3-001", 507), ("T3-001", 523), ("SPAM-001", 610)}


def run(capsys, *args):
    code = main(list(args))
    return code, capsys.readouterr().out


def test_sarif_validates_and_has_the_two_cells_and_the_spam_span(capsys):
    code, out = run(capsys, "check", str(shared_path("seeds", "guangzhou-zwfw-2019-scraped.txt")), "--format", "sarif")
    doc = json.loads(out)
    schema = json.loads(shared_path("spec", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(doc)
    run_ = doc["runs"][0]
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run_["results"]}
    assert code == 1 and results == SEED_ERRORS
    pointers = {r["locations"][0].get("logicalLocations", [{}])[0].get("fullyQualifiedName") for r in run_["results"]}
    assert {"/applications/total/results/total", "/applications/total/carried_forward_to_next_year"} <= pointers
    spam = next(r for r in run_["results"] if r["ruleId"] == "SPAM-001")
    region = spam["locations"][0]["physicalLocation"]["region"]
    assert region["charLength"] == 546 and spam["properties"]["category"] == "porn"
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    assert "勾稽关系" in rules["T3-001"]["help"]["text"] and rules["SPAM-001"]["defaultConfiguration"]["level"] == "error"


def test_junit_parses_with_a_case_per_report_per_rule(capsys, tmp_path):
    seed = str(shared_path("seeds", "guangzhou-zwfw-2019-scraped.txt"))
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    _, out = run(capsys, "check", seed, str(bad), "--format", "junit")
    suites = ET.fromstring(out)
    seed_suite, bad_suite = suites.findall("testsuite")
    cases = {c.get("name"): c for c in seed_suite.findall("testcase")}
    assert {"T3-001", "SPAM-001", "TXT-001"} <= set(cases)
    assert cases["T3-001"].find("failure") is not None and cases["SPAM-001"].find("failure") is not None
    assert cases["T4-001"].find("failure") is None and seed_suite.get("failures") == "2"
    assert bad_suite.get("errors") == "1"


def test_github_annotations_name_the_page_line(capsys):
    _, out = run(capsys, "check", str(shared_path("seeds", "guangzhou-zwfw-2019-scraped.txt")), "--format", "github")
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith("::error file=") for line in lines)
    assert {(line.split("title=")[1].split()[0].split("::")[0], int(line.split("line=")[1].split(",")[0])) for line in lines} == SEED_ERRORS


def test_pre_commit_hook_definition():
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert hook["id"] == "gzcheck" and hook["entry"].startswith("gzcheck check") and hook["language"] == "python"
