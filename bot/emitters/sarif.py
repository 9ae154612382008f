"""``--format sarif``: SARIF 2.1.0, the log format code-scanning services read.

One run of the tool ``wikilint``: the rules that found something (with their
summaries from the catalogue), one result per finding with its region in
Unicode code points (``columnKind``), and whether every input could be read.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from wikilint.bot import __version__
from wikilint.bot.emitters.base import Emitter, Page, Totals
from wikilint.rules.finding import Finding, Severity

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A file path as a URI reference (relative paths stay relative)."""
    pure = PurePath(path)
    if pure.is_absolute():
        return "file://" + quote(pure.as_posix())
    return quote(pure.as_posix())


def _summaries() -> dict[str, Any]:
    """The catalogue's rules by code (none when the catalogue cannot be loaded)."""
    from wikilint.bot.registry import RegistryError, load_catalogue

    try:
        return {rule.code: rule for rule in load_catalogue()}
    except RegistryError:
        return {}


class SarifEmitter(Emitter):
    name = "sarif"
    help = "SARIF 2.1.0 (code-scanning services)"
    streaming = False

    def __init__(self, out) -> None:
        super().__init__(out)
        self.results: list[tuple[str, Finding]] = []

    def page(self, page: Page) -> None:
        self.results.extend((page.path, f) for f in page.findings)

    def finish(self, totals: Totals) -> None:
        json.dump(self.log(totals), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")

    def statistics(self, totals: Totals) -> None:
        self.finish(totals)  # the log holds the counts: one result per finding

    def log(self, totals: Totals) -> dict[str, Any]:
        known = _summaries()
        codes = sorted({f.code: f.rule for _, f in self.results}.items())
        index = {code: i for i, (code, _) in enumerate(codes)}
        rules = []
        for code, name in codes:
            descriptor: dict[str, Any] = {"id": code, "name": name}
            rule = known.get(code)
            if rule is not None:
                descriptor["shortDescription"] = {"text": rule.summary}
                descriptor["defaultConfiguration"] = {"level": LEVEL[rule.severity]}
            rules.append(descriptor)
        return {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "wikilint",
                            "version": __version__,
                            "informationUri": "https://pypi.org/project/wikilint/",
                            "rules": rules,
                        }
                    },
                    "invocations": [{"executionSuccessful": not totals.errors}],
                    "columnKind": "unicodeCodePoints",
                    "results": [self.result(path, f, index[f.code]) for path, f in self.results],
                }
            ],
        }

    @staticmethod
    def result(path: str, finding: Finding, rule_index: int) -> dict[str, Any]:
        region: dict[str, Any] = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": finding.end_column,
        }
        if finding.offset is not None and finding.end_offset is not None:
            region["charOffset"] = finding.offset
            region["charLength"] = finding.end_offset - finding.offset
        if finding.snippet:
            region["snippet"] = {"text": finding.snippet}
        properties: dict[str, Any] = {"severity": finding.severity.value}
        for key in ("section", "suggestion"):
            if getattr(finding, key):
                properties[key] = getattr(finding, key)
        if finding.evidence:
            properties["evidence"] = finding.evidence
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": rule_index,
            "level": LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}}
            ],
            "properties": properties,
        }
        if finding.fingerprint:
            # Code-scanning services match results across runs by these.
            result["partialFingerprints"] = {"wikilint/v1": finding.fingerprint}
        if finding.fix is not None:
            properties["fixApplicability"] = finding.fix.applicability.value
            result["fixes"] = [
                {
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": artifact_uri(path)},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "charOffset": edit.start,
                                        "charLength": edit.end - edit.start,
                                    },
                                    "insertedContent": {"text": edit.content},
                                }
                                for edit in finding.fix.edits
                            ],
                        }
                    ]
                }
            ]
        return result
