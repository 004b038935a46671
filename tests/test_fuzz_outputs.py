"""Fuzzing the readers and every output with hostile names and values (bounded, so it runs in CI):
a report or a clear error, never a traceback; outputs that their parsers accept; nothing injected."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gzcheck.core_plugin import gzcheck_formats
from gzcheck.batch.outputs import write_outputs
from gzcheck.batch.outputs import record_of
from gzcheck.errors import InputError
from gzcheck.inputs import BUILTIN_READERS, read_data
from gzcheck.testing import example_report
from .engines import engine

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
NASTY = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc")), max_size=40) | st.sampled_from([
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)",
    "\x00\x01\x1f", "a\nb\rc", "%0A%25", "]]>", "&amp;", "\u2028", "../../etc/passwd"])
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | NASTY,
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NASTY, inner, max_size=4), max_leaves=20)


def read(data: bytes, name: str):
    try:
        return read_data(BUILTIN_READERS, data, name)
    except InputError as exc:
        assert exc.message and exc.message_en
        return None


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["r.json", "r.yaml", "r.txt", "r.html", "r"]))
def test_any_bytes_under_any_name(data, name):
    read(data, name)


@FUZZ
@given(JSONISH)
def test_any_json_document_is_checked_or_refused(doc):
    loaded = read(json.dumps(doc, ensure_ascii=False).encode("utf-8"), "r.json")
    if loaded is not None:
        assert not engine().check(loaded.report).crashed


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["agency", "title", "report_year", "format_version", "published_date", "agency_kind"]),
                              JSONISH, max_size=3), name=NASTY)
def test_hostile_fields_and_names_keep_every_output_valid(fields, name, tmp_path_factory):
    report = {**example_report("report-2021.json"), **fields}
    result = engine().check(report, input=name or "x")
    assert not result.crashed
    formats = gzcheck_formats()
    for fmt in ("json", "sarif"):
        out = io.StringIO()
        formats[fmt]([result], "zh", out, rules={})
        json.loads(out.getvalue(), parse_constant=lambda c: (_ for _ in ()).throw(AssertionError(c)))
    out = io.StringIO()
    formats["junit"]([result], "zh", out, rules={})
    ET.fromstring(out.getvalue().encode("utf-8"))
    out = io.StringIO()
    formats["github"]([result], "zh", out)
    assert all(line.startswith("::") for line in out.getvalue().splitlines())
    folder = tmp_path_factory.mktemp("out")
    write_outputs([record_of(result, "zh")], folder, "zh")
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "<img" not in html and "<script>alert" not in html and html.count("<script>") == 1
    with open(folder / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    formulas = [c for c in rows[1] if c[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-?\d+", c)]  # -1 is a number
    assert len(rows) == 2 and not formulas
