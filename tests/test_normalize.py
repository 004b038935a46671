"""The core's fold replaces characters one by one where they occur; it must say exactly what translating
every character says (str.translate is the reference: simple, and slow on Chinese text)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gzcheck.normalize import _COMPAT, _COMPAT_TABLE, _PUNCT, _compat, fold, same_length_fold

ALPHABET = st.sampled_from("，、：；（）“”「」‘’—－．。！？　\u00a0\u2003\u202f\u205f０９ＡＺａｚ～"
                           "政府信息公開檔案资讯12 \n\tabc①\x1c\x85\u2028\u2029\u1680\v\f\r")
SPACES = re.compile(r"\s+")


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=60))
def test_the_fold_agrees_with_translating_every_character(text):
    assert _compat(text) == _COMPAT.sub(lambda m: m.group().translate(_COMPAT_TABLE), text)
    assert len(same_length_fold(text)) == len(text)
    assert fold(text) == SPACES.sub("", same_length_fold(text).translate(_PUNCT))
