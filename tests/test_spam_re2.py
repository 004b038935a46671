"""The spam lexicon runs on RE2: it must find exactly what Python's re finds with the same trie."""

import re
from pathlib import Path

from gzcheck_rules.spam_detector import _trie_pattern, builtin_lexicon, spam_view

from .spam_corpus import generate

PYTHON_GAP = r"[\s\u200b-\u200f\u2060\ufeff\u00ad]{0,3}"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "guangzhou-zwfw-2019-scraped.txt"


def test_re2_and_re_find_the_same_terms():
    lexicon = builtin_lexicon()
    reference = re.compile(_trie_pattern(lexicon.terms, PYTHON_GAP))
    texts = [spam_view(case.text) for case in generate(1, seed=3)]
    texts.append(spam_view("访问澳\u200b门　赌场、av女优 和 六合\u00ad彩；正常的政务公开文字。" * 3))
    if SEED.exists():
        texts.append(spam_view(SEED.read_text(encoding="utf-8")))
    for text in texts:
        assert [m.span() for m in lexicon.pattern.finditer(text)] == [m.span() for m in reference.finditer(text)]
