"""Any bytes, any text, any mangled real page: a report or a clear InputError, never a crash."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gzcheck.extraction import extract_bytes
from gzcheck.errors import InputError

from .pages import page_bytes, random_report
from .engines import engine

WORDS = ["一、总体情况", "三、收到和处理政府信息公开申请情况", "（七）总计", "本年新收政府信息公开申请数量", "2023年", "年度报告",
         "<td>", "</td>", "<tr>", "<table>", "|", "\n", " ", "0", "12", "-3-", "澳门赌场", "第二十条第（一）项", "&nbsp;", "四、结转下年度继续办理"]


def outcome(data: bytes):
    try:
        report, findings = extract_bytes(data)
    except InputError as exc:
        assert exc.message and exc.message_en
        return None
    result = engine().check(report, extra=findings)
    assert not result.crashed, [f.message for f in result.findings if "internal_error" in f.details]
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes(data):
    outcome(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=300))
def test_report_like_word_salad(words):
    outcome("".join(words).encode("utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.sampled_from(["cells", "rows", "pipes", "html"]), st.data())
def test_mangled_generated_pages(seed, layout, data):
    rng = random.Random(seed)
    text = page_bytes(random_report(rng, rng.choice(["2019", "2021"]), layout in ("html", "pipes")), layout, "simplified", "utf-8")
    cut = data.draw(st.integers(0, len(text)))
    drop = data.draw(st.integers(0, 200))
    outcome(text[:cut] + text[cut + drop:])
