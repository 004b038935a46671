"""Strict JSON: UTF-8 only, no NaN or Infinity, errors that name the line and column in Chinese."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from gzcheck.errors import InputError
from gzcheck.read.decoding import decode_utf8

_PROBLEMS_ZH = {
    "Expecting value": "此处缺少值",
    "Expecting ',' delimiter": "此处缺少逗号",
    "Expecting ':' delimiter": "此处缺少冒号",
    "Expecting property name enclosed in double quotes": "键名必须用英文双引号括起来（或多了一个逗号）",
    "Unterminated string starting at": "字符串没有结束引号",
    "Extra data": "JSON 结束后还有多余内容",
    "Invalid control character at": "字符串中有控制字符",
}


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str):
    """A number too large for a float (1e400) stays the text it was, so the schema names it (GZ-002); so does a
    number a float would round to a whole one (27.000000000000000000000000000001 is not 27)."""
    value = float(text)
    if not math.isfinite(value):
        return text
    if value.is_integer():
        from decimal import Decimal

        if Decimal(text) != Decimal(int(value)):
            return text
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Duplicate(ValueError):
    pass


def _object(pairs):
    """Objects without repeated keys or lone surrogates (a later key silently winning would hide a value)."""
    out = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        _check_text(key)
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    _check_text(item)
        out[key] = value
    return out


def _object_without_escapes(pairs):
    """``_object`` for a text with no surrogate escape (``\\udXXX``): no string can hold a lone surrogate, so
    only repeated keys are looked for."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        raise _Duplicate(next(key for key, _ in pairs if key in seen or seen.add(key)))
    return out


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _check_text(text: str) -> None:
    if _SURROGATE.search(text):
        raise UnicodeError("a lone surrogate (\\ud800-\\udfff) is not text")


def _problem_zh(msg: str) -> str:
    return next((zh for en, zh in _PROBLEMS_ZH.items() if msg.startswith(en)), msg)


def _strict(text: str) -> Any:
    """Every object's pairs checked: a repeated key (and, where escapes could write one, a lone surrogate) raises."""
    hook = _object if _SURROGATE_ESCAPE.search(text) else _object_without_escapes
    return json.loads(text, parse_constant=_reject_constant, parse_float=_finite, object_pairs_hook=hook)


def load_json(data: bytes) -> Any:
    return load_json_text(decode_utf8(data, "JSON"))


_UNSURE = object()


def _counted(text: str) -> Any:
    """The value of ``text`` when it certainly repeats no key in an object, else _UNSURE (the strict reading
    then says what is wrong, or reads it). json.loads builds the objects itself, several times faster than
    handing every object's pairs to Python; a repeated key would be lost in them, so the keys are counted
    against the colons: the text has one colon per key, plus any inside strings. Where the colons are exactly
    as many as the keys read, none was lost (nor is any colon in a string); a text without escapes, whose
    strings read as written, may also subtract the colons its strings hold."""
    keys = 0

    def count(obj: dict) -> dict:
        nonlocal keys
        keys += len(obj)
        return obj

    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite, object_hook=count)
    except (ValueError, RecursionError):
        return _UNSURE
    colons = text.count(":")
    if colons == keys or ("\\" not in text and colons - _colons_in_strings(value) == keys):
        return value
    return _UNSURE


def _colons_in_strings(value: Any) -> int:
    found, stack = 0, [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found += sum(key.count(":") for key in node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            found += node.count(":")
    return found


def load_json_text(text: str) -> Any:
    try:
        if "\\" not in text or not _SURROGATE_ESCAPE.search(text):  # a plain scan first: most texts escape nothing
            value = _counted(text)
            if value is not _UNSURE:
                return value
        return _strict(text)
    except _Duplicate as exc:
        raise InputError(f"JSON 中有重复的键「{exc}」：同一对象里一个键只能出现一次（否则后一个会悄悄覆盖前一个）",
                         f"duplicate key '{exc}' in the JSON: a key may appear once per object") from None
    except UnicodeError:
        raise InputError("JSON 中有无效的 Unicode 字符（单独的代理项 \\ud800–\\udfff），请检查文件",
                         "the JSON holds an invalid Unicode character (a lone surrogate \\ud800-\\udfff)") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{_problem_zh(exc.msg)}",
                         f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"JSON 内容无法读取：{exc}", f"unreadable JSON: {exc}") from None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


class JsonLines(dict):
    """JSON Pointer → line (1-based) of every value of a JSON text, worked out the first time it is asked
    for (most reports have no finding to place, and then cost nothing). A text on one line (as programs
    write JSON) has every value on line 1."""

    def __init__(self, text: str):
        super().__init__()
        self.text, self.done = text, False
        newline = text.find("\n")
        self.one_line = newline == -1 or text[newline:].isspace()   # at most a final line break

    def _fill(self) -> None:
        if self.done:
            return
        self.done = True
        text, line, last = self.text, 1, 0
        stack: list[list] = []  # frames: [kind, key or index, expecting a key, the container's own pointer]
        for match in _TOKEN.finditer(text):
            token, at = match.group(), match.start()
            line += text.count("\n", last, at)
            last = at
            if token in ",:":
                if token == "," and stack:
                    frame = stack[-1]
                    if frame[0] == "[":
                        frame[1] += 1
                    else:
                        frame[2] = True
                continue
            if token in "}]":
                stack.pop() if stack else None
                continue
            if stack and stack[-1][0] == "{" and stack[-1][2]:  # an object's key
                key = token[1:-1] if "\\" not in token else json.loads(token)
                stack[-1][1], stack[-1][2] = key, False
                continue
            if stack:
                key = str(stack[-1][1])
                ptr = stack[-1][3] + "/" + (key.replace("~", "~0").replace("/", "~1") if "~" in key or "/" in key else key)
            else:
                ptr = ""
            self.setdefault(ptr, line)
            if token in "{[":
                stack.append([token, 0 if token == "[" else None, token == "{", ptr])

    def __contains__(self, key):
        if self.one_line:
            return True
        self._fill()
        return super().__contains__(key)

    def __getitem__(self, key):
        if self.one_line:
            return 1
        self._fill()
        return super().__getitem__(key)

    def __bool__(self) -> bool:
        return True
