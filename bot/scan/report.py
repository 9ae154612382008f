"""The HTML report: one self-contained file drawn from the summary JSON.

Inline CSS and inline SVG charts, no script and nothing fetched from the
network, so the file opens anywhere (and can be mailed or attached). Its
words are in the scan's ``--lang`` (:func:`report_language`), from the
output catalogue (``wikilint-output-*``, plural forms included).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from wikilint.bot.i18n import text

SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1"}
DEFAULT_COLOUR = "#7f8c8d"
MAX_RULE_BARS = 40
#: A report's words in its language: ``t("card-linted", count=3)``.
Words = Callable[..., str]

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --bg:#f5f7fa; --accent:#2e86c1; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
       "Noto Sans CJK SC",sans-serif; color:var(--ink); background:var(--bg); }
header { background:#102a43; color:#fff; padding:20px 32px; }
header h1 { margin:0; font-size:22px; font-weight:600; }
header p { margin:4px 0 0; color:#bcccdc; font-size:13px; }
main { max-width:1180px; margin:0 auto; padding:20px 32px 40px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px;
          margin:16px 0; }
h2 { font-size:17px; margin:0 0 12px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(160px,1fr)); gap:12px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.card b { display:block; font-size:24px; font-weight:650; }
.card span { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px;
         background:#e3f8ff; color:#0b69a3; margin-left:8px; vertical-align:middle; }
.badge.interrupted { background:#fff3c4; color:#8d6708; }
.badge.problems { background:#ffe3e3; color:#ab091e; }
table { border-collapse:collapse; width:100%; font-size:14px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; }
td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; }
a { color:#0b69a3; text-decoration:none; } a:hover { text-decoration:underline; }
.sev { display:inline-block; width:9px; height:9px; border-radius:2px; margin-right:5px; }
.muted { color:var(--muted); }
.rules-small { color:var(--muted); font-size:12px; }
svg text { font-family:inherit; }
.legend { font-size:12px; color:var(--muted); margin-top:6px; }
"""


