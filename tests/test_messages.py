"""Every message of every rule, rendered in every language with parameters.

The parameters of a message are read from its English text: a typed
placeholder says what kind of value it takes (``{age:number}``,
``{month:month}``...). Each language must use the same parameters as
English (no missing, unused or unknown one), leave no placeholder behind,
and a Chinese text must say everything in Chinese: what may stay in Latin
letters are rule codes, template names (``{{cite web}}``), wikitext markup
(``<ref name=…>``) and the parameter values themselves (article text).
"""

from __future__ import annotations

import json
import re
from importlib.resources.abc import Traversable

import pytest

from wikilint.bot.registry import load_catalogue
from wikilint.rules import messages
from wikilint.rules.rule import DOC_PARTS, OPTIONAL_DOC_PARTS

RULES = list(load_catalogue())
LANGS = (*messages.LANGUAGES, "qqq")
SAMPLE_VALUES = {"number": 1234, "month": "2014-01", "date": "2014-01-09", "list": ["甲", "乙"]}
#: What a Chinese text may write in Latin letters besides parameter values.
LATIN_ALLOWED = re.compile(
    r"\{\{[^{}]*\}\}"            # a template name: {{cite web}}
    r"|<[^<>]*>"                 # markup: <ref name="…" />
    r"|`[^`]*`"                  # a quoted piece of wikitext in documentation
    r"|(?<![A-Za-z])[A-Z]{2,5}\d{0,3}(?![A-Za-z])"  # a rule code or an acronym (BOM)
    r"|(?<![A-Za-z])zh(?:-[A-Za-z]+)*(?![A-Za-z])"   # a language variant code (zh-hant)
    r"|\[?(?:https?|ftp)://[^\s\]、]*"  # a URL shown as an example
    r"|(?<![\w.-])[A-Za-z][\w-]*=(?:\"[^\"]*\"|[\w-]*)"  # a parameter: url-status=dead, name="x"
    r"|(?<![\w.])[\w-]+(?:\.[A-Za-z][\w-]*)+"              # a site: web.archive.org
    r"|(?<![A-Za-z])(?:MediaWiki|Cite|wikilint)(?![A-Za-z])")  # software by its name
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_TYPED = re.compile(r"\{(\w+)(?::(\w+))?\}")


def rule_texts(rule, lang: str) -> dict[str, str]:
    directory: Traversable | None = messages.rule_directory(rule.__module__, rule.code)
    assert directory is not None, f"{rule.code}: no i18n/{rule.code.lower()}/ beside the rule"
    file = directory.joinpath(f"{lang}.json")
    assert file.is_file(), f"{rule.code}: no {lang}.json"
    return {k: v for k, v in json.loads(file.read_text("utf-8")).items() if not k.startswith("@")}


def message_keys(rule) -> list[str]:
    docs = {f"wikilint-{rule.code.lower()}-{part}" for part in DOC_PARTS + OPTIONAL_DOC_PARTS}
    return sorted(set(rule_texts(rule, "en")) - docs)


def sample_params(english: str) -> dict:
    params: dict = {}
    for name in messages.placeholders(english):
        kinds = {m.group(2) for m in _TYPED.finditer(english) if m.group(1) == name}
        kind = next((k for k in kinds if k), None)
        params[name] = SAMPLE_VALUES.get(kind, f"«{name}»")
    for match in re.finditer(r"\{\{PLURAL:\{(\w+)\}", english):
        if match.group(1) not in messages.placeholder_sequence(english):
            params[match.group(1)] = 2  # only chooses a plural form
    return params


