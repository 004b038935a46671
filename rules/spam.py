"""SEO spam injected into a report page (porn and gambling link lists, substituted words)."""

from __future__ import annotations

from gzcheck import Rule

from .spam_detector import Lexicon, builtin_lexicon, detect, lexicon_data, may_hold_spam, spam_view

CATEGORY_ZH = {"porn": "色情", "gambling": "赌博", "fake_documents": "假证假发票", "other": "违法广告"}


class InjectedSpam(Rule):
    """页面中没有被植入的色情、赌博等垃圾内容"""

    code = "SPAM-001"
    name = "injected-spam"
    summary_en = "no porn, gambling or other spam injected into the page"
    requires_valid = False  # spam is worth reporting even on a page whose tables could not be read
    options = {"extra_terms": {}, "extra_allow": []}
    why = ("被入侵或被镜像的政府网站常被植入色情、赌博链接或把正文词语替换成赌博广告。政府网站出现此类内容，"
           "在政府网站检查中属于单项否决，必须立即删除并排查网站安全。本规则给出每段植入内容在页面中的起止位置、行号和类别。")
    why_en = "Hacked or mirrored government sites get porn and gambling links injected, or report words replaced by gambling adverts. Such content on a government website is a single-item veto in website inspections: remove it at once and check the site's security. Each span is given with its offsets, line and category."
    basis = "《政府网站发展指引》（国办发〔2017〕47号）；政府网站与政务新媒体检查指标（单项否决）"

    def __init__(self, options=None):
        super().__init__(options)
        extra_terms = self.options["extra_terms"]
        if not isinstance(extra_terms, dict) or not all(k in CATEGORY_ZH for k in extra_terms):
            raise ValueError(f"extra_terms must map {', '.join(CATEGORY_ZH)} to lists of terms")
        self._lexicon = None

    @property
    def lexicon(self) -> Lexicon:
        """Built on first use: a run that never reads a page or section text does not pay for it."""
        if self._lexicon is None:
            extra_terms, extra_allow = self.options["extra_terms"], self.options["extra_allow"]
            self._lexicon = _extended(extra_terms, extra_allow) if extra_terms or extra_allow else builtin_lexicon()
        return self._lexicon

    def check(self, report, ctx):
        if not isinstance(report, dict):
            return
        source = report.get("source") if isinstance(report.get("source"), dict) else {}
        text = source.get("text")
        if isinstance(source.get("crawler_text"), str):
            yield from self._cloaked(ctx, source, text if isinstance(text, str) else "")
        if isinstance(text, str) and text:
            html = source.get("media_type") == "text/html"
            for span in detect(text, html=html, lexicon=self.lexicon, page_script=source.get("script")):
                line = text.count("\n", 0, span.start) + 1
                yield self._finding(ctx, span, text, _section_of(report, text[span.start:span.end], line), page=True)
            return
        sections = report.get("sections") if isinstance(report.get("sections"), dict) else {}
        bodies = {key: section["text"] for key, section in sections.items()
                  if isinstance(section, dict) and isinstance(section.get("text"), str)}
        if not may_hold_spam(list(bodies.values()), self.lexicon):
            return  # one scan over all sections instead of one per section
        for key, body in bodies.items():
            for span in detect(body, lexicon=self.lexicon):
                yield self._finding(ctx, span, body, f"/sections/{key}/text", page=False)

    def _cloaked(self, ctx, source, visitors_text):
        """Spam in the page as a search engine's crawler is served it (--as-crawler) that visitors are not shown:
        a hijacked site cloaking its injected links, with the evidence of both fetches."""
        crawler_text = source["crawler_text"]
        fetches = {f.get("role"): f for f in source.get("fetches") or () if isinstance(f, dict)}
        page, crawler = fetches.get("page", {}), fetches.get("crawler", {})
        seen = spam_view(visitors_text)
        for span in detect(crawler_text, html=True, lexicon=self.lexicon, page_script=source.get("script")):
            excerpt = crawler_text[span.start:span.end]
            if spam_view(excerpt) in seen:
                continue  # visitors are shown it too: reported on the page itself
            shown = excerpt if len(excerpt) <= 24 else excerpt[:12] + "……" + excerpt[-8:]
            line = crawler_text.count("\n", 0, span.start) + 1
            kind = CATEGORY_ZH[span.category]
            yield ctx.finding(
                pointer="/source/crawler_text", category=span.category,
                message=f"网站只向搜索引擎爬虫显示{kind}垃圾内容「{shown}」（爬虫看到的页面第{line}行，共 {span.end - span.start} 字），"
                        f"普通访客看不到：网站很可能已被入侵并做了“黑帽 SEO”伪装。证据：普通访问抓取于 {page.get('fetched_at', '?')}，"
                        f"SHA-256 {page.get('sha256', '?')}；以爬虫身份（{crawler.get('user_agent', '?')}，来源页 {crawler.get('referer', '?')}）"
                        f"抓取于 {crawler.get('fetched_at', '?')}，SHA-256 {crawler.get('sha256', '?')}",
                message_en=f"{span.category} spam shown only to search engine crawlers ('{shown}', line {line} of the crawler's page, "
                           f"{span.end - span.start} characters); visitors are not shown it: the site is likely hacked and cloaking. "
                           f"Evidence: visitor fetch at {page.get('fetched_at', '?')}, SHA-256 {page.get('sha256', '?')}; crawler fetch "
                           f"({crawler.get('user_agent', '?')}, referer {crawler.get('referer', '?')}) at {crawler.get('fetched_at', '?')}, "
                           f"SHA-256 {crawler.get('sha256', '?')}",
                details={"confidence": span.confidence, "evidence": span.evidence, "shown_to": "crawler",
                         "visitor_fetch": page, "crawler_fetch": crawler})

    def _finding(self, ctx, span, text, pointer, page):
        line = text.count("\n", 0, span.start) + 1
        excerpt = text[span.start:span.end]
        shown = excerpt if len(excerpt) <= 24 else excerpt[:12] + "……" + excerpt[-8:]
        kind = CATEGORY_ZH[span.category]
        where = f"页面第{line}行" if page else "该部分正文"
        return ctx.finding(
            pointer=pointer, line=line if page else None, start=span.start, end=span.end, category=span.category,
            message=f"{where}被植入{kind}垃圾内容「{shown}」（共 {span.end - span.start} 字）；政府网站出现此类内容属于单项否决，须立即删除并排查网站安全",
            message_en=f"{span.category} spam injected at {'page line ' + str(line) if page else 'this section'} "
                       f"({span.end - span.start} characters): '{shown}'; remove it and check the site's security",
            details={"confidence": span.confidence, "evidence": span.evidence})


def _extended(extra_terms: dict, extra_allow: list) -> Lexicon:
    return Lexicon(lexicon_data(), extra_terms, extra_allow)


def _section_of(report, excerpt: str, line: int) -> str | None:
    """The section the span sits in (words substituted in the report itself), else None: the page around it."""
    sections = report.get("sections") if isinstance(report.get("sections"), dict) else {}
    provenance = report.get("provenance") if isinstance(report.get("provenance"), dict) else {}
    starts = sorted((entry["line"], key) for key in sections
                    if isinstance(entry := provenance.get(f"/sections/{key}"), dict) and isinstance(entry.get("line"), int))
    owner = next((key for start, key in reversed(starts) if start <= line), None)
    section = sections.get(owner) if owner else None
    if isinstance(section, dict) and isinstance(section.get("text"), str) and excerpt in section["text"]:
        return f"/sections/{owner}/text"
    return None
