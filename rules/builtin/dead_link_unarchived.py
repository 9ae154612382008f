"""REF003 dead-link-unarchived: a source marked dead with no archived copy."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from wikilint.rules.document import Document, RefTag, TemplateRef
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.urls import is_archive_url

#: Citation-template parameters that mark the cited URL dead, and the values that do.
DEAD_PARAMETERS = {"url-status": ("dead",), "deadurl": ("yes", "true", "y"), "dead-url": ("yes", "true", "y")}
#: Parameters that hold an archived copy of the cited page.
ARCHIVE_PARAMETERS = ("archive-url", "archiveurl", "archive_url")
#: Identifiers through which a cited work stays reachable when its URL is dead.
IDENTIFIER_PARAMETERS = ("doi", "hdl", "pmc", "pmid", "jstor", "arxiv")
#: Parameters of a citation that name the cited page.
URL_PARAMETERS = ("url", "chapter-url", "chapterurl", "contribution-url", "entry-url")


@dataclass(frozen=True, slots=True)
class _Marker:
    """Something that says a source is dead: a template or a parameter."""

    start: int
    end: int
    written: str
    """``{{dead link}}`` or ``url-status=dead``"""
    url: str | None


class DeadLinkUnarchived(Rule):
    """
    ## What it does
    Reports a source marked as dead that offers no archived copy: a
    `{{dead link}}` / `{{失效連結}}` tag (and the other names of the wiki
    profile's `dead-link` group), or a citation template with
    `url-status=dead` or `deadurl=yes`, when neither the citation
    (`archive-url=`, `archiveurl=`) nor the rest of its reference (a
    `{{Webarchive}}`, a link into a web archive) gives an archive URL, and
    no identifier (`doi=`, `hdl=`, `pmc=`, `jstor=`...) still leads to the
    work.
    Outside a reference, the line of the tag is its source. One finding per
    reference or line; the evidence names the marker and the dead URL.

    ## Why is this bad?
    The reader who follows the citation finds nothing: the claim can no
    longer be checked. Most dead pages were saved by a web archive; the
    archive URL brings the source back.

    ## Example
        中國官方稱已逮捕十名嫌犯。<ref>{{cite news |url=http://news.example.cn/2014/01/a.html |title=十名嫌犯落網 |url-status=dead}}</ref>

    Use instead:
        中國官方稱已逮捕十名嫌犯。<ref>{{cite news |url=http://news.example.cn/2014/01/a.html |title=十名嫌犯落網 |url-status=dead |archive-url=https://web.archive.org/web/2014/http://news.example.cn/2014/01/a.html |archive-date=2014-01-20}}</ref>
    """

    code = "REF003"
    name = "dead-link-unarchived"
    summary = "Source marked dead ({{dead link}}, url-status=dead) with no archive URL"
    severity = Severity.WARNING
    triggers = ("url-status", "deadurl", "dead-url", "Url-status")
    template_triggers = ("dead-link",)

    def check(self, doc: Document) -> Iterator[Finding]:
        refs = [r for r in doc.refs if r.content_end > r.content_start]
        ref_starts = [r.start for r in refs]
        reported: set[tuple[int, int]] = set()
        for marker in sorted(self._markers(doc), key=lambda m: m.start):
            start, end, in_reference = _scope(doc, marker, refs, ref_starts)
            scope = (start, end)
            if scope in reported or _archived(doc, *scope):
                continue
            reported.add(scope)
            yield self.finding(
                doc,
                marker.start,
                marker.end,
                self.message("dead", marker=marker.written),
                suggestion=self.message("fix"),
                evidence={"marker": marker.written, "url": marker.url, "in_reference": in_reference},
            )

    def _markers(self, doc: Document) -> Iterator[_Marker]:
        for template in doc.templates_in("dead-link"):
            if not doc.is_disabled(template.start):
                yield _Marker(template.start, template.end, "{{" + template.name + "}}", None)
        for template in doc.templates_in("citation-template"):
            if doc.is_disabled(template.start):
                continue
            dead = _dead_parameter(template)
            if dead is not None and not _has_archive_parameter(template):
                url = template.param(*URL_PARAMETERS) or None
                yield _Marker(template.start, template.end, dead, url)


def _dead_parameter(template: TemplateRef) -> str | None:
    """``url-status=dead`` (as written) when the citation marks its URL dead."""
    for name, values in DEAD_PARAMETERS.items():
        value = template.param(name)
        if value is not None and value.casefold() in values:
            return f"{name}={value}"
    return None


def _has_archive_parameter(template: TemplateRef) -> bool:
    return any(template.param(name) for name in ARCHIVE_PARAMETERS)


def _scope(
    doc: Document, marker: _Marker, refs: list[RefTag], ref_starts: list[int]
) -> tuple[int, int, bool]:
    """Where the marked source is cited: its reference, else its line (and
    whether it is a reference)."""
    last = bisect.bisect_right(ref_starts, marker.start) - 1
    for ref in refs[max(0, last - 2) : last + 1][::-1]:  # refs nest rarely, and shallowly
        if ref.content_start <= marker.start < ref.content_end:
            return ref.content_start, ref.content_end, True
    text = doc.text
    line_start = text.rfind("\n", 0, marker.start) + 1
    line_end = text.find("\n", marker.end)
    return line_start, len(text) if line_end == -1 else line_end, False


def _archived(doc: Document, start: int, end: int) -> bool:
    """Whether the stretch offers an archived copy of a page, or an
    identifier that leads to the work."""
    for template in doc.templates_in("archive-template"):
        if start <= template.start < end:
            return True
    for template in doc.templates_in("citation-template"):
        if start <= template.start < end and (
            _has_archive_parameter(template) or template.param(*IDENTIFIER_PARAMETERS)
        ):
            return True
    for template in doc.templates_in("dead-link"):
        if start <= template.start < end and any(
            is_archive_url(str(p.value).strip()) for p in template.node.params
        ):
            return True
    return any(start <= link.start < end and is_archive_url(link.url) for link in doc.external_links)
