"""The plugin host: loads plugins, collects what they register, fails closed.

Every plugin (the core's own readers and formats, the built-in rule pack,
an agency's package or a local file) comes through pluggy the same way. Each
is loaded in its own guard, so a broken one is named, never silently skipped.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any, NamedTuple, Sequence

import pluggy

from gzcheck.logs import debug
from gzcheck.engine import hookspecs
from gzcheck.engine.guard import exit_refused, is_users
from gzcheck.errors import PluginError, UsageError
from gzcheck.engine.rule import Rule, RuleDefinitionError

_KINDS_ZH = {"plugin": "插件", "pack": "规则包"}


def named(origin: str) -> str:
    """Where rules came from, in Chinese words: "plugin xq_rules.py" → "插件 xq_rules.py " (the spaces set it off
    from the Chinese around it)."""
    if origin in ("core", "built-in"):
        return "内置规则"
    kind, _, name = origin.partition(" ")
    return f"{_KINDS_ZH[kind]} {name} " if kind in _KINDS_ZH else f"{origin} "

ENTRY_POINT_GROUP = "gzcheck"
BUILTIN_MODULE = "gzcheck_rules"   # the built-in rule pack, registered through the entry point group like any plugin


# Plugins this process has loaded besides the core's and the built-in pack: their code may have left work for the
# interpreter's exit (an exit handler, a thread), so the command does not skip it (cli.run).
_plugins_loaded: set[str] = set()


def plugin_code_ran() -> bool:
    return bool(_plugins_loaded)


class RuleInfo(NamedTuple):
    cls: type[Rule]
    origin: str  # "core", "built-in", or where a plugin came from

    @property
    def code(self) -> str:
        return self.cls.code


class PluginHost:
    def __init__(self) -> None:
        self.pm = pluggy.PluginManager("gzcheck")
        self.pm.add_hookspecs(hookspecs)
        self.origins: dict[object, str] = {}
        self.rule_packs: list[str] = []
        self._rules: dict[str, RuleInfo] | None = None

    # -- loading ------------------------------------------------------------------
    def load(self, plugin_refs: Sequence[str] = (), *, core: Any = None, rule_packs: Sequence[str] = (),
             no_plugins: bool = False) -> "PluginHost":
        """Register ``core`` (the application's own plugin, if any), the installed plugins (only the built-in
        rule pack with ``no_plugins``), then ``plugin_refs``; ``rule_packs`` are YAML packs loaded beside the
        plugins' rules (and the packs plugins ship). Without the built-in rule pack nothing is checked: that
        is refused, never a run that passes every report."""
        from importlib.metadata import entry_points

        self.rule_packs = list(rule_packs)
        if core is not None:
            self._register(core, "core")
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
            builtin = ep.value.strip() == BUILTIN_MODULE
            if no_plugins and not builtin:
                continue  # --no-plugins / disable_plugins: the built-in pack only, whatever else is installed
            origin = "built-in" if builtin else f"plugin {ep.dist.name if ep.dist else ep.value} ({ep.name})"
            self._register(self._guard(ep.load, origin), origin)
        if "built-in" not in self.origins.values():
            raise PluginError(f"找不到内置规则包 {BUILTIN_MODULE}（gzcheck 的入口点不可见：请用 pip install 安装 gzcheck，"
                              f"不要只复制源代码）；没有规则的检查一律不予通过",
                              f"the built-in rule pack {BUILTIN_MODULE} is not registered (gzcheck's entry point is not visible: "
                              f"install gzcheck with pip rather than copying its source); a run without rules cannot pass")
        for ref in plugin_refs:
            self._register(self._load_ref(ref), f"plugin {ref}")
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"插件定义了不存在的钩子：{exc}", f"a plugin implements an unknown hook: {exc}") from None
        return self

    def _register(self, module, origin: str) -> None:
        if self.pm.is_registered(module):
            return
        try:
            self.pm.register(module, name=origin)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(f"{named(origin)}无法注册：{exc}", f"{origin} cannot be registered: {exc}") from None
        self.origins[module] = origin
        if origin.startswith("plugin ") and not self.pm.get_hookcallers(module):
            unmarked = sorted(name for name in dir(module) if name.startswith("gzcheck_") and callable(getattr(module, name)))
            hint_zh = f"（{'、'.join(unmarked)} 上少了 @hookimpl？）" if unmarked else "（见 docs/rules.md）"
            hint_en = f" (is @hookimpl missing on {', '.join(unmarked)}?)" if unmarked else " (see docs/rules.md)"
            raise PluginError(f"{named(origin)}没有注册任何规则或钩子，加载它什么也不会检查{hint_zh}",
                              f"{origin} registers no rule or hook: loading it would check nothing{hint_en}")
        if origin not in ("core", "built-in"):
            _plugins_loaded.add(origin)

    def _guard(self, load, origin: str):
        try:
            with exit_refused():
                return load()
        except BaseException as exc:  # noqa: BLE001 - a broken plugin is reported, never skipped (sys.exit included)
            if is_users(exc):
                raise
            debug("loading %s failed", origin, exc_info=True)
            raise PluginError(f"{named(origin)}加载失败：{type(exc).__name__}: {exc}",
                              f"{origin} failed to load: {type(exc).__name__}: {exc}") from exc

    def _load_ref(self, ref: str):
        if ref.endswith(".py") or "/" in ref:
            path = Path(ref)
            if not path.is_file():
                raise UsageError(f"找不到插件文件：{ref}", f"plugin file not found: {ref}")
            name = "gzcheck_local_" + path.stem.replace("-", "_") + f"_{abs(hash(str(path.resolve()))) % 10**8}"

            def load():
                spec = importlib.util.spec_from_file_location(name, path)
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                spec.loader.exec_module(module)
                return module

            return self._guard(load, f"plugin {ref}")
        if importlib.util.find_spec(ref.split(".")[0]) is None:
            raise UsageError(f"找不到插件模块：{ref}", f"plugin module not found: {ref}")
        return self._guard(lambda: importlib.import_module(ref), f"plugin {ref}")

    # -- what plugins register ----------------------------------------------------
    def _collect(self, hook_name: str):
        """Call each implementation of a hook on its own, so one failure names its plugin."""
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            origin = self.origins.get(impl.plugin, impl.plugin_name)
            result = self._guard(impl.function, origin)
            if result:
                yield origin, result

    def rules(self) -> dict[str, RuleInfo]:
        """Every rule, by code: the plugins' classes and the packs' rules (read once)."""
        if self._rules is None:
            self._rules = self._gather()
        return self._rules

    def _packs(self):
        shipped = [(f"pack {Path(str(path)).name} ({origin})", str(path))
                   for origin, paths in self._collect("gzcheck_rule_packs") for path in paths]
        wanted = shipped + [(f"pack {path}", path) for path in self.rule_packs]
        if wanted:  # the expression language is loaded only when there is a pack
            from gzcheck.engine.packs import load_pack

            for origin, path in wanted:
                yield origin, load_pack(path)

    def _gather(self) -> dict[str, RuleInfo]:
        found: dict[str, RuleInfo] = {}
        for origin, classes in [*self._collect("gzcheck_rules"), *self._packs()]:
            for cls in classes:
                if not (isinstance(cls, type) and issubclass(cls, Rule)):
                    raise PluginError(f"{named(origin)}注册的 {cls!r} 不是 gzcheck.Rule 的子类",
                                      f"{origin} registered {cls!r}, which is not a gzcheck.Rule subclass")
                try:
                    cls.validate_class()
                except RuleDefinitionError as exc:
                    raise PluginError(f"{named(origin)}的规则有误：{exc.zh}", f"{origin} has a broken rule: {exc.en}") from None
                except ValueError as exc:  # a severity that is not one
                    raise PluginError(f"{named(origin)}的规则有误：{exc}", f"{origin} has a broken rule: {exc}") from None
                other = found.get(cls.code)
                if other is not None and other.cls is not cls:
                    raise PluginError(
                        f"规则编号 {cls.code} 重复：{named(other.origin)}的 {other.cls.__name__} 与{named(origin)}的 {cls.__name__}",
                        f"duplicate rule code {cls.code}: {other.cls.__name__} from {other.origin} and {cls.__name__} from {origin}")
                found[cls.code] = RuleInfo(cls, origin)
        return dict(sorted(found.items()))

    def readers(self) -> list:
        return [reader for _, readers in self._collect("gzcheck_readers") for reader in readers]

    def formats(self) -> dict:
        out: dict = {}
        for _, formats in self._collect("gzcheck_formats"):
            out.update(formats)
        return out
