"""Reading reports safely: YAML hazards, encodings, sizes, shapes."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzcheck.core_plugin import gzcheck_readers
from gzcheck.errors import InputError
from gzcheck.inputs import read_input

READERS = gzcheck_readers()


def read(path):
    return read_input(READERS, path)


def test_yaml_alias_bomb_is_refused(write):
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        rows.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    with pytest.raises(InputError, match="more than"):
        read(write("bomb.yaml", "\n".join(rows)))


def test_small_aliases_are_fine(write):
    loaded = read(write("a.yaml", "report_year: &z 2021\nother: *z\n"))
    assert loaded.report == {"report_year": 2021, "other": 2021}


@pytest.mark.parametrize("doc", [
    "x: !!python/object/apply:os.system ['echo hi']\n",
    "x: !!python/name:os.system\n",
])
def test_object_constructing_tags_are_refused(write, doc):
    with pytest.raises(InputError) as info:
        read(write("evil.yaml", doc))
    assert info.value.line == 1 and "YAML 格式错误" in info.value.message


def test_yaml_dates_stay_strings_and_non_json_values_are_refused(write):
    assert read(write("d.yaml", "report_year: 2023\npublished_date: 2024-01-25\n")).report == {"report_year": 2023, "published_date": "2024-01-25"}
    with pytest.raises(InputError, match="keys must be strings"):
        read(write("k.yaml", "2019: x\n"))
    with pytest.raises(InputError, match="set"):
        read(write("s.yaml", "x: !!set {a, b}\n"))
    with pytest.raises(InputError, match="finite"):
        read(write("n.yaml", "x: .nan\n"))


def test_duplicate_yaml_keys_are_an_error(write):
    with pytest.raises(InputError) as info:
        read(write("dup.yaml", "report_year: 2023\nreport_year: 2024\n"))
    assert info.value.line == 2


@pytest.mark.parametrize(("encoding", "name"), [("gb18030", "GB18030"), ("big5", "BIG5")])
def test_legacy_encodings_get_a_clear_message(write, encoding, name):
    path = write("r.json", json.dumps({"agency": "示例县交通运输局" if encoding != "big5" else "示例縣交通運輸局"}, ensure_ascii=False), encoding)
    with pytest.raises(InputError) as info:
        read(path)
    assert "不是 UTF-8 编码" in info.value.message and name in info.value.message


def test_utf8_bom_is_accepted(write):
    assert read(write("bom.json", b'\xef\xbb\xbf{"report_year": 2021}')).report == {"report_year": 2021}


def test_a_file_that_is_not_a_report_says_so(write):
    from gzcheck.errors import NotAReport

    for name, text in (("gzcheck.yaml", "fail_on: warning\n"), ("data.json", '{"a": 1}'), ("README.md", "# A project\n")):
        with pytest.raises(NotAReport, match="not a report"):
            read(write(name, text))


def test_nan_is_not_json(write):
    with pytest.raises(InputError):
        read(write("nan.json", '{"a": NaN}'))


def test_empty_and_oversized_files(write, tmp_path):
    with pytest.raises(InputError, match="empty"):
        read(write("e.json", "  \n"))
    with pytest.raises(InputError, match="too large"):
        read_input(READERS, write("big.json", "{}" + " " * 2000), max_bytes=1000)
    with pytest.raises(InputError, match="directory"):
        read(str(tmp_path))


def test_content_decides_the_reader_not_the_extension(write):
    assert read(write("report.txt", '{"report_year": 2021}')).media_type == "application/json"
    assert read(write("report", "format_version: '2021'\n")).media_type == "application/yaml"
    with pytest.raises(InputError, match="does not look like an annual report"):
        read(write("report.bin", "just some words"))



# JSON source text (escapes as written in a file): keys and strings with colons, escaped colons and quotes
_KEYS = st.sampled_from(["a", "b", "a:b", ":", r"k\u003a", r"\"q\"", "x"])
_STRINGS = st.sampled_from(["", "x", "a:b", "http://x", r"\u003a", "\\\\", "\\\\:", r"\":", "政:府", r"\u00e9"])


@st.composite
def _json_texts(draw, depth=3):
    """JSON texts written by hand, so an object may repeat a key, strings may hold colons and escapes, and
    whitespace may sit anywhere a JSON text allows it."""
    space = draw(st.sampled_from(["", " ", "\n  ", "\t"]))
    kind = draw(st.sampled_from(["object", "list", "string", "number"] if depth else ["string", "number"]))
    if kind == "object":
        pairs = draw(st.lists(st.tuples(_KEYS, _json_texts(depth - 1)), max_size=4))
        return "{" + ",".join(f'{space}"{k}"{space}:{space}{v}' for k, v in pairs) + space + "}"
    if kind == "list":
        return "[" + ",".join(draw(st.lists(_json_texts(depth - 1), max_size=3))) + "]"
    if kind == "string":
        return f'"{draw(_STRINGS)}"'
    return draw(st.sampled_from(["0", "12", "-3", "1.5", "1e400", "2E3"]))


def _outcome(load, text):
    try:
        return "value", load(text)
    except InputError as exc:
        return "error", exc.text("en")


@pytest.mark.slow
@settings(max_examples=600, deadline=None)
@given(_json_texts())
def test_counting_keys_reads_exactly_what_checking_every_object_reads(text):
    """JSON is read by counting keys against colons; every text must give what checking each object's pairs
    gives (json_data._strict, the reading before): the same value, or the same repeated key named."""
    from gzcheck.read import json_data

    def strict(t):
        try:
            return json_data._strict(t)
        except json_data._Duplicate as exc:
            raise InputError(f"duplicate {exc}", f"duplicate key '{exc}' in the JSON: a key may appear once per object") from None

    got, expected = _outcome(json_data.load_json_text, text), _outcome(strict, text)
    assert got[0] == expected[0], (text, got, expected)
    if got[0] == "value":
        assert got[1] == expected[1] and json.dumps(got[1]) == json.dumps(expected[1])  # same order of keys too
    else:
        assert got[1] == expected[1], (text, got, expected)
