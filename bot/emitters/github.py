"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::warning file=PATH,line=3,col=9,endLine=3,endColumn=13,title=CIT001 citation-needed::message``
shows the finding on the file's line in a pull request. Values are escaped as
GitHub's runner reads them: ``%``, CR and LF in the message; those and ``:``
and ``,`` in the properties.
"""

from __future__ import annotations

from wikilint.bot.emitters.base import Emitter, Page
from wikilint.rules.finding import Finding, Severity

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding) -> str:
    properties = {
        "file": path,
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": f"{finding.code} {finding.rule}",
    }
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{COMMAND[finding.severity]} {listed}::{escape_data(finding.message)}\n"


class GitHubEmitter(Emitter):
    name = "github"
    help = "GitHub Actions annotations (::warning file=…,line=…::message)"

    def render(self, page: Page) -> str:
        return "".join(annotation(page.path, f) for f in page.findings)
