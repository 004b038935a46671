"""One check path. A :class:`Checker` is built once from :class:`~gzcheck.settings.Settings` (config, plugins,
rule packs, selection, waivers, time budget) and makes every verdict gzcheck gives: the command line, the
library, batch (local or Dask), the HTTP gate and roll-up only read their input and write its output.

    checker = Checker(Settings(select=("T3", "T4")))
    result = checker.check("report.docx")              # one report: a path, bytes (with name=), a dict
    for result in checker.check_many(paths, jobs=4):   # many, streamed, each paired with last year's
        ...
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Union

from gzcheck.engine.guard import OverBudget, time_budget
from gzcheck.engine.runner import Engine, year_key
from gzcheck.errors import InputError, UsageError
from gzcheck.inputs import Loaded, read_data, read_input
from gzcheck.normalize import one_report
from gzcheck.pairing import with_facts
from gzcheck.result import Result
from gzcheck.settings import Settings
from gzcheck.web.options import is_url

Source = Union[str, Path, bytes, dict, Loaded]


class Checker:
    """Everything a run needs, built once: the rules (built-in, plugins', packs'), the readers and output
    formats, the config with the flags applied, the waivers. Refuses (a :class:`~gzcheck.errors.GzcheckError`
    with its exit code) a bad config, a broken plugin, or a selection that leaves no rule to run."""

    def __init__(self, settings: Settings | None = None) -> None:
        from gzcheck import core_plugin
        from gzcheck.engine.config import check_fail_on, load_config
        from gzcheck.engine.plugins import PluginHost

        self.settings = settings = (settings or Settings()).resolved()
        config = load_config(Path(settings.config) if settings.config else None)
        host = PluginHost().load([*config.plugins, *settings.plugins], core=core_plugin,
                                 rule_packs=[*config.rule_packs, *settings.rule_packs],
                                 no_plugins=settings.no_plugins or config.disable_plugins)
        if settings.select:
            config.select = list(settings.select)
        config.ignore = [*config.ignore, *settings.ignore]
        if settings.fail_on:
            config.fail_on = check_fail_on(settings.fail_on)
        config.fail_on_unverified = config.fail_on_unverified or settings.fail_on_unverified
        if settings.timeout is not None:
            config.timeout = check_timeout(settings.timeout)
        self.config = config
        self.rules = host.rules()
        self.engine = Engine(self.rules, config)
        if not self.engine.rules:
            raise UsageError("按 select 和 ignore 选择之后，没有任何规则可运行；不运行规则的检查不能算通过",
                             "select and ignore leave no rule to run; a check that runs no rule cannot pass")
        self.engine.readers = host.readers()
        self.formats = host.formats()
        self._web: Any = None   # built on the first URL (gzcheck.web.published.Web)
        waiver_file = settings.waivers or config.waivers
        if waiver_file:
            from gzcheck.engine.waivers import Waivers

            self.waivers: Any = Waivers.load(waiver_file)
        else:
            self.waivers = None

    @property
    def timeout(self) -> float:
        return self.config.timeout

    # -- one report -----------------------------------------------------------------------------------------
    def read(self, source: str | Path | bytes, name: str | None = None, *, documents_only: bool = False) -> Loaded:
        """A file (or bytes) read into the report model within the time budget; InputError when it cannot be.
        ``documents_only``: pages, Word, PDF — the documents a report is extracted from, not JSON or YAML."""
        readers = [r for r in self.engine.readers if r.name not in ("json", "yaml")] if documents_only else self.engine.readers
        if isinstance(source, str) and is_url(source):
            return self.read_url(source, readers)
        with time_budget(self.timeout):
            try:
                if isinstance(source, (bytes, bytearray)):
                    return read_data(readers, bytes(source), name or "report")
                return read_input(readers, str(source))
            except OverBudget:
                raise over_budget(self.timeout) from None

    def read_url(self, url: str, readers: list | None = None) -> Loaded:
        """The report published at ``url`` (with its attachment; see gzcheck.web.published). The fetches have
        their own limits (gzcheck.web.fetch); reading each fetched file has the time budget."""
        from gzcheck.web.published import Web, read_url

        if self._web is None:
            self._web = Web(self.settings.web)
        chosen = readers or self.engine.readers

        def read(data: bytes, name: str) -> Loaded:
            with time_budget(self.timeout):
                try:
                    return read_data(chosen, data, name)
                except OverBudget:
                    raise over_budget(self.timeout) from None

        return read_url(url, self._web, read)

    def check(self, source: Source, *, name: str | None = None, previous: Any = None,
              tables: str | Path | bytes | None = None, tables_name: str | None = None) -> Result:
        """The verdict on one report — a path, its bytes (``name`` names it), a report dict, or a report
        already read — with the waivers applied. ``previous`` (a report dict, see :meth:`read_previous`) is
        used when it is this agency's report for the year before; otherwise ``result.previous_ignored``.
        ``tables``: a file holding the report's tables (an Excel workbook), read with it as one report."""
        label = name or (str(source) if isinstance(source, (str, Path)) else "<report>" if isinstance(source, dict) else "report")
        read: Loaded | Result | None = None
        if isinstance(source, str) and is_url(source):  # fetched before the budget starts: fetching has its own limits
            read = self._read_source(source, label, tables, tables_name)
        with time_budget(self.timeout), one_report():  # reading and the rules share one budget, and the folds
            if read is None:
                read = (source if isinstance(source, Loaded) else Loaded(source, "application/json", lines={})
                        if isinstance(source, dict) else self._read_source(source, label, tables, tables_name))
            if isinstance(read, Result):
                return read  # the file could not be read: that is its result
            loaded = read
            ignored = previous is not None and not _is_year_before(previous, loaded.report)
            result = self.engine.check(loaded.report, input=label, lines=loaded.lines, extra=loaded.findings,
                                       previous=None if ignored else previous)
        result.previous_ignored = ignored
        result.fetched = page_fetch(loaded.report)
        return self.waive(result)

    def _read_source(self, source: str | Path | bytes, label: str, tables: str | Path | bytes | None,
                     tables_name: str | None) -> Loaded | Result:
        """The report read with its tables file (given, or beside it by name in a batch); a file that cannot be
        read is its result, an error."""
        from gzcheck.tables_file import tables_beside, with_tables

        if tables is None and self.settings.pair_tables and isinstance(source, (str, Path)) and not is_url(str(source)):
            tables = tables_beside(source)
        try:
            loaded = self.read(source, label)
            if tables is None:
                return loaded
            named = tables_name or (str(tables) if isinstance(tables, (str, Path)) else "tables")
            return with_tables(loaded, self.read(tables, named, documents_only=True), named)
        except InputError as exc:
            return self.waive(Result.unreadable(label, exc))
        except Exception as exc:  # noqa: BLE001 - a reader's own failure is that file's error, never the run's
            return self.waive(reader_crashed(label, exc))

    def read_previous(self, source: str | Path | bytes | dict, name: str = "previous") -> Any:
        """Last year's report, for :meth:`check`; InputError when it cannot be read."""
        return source if isinstance(source, dict) else self.read(source, name).report

    def waive(self, result: Result) -> Result:
        """Apply the waivers (if any) to ``result``: reviewed findings move to ``result.waived``."""
        if self.waivers is not None:
            result.waivers_used = frozenset(self.waivers.apply(result, self.config.fail_on))
        return result

    # -- many reports ---------------------------------------------------------------------------------------
    def check_many(self, paths: Iterable[str], *, jobs: int = 0, executor: str = "process", scheduler: str | None = None,
                   work: Path | None = None, stdin: bytes | None = None, stdin_name: str = "-") -> Iterator[Result]:
        """The verdict on each file, in the order given, each given its agency's report of the year before when
        that is among them. Results come without their reports (:meth:`Result.light`), so memory stays flat
        however many files there are. ``jobs`` 0 checks here, in this process; more checks in that many worker
        processes (``executor="dask"``: on the cluster at ``scheduler``), each file within its time budget
        whatever it is doing. ``stdin`` holds the bytes of the path ``-`` (named ``stdin_name``)."""
        paths = list(paths)
        pairing = self.engine.needs_previous and len(paths) > 1  # one report has no other year to meet
        first = self._first_pass(paths, jobs, executor, scheduler, stdin, stdin_name, pairing)
        if not pairing:
            yield from (result for result, _ in first)
            return
        from gzcheck.pairing import paired_by_year

        yield from paired_by_year(first, self, work)

    def _first_pass(self, paths: list[str], jobs: int, executor: str, scheduler: str | None, stdin: bytes | None,
                    stdin_name: str, pairing: bool) -> Iterator[tuple[Result, bytes | None]]:
        if executor == "dask":
            from gzcheck.dask_executor import run_on_dask

            yield from run_on_dask(paths, check_file, self.settings, scheduler, self.timeout, prepare=checker_for)
        elif jobs > 0:
            from gzcheck.pool import Workers

            with Workers(jobs, self.timeout, start_worker, (self.settings,)) as workers:
                yield from workers.ordered((path, (check_worker_file, path)) for path in paths)
        else:
            for path in paths:
                result = self.check(stdin or b"", name=stdin_name) if path == "-" else self.check(path)
                yield with_facts(result, pairing)

    # -- region roll-up -------------------------------------------------------------------------------------
    def rollup(self, summary: str, children: list[str], problems: list | None = None) -> Result:
        """Does the summary report equal the sum of its children's (docs: gzcheck rollup)?"""
        from gzcheck.engine.rollup import rollup_files

        return self.waive(rollup_files(self, summary, children, problems or []))


