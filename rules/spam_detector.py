"""Finding SEO spam injected into a page: term hits, grouped into whole injected spans.

The page is matched in a *view* of the same length (simplified script, NFKC
width, lower case, look-alike letters mapped), so every offset is an offset
into the original text. Spaces and zero-width characters slipped between the
characters of a term are skipped by the pattern itself.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, NamedTuple
from functools import cache, cached_property
from pathlib import Path

from gzcheck.linear_regex import compile_linear
from gzcheck.normalize import same_length_fold, simplify

# spaces, invisible characters and soft hyphens slipped inside a term: the view writes the rare non-ASCII ones
# as a plain space (same length), so the pattern's gap is an ASCII class — every Unicode space after each of
# the trie's characters made compiling it 5 ms of every start. They are the non-ASCII characters isspace()
# takes for spaces, then the invisible ones, spelled out as one class (tested against isspace()): Python
# scans a class ten times faster than an alternation with a negated \S.
_RARE_GAP_CHARS = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000" + "\u200b-\u200f\u2060\ufeff\u00ad"
_GAPS = re.compile(f"[{_RARE_GAP_CHARS}]")
GAP = r"[\t-\r\x{1c}-\x{1f} ]{0,8}"  # a few spaces or line breaks inside a term; wider gaps hide it from people too
MAX_GAP = 12          # separators and spaces between two hits of one span
MAX_FILLER = 3        # other characters between two hits ("99" in "| 99亚洲精品")
MIN_INNOCENT_WORDS = 5  # distinct words, none spam alone, that make a dense list spam
ITEM_REACH = 24       # how far a span grows to the edges of a list item
_TAG = re.compile(r"<[^>]*>")
_SEPARATORS = "|｜/、,，;；·•\n"
_ASCII = re.compile(r"[a-z0-9]")
# Cyrillic and Greek letters that look like Latin ones (same length); width and case are folded before.
_LOOKALIKE = str.maketrans(
    "АВЕКМНОРСТХаеорсухіїјѕԁɑοΑΒΕΗΙΚΜΝΟΡΤΥΧν" + "вкмнт" + "αβεηικμνορτυχ",
    "abekmhopctxaeopcyxiijsdaoabehikmnoptyxv" + "bkmht" + "abenikuvoptux")
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top|text-indent)\s*:\s*-\d{3,}|font-size\s*:\s*0(?![.\d])"
    r"|<marquee|document\.write|height\s*:\s*0(?:px)?\s*;\s*overflow\s*:\s*hidden", re.I)


class Term(NamedTuple):
    text: str
    category: str
    strong: bool

    @property
    def ascii_edges(self) -> tuple[bool, bool]:
        """Whether the term starts or ends with a Latin letter or digit (then it must not sit inside a word)."""
        return bool(_ASCII.match(self.text[0])), bool(_ASCII.match(self.text[-1]))


class Hit(NamedTuple):
    start: int
    end: int
    term: Term


class Span(NamedTuple):
    start: int
    end: int
    category: str
    confidence: float
    evidence: dict


class Lexicon:
    def __init__(self, data: dict, extra_terms: dict | None = None, extra_allow: list | None = None):
        self.terms: dict[str, Term] = {}
        for category, groups in data["categories"].items():
            for strength in ("context", "strong"):  # strong wins when a word is listed twice
                for text in groups.get(strength, []):
                    self.terms[text.lower()] = Term(text.lower(), category, strength == "strong")
        for category, texts in (extra_terms or {}).items():
            for text in texts:
                self.terms[text.lower()] = Term(text.lower(), category, True)
        self.allow = [a.lower() for a in data.get("allow", []) + list(extra_allow or [])]
        self.ascii_edges = {text: term.ascii_edges for text, term in self.terms.items()}
        self.pattern = _linear(_trie_pattern(self.terms))

    @cached_property
    def allow_pattern(self):
        """Phrases that contain a term but are not spam; compiled when a term is first found (most texts have none)."""
        return _linear(_trie_pattern({a: None for a in self.allow})) if self.allow else None


@cache
def lexicon_data() -> dict:
    """The lexicon (rules/data/spam_lexicon.json): plain JSON, read directly (YAML took 57 ms to load and parse)."""
    import json

    return json.loads((Path(__file__).parent / "data" / "spam_lexicon.json").read_text(encoding="utf-8"))


def _linear(pattern: str):
    """The lexicon's trie as an RE2 program: compiled in milliseconds (Python's ``re`` takes 30–40 ms, more than
    everything else a check of a JSON report does) and matched in time linear in the page, several times faster
    than ``re`` on a clean page."""
    return compile_linear(pattern, 256 << 20)


@cache
def builtin_lexicon() -> Lexicon:
    return Lexicon(lexicon_data())


def _trie_pattern(words, gap: str = GAP) -> str:
    """One regex for many words, as a trie, so the engine tests one character class per position."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            child = node[ch]
            rest = build(child)
            if rest:
                tail = f"(?:{gap}(?:{rest}))" + ("?" if "" in child else "")
                branches.append(re.escape(ch) + tail)
            else:
                branches.append(re.escape(ch))
        return "|".join(branches)

    return build(trie)


