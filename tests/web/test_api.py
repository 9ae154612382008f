"""The JSON API and the page's answers to bad input (no browser, no wiki)."""

from __future__ import annotations

import json

import pytest
from markupsafe import escape
from pages import HOSTILE, SEED
from web_linters import CRASH, HANG, HOG

from wikilint.bot.registry import load_catalogue
from wikilint.bot.web.app import inline_code


def lint(client, **body):
    return client.post("/api/v1/lint", json=body)


def test_lint_text_returns_the_findings_with_keys_and_counts(client):
    answer = lint(client, text=SEED)
    assert answer.status_code == 200
    data = answer.get_json()
    findings = data["findings"]
    assert data["wiki"] == "zhwiki" and data["title"] is None
    codes = {f["code"] for f in findings}
    assert {"REF001", "REF002", "CIT001"} <= codes
    for field in ("message", "message_key", "params", "line", "column", "end_line", "end_column",
                  "offset", "end_offset", "section", "snippet", "suggestion", "evidence"):
        assert all(field in f for f in findings), field
    assert any(f["message_key"] for f in findings)
    assert sum(c["count"] for c in data["counts"]) == len(findings)
    for f in findings:
        assert SEED[f["offset"]:f["end_offset"]].strip(), f


def test_the_same_text_gives_what_wikilint_check_gives(client, tmp_path):
    from wikilint.bot.cli import main

    path = tmp_path / "seed.wiki"
    path.write_text(SEED, encoding="utf-8")
    out = tmp_path / "out.json"
    main(["check", "--format", "json", "--wiki", "zhwiki", "--output", str(out), str(path)])
    expected = [(f["code"], f["offset"], f["end_offset"], f["message"])
                for f in json.loads(out.read_text("utf-8"))]
    got = [(f["code"], f["offset"], f["end_offset"], f["message"])
           for f in lint(client, text=SEED, wiki="zhwiki").get_json()["findings"]]
    assert got == expected


def test_messages_are_rendered_in_the_language_asked(client):
    english = lint(client, text=SEED).get_json()["findings"]
    hant = lint(client, text=SEED, lang="zh-hant").get_json()["findings"]
    keyed = [i for i, f in enumerate(english) if f["message_key"]]
    assert keyed
    for i in keyed:
        assert hant[i]["message_key"] == english[i]["message_key"]
        assert hant[i]["message"] != english[i]["message"]


def test_selection_and_minimum_severity(client):
    only = lint(client, text=SEED, select="CIT,REF001").get_json()["findings"]
    assert only and {f["code"][:3] for f in only} <= {"CIT", "REF"}
    assert all(f["code"] != "REF002" for f in only)
    listed = lint(client, text=SEED, select=["REF002"]).get_json()["findings"]
    assert listed and {f["code"] for f in listed} == {"REF002"}
    ignored = lint(client, text=SEED, ignore="bare-url").get_json()["findings"]
    assert ignored and all(f["code"] != "REF001" for f in ignored)
    warnings = lint(client, text=SEED, min_severity="warning").get_json()["findings"]
    assert warnings and all(f["severity"] in ("warning", "error") for f in warnings)


@pytest.mark.parametrize("body, field", [
    ({"text": "x", "lang": "fr"}, "lang"),
    ({"text": "x", "wiki": "dewiki"}, "wiki"),
    ({"text": "x", "select": "NOPE999"}, "select"),
    ({"text": "x", "ignore": ["no-such-rule"]}, "ignore"),
    ({"text": "x", "min_severity": "fatal"}, "min_severity"),
    ({"text": "x", "colour": "red"}, "colour"),
    ({"text": "x", "title": "Y"}, "body"),
    ({"title": "A<b>"}, "title"),
    ({"oldid": -3}, "oldid"),
    ({}, "body"),
])
def test_invalid_options_are_422_naming_the_field(client, body, field):
    answer = lint(client, **body)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["field"] == field and error["status"] == 422 and error["message"]


def test_a_body_that_is_not_json_is_a_json_400(client):
    answer = client.post("/api/v1/lint", data="text=x", content_type="text/plain")
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad-json"


def test_too_large_is_413_on_the_api_and_on_the_page(client_app):
    limit = client_app.extensions["wikilint"].max_bytes
    client = client_app.test_client()
    answer = lint(client, text="x" * (limit + 1))
    assert answer.status_code == 413 and answer.get_json()["error"]["field"] == "text"
    huge = client.post("/api/v1/lint", data=b"{" + b" " * (4 * limit) + b"}",
                       content_type="application/json")
    assert huge.status_code == 413 and huge.get_json()["error"]["status"] == 413
    page = client.post("/", data={"text": "x" * (limit + 1)})
    assert page.status_code == 413
    assert b"too large" in page.data and b"Traceback" not in page.data


def test_a_page_that_hangs_is_stopped_and_the_server_goes_on(client):
    answer = lint(client, text=f"Intro. {HANG}")
    assert answer.status_code == 504
    assert "longer than" in answer.get_json()["error"]["message"]
    page = client.post("/", data={"text": f"Intro. {HANG}"})
    assert page.status_code == 504 and b"took too long" in page.data
    assert lint(client, text=SEED).status_code == 200


def test_a_page_over_the_memory_limit_is_refused_and_the_server_goes_on(client):
    answer = lint(client, text=f"Intro. {HOG}")
    assert answer.status_code == 413
    assert "memory limit of 512 MB" in answer.get_json()["error"]["message"]
    for lang, words in (("zh-hant", "所需記憶體超過 512 MB 的上限"), ("zh-hans", "所需内存超过 512 MB 的上限"),
                        ("en", "more memory than the limit of 512 MB")):
        page = client.post("/", data={"text": f"Intro. {HOG}", "lang": lang})
        assert page.status_code == 413 and words in page.get_data(as_text=True)
    assert lint(client, text=SEED).status_code == 200


