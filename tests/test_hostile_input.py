"""Ways a run could end in 内部错误, a crash or a hang on bad input (issue #27, 9): each is that file's clear
error (exit 4) or a usage error (exit 2), and the other files are still checked."""

import json

import pytest

from gzcheck.cli import main
from gzcheck.errors import EXIT_UNREADABLE, EXIT_USAGE
from gzcheck.testing import example_report

from .pages import render_text


def check_json(capsys, *argv):
    code = main(["check", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)["reports"]


@pytest.mark.parametrize("yaml", ['format_version: "2021"\nreport_year: !!float abc\n',
                                  'format_version: "2021"\nreport_year: ' + "9" * 5000 + "\n",
                                  'format_version: "2021"\nreport_year: !!int "12x"\n'])
def test_yaml_scalars_that_cannot_be_made_are_that_files_error(yaml, tmp_path, capsys):
    (tmp_path / "bad.yaml").write_text(yaml, encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps(example_report("report-2021.json"), ensure_ascii=False), encoding="utf-8")
    code, reports = check_json(capsys, str(tmp_path))
    assert code == EXIT_UNREADABLE
    statuses = {r["input"].rsplit("/", 1)[-1]: r["status"] for r in reports}
    assert statuses == {"bad.yaml": "error", "good.json": "pass"}
    [bad] = [r for r in reports if r["input"].endswith("bad.yaml")]
    assert "YAML 中有无法转换的值" in bad["findings"][0]["message"] and "内部错误" not in bad["findings"][0]["message"]


def test_a_run_of_thousands_of_digits_in_a_table_is_that_files_error(tmp_path, capsys):
    lines = render_text(example_report("report-2021.json"), "rows").split("\n")
    at = next(i for i, line in enumerate(lines) if "（一）予以公开" in line and any(c.isdigit() for c in line))
    parts = lines[at].split("  ")
    parts[1] = "1" * 4400
    lines[at] = "  ".join(parts)
    (tmp_path / "page.txt").write_text("\n".join(lines), encoding="utf-8")
    code, [report] = check_json(capsys, str(tmp_path / "page.txt"))
    assert code == EXIT_UNREADABLE and "4400 位" in report["findings"][0]["message"]


@pytest.mark.parametrize("timeout", ["1e10", "inf", "nan", "0", "-1"])
def test_a_time_budget_no_timer_can_hold_is_a_usage_error(timeout, capsys):
    assert main(["check", "gzcheck/examples/report-2021.json", "--timeout", timeout]) == EXIT_USAGE
    assert "时间" in capsys.readouterr().err


def test_fix_refuses_a_folder_a_missing_folder_and_its_own_input(tmp_path, capsys):
    source = tmp_path / "r.json"
    source.write_text(json.dumps(example_report("report-2021.json"), ensure_ascii=False), encoding="utf-8")
    before = source.read_bytes()
    for output in (tmp_path, tmp_path / "missing" / "x.json", source):
        assert main(["fix", str(source), "-o", str(output)]) == EXIT_USAGE
        assert "内部错误" not in capsys.readouterr().err
    assert source.read_bytes() == before
