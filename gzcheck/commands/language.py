"""The language of the command line's own words (help, argparse's usage lines): the ``--lang`` given on the
command line, else $GZCHECK_LANG, else Chinese. Set once by :func:`gzcheck.cli.main` before the parser is built."""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")
_chosen = {"lang": "zh"}


def choose(argv: list[str]) -> str:
    lang = next((argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--lang"), None)
    lang = lang or next((arg.split("=", 1)[1] for arg in argv if arg.startswith("--lang=")), None)
    lang = lang or os.environ.get("GZCHECK_LANG", "zh")
    _chosen["lang"] = "en" if lang == "en" else "zh"
    return _chosen["lang"]


def current() -> str:
    return _chosen["lang"]


def words(zh: str, en: str) -> str:
    """The command line's words in its language: ``help=words("检查年报文件", "check report files")``."""
    return en if _chosen["lang"] == "en" else zh
