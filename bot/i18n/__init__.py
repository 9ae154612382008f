"""The texts of wikilint's own outputs (``wikilint-output-*``): the summary
lines of ``check`` and ``scan`` and the scan's HTML report, in
``<lang>.json`` beside this module, rendered by :mod:`wikilint.rules.messages`
like the rules' messages (plural forms included)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from wikilint.rules import messages

NAMESPACE = "output"
messages.register_directory(NAMESPACE, resources.files(__name__))


def text(name: str, lang: str = messages.DEFAULT_LANGUAGE, **params: Any) -> str:
    """The output message ``wikilint-output-<name>`` in ``lang``."""
    return messages.render(f"wikilint-{NAMESPACE}-{name}", params, lang)
