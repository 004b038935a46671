"""What a terminal shows is what was written: control characters, bidi controls and line separators from report
content or file names are shown as escapes, so they cannot move the cursor, recolour or erase a line, print a
fake verdict or reorder what the reader sees."""

from __future__ import annotations

import re

_HIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


def visible(text: str) -> str:
    """``text`` with every such character written as its escape (``\\x1b``, ``\\u202e``); tabs stay."""
    if text.isprintable():
        return text
    return _HIDDEN.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
