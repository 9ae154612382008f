"""The rule catalogue, loaded from the ``wikilint.rules`` entry points.

Built-in and third-party rules travel the same road: an entry point names a
:class:`rules.Rule` subclass, a list of them, or a module (whose ``RULES`` list,
or else every rule class it defines, is taken). A duplicate code or name is an
error at start-up, never a silent shadowing.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

from wikilint.bot.selector import Selection, unknown
from wikilint.rules.rule import CODE_PATTERN, NAME_PATTERN, Rule

ENTRY_POINT_GROUP = "wikilint.rules"


class RegistryError(Exception):
    """The rule catalogue is inconsistent (duplicate code, bad metadata...)."""


@dataclass(frozen=True)
class Catalogue:
    """All known rules, by code, in code order."""

    rules: tuple[type[Rule], ...]

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, key: str) -> type[Rule] | None:
        """A rule by exact code or name (case-insensitive)."""
        key = key.strip()
        for rule in self.rules:
            if rule.code.upper() == key.upper() or rule.name == key.lower():
                return rule
        return None

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[type[Rule]]:
        """Rules chosen by ``select`` (all when empty) minus ``ignore``
        (:class:`~wikilint.bot.selector.Selection`).

        Raises :class:`RegistryError` for a selector that matches no rule.
        """
        selection = Selection.of(select, ignore)
        bad = unknown(selection.select + selection.ignore, self.rules)
        if bad:
            raise RegistryError(f"unknown rule selector {str(bad[0])!r} (see `wikilint rules`)")
        return [r for r in self.rules if selection.admits(r.code, r.name)]


def _rules_from(value: object, source: str) -> list[type[Rule]]:
    if inspect.isclass(value) and issubclass(value, Rule):
        return [value]
    if isinstance(value, ModuleType):
        if hasattr(value, "RULES"):
            return _rules_from(list(value.RULES), source)
        return [
            v
            for v in vars(value).values()
            if inspect.isclass(v) and issubclass(v, Rule) and v is not Rule and v.__module__ == value.__name__
        ]
    if isinstance(value, (list, tuple)):
        rules = []
        for item in value:
            rules.extend(_rules_from(item, source))
        return rules
    raise RegistryError(f"entry point {source} is not a rule, a list of rules or a module")


def _check_metadata(rule: type[Rule], source: str) -> None:
    for attribute in ("code", "name", "summary"):
        if not isinstance(getattr(rule, attribute, None), str):
            raise RegistryError(f"rule {rule.__qualname__} from {source} has no {attribute}")
    if not CODE_PATTERN.match(rule.code):
        raise RegistryError(f"rule {rule.__qualname__} from {source}: bad code {rule.code!r} (e.g. ABC123)")
    if not NAME_PATTERN.match(rule.name):
        raise RegistryError(f"rule {rule.code} from {source}: name {rule.name!r} is not kebab-case")


def build_catalogue(sources: Iterable[tuple[str, object]]) -> Catalogue:
    """A catalogue from ``(source name, loaded entry point value)`` pairs."""
    by_code: dict[str, tuple[type[Rule], str]] = {}
    by_name: dict[str, tuple[type[Rule], str]] = {}
    for source, value in sources:
        for rule in _rules_from(value, source):
            _check_metadata(rule, source)
            if rule.code in by_code and by_code[rule.code][0] is not rule:
                raise RegistryError(f"duplicate rule code {rule.code}: {by_code[rule.code][1]} and {source}")
            if rule.name in by_name and by_name[rule.name][0] is not rule:
                raise RegistryError(f"duplicate rule name {rule.name}: {by_name[rule.name][1]} and {source}")
            by_code[rule.code] = (rule, source)
            by_name[rule.name] = (rule, source)
    return Catalogue(tuple(sorted((r for r, _ in by_code.values()), key=lambda r: r.code)))


def _load(entry: EntryPoint) -> tuple[str, object]:
    source = f"{entry.name} = {entry.value}"
    try:
        return source, entry.load()
    except Exception as error:  # a broken plugin must be named, not crash obscurely
        raise RegistryError(f"cannot load rule plugin {source}: {type(error).__name__}: {error}") from error


_CATALOGUE: Catalogue | None = None


def load_catalogue() -> Catalogue:
    """The catalogue of every installed rule (loaded once per process)."""
    global _CATALOGUE
    if _CATALOGUE is None:
        eps = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name != "builtin", e.name))
        if not eps:
            raise RegistryError(
                "no rules installed: wikilint's entry points are missing (install it with pip install -e .)"
            )
        _CATALOGUE = build_catalogue(_load(e) for e in eps)
    return _CATALOGUE
