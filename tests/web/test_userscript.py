"""The user script on the real MediaWiki of the tests, in a real browser.

The administrator's ``common.js`` loads ``/userscript.js`` from the web tool
with one ``mw.loader.load`` line, as an editor installs it; the wiki and the
tool are two origins, so the API call goes through CORS as on Wikipedia.
"""

from __future__ import annotations

from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import SEED, SEED_TITLE


def login(browser, wiki) -> None:
    browser.get(f"{wiki.url}/index.php?title=Special:UserLogin")
    browser.find_element(By.ID, "wpName1").send_keys(wiki.admin.username)
    browser.find_element(By.ID, "wpPassword1").send_keys(wiki.admin.password)
    browser.find_element(By.ID, "wpLoginAttempt").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "pt-logout"))


def open_panel(browser):
    link = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "#t-wikilint a"))
    assert link.text == "wikilint"
    link.click()
    return WebDriverWait(browser, 60).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#wikilint-panel li.wikilint-finding"))


def test_the_user_script_panel_on_the_test_wiki(browser, live, test_wiki, shot):
    test_wiki.maintenance("edit", "--user", test_wiki.admin.username, "--summary", "wikilint",
                          f"User:{test_wiki.admin.username}/common.js",
                          stdin=f"mw.loader.load('{live.url}/userscript.js');\n")
    login(browser, test_wiki)
    expected = live.app.test_client().post("/api/v1/lint", json={"text": SEED}).get_json()

    browser.get(f"{test_wiki.url}/index.php?title={quote(SEED_TITLE)}")
    items = open_panel(browser)
    assert [i.get_attribute("data-code") for i in items] == \
        [f["code"] for f in expected["findings"]]
    status = browser.find_element(By.CSS_SELECTOR, "#wikilint-panel .wikilint-status").text
    assert str(len(expected["findings"])) in status
    assert browser.find_element(By.CSS_SELECTOR, "#wikilint-panel .wikilint-open") \
        .get_attribute("href").startswith(live.url)
    shot("13-userscript-panel")

    # editing: a finding selects its place in the edit box
    browser.get(f"{test_wiki.url}/index.php?title={quote(SEED_TITLE)}&action=edit")
    items = open_panel(browser)
    finding = expected["findings"][-1]
    items[-1].find_element(By.CSS_SELECTOR, "a.wikilint-where").click()
    selected = browser.execute_script("""
        const box = document.getElementById('wpTextbox1');
        return [document.activeElement === box, box.value.slice(box.selectionStart, box.selectionEnd)];""")
    assert selected == [True, SEED[finding["offset"]:finding["end_offset"]]]
    shot("14-userscript-editing")
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"
              and "favicon" not in e["message"]]
    assert not severe, severe
