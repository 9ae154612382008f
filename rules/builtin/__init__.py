"""wikilint's built-in rules, one module per rule.

The package is the entry point ``builtin`` of the group ``wikilint.rules``:
the registry loads it exactly as it loads a third-party plugin, collecting
every :class:`rules.Rule` subclass defined in its modules.
"""

from __future__ import annotations

import importlib
import pkgutil

from wikilint.rules.rule import Rule


def _collect() -> list[type[Rule]]:
    found: list[type[Rule]] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value is not Rule
                and value.__module__ == module.__name__
                and "code" in vars(value)
            ):
                found.append(value)
    return found


RULES: list[type[Rule]] = _collect()
