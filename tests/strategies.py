"""Hypothesis strategies: schema-valid reports, and consistent ones."""

from __future__ import annotations

from hypothesis import strategies as st

from gzcheck.model.template import split_pointer, template, value_at
from gzcheck.testing import example_report

COUNT = st.integers(min_value=0, max_value=10_000)
VALUE_FOR_KIND = {
    "count": st.one_of(st.none(), COUNT),
    "signed": st.one_of(st.none(), st.integers(min_value=-10_000, max_value=10_000)),
    "amount": st.one_of(st.none(), st.integers(min_value=0, max_value=10**9),
                        st.decimals(min_value=0, max_value=10**6, places=2).map(float)),
}


def set_at(doc, ptr, value):
    *parents, last = split_pointer(ptr)
    value_at(doc, parents)[last] = value


def get_at(doc, ptr):
    return value_at(doc, split_pointer(ptr))


@st.composite
def valid_reports(draw):
    version = draw(st.sampled_from(["2019", "2021"]))
    report = example_report(f"report-{version}.json")
    for cell in template(version).cells:
        set_at(report, cell.pointer, draw(VALUE_FOR_KIND[cell.kind]))
    report["report_year"] = draw(st.integers(min_value=2000, max_value=2100))
    report["agency"] = draw(st.one_of(st.none(), st.text(max_size=20)))
    report["agency_kind"] = draw(st.sampled_from(["department", "government", "township", "other", None]))
    report["published_date"] = draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
    for key in list(report["sections"]):
        if draw(st.booleans()):
            report["sections"][key] = draw(st.one_of(st.none(), st.builds(
                lambda h, t: {"heading": h, "text": t}, st.one_of(st.none(), st.text(max_size=30)), st.text(max_size=200))))
    for table in ("active_disclosure", "applications", "review_and_litigation"):
        if draw(st.integers(0, 9)) == 0:
            report[table] = None
    return report


def consistent_report(version: str, count) -> dict:
    """An example report whose tables 三 and 四 satisfy every identity; ``count(lo, hi)`` draws each number."""
    report = example_report(f"report-{version}.json")
    apps = report["applications"]
    columns = list(apps)
    leaves = [c.pointer for c in template(version).table_cells("applications") if c.path[1] == "total"]
    result_parts = [p.split("/applications/total")[1] for p in leaves if "/results/" in p and not p.endswith("/results/total")]
    for column in columns[:-1]:
        col = apps[column]
        for part in result_parts:
            set_at(col, part, count(0, 60))
        total = sum(get_at(col, part) for part in result_parts)
        col["results"]["total"] = total
        col["carried_over_from_previous_year"] = carried = count(0, 60)
        col["carried_forward_to_next_year"] = forward = count(max(0, carried - total), max(0, carried - total) + 40)
        col["new_received"] = total + forward - carried
    for ptr in leaves:
        rel = ptr.split("/applications/total")[1]
        set_at(apps["total"], rel, sum(get_at(apps[c], rel) for c in columns[:-1]))
    for group in report["review_and_litigation"].values():
        for leaf in ("upheld", "corrected", "other_result", "pending"):
            group[leaf] = count(0, 60)
        group["total"] = group["upheld"] + group["corrected"] + group["other_result"] + group["pending"]
    return report


@st.composite
def consistent_reports(draw):
    """Reports whose tables 三 and 四 satisfy every identity."""
    version = draw(st.sampled_from(["2019", "2021"]))
    return consistent_report(version, lambda lo, hi: draw(st.integers(lo, hi)))
