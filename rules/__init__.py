"""wikilint's rule SDK and built-in rules.

Everything a rule author needs is importable from here::

    from rules import Document, Finding, Rule, Severity

This package never imports :mod:`bot`: rules know nothing of how they are run.
"""

from rules.document import Document, DocumentError
from rules.finding import Finding, Severity
from rules.profile import WikiProfile, load_profile
from rules.rule import Rule

__all__ = ["Document", "DocumentError", "Finding", "Rule", "Severity", "WikiProfile", "load_profile"]