def test_a_page_that_kills_the_linter_is_an_error_and_the_server_goes_on(client):
    answer = lint(client, text=f"Intro. {CRASH}")
    assert answer.status_code == 500
    assert "died" in answer.get_json()["error"]["message"]
    assert lint(client, text=SEED).status_code == 200


def test_an_unreachable_wiki_is_a_502_naming_title(client):
    answer = lint(client, title="Anything")
    assert answer.status_code == 502 and answer.get_json()["error"]["field"] == "title"


def test_rules_and_one_rule(client):
    rules = client.get("/api/v1/rules").get_json()["rules"]
    codes = [r["code"] for r in rules]
    assert "REF001" in codes and all(r["summary"] for r in rules)
    one = client.get("/api/v1/rules/bare-url").get_json()
    assert one["code"] == "REF001" and "## What it does" in one["documentation"]
    assert client.get("/api/v1/rules/NOPE999").status_code == 404
    assert client.get("/api/v1/rules?lang=xx").get_json()["error"]["field"] == "lang"


def test_the_openapi_description_is_valid_and_names_every_route(client):
    from jsonschema.validators import Draft202012Validator

    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/api/v1/lint", "/api/v1/rules", "/api/v1/rules/{code}"}
    finding = document["components"]["schemas"]["Finding"]
    Draft202012Validator.check_schema(finding)
    findings = lint(client, text=SEED).get_json()["findings"]
    schema = {**finding, "$defs": document["components"]["schemas"]}
    schema = json.loads(json.dumps(schema).replace("#/components/schemas/", "#/$defs/"))
    for f in findings:
        Draft202012Validator(schema).validate(f)


def test_cors_allows_the_wiki_origin_only(client):
    wiki = "http://127.0.0.1:9"
    preflight = client.options("/api/v1/lint", headers={
        "Origin": wiki, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == wiki
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    other = client.post("/api/v1/lint", json={"text": "x"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.parametrize("path", ["/", "/rules", "/rules/REF001", "/api", "/nope"])
def test_every_page_has_a_strict_csp(client, path):
    answer = client.get(path)
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_addresses_are_404_json_on_the_api_and_a_page_elsewhere(client):
    api = client.get("/api/v1/nothing")
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404
    page = client.get("/nothing")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert client.get("/api/v1/lint").status_code == 405


def test_hostile_text_is_escaped_in_the_page(client):
    page = client.post("/", data={"text": HOSTILE, "wiki": "enwiki"}).get_data(as_text=True)
    assert "<script>" not in page.replace('<script src="/static/app.js" defer></script>', "")
    for tag in ("<img", "<svg", "<style", "<b "):  # an attribute needs a tag to live in
        assert tag not in page, tag
    assert 'href="javascript:' not in page.lower()
    assert "&lt;script&gt;window.__pwned = 1" in page


def test_the_user_script_is_served_with_the_server_and_the_texts(client):
    script = client.get("/userscript.js", base_url="http://lint.example:8000")
    body = script.get_data(as_text=True)
    assert script.mimetype == "text/javascript"
    assert '"http://lint.example:8000"' in body and "__WIKILINT_" not in body
    assert "檢查" in body and "检查" in body


@pytest.mark.parametrize("lang", ["en", "zh-hans", "zh-hant"])
def test_every_rule_page_renders_in_every_language(client, lang):
    """Each rule's page, its optional parts (REF005's Fix) included, in the reader's language."""
    codes = [rule["code"] for rule in client.get("/api/v1/rules").get_json()["rules"]]
    assert "REF005" in codes
    for code in codes:
        answer = client.get(f"/rules/{code}?lang={lang}")
        assert answer.status_code == 200, f"{code} ({lang}): {answer.status_code}"
    ref005 = client.get(f"/rules/REF005?lang={lang}").get_data(as_text=True)
    heading = {"en": "<h2>Fix</h2>", "zh-hans": "<h2>修正</h2>", "zh-hant": "<h2>修正</h2>"}[lang]
    assert heading in ref005
    if lang != "en":
        assert "Unsafe (where the list belongs" not in ref005


@pytest.mark.parametrize("lang", ["en", "zh-hans", "zh-hant"])
def test_a_rule_page_shows_its_example_line_for_line_and_no_english_in_zh(client, lang):
    """The Example and its fixed form keep their lines, and "Use instead" is in the reader's language."""
    page = client.get(f"/rules/REF005?lang={lang}").get_data(as_text=True)
    example, instead = next(r for r in load_catalogue() if r.code == "REF005").examples()
    assert example and instead
    assert str(escape(example)).strip() in page and str(escape(instead)).strip() in page
    shown = {"en": "Use instead:", "zh-hans": "应改为：", "zh-hant": "應改為："}[lang]
    assert f'<p class="instead">{shown}</p>' in page
    if lang != "en":
        assert "Use instead" not in page


def test_documentation_text_shows_code_and_lists_as_html(client):
    page = client.get("/rules/NUM001?lang=en").get_data(as_text=True)
    assert "<code>casualties1</code>" in page and "`" not in page.split('<article class="rule-doc"')[1]
    assert "<ul><li>infobox casualty and strength fields" in page
    hostile = inline_code("<b>x</b> `<i>`")
    assert str(hostile) == "&lt;b&gt;x&lt;/b&gt; <code>&lt;i&gt;</code>"
