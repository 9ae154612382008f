"""Fixtures for the bot tests: real MediaWiki wikis and a way to run the bot on them.

One zh wiki and one en wiki are installed per test session (about 2 s each)
with every test article imported (:mod:`wiki_pages`), then snapshotted;
each test that uses a wiki starts from that snapshot again (0.3 s). The bot
runs as operators run it, in a subprocess, through pywikibot, with a fresh
``PYWIKIBOT_DIR`` per run.

Without MediaWiki installed (``tests/mediawiki/install.sh``) the real-wiki
tests are skipped, unless ``WIKILINT_REQUIRE_WIKI`` is set (as ``make test``
and CI do): then they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# pywikibot is imported in this process only for its i18n module (reports
# rendered by unit tests); it needs no user-config.py for that.
os.environ.setdefault("PYWIKIBOT_NO_USER_CONFIG", "2")

from tests.bot.wiki_pages import EN_PAGES, PROTECTED_TALK, ZH_PAGES  # noqa: E402
from tests.mediawiki.harness import MediaWiki, mediawiki_available  # noqa: E402

HOOKED_BOT = Path(__file__).with_name("hooked_bot.py")
BOT_TIMEOUT = 120


def _require_wiki() -> None:
    if mediawiki_available():
        return
    message = "MediaWiki is not installed: run tests/mediawiki/install.sh (as root)"
    if os.environ.get("WIKILINT_REQUIRE_WIKI"):
        pytest.fail(message + " - WIKILINT_REQUIRE_WIKI is set", pytrace=False)
    pytest.skip(message)


def _install(root: Path, lang: str, pages: dict[str, str]) -> MediaWiki:
    wiki = MediaWiki(root, lang=lang)
    wiki.install()
    wiki.import_pages(pages)
    wiki.start()
    return wiki


@pytest.fixture(scope="session")
def wiki_base(tmp_path_factory: pytest.TempPathFactory):
    """Where the test wikis live: in memory when possible (SQLite writes are
    several times faster on tmpfs), else in pytest's temporary directory."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        base = Path(tempfile.mkdtemp(prefix="wikilint-wikis-", dir=shm))
        try:
            yield base
        finally:
            shutil.rmtree(base, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("wikis")


@pytest.fixture(scope="session")
def zh_wiki_session(wiki_base: Path):
    _require_wiki()
    wiki = _install(wiki_base / "zhwiki", "zh", ZH_PAGES)
    try:
        wiki.protect(PROTECTED_TALK)
        wiki.save_snapshot()
        yield wiki
    finally:
        wiki.stop()


@pytest.fixture(scope="session")
def en_wiki_session(wiki_base: Path):
    _require_wiki()
    wiki = _install(wiki_base / "enwiki", "en", EN_PAGES)
    try:
        wiki.save_snapshot()
        yield wiki
    finally:
        wiki.stop()


@dataclass
class BotRun:
    """What one run of ``wikilint bot`` did."""

    returncode: int
    stdout: str
    stderr: str
    log_path: Path
    pywikibot_dir: Path
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pages(self) -> list[dict[str, Any]]:
        """The page lines of this run's log."""
        return [r for r in self.records if "title" in r]

    @property
    def summary(self) -> dict[str, Any]:
        summaries = [r for r in self.records if "summary" in r]
        assert summaries, f"no summary in the log\n{self.stderr[-3000:]}"
        return summaries[-1]

    def action(self, title: str) -> dict[str, Any]:
        """The (last) log line of ``title``."""
        lines = [r for r in self.pages if r["title"] == title]
        assert lines, f"{title} not in the log: {self.pages}\n{self.stderr[-3000:]}"
        return lines[-1]


class BotRunner:
    """Runs the bot against one wiki, as an operator would (a subprocess)."""

    def __init__(self, wiki: MediaWiki, workdir: Path) -> None:
        self.wiki = wiki
        self.workdir = workdir
        self.log_path = workdir / "wikilint-bot.jsonl"
        self._runs = 0

    def hook_env(self) -> dict[str, str]:
        """What ``hooked_bot.py`` needs to act on the wiki as its administrator."""
        assert self.wiki.admin is not None
        spec = {"root": str(self.wiki.root), "lang": self.wiki.lang, "port": self.wiki.port,
                "admin": vars(self.wiki.admin)}
        return {"WIKILINT_TEST_WIKI": json.dumps(spec)}

    def pywikibot_dir(self, put_throttle: int = 0, config: str = "") -> Path:
        self._runs += 1
        return self.wiki.write_pywikibot_dir(
            self.workdir / f"pywikibot-{self._runs}", put_throttle=put_throttle, extra=config)

    def command(self, *args: str, hook: str | None = None) -> list[str]:
        if hook:
            return [sys.executable, str(HOOKED_BOT), hook, *args]
        return [sys.executable, "-m", "wikilint.bot", "bot", *args]

    def env(self, pywikibot_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYWIKIBOT")}
        env["PYWIKIBOT_DIR"] = str(pywikibot_dir)
        env["PYTHONPATH"] = str(ROOT)
        env.update(extra or {})
        return env

    def start(self, *args: str, put_throttle: int = 0, hook: str | None = None,
              extra_env: dict[str, str] | None = None,
              config: str = "") -> tuple[subprocess.Popen[str], Path]:
        """Start the bot without waiting (for tests that act during a run);
        ``config``: more lines for its ``user-config.py``."""
        directory = self.pywikibot_dir(put_throttle, config)
        env = self.env(directory, {**(self.hook_env() if hook else {}), **(extra_env or {})})
        process = subprocess.Popen(
            self.command(*args, f"-jsonlog:{self.log_path}", hook=hook),
            cwd=ROOT, env=env, text=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        return process, directory

    def finish(self, process: subprocess.Popen[str], directory: Path,
               log_offset: int = 0) -> BotRun:
        try:
            stdout, stderr = process.communicate(timeout=BOT_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            pytest.fail(f"the bot did not finish within {BOT_TIMEOUT} s:\n{stderr[-3000:]}")
        return BotRun(process.returncode, stdout, stderr, self.log_path, directory,
                      read_log(self.log_path, log_offset))

    def run(self, *args: str, put_throttle: int = 0, hook: str | None = None,
            extra_env: dict[str, str] | None = None, config: str = "") -> BotRun:
        """Run ``wikilint bot ARGS`` to the end; the log lines of this run only."""
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        process, directory = self.start(*args, put_throttle=put_throttle, hook=hook,
                                        extra_env=extra_env, config=config)
        return self.finish(process, directory, offset)


def read_log(path: Path, offset: int = 0) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        handle.seek(offset)
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture
def zhwiki(zh_wiki_session: MediaWiki) -> MediaWiki:
    """The zh test wiki, as freshly installed."""
    zh_wiki_session.reset()
    return zh_wiki_session


@pytest.fixture
def enwiki(en_wiki_session: MediaWiki) -> MediaWiki:
    """The en test wiki, as freshly installed."""
    en_wiki_session.reset()
    return en_wiki_session


@pytest.fixture
def zhbot(zhwiki: MediaWiki, tmp_path: Path) -> BotRunner:
    return BotRunner(zhwiki, tmp_path)


@pytest.fixture
def enbot(enwiki: MediaWiki, tmp_path: Path) -> BotRunner:
    return BotRunner(enwiki, tmp_path)


def wait_for(condition, timeout: float = 60.0, interval: float = 0.1, what: str = "condition"):
    """Poll ``condition()`` until it returns something true; return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")
