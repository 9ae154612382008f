"""DAT005 stale-ongoing: the article says its subject goes on, but its newest date is old."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import regex
from pydantic import BaseModel, ConfigDict, Field

from wikilint.rules.builtin._citation_dates import citation_dates
from wikilint.rules.document import Document, TemplateRef
from wikilint.rules.document.chronology import calendar_date, chronologies
from wikilint.rules.document.tree import text_of
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.rule import Rule
from wikilint.rules.text.dates import PartialDate, find_dates, parse_date

_PRESENT = r"(?:至今|迄今|現在|现在|目前|今|[Pp]resent|[Nn]ow|[Oo]ngoing)"
_RANGE_TO_PRESENT = regex.compile(
    r"(?:–|—|－|-|~|～|至|to|until|&ndash;|\{\{\s*(?:snd|snds|spnd|sndash|ndash|spaced ndash|–)\s*\}\})"
    r"[ \u00a0\u3000]*" + _PRESENT + r"(?![\w])"
    r"|[0-9]年[ \u3000]*(?:至今|迄今)",
)
_ONGOING_VALUE = regex.compile(
    r"^[ \u00a0\u3000'\[]*(?:持續中|持续中|進行中|进行中|仍在持續|仍在持续|[Oo]ngoing|[Ii]n progress|[Cc]ontinuing)"
    r"[ \u00a0\u3000'\].。]*(?:$|<|\(|（|\n)",
)
_PROSE = regex.compile(
    r"(?:至今|迄今)[仍尚還还]?(?:在|未)?(?:持續|持续|進行|进行|結束|结束|平息)"
    r"|[仍尚還还](?:在|未)(?:持續|持续|進行|进行|結束|结束|平息)(?!了)"
    r"|持續至今|持续至今"
    r"|(?<![A-Za-z])(?:is|are|remains?|continues? to be)[ \u00a0]+(?:still[ \u00a0]+)?ongoing(?![a-z])"
    r"|(?<![A-Za-z])(?:is|are)[ \u00a0]+still[ \u00a0]+(?:going on|in progress)(?![a-z])",
)
_REF_OR_TAG = regex.compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref>|<[^>]+>", regex.DOTALL | regex.IGNORECASE)
_DATE_FIELDS = ("date", "日期", "時間", "时间")
_ONGOING_FIELDS = ("result", "status", "結果", "结果", "狀態", "状态")
_AGE_END_PARAMS = ("year2", "month2", "day2", "4", "5", "6")


class StaleOngoingOptions(BaseModel):
    """Options of DAT005."""

    model_config = ConfigDict(extra="forbid")

    years: float = Field(
        default=2, gt=0, description="age of the newest date past which an 'ongoing' claim is stale"
    )
    as_of: date | None = Field(default=None, description="the day ages are counted to (default: today)")


@dataclass(frozen=True, slots=True)
class _Claim:
    start: int
    end: int
    kind: str
    text: str
    """the claim as a reader sees it (``2013年12月30日 – 至今``, ``持續中``)"""


class StaleOngoing(Rule):
    """
    ## What it does
    Reports an article that says its subject is still going on while the
    newest date it gives is more than two years old (option `years`). The
    claims read are: an infobox `date` running to today (`2013年12月30日 –
    至今`, `2014 – present`), an infobox `result` or `status` of
    `持續中`/`ongoing`, an age template counting to today (`{{Age in years,
    months, weeks and days|…}}` with no end date) in that infobox date, and
    prose of the lead (before the first heading) such as `至今仍在持續` or
    `is ongoing`; further down, `is ongoing` is mostly about something else
    (research, a debate). A section heading running to today
    (`2000–present`, `2015年至今`) names a period of the subject's history,
    not a claim that the subject goes on, and is not read.
    The newest date is taken from the chronology entries, the citations'
    publication and access dates and `{{As of}}`.

    One finding per article, at the first claim; the evidence lists every
    claim, the newest date and its line, and its age. Nothing is reported
    when an infobox `date` gives an end date, when no date has a year, or
    when a date is recent.

    ## Why is this bad?
    A conflict or event described as ongoing in an article whose latest news
    is years old has most likely ended or changed; readers take the present
    tense at its word. The article needs updating, or its claim needs a
    date (`{{As of}}`).

    ## Example
        {{Infobox military conflict
        | date = 2013年12月30日 – 至今
        | result = 持續中
        }}
        2014年1月3日，民兵攻佔警察局。<ref>{{cite news|title=Clashes|date=2014-01-03|access-date=2014-01-04}}</ref>

    Use instead:
        {{Infobox military conflict
        | date = 2013年12月30日 – 2014年6月16日
        | result = 政府軍收復拉馬迪
        }}
        2014年1月3日，民兵攻佔警察局。<ref>{{cite news|title=Clashes|date=2014-01-03|access-date=2014-01-04}}</ref>
    """

    code = "DAT005"
    name = "stale-ongoing"
    summary = "The article says its subject is ongoing, but its newest date is years old"
    severity = Severity.WARNING
    costly_test = True
    triggers = (
        "至今",
        "迄今",
        "持續",
        "持续",
        "進行中",
        "进行中",
        "resent",
        "ngoing",
        "going on",
        "in progress",
        "Continuing",
        "continuing",
    )
    Options = StaleOngoingOptions
    options: StaleOngoingOptions

    def check(self, doc: Document) -> Iterator[Finding]:
        claims = self._claims(doc)
        if not claims or self._has_end_date(doc):
            return
        newest = self._newest_date(doc)
        if newest is None:
            return
        newest_day, newest_at = newest
        as_of = self.options.as_of or date.today()
        age_days = (as_of - newest_day).days
        if age_days <= self.options.years * 365.25:
            return
        first = claims[0]
        newest_line = doc.position(newest_at)[0]
        yield self.finding(
            doc,
            first.start,
            first.end,
            self.message(
                "stale",
                claim=first.text,
                newest=newest_day.isoformat(),
                line=newest_line,
                years=int(age_days // 365.25),
            ),
            suggestion=self.message("fix"),
            evidence={
                "claims": [
                    {"line": doc.position(c.start)[0], "kind": c.kind, "text": c.text} for c in claims
                ],
                "newest_date": newest_day.isoformat(),
                "newest_line": newest_line,
                "age_days": age_days,
                "as_of": as_of.isoformat(),
            },
        )

    # -- claims ---------------------------------------------------------------

    def _claims(self, doc: Document) -> list[_Claim]:
        claims: list[_Claim] = []
        for template in doc.templates:
            if template.depth != 0 or doc.is_disabled(template.start):
                continue
            claims.extend(self._infobox_claims(doc, template))
        date_fields = [
            (start, end)
            for claim in claims
            if claim.kind == "infobox-date"
            for start, end in [(claim.start, claim.end)]
        ]
        for template in doc.templates_in("age"):
            # An age counts time to today wherever it stands ("{{age|1969|7|20}}
            # years ago"); only in an infobox date does it say the subject goes on.
            if not any(start <= template.start < end for start, end in date_fields):
                continue
            if not any(template.param(name) for name in _AGE_END_PARAMS):
                claims.append(
                    _Claim(template.start, template.end, "age-template", "{{" + template.name + "}}")
                )
        claims.extend(self._prose_claims(doc))
        return sorted(claims, key=lambda c: c.start)

    def _infobox_claims(self, doc: Document, template: TemplateRef) -> Iterator[_Claim]:
        for param in template.node.params:
            name = text_of(param.name).strip().lower()
            if name not in _DATE_FIELDS and name not in _ONGOING_FIELDS:
                continue
            raw = str(param.value)
            visible = _REF_OR_TAG.sub(" ", raw)
            start = template.start + _param_offset(template, param)
            end = start + len(raw.rstrip())
            present = _RANGE_TO_PRESENT.search(visible)
            if name in _DATE_FIELDS and present is not None and any(find_dates(visible)):
                yield _Claim(start, end, "infobox-date", _plain(visible[: present.end()]))
            elif name in _ONGOING_FIELDS and _ONGOING_VALUE.search(visible.strip()):
                kind = (
                    "infobox-status" if "stat" in name or "狀" in name or "状" in name else "infobox-result"
                )
                yield _Claim(start, end, kind, _plain(visible.strip().split("\n")[0]))

    def _prose_claims(self, doc: Document) -> Iterator[_Claim]:
        # Only the lead describes the subject itself: further down, "is
        # ongoing" is about research, a debate, a relationship.
        lead_end = doc.sections[1].start if len(doc.sections) > 1 else len(doc.text)
        for match in _PROSE.finditer(doc.text, 0, lead_end):
            if doc.is_disabled(match.start()):
                continue
            inside = doc.enclosing(match.start(), match.end())
            if any(type(span.node).__name__ in ("Template", "Tag") for span in inside):
                continue  # a quotation in a citation, a reference's text
            yield _Claim(match.start(), match.end(), "prose", match.group())

    # -- what the article knows -------------------------------------------------

    def _has_end_date(self, doc: Document) -> bool:
        """An infobox date that gives an end: the subject is over."""
        for template in doc.templates:
            if template.depth != 0:
                continue
            value = template.param(*_DATE_FIELDS)
            if not value:
                continue
            visible = _REF_OR_TAG.sub(" ", value)
            if _RANGE_TO_PRESENT.search(visible):
                continue
            if len([m for m in find_dates(visible) if m.date.year is not None]) >= 2 and regex.search(
                r"–|—|－|至|to|\{\{\s*(?:snd|snds|ndash|end date)", visible, regex.IGNORECASE
            ):
                return True
            if doc.templates_in("end-date") and any(
                template.start < t.start < template.end for t in doc.templates_in("end-date")
            ):
                return True
        return False

    def _newest_date(self, doc: Document) -> tuple[date, int] | None:
        newest: tuple[date, int] | None = None

        def consider(found: PartialDate | None, at: int) -> None:
            nonlocal newest
            if found is None or found.year is None or found.year < 1:
                return
            try:
                day = found.last_day()
            except ValueError:
                return
            if newest is None or day > newest[0]:
                newest = (day, at)

        for chronology in doc.derived(chronologies):
            for entry in chronology.entries:
                if entry.year_known:
                    real = calendar_date(entry.last)
                    if real is not None and (newest is None or real > newest[0]):
                        newest = (real, entry.block.start)
        for citation in citation_dates(doc):
            consider(citation.published, citation.template.start)
            consider(citation.accessed, citation.template.start)
        for template in doc.templates_in("as-of"):
            if doc.is_disabled(template.start):
                continue
            parts = [template.param(str(i)) for i in (1, 2, 3)]
            written = "-".join(p.zfill(2) for p in parts if p and p.isdigit())
            consider(parse_date(written) if written else None, template.start)
        return newest


def _plain(text: str) -> str:
    """``text`` without templates and with its spaces collapsed."""
    return regex.sub(r"\s+", " ", regex.sub(r"\{\{[^{}]*\}\}", "", text)).strip()


def _param_offset(template: TemplateRef, param: object) -> int:
    """Where a parameter's value starts, relative to its template."""
    text = str(template.node)
    value = str(param.value)  # type: ignore[attr-defined]
    head = str(param.name) + "="  # type: ignore[attr-defined]
    at = text.find(head + value)
    return at + len(head) if at != -1 else 0
