"""The rules' documentation in the reader's language, in every form it is read.

``wikilint rules`` (text, JSON, the README's Markdown table), ``wikilint
explain CODE`` and ``wikilint docs`` (the bot's task documentation page in
wikitext, or the README's catalogue in Markdown). The English comes from each
rule's class (its summary and docstring); translations from its message files
(``wikilint-<code>-summary``, ``-what``, ``-why``: :meth:`Rule.doc`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from wikilint.bot.i18n import text
from wikilint.rules.rule import Rule

#: ``--lang`` of ``wikilint docs``: ``zh`` writes both scripts (a wiki page only).
DOC_LANGUAGES = ("en", "zh", "zh-hans", "zh-hant")


def severity_name(rule: type[Rule], lang: str) -> str:
    return text(f"severity-{rule.severity.value}", lang)


def catalogue_text(catalogue: Iterable[type[Rule]], lang: str = "en") -> str:
    """``CODE  name  severity  summary``, one rule a line."""
    rules = list(catalogue)
    width = max((len(r.name) for r in rules), default=4)
    severities = {r.code: severity_name(r, lang) for r in rules}
    severity_width = max((len(s) for s in severities.values()), default=7)
    return "".join(
        f"{r.code}  {r.name:<{width}}  {severities[r.code]:<{severity_width}}  {r.doc('summary', lang)}\n"
        for r in rules
    )


def catalogue_json(catalogue: Iterable[type[Rule]], lang: str = "en") -> str:
    return json.dumps(
        [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.doc("summary", lang),
                "wikis": sorted(r.wikis),
            }
            for r in catalogue
        ],
        ensure_ascii=False,
        indent=2,
    )


def catalogue_markdown(catalogue: Iterable[type[Rule]], lang: str = "en") -> str:
    """The rule catalogue as the Markdown table in the README."""
    rows = [text("doc-catalogue-head", lang), "|---|---|---|---|"]
    for rule in catalogue:
        summary = rule.doc("summary", lang).replace("|", "\\|")
        severity = rule.severity.value if lang == "en" else severity_name(rule, lang)
        rows.append(f"| {rule.code} | `{rule.name}` | {severity} | {summary} |")
    return "\n".join(rows) + "\n"


def explanation(rule: type[Rule], lang: str = "en") -> str:
    """What ``wikilint explain`` prints: the rule's documentation in ``lang``
    (in English, its whole docstring; its Example stays as written)."""
    head = f"{rule.code} {rule.name} ({severity_name(rule, lang)})\n\n{rule.doc('summary', lang)}\n\n"
    if lang == "en":
        return head + rule.documentation() + "\n"
    parts = [
        head.rstrip("\n"),
        f"## {text('doc-what', lang)}\n{rule.doc('what', lang)}",
        f"## {text('doc-why', lang)}\n{rule.doc('why', lang)}",
    ]
    example, instead = rule.examples()
    if example:
        parts.append(f"## {text('doc-example', lang)}\n```wikitext\n{example}```")
    if instead:
        colon = "：" if lang.startswith("zh") else ":"
        parts.append(f"{text('doc-instead', lang)}{colon}\n```wikitext\n{instead}```")
    return "\n\n".join(parts) + "\n"


def documentation(catalogue: Iterable[type[Rule]], fmt: str, lang: str = "en") -> str:
    """``wikilint docs``: the wiki page (``wikitext``) or the README's table (``markdown``)."""
    if fmt == "wikitext":
        from wikilint.bot.wiki.docpage import render_docpage

        return render_docpage(list(catalogue), lang)
    return catalogue_markdown(catalogue, "zh-hans" if lang == "zh" else lang)
