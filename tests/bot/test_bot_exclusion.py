"""The bot-exclusion protocol read from wikitext (no wiki needed)."""

from __future__ import annotations

import pytest

from wikilint.bot.wiki.exclusion import ExclusionPolicy, normalize_name

POLICY = ExclusionPolicy("LintBot", template_prefixes=("Template", "模板"))


@pytest.mark.parametrize("text, reason", [
    ("{{nobots}}", "nobots"),
    ("{{Nobots}}", "nobots"),
    ("{{Template:nobots}}", "nobots"),
    ("{{模板:Nobots}}", "nobots"),
    ("{{nobots|LintBot}}", "nobots"),
    ("{{nobots|all}}", "nobots"),
    ("{{bots|deny=all}}", "bots-deny"),
    ("{{bots|deny=OtherBot, lintBot}}", "bots-deny"),
    ("{{bots|deny=Lint_Bot}}", None),
    ("{{bots|allow=OtherBot}}", "bots-allow"),
    ("{{bots|allow=none}}", "bots-allow"),
    ("{{bots|allow=LintBot}}", None),
    ("{{bots|allow=all}}", None),
    ("{{bots|optout=all}}", "bots-optout"),
    ("{{bots|optout=nosource,wikilint}}", "bots-optout"),
    ("{{bots|optout=nosource}}", None),
    ("{{bots}}", None),
    ("{{bots|deny=none}}", None),
    ("{{nobots|OtherBot}}", None),
    ("{{Wikilint-optout}}", "optout-template"),
    ("{{wikilint-optout|reason=no}}", "optout-template"),
    ("{{Template:Wikilint optout}}", None),
    ("<!-- {{nobots}} -->", None),
    ("<nowiki>{{nobots}}</nowiki>", None),
    ("<pre>{{nobots}}</pre>", None),
    ("{{Infobox|note={{nobots}}}}", "nobots"),
    ("text without templates", None),
])
def test_exclusions(text, reason):
    found = POLICY.check(text)
    assert (found.reason if found else None) == reason


def test_a_quoted_report_does_not_exclude_the_bot():
    assert POLICY.check("<code><nowiki>{{nobots}}</nowiki></code>") is None


def test_own_template_and_message_type_are_configurable():
    policy = ExclusionPolicy("LintBot", message_type="lint", optout_templates=["No lint"])
    assert policy.check("{{No_lint}}").reason == "optout-template"
    assert policy.check("{{bots|optout=lint}}").reason == "bots-optout"
    assert policy.check("{{bots|optout=wikilint}}") is None


def test_normalize_name():
    assert normalize_name(" template:foo_bar  baz ") == "Foo bar baz"
    assert normalize_name("x", ()) == "X"
