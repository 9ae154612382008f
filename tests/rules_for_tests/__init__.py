"""Small rules used by the engine and registry tests, and the README's plugin
example: a package whose rules ship their messages in ``i18n/<code>/``.
TodoMarker (TST001) is translated; FixmeMarker (TST003) has English only, so
its findings fall back to English in every language."""

from __future__ import annotations

from wikilint.rules import Rule, Severity


class TodoMarker(Rule):
    """Flags the word TODO.

    ## What it does
    Finds ``TODO`` in the text.

    ## Why is this bad?
    Work left undone.

    ## Example
    ```wikitext
    TODO: write this.
    ```

    Use instead:
    ```wikitext
    Written.
    ```
    """

    code = "TST001"
    name = "todo-marker"
    summary = "TODO left in the text"
    severity = Severity.INFO
    triggers = ("TODO",)

    def check(self, doc):
        start = doc.text.find("TODO")
        while start != -1:
            yield self.finding(doc, start, start + 4, self.message("left", word="TODO"),
                               suggestion=self.message("fix"), evidence={"offset": start})
            start = doc.text.find("TODO", start + 1)


class FixmeMarker(Rule):
    """Flags the word FIXME.

    ## What it does
    Finds ``FIXME`` in the text.

    ## Why is this bad?
    Work left undone.

    ## Example
    ```wikitext
    FIXME: check this.
    ```
    """

    code = "TST003"
    name = "fixme-marker"
    summary = "FIXME left in the text"
    severity = Severity.INFO
    triggers = ("FIXME",)

    def check(self, doc):
        start = doc.text.find("FIXME")
        while start != -1:
            yield self.finding(doc, start, start + 5, self.message("left", count=1))
            start = doc.text.find("FIXME", start + 1)


class Crashing(Rule):
    """Always raises."""

    code = "TST002"
    name = "always-crashes"
    summary = "raises on every page"

    def check(self, doc):
        raise RuntimeError("boom")
        yield  # pragma: no cover


class DuplicateCode(Rule):
    """Same code as TodoMarker."""

    code = "TST001"
    name = "another-name"
    summary = "clashes"

    def check(self, doc):
        return iter(())