def english_left(text: str) -> list[str]:
    return LATIN_WORD.findall(LATIN_ALLOWED.sub(" ", text))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_language_has_every_key(rule) -> None:
    english = set(rule_texts(rule, "en"))
    for part in DOC_PARTS:
        assert f"wikilint-{rule.code.lower()}-{part}" in english, f"{rule.code}: no {part}"
    for lang in LANGS:
        assert set(rule_texts(rule, lang)) == english, f"{rule.code} {lang}: keys differ from en"
    for key in english:
        assert messages.rule_code_of(key) == rule.code, f"{key}: not a key of {rule.code}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_every_message_renders_with_its_parameters(rule, lang) -> None:
    for key in message_keys(rule):
        english = rule_texts(rule, "en")[key]
        text = rule_texts(rule, lang)[key]
        # a count that only chooses a plural form needs no place in a language without plurals
        assert set(messages.placeholder_sequence(text)) == set(messages.placeholder_sequence(english)) \
            and messages.placeholders(text) <= messages.placeholders(english), \
            f"{key} ({lang}): parameters differ from English"
        params = sample_params(english)
        rendered = messages.render(key, params, lang)
        pieces = messages.render_parts(key, params, lang)
        words = "".join(pieces[0::2])
        assert not _TYPED.search(re.sub(r"\{\{[^{}]*\}\}", "", words)), \
            f"{key} ({lang}): placeholder left in {rendered!r}"
        assert "PLURAL" not in rendered, f"{key} ({lang}): {rendered!r}"
        for name, value in params.items():
            if isinstance(value, str) and value.startswith("«"):
                assert value in rendered, f"{key} ({lang}): {name} not shown"
        if lang.startswith("zh"):
            assert not english_left(words), f"{key} ({lang}): English left in {rendered!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_both_scripts_place_the_parameters_alike(rule) -> None:
    """The talk-page report writes a finding in both scripts at once, with
    the parameter values between the variant blocks: the order must match."""
    for key in message_keys(rule):
        hans, hant = rule_texts(rule, "zh-hans")[key], rule_texts(rule, "zh-hant")[key]
        assert messages.placeholder_sequence(hans) == messages.placeholder_sequence(hant), key


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("lang", ("zh-hans", "zh-hant"))
def test_documentation_is_translated(rule, lang) -> None:
    present = [part for part in OPTIONAL_DOC_PARTS if rule.source_doc(part)]
    for part in (*DOC_PARTS, *present):
        text = rule.doc(part, lang)
        assert text and text != rule.doc(part, "en"), f"{rule.code} {part} ({lang}) not translated"
        assert not english_left(text), f"{rule.code} {part} ({lang}): English left: {english_left(text)}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_english_summary_is_the_class_summary(rule) -> None:
    """en.json repeats the class's summary (the catalogue): they must not drift apart.
    (What it does / Why is this bad? may be condensed there: the docstring stays
    the full English documentation.)"""
    texts = rule_texts(rule, "en")
    code = rule.code.lower()
    assert texts[f"wikilint-{code}-summary"] == rule.summary
    for part in ("what", "why"):
        assert texts[f"wikilint-{code}-{part}"].strip()


def test_plural_forms_follow_the_count() -> None:
    key = "wikilint-cit001-dated"
    one = messages.render(key, {"template": "cn", "month": "2014-01", "age": 1}, "en")
    many = messages.render(key, {"template": "cn", "month": "2014-01", "age": 4383}, "en")
    assert one.endswith("(1 day ago)") and many.endswith("(4383 days ago)")
    assert messages.render(key, {"template": "cn", "month": "2014-01", "age": 4383}, "zh-hant") \
        == "{{cn}}要求提供來源，標記於2014年1月（4383天前）"


def test_a_missing_language_falls_back() -> None:
    assert messages.languages_of("zh-hant") == ("zh-hant", "zh-hans", "en")
    with pytest.raises(messages.MessageError):
        messages.render("wikilint-cit001-no-such-message", {}, "zh-hant")


def output_texts(lang: str) -> dict[str, str]:
    from importlib import resources

    data = json.loads(resources.files("wikilint.bot.i18n").joinpath(f"{lang}.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("@")}


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_every_output_text_renders(lang) -> None:
    """The summaries and the scan report (``wikilint-output-*``) obey the same bar."""
    import wikilint.bot.i18n  # noqa: F401  (registers the texts)

    english = output_texts("en")
    assert set(output_texts(lang)) == set(english) == set(output_texts("qqq"))
    for key, source in english.items():
        text = output_texts(lang)[key]
        # a count that only chooses a plural form needs no place in a language without plurals
        assert set(messages.placeholder_sequence(text)) == set(messages.placeholder_sequence(source)), key
        assert messages.placeholders(text) <= messages.placeholders(source), key
        params = sample_params(source)
        words = "".join(messages.render_parts(key, params, lang)[0::2])
        assert "{" not in words.replace("{{", "").replace("}}", "") and "PLURAL" not in words, key
        if lang.startswith("zh"):
            leftover = [w for w in english_left(words) if w not in ("errors", "jsonl")]
            assert not leftover, f"{key} ({lang}): English left in {words!r}"


def test_output_plurals() -> None:
    from wikilint.bot.i18n import text

    assert text("card-linted", count=1) == "page linted"
    assert text("card-linted", count=2) == "pages linted"
    assert text("found", findings=1, files=2) == "Found 1 finding in 2 files."
    assert text("found", "zh-hant", findings=1234, files=1) == "在1個檔案中發現1,234項問題。"


def test_spark_rows_carry_the_key_and_parameters() -> None:
    """A Parquet finding row keeps message_key, params and suggestion_key, and
    reads back as the local scan's record, renderable in another language."""
    from wikilint.bot.spark.rows import FINDING_COLUMNS, finding_record, finding_row

    names = [name for name, _ in FINDING_COLUMNS]
    assert {"message_key", "params", "suggestion_key"} <= set(names)
    line = json.dumps({"code": "CIT001", "message": "…", "message_key": "wikilint-cit001-dated",
                       "params": {"template": "cn", "month": "2014-01", "age": 3},
                       "suggestion_key": "wikilint-cit001-fix"}, ensure_ascii=False)
    record = finding_record(dict(zip(names, finding_row(line))))
    assert messages.render(record["message_key"], record["params"], "zh-hans") \
        == "{{cn}}要求提供来源，标记于2014年1月（3天前）"
    assert record["suggestion_key"] == "wikilint-cit001-fix"