_NEEDS_TRANSLATE = re.compile("[\u0250-\u02af\u0370-\u052f]+")
_RARE = re.compile(f"[\u0250-\u02af\u0370-\u052f{_RARE_GAP_CHARS}]")  # what spam_view changes after the fold


def spam_view(text: str) -> str:
    """:func:`letters_view` with every non-ASCII gap character (Unicode spaces, zero-width, soft hyphen) a space."""
    return _rare_rewritten(_lower(same_length_fold(text)))


def _rare_rewritten(lowered: str) -> str:
    """Look-alike letters made plain and non-ASCII gaps made spaces; one scan first, as most text has neither."""
    return _GAPS.sub(" ", _plain_letters(lowered)) if _RARE.search(lowered) else lowered


def letters_view(text: str) -> str:
    """The core's fold (script, width), lower case, and plain letters for look-alikes; same length."""
    return _plain_letters(_lower(same_length_fold(text)))  # the fold is remembered: others fold the same texts


def _lower(folded: str) -> str:
    lower = folded.lower()
    return folded if len(lower) != len(folded) else lower  # a few letters (İ) grow when lowered


def _plain_letters(text: str) -> str:
    # translate() is slow on Chinese text: apply it only to the runs that need it
    return _NEEDS_TRANSLATE.sub(lambda m: m.group().translate(_LOOKALIKE), text)


def _key(matched: str) -> str:
    return re.sub(r"[\s\u200b-\u200f\u2060\ufeff\u00ad]", "", matched)


def may_hold_spam(texts: list[str], lexicon: Lexicon) -> bool:
    """False when :func:`detect` certainly finds nothing in any of ``texts``: together they hold no term that is
    spam alone and fewer distinct words than a list of innocent words needs (allowed phrases and word edges,
    which only take hits away, are not looked at). One scan over their views joined by a character no term,
    gap or look-alike run holds, so the matches in each are exactly those of scanning it alone."""
    view = _rare_rewritten("\x00".join(_lower(same_length_fold(text)) for text in texts))
    words = set()
    for match in lexicon.pattern.finditer(view):
        term = lexicon.terms.get(match.group()) or lexicon.terms.get(_key(match.group()))
        if term is not None:
            if term.strong:
                return True
            words.add(term.text)
    return len(words) >= MIN_INNOCENT_WORDS


def find_hits(view: str, lexicon: Lexicon) -> list[Hit]:
    allowed = None  # the allowed phrases are looked for once there is a hit they could excuse
    hits = []
    terms, edges = lexicon.terms, lexicon.ascii_edges
    for match in lexicon.pattern.finditer(view):
        matched = match.group()
        term = terms.get(matched) or terms.get(_key(matched))
        if term is None:
            continue
        start, end = match.span()
        ascii_start, ascii_end = edges[term.text]
        if ascii_start and start and _ASCII.match(view[start - 1]):
            continue  # "av" inside an English word
        if ascii_end and end < len(view) and _ASCII.match(view[end]):
            continue
        if allowed is None:
            allowed = [m.span() for m in lexicon.allow_pattern.finditer(view)] if lexicon.allow_pattern else []
        if allowed and any(a <= start and end <= b for a, b in allowed):
            continue
        hits.append(Hit(start, end, term))
    return hits


def _visible_gap(text: str, start: int, end: int, html: bool) -> str:
    gap = text[start:end]
    return _TAG.sub("", gap) if html and "<" in gap else gap


_FILLER = re.compile(r"[\s|｜/、,，;；·•\-_>]")


