"""The README's rule catalogue is the registry's, not a hand-kept copy."""

from __future__ import annotations

import re

from wikilint.bot.commands.rules import catalogue_markdown
from wikilint.bot.registry import load_catalogue
from support import ROOT


def test_readme_catalogue_matches_registry() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"<!-- rule-catalogue -->\n(.*?)<!-- /rule-catalogue -->", readme, re.S)
    assert block, "README lacks the rule-catalogue block"
    assert block.group(1) == catalogue_markdown(load_catalogue()), (
        "README rule table is stale: regenerate it with `wikilint rules --format markdown`")
