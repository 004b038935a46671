"""What a batch is asked to check: files named, folders walked, globs expanded — and everything that was
asked for but cannot be checked (an unreadable folder, a dangling link, a pipe), reported, never skipped."""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from gzcheck.errors import EXIT_UNREADABLE, GzcheckError, UsageError

MARKER = ".gzcheck-batch"   # written into every output folder: its files are ours, never inputs


class NothingToCheck(GzcheckError):
    exit_code = EXIT_UNREADABLE


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    message_en: str


def expand_inputs(patterns: Iterable[str], output: Path | None = None) -> tuple[list[str], list[Problem]]:
    """Files to check (sorted, no repeats) and what could not be checked. Hidden files and gzcheck's own
    output folders are left out; an output folder holding inputs is refused."""
    files: set[str] = set()
    problems: dict[str, Problem] = {}
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            _walk(path, files, problems)
        elif os.path.lexists(pattern):
            _add(pattern, files, problems)
        else:
            matches = glob.glob(pattern, recursive=True)
            if not matches:
                raise UsageError(f"找不到要检查的文件：{pattern}", f"no files match {pattern}")
            for match in matches:
                _walk(Path(match), files, problems) if os.path.isdir(match) else _add(match, files, problems)
    if output is not None:
        _refuse_output_among_inputs(output, files)
    if not files and not problems:
        raise NothingToCheck("没有找到要检查的文件（文件夹是空的，或只有隐藏文件和 gzcheck 的输出）",
                             "nothing to check (the folders are empty, or hold only hidden files and gzcheck's outputs)")
    return sorted(files), sorted(problems.values(), key=lambda p: p.path)


def _walk(top: Path, files: set[str], problems: dict[str, Problem]) -> None:
    def unreadable(error: OSError) -> None:
        where = error.filename or str(top)
        problems[where] = Problem(where, f"无法读取文件夹（{error.strerror}），其中的报告没有检查",
                                  f"cannot read the folder ({error.strerror}); the reports in it were not checked")

    for folder, dirs, names in os.walk(top, onerror=unreadable):
        if MARKER in names:  # a gzcheck output folder: its files are results, not reports
            dirs.clear()
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if not name.startswith("."):
                _add(os.path.join(folder, name), files, problems)


def _add(path: str, files: set[str], problems: dict[str, Problem]) -> None:
    path = os.path.normpath(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        problems[path] = Problem(path, "链接指向的文件不存在", "a link to a file that does not exist")
        return
    except OSError as exc:
        problems[path] = Problem(path, f"无法读取：{exc.strerror}", f"cannot read it: {exc.strerror}")
        return
    if stat.S_ISREG(mode):
        files.add(path)
    else:
        problems[path] = Problem(path, "不是普通文件（设备、管道或套接字），没有检查", "not a regular file (a device, pipe or socket); not checked")


def _refuse_output_among_inputs(output: Path, files: set[str]) -> None:
    if not output.exists():
        return
    if not output.is_dir():
        raise UsageError(f"--output 应是文件夹，{output} 是一个文件", f"--output must be a folder; {output} is a file")
    root = output.resolve()
    inside = sorted(f for f in files if Path(f).resolve().is_relative_to(root))
    if inside:
        raise UsageError(f"结果文件夹 {output} 里有要检查的文件（如 {inside[0]}），结果会覆盖或混入输入；请换一个 --output 文件夹",
                         f"the output folder {output} holds files to check (e.g. {inside[0]}); choose another --output folder")
