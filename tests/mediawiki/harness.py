"""A real MediaWiki on loopback, for wikilint's bot tests.

MediaWiki's code comes from Debian's packages, unpacked once by
``tests/mediawiki/install.sh`` into a cache directory.  Each
:class:`MediaWiki` is one wiki of its own: a directory holding its
``LocalSettings.php`` and SQLite data, served by PHP's built-in web server on
a free loopback port, in a process group of its own so that stopping it
leaves no worker behind.

Typical use (what the pytest fixtures do)::

    wiki = MediaWiki(tmp_dir / "zhwiki", lang="zh")
    wiki.install()                      # wiki, admin, bot user + BotPassword
    wiki.import_pages({"條目": "text"})  # XML import + link tables
    wiki.start()
    wiki.save_snapshot()                # later: wiki.reset() in 0.3 s
    wiki.write_pywikibot_dir(path)      # user-config.py + password file
    ...
    wiki.stop()

Everything here talks to the wiki over its own API or its maintenance
scripts; nothing leaves the loopback interface.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import string
import subprocess
import time
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import requests

INSTALL_SCRIPT = Path(__file__).with_name("install.sh")
FAULTS_PHP = Path(__file__).with_name("faults.php")
EXTENSIONS = ("Cite", "ParserFunctions", "AbuseFilter")
DEFAULT_CODE_DIR = Path("/var/cache/wikilint/mediawiki")
INSTALLED_MARKER = ".wikilint-unpacked"


def code_dir_from_env() -> Path:
    """Where MediaWiki's code is unpacked (``WIKILINT_MW_CODE`` or the default)."""
    return Path(os.environ.get("WIKILINT_MW_CODE", DEFAULT_CODE_DIR))


def mediawiki_available(code_dir: Path | None = None) -> bool:
    """Whether PHP and MediaWiki's code are installed (see install.sh)."""
    code_dir = code_dir or code_dir_from_env()
    return shutil.which("php") is not None and (code_dir / INSTALLED_MARKER).is_file()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _password() -> str:
    """A random account password that reads as a password on a maintenance
    script's command line: never beginning with ``-``, which the script
    would take for an option (it then prints its usage and fails: 1 in 64 of
    ``token_urlsafe``'s passwords)."""
    return secrets.choice(string.ascii_letters) + secrets.token_urlsafe(18)


def _bot_password() -> str:
    # MediaWiki accepts other BotPasswords at creation but then refuses them
    # at login: they must match ^[0-9a-w]{32,}$.
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Account:
    """A wiki account with a BotPassword (``username@app_id``)."""

    username: str
    password: str
    app_id: str
    bot_password: str

    @property
    def login_name(self) -> str:
        """The name used with a BotPassword: ``User@app``."""
        return f"{self.username}@{self.app_id}"


class MediaWikiError(RuntimeError):
    """A maintenance script or API call of the test wiki failed."""


