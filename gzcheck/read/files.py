"""Reading a file's bytes safely: regular files only (a FIFO or a device would block or never end), and
never more than a hard cap of bytes actually read, whatever size the file system reports."""

from __future__ import annotations

import os
import stat

from gzcheck.errors import InputError

MAX_INPUT_BYTES = 20 * 1024 * 1024


def too_large(max_bytes: int) -> InputError:
    return InputError(f"文件过大（超过 {max_bytes / 1048576:.0f} MB 上限）", f"file too large (over the {max_bytes / 1048576:.0f} MB limit)")


def read_bytes(path: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"这是一个目录，不是报告文件：{path}", f"a directory, not a report file: {path}")
        if not stat.S_ISREG(mode):
            raise InputError(f"这不是普通文件（是设备、管道或套接字），不能作为报告读取：{path}",
                             f"not a regular file (a device, pipe or socket): {path}")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", f"no such file: {path}") from None
    except PermissionError:
        raise InputError(f"没有读取权限：{path}", f"permission denied: {path}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", f"cannot read the file: {exc.strerror}") from None
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    return data


def read_stream(stream, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Standard input, capped the same way."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    return data
