"""The parts of a zipped document (Word, Excel, OFD), read with caps on what inflating them may cost: a zip
bomb is refused before it is inflated, and XML that declares entities (no real Word, Excel or OFD file does)
is refused before it is parsed."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from gzcheck.errors import InputError

MAX_PART_BYTES = 50 * 1024 * 1024        # one part, inflated
MAX_TOTAL_BYTES = 200 * 1024 * 1024      # all parts, inflated
MAX_RATIO = 200                          # inflated / compressed, per part
MAX_PARTS = 10_000


class Package:
    """A zip of parts; ``kind`` names the document in messages ("Word", "Excel", "OFD")."""

    def __init__(self, data: bytes, kind: str):
        self.kind = kind
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as exc:
            raise InputError(f"{kind} 文件已损坏，无法打开（{exc}）", f"the {kind} file is damaged and cannot be opened ({exc})") from None
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise InputError(f"{kind} 文件解压后过大（可能是恶意的压缩炸弹），不予读取", f"the {kind} file inflates to too much (a zip bomb?); refused")
        self.names = {i.filename: i for i in infos}

    def xml(self, name: str, optional: bool = False):
        raw = self.raw(name, optional)
        return None if raw is None else self.parse(raw)

    def raw(self, name: str, optional: bool = False) -> bytes | None:
        info = self.names.get(name)
        if info is None:
            if optional:
                return None
            raise InputError(f"{self.kind} 文件缺少 {name}，可能已损坏", f"the {self.kind} file lacks {name}; it may be damaged")
        if info.file_size > MAX_PART_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
            raise InputError(f"{self.kind} 文件中的内容解压后过大（可能是恶意的压缩炸弹），不予读取",
                             f"a part of the {self.kind} file inflates to too much; refused")
        try:
            with self.zip.open(info) as handle:
                raw = handle.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise InputError(f"{self.kind} 文件已损坏或加密，无法读取（{exc}）", f"the {self.kind} file is damaged or encrypted ({exc})") from None
        if len(raw) > MAX_PART_BYTES:
            raise InputError(f"{self.kind} 文件中的内容过大，不予读取", f"a part of the {self.kind} file is too large; refused")
        if name.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw):
            raise InputError(f"{self.kind} 文件中含有 DOCTYPE/实体声明（正常的 {self.kind} 文件没有），为防止实体展开攻击不予读取",
                             f"the {self.kind} file's XML declares entities (no real {self.kind} file does); refused")
        return raw

    def parse(self, raw: bytes):
        try:
            return ET.fromstring(raw)
        except ET.ParseError as exc:
            raise InputError(f"{self.kind} 文件的内容格式错误（{exc}）", f"the {self.kind} file's XML is malformed ({exc})") from None

    def all_xml(self) -> dict[str, bytes]:
        """Every XML part, each within the caps and free of entity declarations (checked before another library
        parses them)."""
        return {name: self.raw(name) or b"" for name in self.names if name.endswith((".xml", ".rels"))}
