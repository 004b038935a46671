"""Strict JSON: UTF-8 only, no NaN or Infinity, errors that name the line and column in Chinese."""

from __future__ import annotations

import json
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


def _problem_zh(msg: str) -> str:
    return next((zh for en, zh in _PROBLEMS_ZH.items() if msg.startswith(en)), msg)


def load_json(data: bytes) -> Any:
    text = decode_utf8(data, "JSON")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{_problem_zh(exc.msg)}",
                         f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"JSON 内容无法读取：{exc}", f"unreadable JSON: {exc}") from None
