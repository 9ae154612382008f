"""wikilint's rule SDK and built-in rules.

Everything a rule author needs is importable from here::

    from wikilint.rules import Document, Finding, Rule, Severity

This package never imports :mod:`wikilint.bot`: rules know nothing of how they are run.
"""

from wikilint.rules.document import Document, DocumentError
from wikilint.rules.finding import Finding, Severity
from wikilint.rules.fix import Applicability, Edit, Fix
from wikilint.rules.messages import Message
from wikilint.rules.profile import WikiProfile, load_profile
from wikilint.rules.rule import Rule

__all__ = [
    "Applicability",
    "Document",
    "DocumentError",
    "Edit",
    "Finding",
    "Fix",
    "Message",
    "Rule",
    "Severity",
    "WikiProfile",
    "load_profile",
]
