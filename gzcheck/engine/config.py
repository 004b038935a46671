"""Configuration: gzcheck.yaml or [tool.gzcheck] in pyproject.toml, plus flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gzcheck.engine.guard import DEFAULT_BUDGET
from gzcheck.errors import UsageError
from gzcheck.finding import SEVERITIES

CONFIG_NAMES = ("gzcheck.yaml", ".gzcheck.yaml", "gzcheck.yml", ".gzcheck.yml", "gzcheck.toml", ".gzcheck.toml")
KEYS = {"select", "ignore", "severity", "fail_on", "fail_on_unverified", "timeout", "options", "plugins", "waivers", "exclude",
        "disable_plugins", "rule_packs"}


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    fail_on_unverified: bool = False   # a pre-publication gate: any identity left unchecked fails
    timeout: float = DEFAULT_BUDGET    # seconds per file (reading and every rule)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)
    rule_packs: list[str] = field(default_factory=list)  # YAML rule packs (docs/rule-packs.md)
    exclude: list[str] = field(default_factory=list)     # file patterns `check` leaves out when it walks a folder
    disable_plugins: bool = False                        # built-in rules only: installed plugins are not loaded
    waivers: str | None = None
    path: Path | None = None


def find_config(start: Path) -> Path | None:
    """The project's config: the nearest one from ``start`` up to the repository's root (the folder holding
    ``.git``) — never from a folder above it (a shared or world-writable temporary folder could hold one that
    ignores rules or loads plugin code). Outside a repository only ``start`` itself is looked in."""
    for folder in project_folders(start):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _configures_gzcheck(pyproject):
            return pyproject
    return None


def project_folders(start: Path) -> list[Path]:
    """``start`` and its parents up to the repository root; only ``start`` when it is in no repository."""
    folders = [start]
    for folder in (start, *start.parents):
        if folder != start:
            folders.append(folder)
        if (folder / ".git").exists():
            return folders
    return [start]


def _configures_gzcheck(path: Path) -> bool:
    """Whether a pyproject.toml has a [tool.gzcheck] table (or cannot be read: loading it says what is wrong)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    if "gzcheck" not in text:
        return False  # most projects never name it: no TOML to parse
    try:
        return "gzcheck" in _toml_text(text).get("tool", {})  # [tool.gzcheck], [tool.gzcheck.severity], gzcheck = {…}
    except ValueError:
        return True


def _toml(path: Path) -> dict[str, Any]:
    return _toml_text(path.read_text(encoding="utf-8", errors="replace"))


def _toml_text(text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, no-redef]
    return tomllib.loads(text)


def load_config(path: Path | None, *, search_from: Path | None = None) -> Config:
    if path is None and search_from is not None:
        path = find_config(search_from)
    if path is None:
        return Config()
    if not path.is_file():
        raise UsageError(f"找不到配置文件：{path}", f"config file not found: {path}")
    raw = _read(path)
    return parse_config(raw, path)


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        if path.name == "pyproject.toml":
            return _toml(path).get("tool", {}).get("gzcheck", {})
        if path.suffix == ".toml":
            return _toml(path)
        from gzcheck.read.yaml_safe import load_yaml
        data, _ = load_yaml(text) if text.strip() else ({}, {})
    except Exception as exc:  # noqa: BLE001 - any parse failure is the user's config
        detail = getattr(exc, "message", None) or str(exc)
        raise UsageError(f"配置文件 {path} 无法读取：{detail}", f"cannot read config {path}: {getattr(exc, 'message_en', exc)}") from None
    return data if data is not None else {}


def parse_config(raw: Any, path: Path | None = None) -> Config:
    where = str(path) if path else "配置"
    if not isinstance(raw, dict):
        raise UsageError(f"{where}：配置应是键值对", f"{where}: the config must be a mapping")
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise UsageError(f"{where}：不认识的配置项 {', '.join(unknown)}（可用：{', '.join(sorted(KEYS))}）",
                         f"{where}: unknown config key(s) {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})")
    config = Config(path=path)
    for key in ("select", "ignore", "plugins", "exclude", "rule_packs"):
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{where}：{key} 应是文字列表", f"{where}: {key} must be a list of strings")
        setattr(config, key, value)
    if path is not None:
        config.plugins = [_plugin_ref(p, path.parent) for p in config.plugins]
        config.rule_packs = [str((path.parent / p).resolve()) for p in config.rule_packs]
    severity = raw.get("severity", {})
    if not isinstance(severity, dict) or not all(v in SEVERITIES for v in severity.values()):
        raise UsageError(f"{where}：severity 应为「规则: error/warning/info」", f"{where}: severity must map rules to error, warning or info")
    config.severity = {str(k): v for k, v in severity.items()}
    config.fail_on = check_fail_on(raw.get("fail_on", "error"), where)
    config.fail_on_unverified = raw.get("fail_on_unverified", False)
    config.disable_plugins = raw.get("disable_plugins", False)
    if not isinstance(config.disable_plugins, bool):
        raise UsageError(f"{where}：disable_plugins 应为 true 或 false", f"{where}: disable_plugins must be true or false")
    config.timeout = raw.get("timeout", DEFAULT_BUDGET)
    if isinstance(config.timeout, bool) or not isinstance(config.timeout, (int, float)) or config.timeout <= 0:
        raise UsageError(f"{where}：timeout 应为正数（秒）", f"{where}: timeout must be a positive number of seconds")
    if not isinstance(config.fail_on_unverified, bool):
        raise UsageError(f"{where}：fail_on_unverified 应为 true 或 false", f"{where}: fail_on_unverified must be true or false")
    waivers = raw.get("waivers")
    if waivers is not None:
        if not isinstance(waivers, str):
            raise UsageError(f"{where}：waivers 应是豁免文件的路径", f"{where}: waivers must be the path of a waiver file")
        config.waivers = str((path.parent / waivers).resolve()) if path is not None else waivers
    options = raw.get("options", {})
    if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
        raise UsageError(f"{where}：options 应为「规则: {{选项: 值}}」", f"{where}: options must map rules to option mappings")
    config.options = {str(k): v for k, v in options.items()}
    return config


def check_fail_on(value: Any, where: str = "--fail-on") -> str:
    if value not in SEVERITIES:
        raise UsageError(f"{where}：fail_on 应为 error、warning 或 info，而不是 {value!r}",
                         f"{where}: fail_on must be error, warning or info, not {value!r}")
    return value


def _plugin_ref(ref: str, base: Path) -> str:
    """Plugin files in a config are relative to the config; module names stay as they are."""
    if ref.endswith(".py") or "/" in ref:
        return str((base / ref).resolve())
    return ref


def matches(reference: str, code: str, name: str) -> bool:
    """A reference names a rule by code (T3-001), name (t3-totals) or code prefix (T3)."""
    ref = reference.strip()
    return ref in (code, name) or code.startswith(ref.rstrip("-") + "-")
