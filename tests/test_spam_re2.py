"""The spam lexicon runs on RE2 over a view whose gap characters are all spaces: it must find exactly what
Python's re finds with the same trie, every gap character spelled out, on the text as it is."""

import re
from pathlib import Path

from gzcheck_rules.spam_detector import _trie_pattern, builtin_lexicon, letters_view, spam_view

from .spam_corpus import generate

PYTHON_GAP = r"[\s\u200b-\u200f\u2060\ufeff\u00ad]{0,8}"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "guangzhou-zwfw-2019-scraped.txt"


def test_re2_and_re_find_the_same_terms():
    lexicon = builtin_lexicon()
    reference = re.compile(_trie_pattern(lexicon.terms, PYTHON_GAP))
    texts = [case.text for case in generate(1, seed=3, required=False)]
    texts.append("访问澳\u200b门\u3000赌场、av\u2028女优 和 六合\u00ad彩；正常的\x1f政务公开文字。\u00a0六\u205f合\t彩" * 3)
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    for text in texts:
        assert len(spam_view(text)) == len(text)
        assert ([m.span() for m in lexicon.pattern.finditer(spam_view(text))] ==
                [m.span() for m in reference.finditer(letters_view(text))])


def test_the_one_scan_over_all_sections_misses_nothing():
    """may_hold_spam decides for a report's sections together; wherever it says no, no section has spam."""
    import random

    from gzcheck_rules.spam_detector import detect, may_hold_spam

    lexicon = builtin_lexicon()
    rng = random.Random(5)
    words = sorted(lexicon.terms)
    plain = ["本机关依法公开政府信息。", "视频会议", "联系电话", "2021年共收到申请12件。", ""]
    spammy = "｜".join(sorted(t.text for t in lexicon.terms.values() if t.strong)[:8])  # a link list of our own
    texts_seen = [case.text for case in generate(1, seed=11, required=False)] + [spammy, "，".join(words[:40])]
    for _ in range(300):
        texts = [rng.choice([rng.choice(texts_seen), rng.choice(plain), "".join(rng.sample(words, rng.randint(1, 6)))])
                 for _ in range(rng.randint(1, 6))]
        if not may_hold_spam(texts, lexicon):
            assert not any(detect(text, lexicon=lexicon) for text in texts), texts
    assert not may_hold_spam(plain, lexicon)
    assert detect(spammy, lexicon=lexicon) and may_hold_spam(plain + [spammy], lexicon)


def test_the_rare_gap_class_is_every_non_ascii_space_and_invisible_character():
    from gzcheck_rules import spam_detector as sd

    everything = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    spaces = {ch for ch in everything if ch.isspace() and not ch.isascii()}
    invisible = set("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")
    assert set(sd._GAPS.findall(everything)) == spaces | invisible
    look_alikes = {chr(c) for c in [*range(0x250, 0x2B0), *range(0x370, 0x530)]}
    assert set(sd._RARE.findall(everything)) == spaces | invisible | look_alikes
