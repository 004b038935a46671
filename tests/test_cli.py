"""The command line as a user runs it: verdicts, messages, exit codes, no tracebacks."""

import json
import re
import subprocess
import sys

import pytest
from ruamel.yaml import YAML

from gzcheck.cli import main
from gzcheck.errors import EXIT_FAIL, EXIT_PASS, EXIT_UNREADABLE, EXIT_USAGE, UsageError
from gzcheck.testing import example_report

SEED_FAULTS = {
    "/applications/total/results/total": (130, 0),
    "/applications/total/carried_forward_to_next_year": (6, 0),
}


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def errors_of(out: str) -> dict:
    report = json.loads(out)["reports"][0]
    return {f["pointer"]: (f["expected"], f["actual"]) for f in report["findings"] if f["severity"] == "error"}


def test_seed_values_fail_at_exactly_the_two_faulty_cells(capsys, write, seed_report):
    code, out, _ = run(capsys, "check", write("seed.json", seed_report), "--format", "json")
    assert code == EXIT_FAIL
    assert json.loads(out)["reports"][0]["status"] == "fail"
    assert errors_of(out) == SEED_FAULTS


def test_seed_as_yaml_gives_the_same_verdict_with_file_lines(capsys, tmp_path, seed_report):
    path = tmp_path / "seed.yaml"
    YAML().dump(seed_report, path)
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    assert code == EXIT_FAIL
    assert errors_of(out) == SEED_FAULTS
    lines = path.read_text(encoding="utf-8").splitlines()
    for finding in json.loads(out)["reports"][0]["findings"]:
        key = finding["pointer"].rsplit("/", 1)[1]
        assert lines[finding["line"] - 1].strip().startswith(key + ":")


def test_text_output_is_chinese_by_default_and_english_on_request(capsys, write, seed_report):
    path = write("seed.json", seed_report)
    _, out, _ = run(capsys, "check", path)
    assert "不通过" in out and "应为 130，实际为 0" in out and "表三「（七）总计」行「总计」列" in out
    _, out, _ = run(capsys, "check", path, "--lang", "en")
    assert "fail" in out and "expected 130, found 0" in out and "不通过" not in out


