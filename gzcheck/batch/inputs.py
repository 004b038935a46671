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

MARKER = ".gzcheck-batch"   # written into every output folder beside the results
RESULT_FILES = frozenset(("summary.csv", "report.html", "audit.xlsx", MARKER))  # what a batch writes there
EVIDENCE = "fetched"   # the folder a batch over URLs keeps what it fetched in, beside its results


class NothingToCheck(GzcheckError):
    exit_code = EXIT_UNREADABLE


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    message_en: str


def expand_inputs(patterns: Iterable[str], output: Path | None = None,
                  skipped: list[str] | None = None) -> tuple[list[str], list[Problem]]:
    """Files to check (sorted, no repeats) and what could not be checked. Hidden files and gzcheck's own
    result folders are left out (each result folder skipped is added to ``skipped``, for the run to say); an
    output folder holding inputs is refused."""
    files: set[str] = set()
    problems: dict[str, Problem] = {}
    passed: list[str] = [] if skipped is None else skipped
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            _walk(path, files, problems, passed)
        elif os.path.lexists(pattern):
            _add(pattern, files, problems)
        else:
            matches = glob.glob(pattern, recursive=True)
            if not matches:
                raise UsageError(f"找不到要检查的文件：{pattern}", f"no files match {pattern}")
            for match in matches:
                _walk(Path(match), files, problems, passed) if os.path.isdir(match) else _add(match, files, problems)
    if output is not None:
        _refuse_output_among_inputs(output, files)
    if not files and not problems:
        raise NothingToCheck("没有找到要检查的文件（文件夹是空的，或只有隐藏文件和 gzcheck 的输出）",
                             "nothing to check (the folders are empty, or hold only hidden files and gzcheck's outputs)")
    return sorted(files), sorted(problems.values(), key=lambda p: p.path)


def is_result_folder(names: Iterable[str], dirs: Iterable[str] = ()) -> bool:
    """A folder holding a batch's results and nothing else (a marker file alone proves nothing: a folder of
    reports with one planted in it is still a folder of reports)."""
    names = [n for n in names if not n.startswith(".")] + ([MARKER] if MARKER in names else [])
    return MARKER in names and set(names) <= RESULT_FILES and not any(not d.startswith(".") and d != EVIDENCE for d in dirs)


def _walk(top: Path, files: set[str], problems: dict[str, Problem], skipped: list[str]) -> None:
    def unreadable(error: OSError) -> None:
        where = error.filename or str(top)
        problems[where] = Problem(where, f"无法读取文件夹（{error.strerror}），其中的报告没有检查",
                                  f"cannot read the folder ({error.strerror}); the reports in it were not checked")

    for folder, dirs, names in os.walk(top, onerror=unreadable):
        if is_result_folder(names, dirs):  # a batch's results, not reports: left out, and said
            skipped.append(folder)
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
    entries = list(os.scandir(output))
    if entries and not is_result_folder([e.name for e in entries if not e.is_dir()], [e.name for e in entries if e.is_dir()]):
        raise UsageError(f"结果文件夹 {output} 里已有别的文件（不是 gzcheck 以前写的结果），结果会覆盖它们；请用空文件夹或新文件夹",
                         f"the output folder {output} holds other files (not gzcheck's earlier results), which the results "
                         f"would overwrite; use an empty or new folder")
    root = output.resolve()
    inside = sorted(f for f in files if Path(f).resolve().is_relative_to(root))
    if inside:
        raise UsageError(f"结果文件夹 {output} 里有要检查的文件（如 {inside[0]}），结果会覆盖或混入输入；请换一个 --output 文件夹",
                         f"the output folder {output} holds files to check (e.g. {inside[0]}); choose another --output folder")
