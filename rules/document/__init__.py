"""The document model: a page parsed once, with spans and lazy views."""

from wikilint.rules.document.brackets import Bracket, BracketScan
from wikilint.rules.document.document import DISABLED_TAGS, Document, DocumentError
from wikilint.rules.document.views import Block, LinkRef, RefTag, Section, TemplateRef

__all__ = [
    "DISABLED_TAGS",
    "Block",
    "Bracket",
    "BracketScan",
    "Document",
    "DocumentError",
    "LinkRef",
    "RefTag",
    "Section",
    "TemplateRef",
]
