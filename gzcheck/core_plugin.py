"""The core's own plugin: the built-in input readers and output formats, registered through the same hooks
as an agency's."""

from __future__ import annotations

from typing import Any, Callable

from gzcheck.engine.hookspecs import hookimpl
from gzcheck.inputs import BUILTIN_READERS, Reader


@hookimpl
def gzcheck_readers() -> list[Reader]:
    return list(BUILTIN_READERS)


def _loaded_on_use(module: str, name: str) -> Callable[..., None]:
    """An output format's writer, imported when a run writes in it (most runs use one format)."""
    def write(*args: Any, **kwargs: Any) -> None:
        import importlib

        getattr(importlib.import_module(module), name)(*args, **kwargs)

    return write


@hookimpl
def gzcheck_formats() -> dict[str, Callable[..., None]]:
    return {"text": _loaded_on_use("gzcheck.report.text", "write_text"), "json": _loaded_on_use("gzcheck.report.text", "write_json"),
            "sarif": _loaded_on_use("gzcheck.report.ci", "write_sarif"), "junit": _loaded_on_use("gzcheck.report.ci", "write_junit"),
            "github": _loaded_on_use("gzcheck.report.ci", "write_github")}
