"""Errors that stop a run, each with a bilingual message and an exit code."""

from __future__ import annotations

EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_UNREADABLE = 4
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it


class GzcheckError(Exception):
    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, message_en: str):
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message


class UsageError(GzcheckError):
    """Bad arguments, a bad config, a reference to a rule or plugin that does not exist."""

    exit_code = EXIT_USAGE


class PluginError(GzcheckError):
    """A plugin that fails to import, registers a broken rule or a duplicate code."""

    exit_code = EXIT_INTERNAL


class InputError(Exception):
    """The input cannot be read as a report (exit 4 on the command line). Carries a bilingual message."""

    def __init__(self, message: str, message_en: str, line: int | None = None, pointer: str | None = None):
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
        self.line = line
        self.pointer = pointer

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message

    def finding(self):
        from gzcheck.finding import Finding, Severity

        return Finding(code=READ_CODE, rule="unreadable-input", severity=Severity.ERROR, message=self.message,
                       message_en=self.message_en, line=self.line, pointer=self.pointer)


class NotAReport(InputError):
    """The file is not an annual report at all (a config, a README, a data file): a hook may skip it."""


READ_CODE = "GZ-001"