@dataclass
class MediaWiki:
    """One MediaWiki instance (SQLite, PHP built-in server) in ``root``."""

    root: Path
    lang: str = "zh"
    name: str = "testwiki"
    code_dir: Path = field(default_factory=code_dir_from_env)
    port: int = 0
    bot: Account | None = None
    admin: Account | None = None
    _server: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _admin_session: requests.Session | None = field(default=None, repr=False)

    # -- paths -------------------------------------------------------------

    @property
    def settings_file(self) -> Path:
        return self.root / "LocalSettings.php"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def snapshot_dir(self) -> Path:
        return self.root / "data.snapshot"

    @property
    def faults_file(self) -> Path:
        return self.root / "faults.json"

    @property
    def faults_log(self) -> Path:
        return self.root / "faults.log"

    @property
    def server_log(self) -> Path:
        return self.root / "php-server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api.php"

    # -- installation --------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["MW_CONFIG_FILE"] = str(self.settings_file)
        return env

    def maintenance(self, script: str, *args: str, stdin: str | None = None) -> str:
        """Run ``maintenance/<script>.php`` for this wiki; return its output."""
        command = ["php", str(self.code_dir / "maintenance" / f"{script}.php"), *args]
        result = subprocess.run(
            command,
            env=self._env(),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise MediaWikiError(
                f"{script}.php failed ({result.returncode}): "
                f"{result.stdout[-2000:]}{result.stderr[-2000:]}"
            )
        return result.stdout

    def install(self, *, bot_name: str = "LintBot", admin_name: str = "Admin") -> None:
        """Create the wiki, its administrator and the bot account.

        The bot belongs to the ``bot`` group and gets a BotPassword with the
        grants a talk-page bot needs.  The administrator gets one too, so the
        tests can edit, protect and delete pages as another user.
        """
        if not mediawiki_available(self.code_dir):
            raise MediaWikiError(
                f"MediaWiki is not installed in {self.code_dir}; run {INSTALL_SCRIPT}"
            )
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        self.port = self.port or free_port()
        admin_password = _password()
        self.maintenance(
            "install",
            "--quiet",
            "--dbtype", "sqlite",
            "--dbpath", str(self.data_dir),
            "--dbname", self.name,
            "--server", self.url,
            "--scriptpath", "",
            "--lang", self.lang,
            "--pass", admin_password,
            "--confpath", str(self.root),
            "--extensions", ",".join(EXTENSIONS),
            "--skins", "Vector",
            f"wikilint {self.lang} test wiki",
            admin_name,
        )
        with self.settings_file.open("a", encoding="utf-8") as settings:
            settings.write(
                "\n# wikilint test settings\n"
                "$wgEnableEmail = false;\n"
                "$wgEnableUploads = false;\n"
                "$wgShowExceptionDetails = true;\n"
                "$wgJobRunRate = 0;\n"
                "# faults for the bot tests: see faults.php\n"
                "$wikilintFaultDir = __DIR__;\n"
                f"require_once {json.dumps(str(FAULTS_PHP))};\n"
            )
        bot_password = _password()
        self.maintenance("createAndPromote", "--bot", bot_name, bot_password)
        self.bot = self._create_bot_password(
            bot_name, bot_password, "wikilint", "basic,highvolume,editpage,createeditmovepage"
        )
        self.admin = self._create_bot_password(
            admin_name,
            admin_password,
            "tests",
            "basic,highvolume,editpage,editprotected,createeditmovepage,protect,delete",
        )

    def _create_bot_password(
        self, username: str, password: str, app_id: str, grants: str
    ) -> Account:
        bot_password = _bot_password()
        self.maintenance(
            "createBotPassword", "--appid", app_id, "--grants", grants, username, bot_password
        )
        return Account(username, password, app_id, bot_password)

    def import_pages(self, pages: Mapping[str, str]) -> None:
        """Import pages (title -> wikitext) and bring the link tables up to date.

        Up-to-date link tables matter: pywikibot's ``botMayEdit`` reads them
        to find ``{{nobots}}``.
        """
        dump = self.root / "import.xml"
        dump.write_text(export_xml(pages.items()), encoding="utf-8")
        self.maintenance("importDump", "--quiet", str(dump))
        self.maintenance("runJobs", "--quiet")

    # -- the web server ------------------------------------------------------

    def start(self, timeout: float = 30.0) -> None:
        """Serve the wiki and wait until its API answers; when it does not,
        the error quotes the last lines the server wrote."""
        if self.running:
            return
        log_start = self.server_log.stat().st_size if self.server_log.exists() else 0
        log = self.server_log.open("ab")
        try:
            self._server = subprocess.Popen(
                ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(self.code_dir)],
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                answer = requests.get(
                    self.api_url,
                    params={"action": "query", "meta": "siteinfo", "format": "json"},
                    timeout=5,
                )
                if answer.ok and "query" in answer.json():
                    return
            except (requests.RequestException, ValueError):
                pass
            if self._server.poll() is not None:
                code = self._server.returncode
                self._server = None
                raise MediaWikiError(
                    f"php -S exited with {code}: {self._server_log_since(log_start)}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise MediaWikiError(
                    f"the wiki did not answer within {timeout} s: {self._server_log_since(log_start)}"
                )
            time.sleep(0.05)

    def _server_log_since(self, offset: int) -> str:
        """The last lines the server wrote since ``offset`` (why it stopped)."""
        with self.server_log.open("rb") as log:
            log.seek(offset)
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
        return " / ".join(lines[-5:]) or "(the server wrote nothing)"

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.poll() is None

    @property
    def server_pid(self) -> int | None:
        return self._server.pid if self._server else None

    def stop(self) -> None:
        """Stop the server's whole process group (no worker keeps the port)."""
        server, self._server = self._server, None
        self._admin_session = None
        if server is None:
            return
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    def kill(self) -> None:
        """Kill the server abruptly, as a crash or a network cut would."""
        server, self._server = self._server, None
        self._admin_session = None
        if server is not None:
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            server.wait(timeout=10)

    # -- snapshots -----------------------------------------------------------

    def save_snapshot(self) -> None:
        """Remember the current data as the state :meth:`reset` goes back to."""
        was_running = self.running
        self.stop()
        if self.snapshot_dir.exists():
            shutil.rmtree(self.snapshot_dir)
        shutil.copytree(self.data_dir, self.snapshot_dir)
        if was_running:
            self.start()

    def reset(self) -> None:
        """Go back to the saved snapshot and serve it again."""
        self.stop()
        self.clear_faults()
        shutil.rmtree(self.data_dir)
        shutil.copytree(self.snapshot_dir, self.data_dir)
        self.start()

    # -- faults (see faults.php) ---------------------------------------------

    def inject_faults(self, *faults: dict[str, Any]) -> None:
        """Make the next matching API requests meet ``faults`` (see faults.php),
        e.g. ``{"kind": "http503", "when": {"action": "edit"}, "times": 2,
        "retry_after": 3}``."""
        self.faults_log.unlink(missing_ok=True)
        temporary = self.faults_file.with_suffix(".tmp")
        temporary.write_text(json.dumps({"faults": list(faults)}), encoding="utf-8")
        temporary.replace(self.faults_file)

    def clear_faults(self) -> None:
        self.faults_file.unlink(missing_ok=True)
        self.faults_log.unlink(missing_ok=True)

    def fault_log(self) -> list[dict[str, Any]]:
        """The API requests that matched an injected fault, in order: time,
        action, title and the fault met (None when it passed untouched)."""
        if not self.faults_log.exists():
            return []
        return [json.loads(line) for line in self.faults_log.read_text("utf-8").splitlines()
                if line.strip()]

    def add_abuse_filter(self, pattern: str, description: str) -> int:
        """Enable an AbuseFilter filter that disallows what ``pattern`` matches;
        return its number. (AbuseFilter has no API to write filters; this is the
        row its Special:AbuseFilter form saves.)"""
        with closing(sqlite3.connect(self.data_dir / f"{self.name}.sqlite")) as db, db:
            cursor = db.execute(
                "INSERT INTO abuse_filter (af_pattern, af_user, af_user_text, af_timestamp, "
                "af_enabled, af_comments, af_public_comments, af_hidden, af_hit_count, "
                "af_throttled, af_deleted, af_actions, af_global, af_group) "
                "VALUES (?, 1, ?, ?, 1, '', ?, 0, 0, 0, 0, 'disallow', 0, 'default')",
                (pattern, self.admin.username if self.admin else "Admin",
                 time.strftime("%Y%m%d%H%M%S", time.gmtime()), description),
            )
            number = int(cursor.lastrowid)
            db.execute("INSERT INTO abuse_filter_action (afa_filter, afa_consequence, "
                       "afa_parameters) VALUES (?, 'disallow', '')", (number,))
        return number

    def abuse_log(self) -> list[dict[str, Any]]:
        """AbuseFilter's log of matched actions, newest first."""
        return self.api(action="query", list="abuselog", afllimit="max",
                        aflprop="ids|user|title|action|result|filter")["query"]["abuselog"]

    # -- pywikibot -----------------------------------------------------------

    def pywikibot_config(self, family: str) -> str:
        """The lines of a ``user-config.py`` that describe this wiki."""
        assert self.bot is not None
        return (
            f"family_files[{family!r}] = {self.api_url!r}\n"
            f"usernames[{family!r}][{family!r}] = {self.bot.username!r}\n"
        )

    def write_pywikibot_dir(
        self,
        directory: Path,
        *,
        family: str | None = None,
        others: Iterable[tuple[str, MediaWiki]] = (),
        put_throttle: int = 0,
        extra: str = "",
    ) -> Path:
        """Write a fresh ``PYWIKIBOT_DIR`` whose default site is this wiki.

        ``others`` adds more (family name, wiki) pairs to the same config.
        The BotPasswords go to ``user-password.py`` (mode 600), referenced by
        ``password_file`` as an operator's configuration would.
        """
        assert self.bot is not None
        family = family or self.name
        directory.mkdir(parents=True, exist_ok=True)
        sites = [(family, self), *others]
        config = [
            "# pywikibot configuration for a wikilint test wiki",
            f"family = {family!r}",
            f"mylang = {family!r}",
            "password_file = 'user-password.py'",
            f"put_throttle = {put_throttle!r}",
            "minthrottle = 0",
            "write_maxlag = 5",
            "max_retries = 1",
            "retry_wait = 1",
            "retry_max = 2",
            "socket_timeout = (5, 30)",
            "noisysleep = 600.0",
        ]
        passwords = []
        for name, wiki in sites:
            assert wiki.bot is not None
            config.append(wiki.pywikibot_config(name).rstrip("\n"))
            passwords.append(
                f"({wiki.bot.username!r}, BotPassword({wiki.bot.app_id!r}, "
                f"{wiki.bot.bot_password!r}))"
            )
        (directory / "user-config.py").write_text(
            "\n".join(config) + "\n" + extra, encoding="utf-8"
        )
        password_file = directory / "user-password.py"
        password_file.write_text("\n".join(passwords) + "\n", encoding="utf-8")
        password_file.chmod(0o600)
        return directory

    # -- the API, for tests --------------------------------------------------

    def api(self, **params: Any) -> dict[str, Any]:
        """An anonymous GET request to the API."""
        params.setdefault("format", "json")
        params.setdefault("formatversion", "2")
        answer = requests.get(self.api_url, params=params, timeout=30)
        answer.raise_for_status()
        data = answer.json()
        if "error" in data:
            raise MediaWikiError(json.dumps(data["error"], ensure_ascii=False))
        return data

    def admin_session(self) -> requests.Session:
        """A session logged in as the administrator (BotPassword)."""
        if self._admin_session is not None:
            return self._admin_session
        assert self.admin is not None
        session = requests.Session()
        token = session.get(
            self.api_url,
            params={"action": "query", "meta": "tokens", "type": "login", "format": "json"},
            timeout=30,
        ).json()["query"]["tokens"]["logintoken"]
        answer = session.post(
            self.api_url,
            data={
                "action": "login",
                "lgname": self.admin.login_name,
                "lgpassword": self.admin.bot_password,
                "lgtoken": token,
                "format": "json",
            },
            timeout=30,
        ).json()
        if answer.get("login", {}).get("result") != "Success":
            raise MediaWikiError(f"admin login failed: {answer}")
        self._admin_session = session
        return session

    def admin_post(self, **params: Any) -> dict[str, Any]:
        """A POST as the administrator, with a CSRF token."""
        session = self.admin_session()
        token = session.get(
            self.api_url,
            params={"action": "query", "meta": "tokens", "format": "json"},
            timeout=30,
        ).json()["query"]["tokens"]["csrftoken"]
        params.update(token=token, format="json", formatversion="2")
        data = session.post(self.api_url, data=params, timeout=30).json()
        if "error" in data:
            raise MediaWikiError(json.dumps(data["error"], ensure_ascii=False))
        return data

    def edit(self, title: str, text: str, summary: str = "test edit", **extra: Any) -> int:
        """Replace a page's text as the administrator; return the new revision id."""
        data = self.admin_post(action="edit", title=title, text=text, summary=summary, **extra)
        return int(data["edit"].get("newrevid") or data["edit"].get("pageid"))

    def protect(self, title: str, level: str = "sysop") -> None:
        """Protect a page (editing and moving) for ``level`` only."""
        self.admin_post(
            action="protect",
            title=title,
            protections=f"edit={level}|move={level}",
            reason="test",
        )

    def page_text(self, title: str) -> str | None:
        """The current wikitext of a page, or None if it does not exist."""
        page = self.api(
            action="query", prop="revisions", rvprop="content", rvslots="main", titles=title
        )["query"]["pages"][0]
        if page.get("missing") or page.get("invalid"):
            return None
        return page["revisions"][0]["slots"]["main"]["content"]

    def revisions(self, title: str) -> list[dict[str, Any]]:
        """All revisions of a page, oldest first (ids, user, comment, tags)."""
        page = self.api(
            action="query",
            prop="revisions",
            rvprop="ids|user|comment|flags|timestamp",
            rvlimit="max",
            rvdir="newer",
            titles=title,
        )["query"]["pages"][0]
        return page.get("revisions", [])

    def recent_changes(self, user: str | None = None) -> list[dict[str, Any]]:
        """Recent edits and page creations, newest first."""
        params: dict[str, Any] = {
            "list": "recentchanges",
            "rcprop": "title|ids|user|comment|flags|timestamp|loginfo",
            "rclimit": "max",
            "rctype": "edit|new",
        }
        if user:
            params["rcuser"] = user
        return self.api(action="query", **params)["query"]["recentchanges"]

    def page_links(self, title: str) -> dict[str, list[str]]:
        """What a page's parsed text links to: categories, templates, links, users."""
        parsed = self.api(
            action="parse",
            page=title,
            prop="categories|templates|links|externallinks|sections",
        )["parse"]
        return {
            "categories": [c["category"] for c in parsed["categories"]],
            "templates": [t["title"] for t in parsed["templates"]],
            "links": [link["title"] for link in parsed["links"]],
            "externallinks": parsed["externallinks"],
            "sections": [s["line"] for s in parsed["sections"]],
        }

    def render(self, title: str, variant: str | None = None) -> str:
        """A page's HTML as readers of ``variant`` (e.g. zh-hant) see it."""
        params: dict[str, Any] = {"action": "parse", "page": title, "prop": "text"}
        if variant:
            params["variant"] = variant
        return self.api(**params)["parse"]["text"]


def export_xml(pages: Iterable[tuple[str, str]]) -> str:
    """A MediaWiki XML export (format 0.11) holding one revision per page."""
    parts = [
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">'
    ]
    for title, text in pages:
        parts.append(
            "<page>"
            f"<title>{escape(title)}</title>"
            "<revision>"
            "<timestamp>2024-01-01T00:00:00Z</timestamp>"
            "<contributor><username>Importer</username></contributor>"
            "<comment>test article</comment>"
            "<model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{escape(text)}</text>'
            "</revision>"
            "</page>"
        )
    parts.append("</mediawiki>\n")
    return "\n".join(parts)


def main() -> None:
    """Serve a test wiki by hand: ``python tests/mediawiki/harness.py [zh|en] [DIR]``."""
    import sys
    import tempfile

    lang = sys.argv[1] if len(sys.argv) > 1 else "zh"
    root = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp()) / "wiki"
    wiki = MediaWiki(root, lang=lang)
    wiki.install()
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_305d23f0459226b6.txt"
    pages = {f"User:{wiki.bot.username}/shutoff": "run"} if wiki.bot else {}
    if seed.is_file():
        pages["安巴爾衝突"] = seed.read_text("utf-8")
    wiki.import_pages(pages)
    wiki.start()
    pywikibot_dir = wiki.write_pywikibot_dir(root / "pywikibot")
    print(f"wiki: {wiki.url}/index.php  (stop with Ctrl-C)")
    print(f"export PYWIKIBOT_DIR={pywikibot_dir}")
    try:
        while wiki.running:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        wiki.stop()


if __name__ == "__main__":
    main()
