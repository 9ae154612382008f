"""Template-name normalisation, the way MediaWiki resolves a title."""

from __future__ import annotations

import re
from functools import lru_cache

from wikilint.rules.text.script import fold_script

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_SPACES = re.compile(r"[\s_]+")


def clean_name(raw: str) -> str:
    """A template name as written, without comments and surrounding space."""
    if "<!--" in raw:
        raw = _COMMENT.sub("", raw)
    return _SPACES.sub(" ", raw).strip()


@lru_cache(maxsize=65536)
def normalize_title(name: str, prefixes: tuple[str, ...] = ()) -> str:
    """The key under which two spellings of one template name compare equal.

    ``_`` and runs of spaces become one space, a namespace prefix in
    ``prefixes`` (``Template:``, ``模板:``) is dropped, the first letter is
    upper-cased (MediaWiki titles are case-insensitive there only) and
    Traditional/Simplified script is folded, so ``{{來源請求}}``,
    ``{{来源请求}}`` and ``{{Template:來源請求}}`` share one key.
    """
    name = clean_name(name)
    if ":" in name:
        head, _, rest = name.partition(":")
        if head.strip().casefold() in {p.casefold() for p in prefixes}:
            name = rest.strip()
    if name:
        name = name[0].upper() + name[1:]
    return fold_script(name)
