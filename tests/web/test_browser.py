"""The web tool in a real browser (Debian's headless Chromium), against a real MediaWiki.

Each test saves screenshots under ``WIKILINT_SHOTS`` (default /tmp/wikilint-shots).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from pages import HOSTILE, SEED, SEED_TITLE, XSS_TITLE

GLYPHS_DIFFER = """const c = document.createElement("canvas"); c.width = c.height = 48;
const g = c.getContext("2d"); g.font = "40px sans-serif";
const draw = ch => { g.clearRect(0, 0, 48, 48); g.fillText(ch, 4, 40); return g.getImageData(0, 0, 48, 48).data.join(); };
return draw(arguments[0]) !== draw(arguments[1]);"""


def wait(browser, seconds: float = 30):
    return WebDriverWait(browser, seconds)


def severe_logs(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def paste(browser, text: str) -> None:
    box = browser.find_element(By.ID, "text")
    browser.execute_script("arguments[0].value = arguments[1];", box, text)  # as a paste leaves it


def assert_no_alert(browser) -> None:
    with pytest.raises(TimeoutException):
        WebDriverWait(browser, 1).until(EC.alert_is_present())


def test_paste_the_seed_and_see_its_findings_then_click_one(browser, live, shot):
    browser.get(live.url + "/?lang=en")
    assert browser.execute_script(GLYPHS_DIFFER, "測", "試"), "CJK glyphs render as tofu"
    paste(browser, SEED)
    Select(browser.find_element(By.ID, "wiki")).select_by_value("zhwiki")
    shot("01-form")
    browser.find_element(By.ID, "submit").click()
    findings = wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding"))
    expected = live.app.test_client().post("/api/v1/lint", json={"text": SEED, "wiki": "zhwiki"})
    assert len(findings) == len(expected.get_json()["findings"]) > 20
    counts = {row.find_elements(By.TAG_NAME, "td")[1].text:
              int(row.find_elements(By.TAG_NAME, "td")[4].text)
              for row in browser.find_elements(By.CSS_SELECTOR, "#counts tbody tr")}
    assert sum(counts.values()) == len(findings) and counts["REF001"] >= 10
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".section-group h2")]
    assert len(headings) == len(set(headings)) > 1  # grouped by section, each once
    shot("02-result")

    # click a finding far down the text: its span is highlighted and scrolled into view
    target = findings[-1]
    link = target.find_element(By.CSS_SELECTOR, "a.loc")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    link.click()
    mark = wait(browser, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, "#source mark.span"))
    offsets = expected.get_json()["findings"][-1]
    flagged = SEED[offsets["offset"]:offsets["end_offset"]]
    marks = browser.find_elements(By.CSS_SELECTOR, "#source mark.span")
    assert "".join(m.text for m in marks).replace("\n", "") == flagged.replace("\n", "")
    line = mark.find_element(By.XPATH, "ancestor::li[1]")
    assert line.get_attribute("id") == f"L{offsets['line']}"
    in_view = browser.execute_script("""
        const r = arguments[0].getBoundingClientRect(), box = document.getElementById('source').getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom;""", mark)
    assert in_view
    assert "current" in target.get_attribute("class")
    shot("03-highlighted")

    # filters: unticking a rule hides its findings
    ref001 = browser.find_element(By.ID, "rule-REF001")
    ref001.click()
    visible = [f for f in browser.find_elements(By.CSS_SELECTOR, "li.finding") if f.is_displayed()]
    assert len(visible) == len(findings) - counts["REF001"]
    assert all(f.get_attribute("data-code") != "REF001" for f in visible)
    shot("04-filtered")
    assert not severe_logs(browser)


def test_switch_to_zh_hant(browser, live, shot):
    browser.get(live.url + "/?lang=en")
    paste(browser, SEED)
    Select(browser.find_element(By.ID, "lang")).select_by_value("zh-hant")
    browser.find_element(By.ID, "submit").click()
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-hant"
    assert "維基文字" in browser.find_element(By.CSS_SELECTOR, ".source-pane h2").text
    assert "個問題" in browser.find_element(By.CSS_SELECTOR, ".summary .meta").text
    expected = live.app.test_client().post(
        "/api/v1/lint", json={"text": SEED, "wiki": "zhwiki", "lang": "zh-hant"}).get_json()
    keyed = [f["message"] for f in expected["findings"] if f["message_key"]]
    shown = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "li.finding .message")]
    assert keyed and all(message in shown for message in keyed)
    shot("05-zh-hant")
    assert not severe_logs(browser)


def test_a_permalink_for_an_article_of_the_test_wiki(browser, live, test_wiki, shot):
    browser.get(f"{live.url}/?wiki=zhwiki&title={quote(SEED_TITLE)}&lang=zh-hans")
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding"))
    assert browser.find_element(By.CSS_SELECTOR, ".summary h1").text == SEED_TITLE
    article = browser.find_element(By.ID, "link-article").get_attribute("href")
    history = browser.find_element(By.ID, "link-history").get_attribute("href")
    assert article.startswith(test_wiki.url) and "action=history" in history
    permalink = browser.find_element(By.ID, "permalink").get_attribute("href")
    revision = test_wiki.revisions(SEED_TITLE)[0]["revid"]
    assert f"oldid={revision}" in permalink
    first = [f.text for f in browser.find_elements(By.CSS_SELECTOR, "li.finding .message")]
    shot("06-permalink")
    browser.get(permalink)
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding"))
    assert [f.text for f in browser.find_elements(By.CSS_SELECTOR, "li.finding .message")] == first
    browser.get(f"{live.url}/?wiki=zhwiki&title={quote('No such article')}&lang=en")
    assert "Not found on the wiki" in browser.find_element(By.ID, "error").text
    shot("07-not-found")
    assert not [e for e in severe_logs(browser) if "404" not in e["message"]]


def test_hostile_wikitext_runs_nothing(browser, live, shot):
    browser.get(f"{live.url}/?wiki=enwiki&title={quote(XSS_TITLE)}&lang=en")
    findings = wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding"))
    assert findings
    assert_no_alert(browser)
    assert browser.execute_script("return window.__pwned === undefined")
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img, main svg, main style")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('#source code')).map(c => c.textContent).join('\\n')")
    assert shown == HOSTILE
    for link in browser.find_elements(By.CSS_SELECTOR, "a[href]"):
        assert not link.get_attribute("href").lower().startswith("javascript:")
    for finding in findings:
        finding.find_element(By.CSS_SELECTOR, "a.loc").click()
    assert_no_alert(browser)
    assert browser.execute_script("return window.__pwned === undefined")
    shot("08-hostile")
    # the same text pasted
    browser.get(live.url + "/?lang=en")
    paste(browser, HOSTILE)
    browser.find_element(By.ID, "submit").click()
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding"))
    assert browser.find_element(By.ID, "text").get_attribute("value") == HOSTILE
    assert_no_alert(browser)
    assert browser.execute_script("return window.__pwned === undefined")


def test_browse_a_scan_down_to_one_finding(browser, live, shot):
    browser.get(live.url + "/scan?lang=en")
    rows = browser.find_elements(By.CSS_SELECTOR, "#scan-rules tbody tr")
    assert len(rows) > 3
    shot("09-scan-rules")
    browser.find_element(By.XPATH, "//table[@id='scan-rules']//a[text()='citation-needed']").click()
    pages = wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "a.page-findings"))
    assert {p.text for p in pages} == {SEED_TITLE, XSS_TITLE}
    Select(browser.find_element(By.NAME, "sort")).select_by_value("oldest")
    browser.find_element(By.CSS_SELECTOR, ".scan-filters button").click()
    shot("10-scan-pages")
    browser.find_element(By.LINK_TEXT, SEED_TITLE).click()
    details = wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "a.finding-detail"))
    assert details and all(c.text == "CIT001" for c in
                           browser.find_elements(By.CSS_SELECTOR, "#scan-findings td:nth-child(2)"))
    shot("11-scan-page")
    details[0].click()
    card = wait(browser).until(lambda d: d.find_element(By.ID, "finding-card"))
    assert "CIT001" in card.text and "citation-needed" in card.text
    shot("12-scan-finding")
    browser.find_element(By.ID, "live").click()
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.finding"))
    assert browser.find_element(By.CSS_SELECTOR, ".summary h1").text == SEED_TITLE
    assert not severe_logs(browser)
