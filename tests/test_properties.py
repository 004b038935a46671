"""Properties over generated reports: no crash, deterministic, pointers resolve, input untouched, faults localised."""

import copy

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gzcheck.model.template import template
from gzcheck.model.validate import is_valid

from .strategies import consistent_reports, get_at, set_at, valid_reports
from .engines import engine

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def resolves(report, ptr) -> bool:
    if ptr is None:
        return True
    try:
        get_at(report, ptr)
        return True
    except (KeyError, IndexError, TypeError, ValueError):
        return False


@pytest.mark.slow
@SETTINGS
@given(valid_reports())
def test_any_valid_report_is_checked_without_crash_deterministically(report):
    assert is_valid(report)
    before = copy.deepcopy(report)
    first = engine().check(report)
    second = engine().check(report)
    assert report == before, "a rule mutated its input"
    assert first.status in ("pass", "fail") and not first.crashed, [f.message for f in first.findings]
    assert first.to_dict() == second.to_dict()
    for finding in first.findings:
        assert resolves(report, finding.pointer), finding.pointer
        assert all(resolves(report, ptr) for ptr in finding.related), finding.related


@SETTINGS
@given(consistent_reports())
def test_a_consistent_report_has_no_error(report):
    result = engine().check(report)
    assert [f for f in result.findings if f.severity == "error"] == []


def change_one_cell(report, data, table):
    """Change one cell of a table to another count; return its pointer, original value and the errors."""
    cells = [c.pointer for c in template(report["format_version"]).table_cells(table)]
    ptr = data.draw(st.sampled_from(cells))
    original = get_at(report, ptr)
    set_at(report, ptr, data.draw(st.integers(0, 500).filter(lambda v: v != original)))
    return ptr, original, [f for f in engine().check(report).findings if f.severity == "error"]


@SETTINGS
@given(consistent_reports(), st.data())
def test_one_changed_table3_cell_is_named_with_its_original_value(report, data):
    ptr, original, errors = change_one_cell(report, data, "applications")
    assert [(f.pointer, f.expected) for f in errors] == [(ptr, original)]


@SETTINGS
@given(consistent_reports(), st.data())
def test_one_changed_table4_cell_is_named(report, data):
    ptr, original, [error] = change_one_cell(report, data, "review_and_litigation")
    if ptr.endswith("/total"):
        assert (error.pointer, error.expected) == (ptr, original)
    else:  # one sum, two unknowns: the total is named and the changed part listed with it
        assert ptr in error.related and error.pointer == ptr.rsplit("/", 1)[0] + "/total"


@given(st.lists(st.text(alphabet="ab~/0", max_size=4), max_size=4))
def test_a_pointer_escapes_each_key_as_rfc_6901_says(parts):
    from gzcheck.model.template import pointer

    assert pointer(*parts) == "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)
