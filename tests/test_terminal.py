"""Text and GitHub output show control characters from report content and file names as escapes: a heading
carrying ESC[2K, CR and a green 通过 cannot erase the finding line or print a fake verdict (issue #27, 11)."""

import json

from gzcheck.cli import main
from gzcheck.testing import example_report
from gzcheck.visible import visible

ATTACK = "\x1b[2K\r\x1b[32m示例.json：通过（错误 0，警告 0，提示 0）\x1b[0m\x1b]8;;https://evil.example\x07链接\x1b]8;;\x07\u202e"


def test_visible_escapes_what_a_terminal_would_run():
    assert visible("普通文字\t正常") == "普通文字\t正常"
    shown = visible(ATTACK)
    assert "\x1b" not in shown and "\r" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert "\\x1b[2K\\x0d" in shown and "\\u202e" in shown


def test_report_content_and_file_names_never_reach_the_terminal_raw(tmp_path, capsys):
    report = example_report("report-2021.json")
    report["sections"]["problems_and_improvements"] = {"heading": ATTACK, "text": "无"}
    name = tmp_path / "a\x1b[2Jb.json"
    name.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    for fmt in ("text", "github"):
        main(["check", str(name), "--format", fmt])
        out, err = capsys.readouterr()
        for stream in (out, err):
            assert "\x1b" not in stream and "\r" not in stream and "\x07" not in stream and "\u202e" not in stream, fmt
        assert "\\x1b[2J" in out  # the file name, shown
        assert ("\\x1b[2K\\x0d" if fmt == "text" else "\\x1b[2K%0D") in out  # the heading, shown
