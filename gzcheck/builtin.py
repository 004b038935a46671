"""The core's own plugin: built-in input readers and output formats."""

from __future__ import annotations

from gzcheck.hookspecs import hookimpl


@hookimpl
def gzcheck_readers():
    from gzcheck.readers import BUILTIN_READERS

    return list(BUILTIN_READERS)


@hookimpl
def gzcheck_formats():
    from gzcheck import ci_formats, output

    return {"text": output.write_text, "json": output.write_json, "sarif": ci_formats.write_sarif,
            "junit": ci_formats.write_junit, "github": ci_formats.write_github}