def test_findings_name_the_cell_in_the_templates_words_errors_first_and_no_pointer(capsys, write, seed_report):
    path = write("seed.json", seed_report)
    _, out, _ = run(capsys, "check", path)
    assert "  错误 T3-001 表三「（七）总计」行「总计」列" in out and "null" not in out
    assert not re.search(r"/(applications|sections|review_and_litigation|active_disclosure)\b", out)
    levels = [line.split()[0] for line in out.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert levels == sorted(levels, key=["错误", "警告", "提示"].index) and len(set(levels)) > 1
    _, out, _ = run(capsys, "check", path, "--format", "json")
    finding = next(f for f in json.loads(out)["reports"][0]["findings"] if f["pointer"] == "/applications/total/results/total")
    assert finding["location"]["cell"] == {"table": "表三", "row": ["（七）总计"], "column": ["总计"]}
    assert finding["where"].startswith("表三「（七）总计」行「总计」列")


def test_bundled_examples_pass(capsys):
    from gzcheck.examples import __file__ as examples_init
    from pathlib import Path

    folder = Path(examples_init).parent
    code, out, _ = run(capsys, "check", str(folder / "report-2019.json"), str(folder / "report-2021.json"))
    assert code == EXIT_PASS, out


def test_malformed_json_is_unreadable_with_its_line(capsys, write):
    code, out, _ = run(capsys, "check", write("bad.json", '{\n "format_version": "2021",\n "report_year": 2023\n'), "--format", "json")
    assert code == EXIT_UNREADABLE
    report = json.loads(out)["reports"][0]
    assert report["status"] == "error"
    [finding] = report["findings"]
    assert finding["code"] == "GZ-001" and finding["line"] == 4 and "JSON 格式错误" in finding["message"]


def test_string_in_a_count_cell_names_the_cell(capsys, write):
    report = example_report("report-2021.json")
    report["applications"]["natural_person"]["new_received"] = "23件"
    code, out, _ = run(capsys, "check", write("r.json", report), "--format", "json")
    assert code == EXIT_FAIL
    [finding] = json.loads(out)["reports"][0]["findings"]
    assert finding["code"] == "GZ-002"
    assert finding["pointer"] == "/applications/natural_person/new_received"
    assert "应为整数或空值(null)" in finding["message"] and "23件" in finding["message"]


def test_2019_tables_declared_2021_is_one_clear_finding(capsys, write):
    report = example_report("report-2019.json")
    report["format_version"] = "2021"
    code, out, _ = run(capsys, "check", write("r.json", report), "--format", "json")
    assert code == EXIT_FAIL
    [finding] = json.loads(out)["reports"][0]["findings"]
    assert finding["code"] == "GZ-003" and finding["pointer"] == "/format_version"
    assert finding["expected"] == "2019" and finding["actual"] == "2021"


def test_unknown_key_and_missing_table_are_named(capsys, write):
    report = example_report("report-2021.json")
    report["applicatons"] = report.pop("applications")
    code, out, _ = run(capsys, "check", write("r.json", report), "--format", "json")
    pointers = {f["pointer"]: f["message"] for f in json.loads(out)["reports"][0]["findings"]}
    assert code == EXIT_FAIL
    assert "不认识的键「applicatons」" in pointers["/applicatons"]
    assert "缺少必填项「applications」" in pointers["/applications"]


def test_select_ignore_and_fail_on_flags(capsys, write, seed_report):
    path = write("seed.json", seed_report)
    assert run(capsys, "check", path, "--ignore", "T3")[0] == EXIT_PASS
    assert run(capsys, "check", path, "--select", "table4-totals")[0] == EXIT_PASS
    assert run(capsys, "check", path, "--select", "T3-001")[0] == EXIT_FAIL
    code, _, err = run(capsys, "check", path, "--select", "T9-999")
    assert code == EXIT_USAGE and "T9-999" in err


def test_missing_file_and_bad_arguments_are_usage_or_input_errors(capsys, tmp_path):
    code, out, _ = run(capsys, "check", str(tmp_path / "nope.json"))
    assert code == EXIT_UNREADABLE and "找不到文件" in out
    code, _, err = run(capsys, "check")
    assert code == EXIT_USAGE and "命令参数有误" in err
    code, _, err = run(capsys, "check", "x.json", "--format", "pdf")
    assert code == EXIT_USAGE and "不支持的输出格式" in err


def test_rules_explain_and_schema(capsys):
    code, out, _ = run(capsys, "rules", "--format", "json")
    rows = {r["code"]: r for r in json.loads(out)}
    assert code == 0 and rows["T3-001"]["origin"] == "built-in" and rows["GZ-002"]["origin"] == "core"
    code, out, _ = run(capsys, "explain", "T3-001")
    assert code == 0 and "勾稽关系" in out and "不通过的例子" in out and "通过的例子" in out and "依据" in out
    code, out, _ = run(capsys, "explain", "table4-totals", "--lang", "en")
    assert code == 0 and "A failing example" in out
    code, _, err = run(capsys, "explain", "XX-000")
    assert code == EXIT_USAGE and "XX-000" in err
    code, out, _ = run(capsys, "schema")
    assert json.loads(out)["$schema"].endswith("2020-12/schema")


def test_console_script_runs_from_a_cold_start(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(example_report("report-2021.json"), ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "gzcheck", "check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "通过" in proc.stdout


def test_quick_exit_keeps_the_exit_code_and_every_line_written(tmp_path, seed_report):
    # the process ends without the interpreter's teardown: what was written must still all arrive, code intact
    for i in range(300):
        (tmp_path / f"r{i:03d}.json").write_text(json.dumps(seed_report, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "gzcheck", "check", "--format", "json", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == EXIT_FAIL, proc.stderr
    assert len(json.loads(proc.stdout)["reports"]) == 300


def check_with_probe(tmp_path, probe: str) -> subprocess.CompletedProcess:
    """``python -m gzcheck check`` on the bundled example, with ``probe`` loaded as a plugin file."""
    plugin = tmp_path / "probe_plugin.py"
    plugin.write_text(probe + "\nfrom gzcheck import hookimpl\n\n@hookimpl\ndef gzcheck_rules():\n    return []\n", encoding="utf-8")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(example_report("report-2021.json"), ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "gzcheck", "check", "--plugin", str(plugin), str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == EXIT_PASS, proc.stdout + proc.stderr
    return proc


def test_exit_handlers_a_plugin_registers_still_run(tmp_path):
    marker = tmp_path / "cleaned-up"
    check_with_probe(tmp_path, f"import atexit\natexit.register(lambda: open({str(marker)!r}, 'w').close())\n")
    assert marker.exists()  # with a handler registered, the interpreter's own exit runs it


def test_a_parser_built_for_one_command_reads_it_as_the_full_parser_does(capsys):
    from gzcheck.cli import _parser
    from gzcheck.commands import COMMANDS

    def helped(parser, argv):
        try:
            parser.parse_args(argv)
        except SystemExit:
            return capsys.readouterr().out
        raise AssertionError(f"{argv} printed no help")

    for name in COMMANDS:
        assert helped(_parser(name), [name, "-h"]) == helped(_parser(None), [name, "-h"]), name
    argv = ["check", "--fail-on", "warning", "--select", "T3", "--format", "json", "a.json", "b.json"]
    assert _parser("check").parse_args(argv) == _parser(None).parse_args(argv)
    for wrong in (["check", "--bogus", "a.json"], ["check"], ["check", "--fail-on", "all", "a.json"]):
        assert usage_error(_parser("check"), wrong) == usage_error(_parser(None), wrong), wrong


def usage_error(parser, argv) -> str:
    with pytest.raises(UsageError) as caught:
        parser.parse_args(argv)
    return caught.value.text("en")


@pytest.mark.parametrize("columns", [None, "120", "0", "-5", "wide", ""])
def test_help_is_as_wide_as_shutil_would_make_it(monkeypatch, columns):
    import shutil

    from gzcheck.cli import _terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns


def test_the_command_collects_garbage_less_often_than_a_library_user_would(tmp_path):
    import gc

    seen = tmp_path / "threshold"
    check_with_probe(tmp_path, f"import gc\nopen({str(seen)!r}, 'w').write(repr(gc.get_threshold()))\n")
    assert seen.read_text() == "(200000, 30, 30)"
    assert gc.get_threshold() != (200000, 30, 30)  # importing gzcheck (and calling main) leaves a library user's alone


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_help_screen_speaks_one_language_and_explains_every_argument(capsys, lang):
    from gzcheck.commands import COMMANDS

    for command in [None, *COMMANDS]:
        with pytest.raises(SystemExit):
            main([*([command] if command else []), "-h", "--lang", lang])
        text = capsys.readouterr().out
        if lang == "zh":
            assert not re.search(r"usage|positional|options:|show this|help message", text), (command, text)
        else:
            assert not re.search(r"[\u4e00-\u9fff]", text), (command, text)
        # every argument and option has words after it (argparse prints a bare name when there is no help)
        lines = text.split("\n\n", 2)[-1].splitlines()
        for i, line in enumerate(lines):
            if re.match(r"  [-\w]", line) and len(line.split()) == 1 and line.strip().endswith(":") is False:
                following = lines[i + 1] if i + 1 < len(lines) else ""
                assert following.startswith(" " * 8), (command, line)


def test_a_mistyped_command_gets_a_suggestion(capsys):
    assert main(["chek", "report.json"]) == 2
    assert "您是不是要用 gzcheck check？" in capsys.readouterr().err
    assert main(["bacth", "x", "--lang", "en"]) == 2
    assert "did you mean gzcheck batch?" in capsys.readouterr().err
