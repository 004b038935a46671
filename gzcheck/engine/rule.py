"""The Rule base class every built-in and plugin rule derives from."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any, ClassVar, Iterable

from gzcheck.finding import Finding, check_severity
from gzcheck.model.template import describe
from gzcheck.model.unknowns import ReportFacts, TableView

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{3}$")


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


KIND_NAMES = {bool: "true/false", int: "an integer", float: "a number", str: "text", list: "a list", dict: "a mapping"}
KIND_NAMES_ZH = {bool: "true 或 false", int: "整数", float: "数字", str: "文字", list: "列表", dict: "映射（键: 值）"}


class RuleDefinitionError(ValueError):
    """A rule class or its options are wrong: said in both languages (the plugin loader and the engine name
    where the rule came from)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def option_kind(default: Any) -> type | None:
    """An option's type is its default's (None: any)."""
    for kind in KIND_NAMES:  # bool before int: True is an int too
        if isinstance(default, kind):
            return kind
    return None


def _is_kind(value: Any, kind: type) -> bool:
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


class Rule:
    """Base class. Subclasses set ``code`` and implement :meth:`check`.

    Optional attributes (all have defaults): ``name``, ``severity``,
    ``summary``/``summary_en`` (default: the docstring's first line),
    ``message``/``message_en`` (templates formatted with the finding's
    fields), ``why`` (why it matters), ``basis`` (legal basis),
    ``options`` (defaults), ``requires_valid`` (skip the rule on a report
    that fails the schema), ``needs_previous`` (the rule reads last year's
    report, given to it as ``ctx.previous``).
    """

    code: ClassVar[str]
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "error"
    summary: ClassVar[str] = ""
    summary_en: ClassVar[str] = ""
    message: ClassVar[str] = ""
    message_en: ClassVar[str] = ""
    why: ClassVar[str] = ""
    why_en: ClassVar[str] = ""
    basis: ClassVar[str] = ""
    options: dict[str, Any] = {}   # on the class: the defaults; on a rule: the defaults with the config's
    requires_valid: ClassVar[bool] = True
    needs_previous: ClassVar[bool] = False

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        unknown = set(options or ()) - set(type(self).options)
        if unknown:
            names = ", ".join(sorted(unknown))
            raise RuleDefinitionError(f"{self.code} 没有这些选项：{names}", f"{self.code}: unknown option(s) {names}")
        for key, value in (options or {}).items():
            kind = option_kind(type(self).options[key])
            if kind is not None and not _is_kind(value, kind):
                raise RuleDefinitionError(f"{self.code} 的选项 {key} 应为{KIND_NAMES_ZH[kind]}，而不是 {value!r}",
                                          f"{self.code}: option {key} must be {KIND_NAMES[kind]}, not {value!r}")
        self.options = {**type(self).options, **(options or {})}

    def check(self, report: dict[str, Any], ctx: "Context") -> Iterable[Finding]:
        raise NotImplementedError

    # -- metadata with defaults -------------------------------------------------
    @classmethod
    def rule_name(cls) -> str:
        return cls.name or _kebab(cls.__name__)

    @classmethod
    def rule_summary(cls, lang: str = "zh") -> str:
        if lang == "en" and cls.summary_en:
            return cls.summary_en
        if cls.summary:
            return cls.summary
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0] if doc else cls.rule_name()

    @classmethod
    def rule_why(cls, lang: str = "zh") -> str:
        return cls.why_en if lang == "en" and cls.why_en else cls.why

    @classmethod
    def case_file(cls) -> Path | None:
        """YAML pass/fail cases: ``cases/<CODE>.yaml`` beside the rule's module."""
        try:
            path = Path(inspect.getfile(cls)).parent / "cases" / f"{cls.code}.yaml"
        except (TypeError, OSError):
            return None
        return path if path.is_file() else None

    @classmethod
    def rule_cases(cls) -> list:
        """The rule's pass/fail cases (:class:`gzcheck.testing.Case`): its case file's, or a pack rule's own."""
        from gzcheck.engine.cases import load_cases

        path = cls.case_file()
        return load_cases(path) if path is not None else []

    @classmethod
    def validate_class(cls) -> None:
        code = getattr(cls, "code", None)
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            raise RuleDefinitionError(f"规则类 {cls.__qualname__} 的编号 {code!r} 不合格式（应形如 ABC-001）",
                                      f"rule class {cls.__qualname__} has an invalid code {code!r} (expected like ABC-001)")
        check_severity(cls.severity)
        if cls.check is Rule.check:
            raise RuleDefinitionError(f"规则 {code} 没有实现 check()", f"rule {code} does not implement check()")


class Context:
    """What a rule sees while it runs (docs/rules.md): ``version`` (the report's template, "2019" or "2021"),
    ``previous`` (last year's report, for a rule with ``needs_previous``), ``config`` (the run's settings:
    ``fail_on``, ``fail_on_unverified``, ``timeout``), ``options`` (the rule's), and helpers: :meth:`finding`,
    :meth:`table`, :meth:`is_unread`, :meth:`label`."""

    __slots__ = ("rule", "severity", "version", "previous", "config", "facts")

    def __init__(self, rule: Rule, severity: str, version: str | None, previous: Any = None, config: Any = None,
                 facts: ReportFacts | None = None) -> None:
        self.rule = rule
        self.severity = severity
        self.version = version
        self.previous = previous
        self.config = config
        self.facts = facts

    def table(self, table: str) -> TableView | None:
        """Table 三 (``"applications"``) or 四 (``"review_and_litigation"``) read once for all rules, as a
        :class:`~gzcheck.model.unknowns.TableView` (``view[pointer]``: printed blanks 0, unread cells None);
        None when the report has no such table."""
        return self.facts.table(table) if self.facts is not None else None

    def is_unread(self, ptr: str) -> bool:
        """True for a cell the reader could not read: unknown — never count it as 0 or blank."""
        return self.facts is not None and ptr in self.facts.unread

    @property
    def options(self) -> dict[str, Any]:
        return self.rule.options

    def label(self, ptr: str | None, lang: str = "zh") -> str:
        return describe(ptr, self.version, lang)

    def finding(self, *, pointer: str | None = None, message: str | None = None,
                message_en: str | None = None, severity: str | None = None,
                expected: Any = None, actual: Any = None, related: Iterable[str] = (),
                line: int | None = None, start: int | None = None, end: int | None = None,
                category: str | None = None, details: dict[str, Any] | None = None,
                **params: Any) -> Finding:
        """Build a finding with the rule's code, name and configured severity filled in.

        Without ``message`` the rule's ``message``/``message_en`` templates are
        formatted with the finding's fields, ``where`` (a label of the pointer)
        and any extra ``params``.
        """
        rule = type(self.rule)
        fields = {"expected": expected, "actual": actual, "pointer": pointer, **params}
        if message is None:
            message = rule.message.format(where=self.label(pointer), **fields) if rule.message else rule.rule_summary()
            if message_en is None and rule.message_en:
                message_en = rule.message_en.format(where=self.label(pointer, "en"), **fields)
        return Finding(
            code=rule.code, rule=rule.rule_name(), severity=check_severity(severity or self.severity),
            message=message, message_en=message_en, pointer=pointer, expected=expected, actual=actual,
            related=tuple(related), line=line, start=start, end=end, category=category, details=details or {},
        )
