"""Reports rendered as pages in every layout, script and encoding come back cell for cell."""

import random

import pytest

from gzcheck.extraction import extract_bytes
from gzcheck.model.template import template

from .pages import LAYOUTS, page_bytes, random_report
from .strategies import get_at

ENCODINGS = {"simplified": ("utf-8", "gb18030"), "traditional": ("utf-8", "big5", "gb18030"), "taiwan": ("utf-8", "big5")}
COMBOS = [(layout, script, encoding) for layout in LAYOUTS for script, encodings in ENCODINGS.items() for encoding in encodings]
PER_COMBO = 4


def cells_right(report, extracted) -> tuple[int, int]:
    """Cells read as printed; a total that a text page shows empty may be declared unknown (and derived) instead."""
    right = total = 0
    for cell in template(report["format_version"]).cells:
        total += 1
        printed = get_at(report, cell.pointer)
        status = (extracted["provenance"].get(cell.pointer) or {}).get("status")
        right += get_at(extracted, cell.pointer) == printed or (printed is None and status in ("unread", "derived"))
    return right, total


@pytest.mark.parametrize(("layout", "script", "encoding"), COMBOS, ids=["-".join(c) for c in COMBOS])
def test_generated_pages_read_back(layout, script, encoding):
    rng = random.Random(f"{layout}{script}{encoding}")
    right = total = 0
    for i in range(PER_COMBO):
        version = ("2019", "2021")[i % 2]
        report = random_report(rng, version, blanks=layout in ("html", "pipes"))
        extracted, _ = extract_bytes(page_bytes(report, layout, script, encoding))
        assert extracted["source"]["encoding"].replace("-", "") == encoding.replace("-", "")
        assert extracted["source"]["script"] == ("simplified" if script == "simplified" else "traditional")
        assert (extracted["format_version"], extracted["report_year"]) == (version, report["report_year"])
        assert extracted["agency"] == report["agency"] and extracted["published_date"] == report["published_date"]
        r, t = cells_right(report, extracted)
        right, total = right + r, total + t
    assert right / total >= 0.995, f"{right}/{total} cells right"