def check_timeout(seconds: float) -> float:
    """A time budget a timer can hold: positive and finite, at most a day."""
    if not 0 < seconds <= 86_400:
        raise UsageError("时间限制（--timeout 或配置 timeout）应为正数秒，且不超过一天（86400 秒）",
                         "the time budget (--timeout, config timeout) must be a positive number of seconds, at most a day (86400)")
    return float(seconds)


def reader_crashed(label: str, exc: Exception) -> Result:
    """The result of a file whose reader failed (a bug, or a plugin's reader): an internal error, exit 3."""
    from gzcheck.logs import debug

    debug("reading %s failed", label, exc_info=True)
    detail = f"{type(exc).__name__}: {exc}"
    problem = InputError(f"内部错误：读取这份文件时出错（{detail}，加 --debug 查看详细信息）",
                         f"internal error while reading this file ({detail}; --debug shows the traceback)")
    return replace(Result.unreadable(label, problem), crashed=True)


def over_budget(seconds: float) -> InputError:
    return InputError(f"读取这份文件超过了 {seconds:g} 秒的时间限制，已停止（文件可能异常庞大或结构异常）",
                      f"reading this file took longer than the {seconds:g} s time budget; stopped")


def page_fetch(report: Any) -> dict | None:
    """The fetch of the page a report was read from (its URL, final URL, time, SHA-256), when it was."""
    source = report.get("source") if isinstance(report, dict) else None
    fetches = source.get("fetches") if isinstance(source, dict) else None
    return next((f for f in fetches if isinstance(f, dict) and f.get("role") == "page"), None) if isinstance(fetches, list) else None


