"""Region roll-up: a summary report against the sum of the reports it summarises."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gzcheck.engine.rollup import Child, compared_cells, rollup
from gzcheck.inputs import Loaded
from gzcheck.model.template import template
from gzcheck.testing import example_report

from .documents import generate, write_docx
from .pages import page_bytes
from .strategies import get_at, set_at

ROOT = Path(__file__).resolve().parent.parent
NEW = "/applications/total/new_received"


def summary_of(children: list[dict], version: str) -> dict:
    summary = example_report(f"report-{version}.json")
    summary.update(agency="示例区人民政府", agency_kind="government", report_year=children[0]["report_year"])
    for ptr in compared_cells(version):
        set_at(summary, ptr, sum(get_at(child, ptr) or 0 for child in children))
    return summary


def roll(summary: dict, children: list[dict]):
    kids = [Child(f"child{i}.json", child) for i, child in enumerate(children)]
    return rollup("summary.json", Loaded(summary, "application/json"), kids)


def ours(result):
    return [f for f in result.findings if f.code.startswith("ROLL")]


@st.composite
def regions(draw):
    """(version, children): 1–6 reports of one template and year, every compared cell drawn (blanks included)."""
    version = draw(st.sampled_from(["2019", "2021"]))
    year = 2020 if version == "2019" else 2023
    children = []
    for _ in range(draw(st.integers(1, 6))):
        child = example_report(f"report-{version}.json")
        child["report_year"] = year
        for cell in template(version).cells:
            if cell.kind == "signed":
                value = draw(st.one_of(st.none(), st.integers(-500, 500)))
            elif cell.kind == "amount":
                value = draw(st.one_of(st.none(), st.integers(0, 10**6)))
            else:
                value = draw(st.one_of(st.none(), st.integers(0, 5000)))
            set_at(child, cell.pointer, value)
        children.append(child)
    return version, children


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions(), st.data())
def test_an_exact_sum_passes_and_any_changed_cell_is_named(region, data):
    version, children = region
    summary = summary_of(children, version)
    before = json.dumps(children, sort_keys=True)
    result = roll(summary, children)
    assert ours(result) == [] and result.unverified == 0
    ptr = data.draw(st.sampled_from(compared_cells(version)))
    delta = data.draw(st.integers(1, 50)) * data.draw(st.sampled_from([1, -1]))
    changed = json.loads(json.dumps(summary))
    stated = get_at(summary, ptr) + delta
    if template(version).by_pointer(ptr).kind != "signed":
        stated = abs(stated)
    set_at(changed, ptr, stated)
    findings = ours(roll(changed, children))
    if stated == get_at(summary, ptr):
        assert findings == []
        return
    [finding] = findings
    assert (finding.pointer, finding.expected, finding.actual) == (ptr, get_at(summary, ptr), stated)
    contributors = {c["input"]: c["value"] for c in finding.details["children"]}
    assert contributors == {f"child{i}.json": get_at(c, ptr) for i, c in enumerate(children) if get_at(c, ptr)}
    assert json.dumps(children, sort_keys=True) == before   # inputs never changed


def test_an_unread_child_cell_is_unverified_unless_the_summary_is_certainly_too_small():
    children = [example_report("report-2021.json") for _ in range(3)]
    summary = summary_of(children, "2021")
    # two unread cells in one child that its sums cannot determine
    unread = [f"/applications/{column}/new_received" for column in ("natural_person", "commercial_enterprise")]
    unread += [f"/applications/{column}/carried_over_from_previous_year" for column in ("natural_person", "commercial_enterprise")]
    for ptr in unread:
        set_at(children[0], ptr, None)
    children[0]["unread"] = unread
    result = roll(summary, children)
    assert ours(result) == [] and result.unverified > 0 and result.status == "pass"
    known = sum(get_at(c, "/applications/natural_person/new_received") for c in children[1:])
    set_at(summary, "/applications/natural_person/new_received", known - 1)
    [finding] = ours(roll(summary, children))
    assert finding.pointer == "/applications/natural_person/new_received" and finding.expected == f">= {known}"


def test_a_missing_child_is_an_error_never_skipped():
    children = [example_report("report-2021.json") for _ in range(2)]
    summary = summary_of(children, "2021")
    kids = [Child("a.json", children[0]), Child("gone.json", problem=("无法读取", "cannot be read"))]
    result = rollup("summary.json", Loaded(summary, "application/json"), kids)
    assert result.status == "error"
    assert [f.details["input"] for f in result.findings if f.code == "ROLL-002"] == ["gone.json"]


def test_a_child_of_another_year_cannot_be_summed():
    children = [example_report("report-2021.json") for _ in range(2)]
    summary = summary_of(children, "2021")
    children[1]["report_year"] = 2022
    result = roll(summary, children)
    assert result.status == "error" and any("2022" in f.message for f in result.findings if f.code == "ROLL-002")


def gzcheck(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gzcheck", *args], capture_output=True, text=True, cwd=cwd, timeout=180)


def test_children_in_any_format(tmp_path):
    """A JSON summary of a Word draft, a web page and a YAML report."""
    from ruamel.yaml import YAML

    rng = random.Random(7)
    printed = []
    for _ in range(3):
        generated = generate(rng, "2021")
        generated.report["report_year"] = 2023
        printed.append(generated)
    write_docx(printed[0], tmp_path / "a.docx", rng)
    (tmp_path / "b.html").write_bytes(page_bytes(printed[1].report, "html", "simplified", "utf-8"))
    with open(tmp_path / "c.yaml", "w", encoding="utf-8") as stream:
        YAML().dump(printed[2].report, stream)
    summary = summary_of([g.report for g in printed], "2021")
    (tmp_path / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    files = [str(tmp_path / n) for n in ("summary.json", "a.docx", "b.html", "c.yaml")]
    done = gzcheck("rollup", *files, "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)["reports"][0]
    assert report["status"] == "pass" and report["unverified"] == 0
    summary["applications"]["total"]["results"]["granted"] += 3
    (tmp_path / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    done = gzcheck("rollup", *files, "--format", "json")
    assert done.returncode == 1
    [finding] = json.loads(done.stdout)["reports"][0]["findings"]
    assert finding["pointer"] == "/applications/total/results/granted" and finding["actual"] == finding["expected"] + 3
    assert gzcheck("rollup", *files, str(tmp_path / "missing.docx")).returncode == 4


def write(path: Path, report: dict) -> str:
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_mapping_file_and_the_batch(tmp_path):
    east = tmp_path / "east"
    east.mkdir()
    children = [example_report("report-2021.json") for _ in range(2)]
    for i, child in enumerate(children):
        child["agency"] = f"东区第{i}局"
        write(east / f"dept{i}.json", child)
    summary = summary_of(children, "2021")
    set_at(summary, NEW, get_at(summary, NEW) + 1)
    write(tmp_path / "east.json", summary)
    (tmp_path / "rollup.yaml").write_text("east.json: [east/*.json]\nwest.json: [west/*.json]\n", encoding="utf-8")
    done = gzcheck("rollup", "--mapping", str(tmp_path / "rollup.yaml"), "--format", "json")
    reports = {Path(r["input"]).name: r for r in json.loads(done.stdout)["reports"]}
    assert [f["pointer"] for f in reports["east.json"]["findings"] if f["code"] == "ROLL-001"] == [NEW]
    assert reports["west.json"]["status"] == "error"      # neither the summary nor its children exist
    assert done.returncode == 4
    out = tmp_path / "audit"
    batch = gzcheck("batch", str(east), str(tmp_path / "east.json"), "--rollup", str(tmp_path / "rollup.yaml"), "--output", str(out))
    rows = (out / "summary.csv").read_text(encoding="utf-8-sig")
    east_row = next(line for line in rows.splitlines() if line.split(",")[0].endswith("east.json"))
    assert "ROLL-001" in east_row
    assert any(line.split(",")[0].endswith("west.json") and ",出错," in line for line in rows.splitlines())
    assert "ROLL-001" in (out / "report.html").read_text(encoding="utf-8") and batch.returncode == 4


def test_the_summary_among_its_own_children_is_left_out(tmp_path):
    children = [example_report("report-2021.json") for _ in range(2)]
    paths = [write(tmp_path / f"c{i}.json", c) for i, c in enumerate(children)]
    summary = write(tmp_path / "s.json", summary_of(children, "2021"))
    done = gzcheck("rollup", summary, *paths, summary, "--format", "json")
    report = json.loads(done.stdout)["reports"][0]
    assert done.returncode == 0 and [f["severity"] for f in report["findings"]] == ["info"]


def test_rollup_codes_are_explained_and_described_in_sarif(tmp_path):
    assert "下级报告之和" in gzcheck("explain", "ROLL-001").stdout
    children = [example_report("report-2021.json")]
    summary = summary_of(children, "2021")
    set_at(summary, NEW, 0)
    done = gzcheck("rollup", write(tmp_path / "s.json", summary), write(tmp_path / "c.json", children[0]), "--format", "sarif")
    run = json.loads(done.stdout)["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["ROLL-001"]
    assert "ROLL-001" in {r["id"] for r in run["tool"]["driver"]["rules"]}


@pytest.mark.parametrize("args", [[], ["only-summary.json"], ["a.json", "b.json", "--mapping", "m.yaml"]])
def test_bad_rollup_arguments_are_usage_errors(args):
    assert gzcheck("rollup", *args).returncode == 2


def test_a_mapping_saved_in_gbk_is_a_clear_usage_error(tmp_path):
    mapping = tmp_path / "rollup.yaml"
    mapping.write_bytes("东区.json: [东区/*.json]\n".encode("gbk"))
    done = gzcheck("rollup", "--mapping", str(mapping))
    assert done.returncode == 2 and "UTF-8" in done.stderr and "Traceback" not in done.stderr