def group_hits(text: str, hits: list[Hit], html: bool) -> list[list[Hit]]:
    """Hits joined by separators (or a few stray characters) belong to one span; prose between them splits it."""
    groups: list[list[Hit]] = []
    for hit in hits:
        if groups:
            last_end = groups[-1][-1].end
            if hit.start - last_end <= MAX_FILLER:  # the common case in a link list: adjacent or "| "
                groups[-1].append(hit)
                continue
            gap = _visible_gap(text, last_end, hit.start, html)
            filler = _FILLER.sub("", gap)
            if len(gap) - len(filler) <= MAX_GAP and len(filler) <= MAX_FILLER:
                groups[-1].append(hit)
                continue
        groups.append([hit])
    return groups


def _is_spam(group: list[Hit], text: str, html: bool) -> bool:
    if any(h.term.strong for h in group):
        return True
    # a list made only of words that are innocent alone: many of them, densely joined
    distinct = {h.term.text for h in group}
    extent = _visible_gap(text, group[0].start, group[-1].end, html)
    covered = sum(h.end - h.start for h in group)
    return len(distinct) >= MIN_INNOCENT_WORDS and covered >= 0.6 * len(extent.strip() or "x")


def _trim(group: list[Hit]) -> list[Hit]:
    """Drop context words at the edges that belong to another category than the strong terms (联系 beside 赌场)."""
    kinds = {h.term.category for h in group if h.term.strong}
    if not kinds:
        return group
    while not group[0].term.strong and group[0].term.category not in kinds:
        group = group[1:]
    while not group[-1].term.strong and group[-1].term.category not in kinds:
        group = group[:-1]
    return group


def detect(text: str, *, html: bool = False, lexicon: Lexicon | None = None, page_script: str | None = None,
           depth: int = 0) -> list[Span]:
    """Spam spans in ``text``. In HTML, also in what a reader sees once markup between the characters is gone
    and references are decoded (``澳<!---->门``, ``&#x6fb3;``), and in what scripts, CSS ``content``, ``data:``
    documents and reversed text write (``spam_disguises``); every span is a range of ``text``."""
    lexicon = lexicon or builtin_lexicon()
    if not text:
        return []
    view = spam_view(text)
    spans = _detect_written(text, view, html, lexicon, page_script)
    if html and depth < 2:
        spans += _beneath_markup(text, view, spans, lexicon, page_script)
        spans = _in_writings(text, spans, lexicon, page_script, depth)
    return sorted(spans, key=lambda s: s.start)


def _detect_written(text: str, view: str, html: bool, lexicon: Lexicon, page_script: str | None) -> list[Span]:
    """Spam as the text is written (for a page: its source, hidden parts and attributes included)."""
    groups = [_trim(g) for g in group_hits(text, find_hits(view, lexicon), html)]
    groups = [g for g in groups if _is_spam(g, text, html)]
    # groups in one line (or element) that is mostly spam are one injected block
    boxes: list[tuple[tuple[int, int], list[list[Hit]]]] = []
    for group in groups:
        box = _container(text, group[0].start, group[-1].end, html)
        if boxes and boxes[-1][0] == box:
            boxes[-1][1].append(group)
        else:
            boxes.append((box, [group]))
    spans = []
    for (box_start, box_end), members in boxes:
        covered = sum(h.end - h.start for g in members for h in g)
        if covered >= 0.5 * max(1, len(_FILLER.sub("", _visible_gap(text, box_start, box_end, html)))):
            spans.append(_span(text, view, [h for g in members for h in g], html, page_script, block=True))
        else:
            spans += [_span(text, view, g, html, page_script, block=False) for g in members]
    return spans


def _beneath_markup(source: str, view: str, found: list[Span], lexicon: Lexicon, page_script: str | None) -> list[Span]:
    """Spam written with tags, comments or references between its characters: matched in the source with
    the markup taken out, reported over the source it came from."""
    from gzcheck.read.html_render import markup_free_text, source_span, strip_markup

    quick = markup_free_text(source)
    if not _detect_written(quick, spam_view(quick), False, lexicon, page_script):
        return []  # most pages: nothing there, so the offsets are not worked out
    stripped, origin = strip_markup(source)
    out: list[Span] = []
    for span in _detect_written(stripped, spam_view(stripped), False, lexicon, page_script):
        start, end = source_span(source, origin, span.start, span.end)
        if not _overlaps(found + out, start, end):
            evidence = {**span.evidence, "position": _position(source, view, start, True), "disguise": "markup"}
            out.append(span._replace(start=start, end=end, evidence=evidence))
    return out


