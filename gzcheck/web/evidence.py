"""Fetched bytes kept as evidence (``--save DIR``): an auditor must be able to show what was published when.

Each body is written once, named by its SHA-256 and an extension read from its bytes — never by anything the
site chose — and ``fetched.jsonl`` gets one line per fetch: the URL asked for, the final URL, the time, the
status, the Content-Type, the User-Agent and the SHA-256. A batch that is run again finds its URLs here and
does not fetch them again; the bytes read back are checked against their SHA-256 first, and the verdict is
made from them afresh, exactly as from the first fetch.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

from gzcheck.errors import InputError, UsageError
from gzcheck.inputs import binary_kind
from gzcheck.read.files import read_bytes
from gzcheck.web.fetch import Fetched

MANIFEST = "fetched.jsonl"
_IMAGE_SUFFIX = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"II*\x00": "tif", b"MM\x00*": "tif", b"BM": "bmp"}
_KIND_SUFFIX = {"pdf": "pdf", "zip": "docx", "xlsx": "xlsx", "ofd": "ofd", "ole": "doc"}


class Evidence:
    def __init__(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"无法创建保存抓取内容的文件夹 {folder}：{exc.strerror}",
                             f"cannot create the folder for fetched content {folder}: {exc.strerror}") from None
        self.folder = folder
        self._lock = threading.Lock()
        self._known: dict[tuple[str, str], dict] = {}
        manifest = folder / MANIFEST
        if manifest.exists():
            for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    record = json.loads(line)
                    self._known[(record["uri"], record["user_agent"])] = record
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short when a run was stopped: that URL is fetched again

    def keep(self, fetched: Fetched) -> None:
        record = {**fetched.record(), "file": file_name(fetched)}
        path = self.folder / record["file"]
        with self._lock:
            if not path.exists():
                partial = path.with_name(path.name + ".part")
                partial.write_bytes(fetched.data)
                os.replace(partial, path)
            with open(self.folder / MANIFEST, "a", encoding="utf-8") as manifest:
                manifest.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._known[(fetched.url, fetched.user_agent)] = record

    def find(self, url: str, user_agent: str) -> Fetched | None:
        """The fetch of ``url`` as ``user_agent`` kept here, when its bytes are still what was fetched."""
        with self._lock:
            record = self._known.get((url, user_agent))
        if record is None:
            return None
        try:  # the file reader's caps: what was kept is at most what a fetch may bring
            data = read_bytes(str(self.folder / Path(record["file"]).name))
        except InputError:
            return None
        if hashlib.sha256(data).hexdigest() != record["sha256"]:
            return None  # changed since: fetched again rather than trusted
        return Fetched(record["uri"], record["final_uri"], record["status"], record.get("content_type") or "",
                       record["fetched_at"], data, record["user_agent"], record.get("referer"))


def file_name(fetched: Fetched) -> str:
    return f"{fetched.sha256}.{suffix_of(fetched.data, fetched.content_type)}"


def suffix_of(data: bytes, content_type: str) -> str:
    kind = binary_kind(data)
    if kind is not None:
        return _IMAGE_SUFFIX.get(kind[0]) or _KIND_SUFFIX.get(kind[2], "bin")
    return "html" if "html" in content_type.lower() or data.lstrip()[:1] == b"<" else "txt"