def _n(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def _colour(severity: str) -> str:
    return SEVERITY_COLOURS.get(severity, DEFAULT_COLOUR)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def rule_chart(rules: list[dict[str, Any]], t: Words | None = None) -> str:
    """Horizontal bars: findings per rule, coloured by severity."""
    t = t or partial(text, lang="en")
    rules = rules[:MAX_RULE_BARS]
    if not rules:
        return f'<p class="muted">{t("no-findings")}</p>'
    label_w, bar_w, row_h, pad = 300, 560, 24, 8
    width = label_w + bar_w + 90
    height = pad * 2 + row_h * len(rules)
    top = max(r["findings"] for r in rules) or 1
    parts = [
        f'<svg role="img" aria-label="{t("chart-rules")}" width="100%" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, rule in enumerate(rules):
        y = pad + i * row_h
        length = max(2, round(bar_w * rule["findings"] / top))
        label = f"{rule['code']} {rule['name']}"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="#1f2933">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{length}" height="{row_h - 8}" rx="3" '
            f'fill="{_colour(rule["severity"])}"><title>{escape(label)}: '
            f"{t('rule-bar', findings=rule['findings'], pages=rule['pages'])}</title></rect>"
            f'<text x="{label_w + length + 6}" y="{y + 16}" font-size="12" fill="#616e7c">'
            f"{rule['findings']:,}</text>"
        )
    parts.append("</svg>")
    legend = " ".join(
        f'<span class="sev" style="background:{c}"></span>{t("severity-" + s)}'
        for s, c in SEVERITY_COLOURS.items()
    )
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def distribution_chart(buckets: list[dict[str, Any]], t: Words | None = None) -> str:
    """Vertical bars: how many linted pages have 0, 1, 2, 3–4… findings."""
    t = t or partial(text, lang="en")
    if not buckets or not any(b["pages"] for b in buckets):
        return f'<p class="muted">{t("no-pages")}</p>'
    col_w, chart_h, base, left = 88, 200, 250, 20
    width = left * 2 + col_w * len(buckets)
    top = max(b["pages"] for b in buckets) or 1
    parts = [
        f'<svg role="img" aria-label="{t("chart-pages")}" width="100%" viewBox="0 0 {width} 290" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="#bcccdc"/>',
    ]
    for i, bucket in enumerate(buckets):
        x = left + i * col_w
        height = round(chart_h * bucket["pages"] / top)
        if bucket["pages"]:
            height = max(height, 2)
        colour = "#9fb3c8" if bucket["max"] == 0 else "#2e86c1"
        parts.append(
            f'<rect x="{x + 12}" y="{base - height}" width="{col_w - 24}" height="{height}" rx="3" '
            f'fill="{colour}"><title>{escape(t("page-bar", pages=bucket["pages"], label=bucket["label"]))}'
            f"</title></rect>"
            f'<text x="{x + col_w / 2}" y="{base - height - 6}" text-anchor="middle" font-size="12" '
            f'fill="#1f2933">{bucket["pages"]:,}</text>'
            f'<text x="{x + col_w / 2}" y="{base + 18}" text-anchor="middle" font-size="13" '
            f'fill="#616e7c">{escape(bucket["label"])}</text>'
        )
    parts.append(
        f'<text x="{width / 2}" y="{base + 36}" text-anchor="middle" font-size="12" '
        f'fill="#616e7c">{t("page-axis")}</text></svg>'
    )
    return "".join(parts)


def _top_pages(pages: list[dict[str, Any]], t: Words) -> str:
    if not pages:
        return f'<p class="muted">{t("no-top-pages")}</p>'
    rows = []
    for rank, page in enumerate(pages, 1):
        title = escape(page.get("title") or "?")
        link = f'<a href="{escape(page["url"])}">{title}</a>' if page.get("url") else title
        rules = ", ".join(f"{escape(code)} ×{count}" for code, count in page.get("by_rule", {}).items())
        rows.append(
            f'<tr><td class="n">{rank}</td><td>{link}</td><td>{escape(page.get("wiki") or "")}'
            f'</td><td class="n">{_n(page["findings"])}</td>'
            f'<td class="rules-small">{rules}</td></tr>'
        )
    return (
        f'<table><thead><tr><th class="n">#</th><th>{t("col-page")}</th><th>{t("col-wiki")}</th>'
        f'<th class="n">{t("col-findings")}</th><th>{t("col-top-rules")}</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )


def _rules_table(rules: list[dict[str, Any]], t: Words) -> str:
    if not rules:
        return ""
    rows = "".join(
        f'<tr><td><span class="sev" style="background:{_colour(r["severity"])}"></span>'
        f"{escape(r['code'])}</td><td>{escape(r['name'])}</td><td>{escape(_severity(r['severity'], t))}</td>"
        f'<td class="n">{_n(r["findings"])}</td><td class="n">{_n(r["pages"])}</td></tr>'
        for r in rules
    )
    return (
        f"<table><thead><tr><th>{t('col-code')}</th><th>{t('col-rule')}</th>"
        f'<th>{t("col-severity")}</th><th class="n">{t("col-findings")}</th>'
        f'<th class="n">{t("col-pages")}</th></tr></thead><tbody>' + rows + "</tbody></table>"
    )


def _problems(problems: dict[str, Any], t: Words) -> str:
    if not problems.get("total"):
        return f'<p class="muted">{t("no-problems")}</p>'
    kinds = ", ".join(f"{escape(k)}: {_n(v)}" for k, v in problems["by_kind"].items())
    rows = "".join(
        f"<tr><td>{escape(str(p.get('dump', '')))}</td><td>{escape(str(p.get('title') or ''))}</td>"
        f"<td>{escape(p.get('kind', ''))}</td><td>{escape(str(p.get('message', '')))}</td></tr>"
        for p in problems.get("sample", [])
    )
    intro = escape(t("problems-intro", count=problems["total"], kinds="\0")).replace("\0", kinds)
    return (
        f"<p>{intro.replace('errors.jsonl', '<code>errors.jsonl</code>')}</p>"
        f"<table><thead><tr><th>{t('col-dump')}</th><th>{t('col-page')}</th>"
        f"<th>{t('col-kind')}</th><th>{t('col-message')}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _dumps(dumps: list[dict[str, Any]], t: Words) -> str:
    rows = "".join(
        f"<tr><td>{escape(d['name'])}</td><td>{escape(d.get('wiki', ''))}</td>"
        f"<td>{escape(' '.join(d.get(k, '') for k in ('kind', 'compression', 'encoding')))}</td>"
        f'<td class="n">{_n(d.get("seen"))}</td><td class="n">{_n(d.get("linted"))}</td>'
        f'<td class="n">{_n(sum(d.get("skipped", {}).values()))}</td>'
        f'<td class="n">{_n(d.get("problems"))}</td><td class="n">{_n(d.get("findings"))}</td></tr>'
        for d in dumps
    )
    head = "".join(
        (f'<th class="n">{t(key)}</th>' if numeric else f"<th>{t(key)}</th>")
        for key, numeric in (
            ("col-dump", False),
            ("col-wiki", False),
            ("col-read-as", False),
            ("col-pages", True),
            ("col-linted", True),
            ("col-skipped", True),
            ("col-problems", True),
            ("col-findings", True),
        )
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>" + rows + "</tbody></table>"


def report_language(lang: str, summary: dict[str, Any]) -> str:
    """The language of a scan's report and summary line: ``lang``, or for
    ``auto`` the language of the dumps' wiki (Simplified script for zh, whose
    pages come in both)."""
    if lang != "auto":
        return lang
    languages = {str(d.get("wiki") or "").removesuffix("wiki")[:2] for d in summary.get("dumps", [])}
    if languages == {"zh"}:
        return "zh-hans"
    return "en"


def _severity(name: str, t: Words) -> str:
    return t(f"severity-{name}") if name in SEVERITY_COLOURS else name


def render_report(summary: dict[str, Any], lang: str = "en") -> str:
    """The report as one HTML document, in ``lang``."""
    lang = report_language(lang, summary)
    t: Words = partial(text, lang=lang)
    pages = summary["pages"]
    linted = pages["linted"]
    share = f"{100 * pages['with_findings'] / linted:.1f}%" if linted else "–"
    status = summary.get("status", "complete")
    status_word = t(f"report-status-{status}") if status in ("complete", "interrupted") else status
    badge = f'<span class="badge {escape(status)}">{escape(status_word)}</span>'
    if summary["problems"]["total"]:
        badge += (
            f'<span class="badge problems">'
            f"{escape(t('report-skipped-badge', count=summary['problems']['total']))}</span>"
        )
    throughput = summary.get("throughput", {})
    cards = [
        (_n(linted), t("card-linted", count=linted)),
        (
            f"{_n(pages['with_findings'])} <small class='muted'>({share})</small>",
            t("card-with-findings", count=pages["with_findings"]),
        ),
        (_n(summary["findings"]["total"]), t("card-findings", count=summary["findings"]["total"])),
        (_n(summary["problems"]["total"]), t("card-skipped", count=summary["problems"]["total"])),
        (_duration(summary.get("elapsed_s", 0)), t("card-time")),
        (_n(throughput.get("pages_per_s")), t("card-rate")),
    ]
    cards_html = "".join(
        f'<div class="card"><b>{v}</b><span>{escape(label)}</span></div>' for v, label in cards
    )
    names = ", ".join(d["name"] for d in summary.get("dumps", []))
    finished = t("report-finished", time=str(summary.get("finished_at", "")))
    title = escape(t("report-title"))
    return f"""<!DOCTYPE html>
<html lang="{escape(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{CSS}</style></head>
<body><header><h1>{title} {badge}</h1>
<p>{escape(names)} · {escape(finished)}</p></header>
<main>
<div class="cards">{cards_html}</div>
<section><h2>{t("section-rules-chart")}</h2>{rule_chart(summary["rules"], t)}</section>
<section><h2>{t("section-distribution")}</h2>{distribution_chart(summary["distribution"], t)}</section>
<section><h2>{t("section-top-pages")}</h2>{_top_pages(summary["top_pages"], t)}</section>
<section><h2>{t("section-rules")}</h2>{_rules_table(summary["rules"], t)}</section>
<section><h2>{t("section-problems")}</h2>{_problems(summary["problems"], t)}</section>
<section><h2>{t("section-dumps")}</h2>{_dumps(summary.get("dumps", []), t)}</section>
</main></body></html>
"""


def write_report(summary: dict[str, Any], path: Path, lang: str = "en") -> None:
    path.write_text(render_report(summary, lang), encoding="utf-8")