def _in_writings(source: str, found: list[Span], lexicon: Lexicon, page_script: str | None, depth: int) -> list[Span]:
    """``found`` with the spam a script, CSS ``content``, a ``data:`` document or reversed text writes: one span
    over where it is written (taking in the pieces of it already found as written, e.g. one literal of a
    concatenation)."""
    from .spam_disguises import writings

    spans = list(found)
    for writing in writings(source):
        inner = detect(writing.text, html=True, lexicon=lexicon, page_script=page_script, depth=depth + 1)
        if not inner:
            continue
        terms = {t for s in inner for t in s.evidence["terms"]}
        overlapping = [s for s in spans if s.start < writing.end and writing.start < s.end]
        if any(s.start < writing.start or s.end > writing.end for s in overlapping):
            continue  # already inside a larger span
        if overlapping and terms <= {t for s in overlapping for t in s.evidence["terms"]}:
            continue  # what it writes was found already, more precisely
        best = max(inner, key=lambda s: s.confidence)
        evidence = {**best.evidence, "position": f"hidden: {writing.how}", "terms": sorted(terms)}
        spans = [s for s in spans if s not in overlapping] + [Span(writing.start, writing.end, best.category, best.confidence, evidence)]
    return spans


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _span(text: str, view: str, group: list[Hit], html: bool, page_script: str | None, block: bool) -> Span:
    start, end = group[0].start, group[-1].end
    covered = sum(h.end - h.start for h in group)
    if block:  # a link list: the span runs over its whole items, up to the last separator
        start, end = _item_edges(text, start, end, html)
    weights: Counter[str] = Counter()
    for hit in group:
        weights[hit.term.category] += 3 if hit.term.strong else 1
    category = weights.most_common(1)[0][0]
    strong = sum(h.term.strong for h in group)
    separators = Counter(ch for ch in _visible_gap(text, start, end, html) if ch in _SEPARATORS and ch != "\n")
    extent = max(1, len(_visible_gap(text, start, end, html).strip()))
    evidence: dict[str, Any] = {
        "terms": sorted({text[h.start:h.end] for h in group}),
        "strong_terms": strong,
        "coverage": round(min(1.0, covered / extent), 2),
        "separator": separators.most_common(1)[0][0] if separators else None,
        "position": _position(text, view, start, html),
        "layout": "list" if block else "inline",
    }
    if page_script:
        span_script = "traditional" if simplify(text[start:end]) != text[start:end] else "simplified"
        if span_script != page_script:
            evidence["script_mismatch"] = f"span is {span_script}, page is {page_script}"
    confidence = min(0.99, 0.55 + 0.1 * strong + 0.2 * evidence["coverage"] + (0.1 if "script_mismatch" in evidence else 0))
    return Span(start, end, category, round(confidence, 2), evidence)


_BLOCK_OPEN = re.compile(r"<(?:p|div|li|td|br|marquee|body|h\d)\b[^>]*>", re.I)
_BLOCK_ANY = re.compile(r"</?(?:p|div|li|td|br|marquee|body|h\d)\b[^>]*>", re.I)


def _container(text: str, start: int, end: int, html: bool) -> tuple[int, int]:
    """The line around a span, or in HTML the block element around it."""
    if html:
        opens = [m.end() for m in _BLOCK_OPEN.finditer(text, max(0, start - 2000), start)]
        closing = _BLOCK_ANY.search(text, end)
        return (opens[-1] if opens else max(0, start - 2000)), (closing.start() if closing else len(text))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end == -1 else line_end


def _item_edges(text: str, start: int, end: int, html: bool) -> tuple[int, int]:
    stops = _SEPARATORS + (">" if html else "")
    left = start
    while left > 0 and start - left < ITEM_REACH and text[left - 1] not in stops and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and right - end < ITEM_REACH and text[right] not in stops and not text[right].isspace() and (
            not html or text[right] != "<"):
        right += 1
    if right < len(text) and text[right] in "|｜":
        right += 1  # the list's closing separator belongs to it
    return left, right


def _position(text: str, view: str, start: int, html: bool) -> str:
    if html:
        before = text[max(0, start - 600):start]
        hidden = _HIDING.search(before)
        if hidden and not re.search(r"</(?:div|span|p|marquee)>", before[hidden.end():], re.I):
            return "hidden: " + hidden.group().lower()
    if start < 0.05 * len(text):
        return "top"
    from gzcheck.read.page import CHROME_END  # here: a JSON report's check never needs the page reader

    footers = list(CHROME_END.finditer(view, max(0, start - 3000), start))
    if footers and not re.search(r"[。；]", text[footers[-1].end():start]):
        return "after footer"
    return "in text"