def _is_year_before(previous: Any, report: Any) -> bool:
    """Whether ``previous`` is the same agency's report for the year before ``report``."""
    want = year_key(report, years_back=1)
    return want is not None and want == year_key(previous)


# -- in a worker process (batch, the HTTP gate, a Dask worker's child) ---------------------------------------------

KEPT = 8   # checkers kept per worker process: the gate builds one per combination of request options
_checkers: dict[Settings, Checker] = {}
_started_with: list[Settings] = []   # the settings a pool's worker was started with (its tasks then send only a path)


def checker_for(settings: Settings) -> Checker:
    """The checker for ``settings``, built once per worker process and kept."""
    checker = _checkers.get(settings)
    if checker is None:
        if len(_checkers) >= KEPT:
            _checkers.pop(next(iter(_checkers)))
        checker = _checkers[settings] = Checker(settings)
    return checker


def start_worker(settings: Settings) -> None:
    """A worker's initialiser: Ctrl-C is the parent's to handle; the checker is built before the first file."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    checker_for(settings)
    _started_with[:] = [settings]


def check_file(settings: Settings, path: str) -> tuple[Result, bytes | None]:
    """One file's light result, and its facts for year pairing (a worker's task)."""
    checker = checker_for(settings)
    return with_facts(checker.check(path), checker.engine.needs_previous)


def check_worker_file(path: str) -> tuple[Result, bytes | None]:
    """:func:`check_file` with the settings the worker was started with."""
    return check_file(_started_with[0], path)
