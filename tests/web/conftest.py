"""Fixtures for the web tool's tests: the app on loopback, a scan to browse,
a real MediaWiki (user JavaScript enabled) to read articles from and to run
the user script on, and headless Chromium from Debian's packages.

The browser tests need ``tests/web/install.sh`` (chromium, chromedriver, CJK
fonts) and the wiki ``tests/mediawiki/install.sh``; without them they are
skipped, unless ``WIKILINT_REQUIRE_WIKI`` is set (as ``make test`` and CI do).
Screenshots go to ``WIKILINT_SHOTS`` (default ``/tmp/wikilint-shots``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.mediawiki.harness import MediaWiki, export_xml, mediawiki_available  # noqa: E402
from tests.web.pages import PAGES  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SHOTS = Path(os.environ.get("WIKILINT_SHOTS", "/tmp/wikilint-shots"))


def _require(available: bool, message: str) -> None:
    if available:
        return
    if os.environ.get("WIKILINT_REQUIRE_WIKI"):
        pytest.fail(message + " - WIKILINT_REQUIRE_WIKI is set", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def test_wiki(tmp_path_factory):
    """A zh MediaWiki with the test articles, user JavaScript allowed."""
    _require(mediawiki_available(), "MediaWiki is not installed: run tests/mediawiki/install.sh")
    wiki = MediaWiki(tmp_path_factory.mktemp("web-wiki") / "zhwiki", lang="zh")
    wiki.install()
    with wiki.settings_file.open("a", encoding="utf-8") as settings:
        settings.write("$wgAllowUserJs = true;\n")
    wiki.import_pages(PAGES)
    wiki.start()
    try:
        yield wiki
    finally:
        wiki.stop()


@pytest.fixture(scope="session")
def scan_dir(tmp_path_factory) -> Path:
    """The output of a real ``wikilint scan --report DIR`` over a dump of the test articles."""
    base = tmp_path_factory.mktemp("web-scan")
    dump = base / "testwiki-pages-articles.xml"
    dump.write_text(export_xml(PAGES.items()), encoding="utf-8")
    report = base / "report"
    done = subprocess.run([sys.executable, "-m", "wikilint.bot", "scan", "-j", "1",
                           "--report", str(report), str(dump)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    assert (report / "findings.jsonl").stat().st_size > 0
    return report


def make_app(**settings):
    from wikilint.bot.scan.lint import LinterSpec
    from wikilint.bot.web.app import Settings, create_app

    spec = LinterSpec(factory="web_linters:troublesome_engine")
    return create_app(Settings(**{"linter_spec": spec, "workers": 2, "time_limit": 3.0, "memory_mb": 512,
                                  **settings}))


class LiveServer:
    def __init__(self, app) -> None:
        from werkzeug.serving import make_server

        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.app.extensions["wikilint"].close()


@pytest.fixture(scope="session")
def client_app(tmp_path_factory):
    """The app without a wiki (titles fail with 502) for the test client."""
    app = make_app(wiki="zhwiki", api_url="http://127.0.0.1:9/api.php")
    yield app
    app.extensions["wikilint"].close()


@pytest.fixture
def client(client_app):
    return client_app.test_client()


@pytest.fixture(scope="session")
def live(test_wiki, scan_dir):
    """The app on loopback, reading the test wiki, browsing the scan."""
    server = LiveServer(make_app(wiki="zhwiki", api_url=test_wiki.api_url, scan_dir=str(scan_dir)))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    _require(os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK),
             "chromium and chromedriver are not installed: run tests/web/install.sh")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--lang=en"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def shot(browser):
    """``shot("name")`` saves the viewport under SHOTS/name.png."""
    def save(name: str) -> Path:
        path = SHOTS / f"{name}.png"
        browser.save_screenshot(str(path))
        return path
    return save
