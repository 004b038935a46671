import json
from pathlib import Path

import pytest

from gzcheck.model.template import section_headings


ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file in ../shared (other people's text, read in place); skip when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is absent here ({path} not found): real-page tests need the shared corpus beside the project")
    return path


@pytest.fixture
def seed_report() -> dict:
    """The seed page's expected values as a canonical report (with six placeholder sections)."""
    expected = json.loads(shared_path("seeds", "guangzhou-zwfw-2019.expected.json").read_text(encoding="utf-8"))
    report = {k: v for k, v in expected.items() if k not in ("comment", "faulty_cells", "spam")}
    report["sections"] = {key: {"heading": None, "text": "（略）"} for key in section_headings()}
    return report


@pytest.fixture
def write(tmp_path):
    def _write(name: str, content, encoding="utf-8") -> str:
        path = tmp_path / name
        if isinstance(content, (dict, list)):
            content = json.dumps(content, ensure_ascii=False)
        if isinstance(content, str):
            content = content.encode(encoding)
        path.write_bytes(content)
        return str(path)

    return _write
