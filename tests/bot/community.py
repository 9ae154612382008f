"""Helpers for the tests of worklists, settings, whitelist and live mode."""

from __future__ import annotations

import json
import queue
import re
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from tests.bot.wiki_pages import BOT

PREFIX = f"User:{BOT}/清單"
SETTINGS = f"User:{BOT}/wikilint.json"
WHITELIST = f"User:{BOT}/whitelist"
ROW = re.compile(r"^\| \[\[:([^\]|]+)\]\]$", re.M)
HINT = re.compile(r"\* \[\[([^\]]+)\]\] ([A-Z]+\d{3}) ([0-9a-f]{12})")


def write_json_page(wiki, title: str, data: Any) -> None:
    """Write a JSON page as its owner would (a maintenance edit: user JSON pages need
    rights that the test administrator's BotPassword does not grant)."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    wiki.maintenance("edit", "--user", "Admin", "--summary", "settings", title, stdin=text)


def rows(text: str | None) -> list[str]:
    """The articles listed in a worklist page's table, in order."""
    return ROW.findall(text or "")


def wiki_time(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def dump_xml(pages: dict[str, str], dbname: str = "zhwiki") -> str:
    """A pages-articles dump (with ids and namespaces, as wikilint scan reads them)."""
    parts = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">',
             f"<siteinfo><sitename>test</sitename><dbname>{dbname}</dbname></siteinfo>"]
    for number, (title, text) in enumerate(pages.items(), 1):
        parts.append(
            f"<page><title>{escape(title)}</title><ns>0</ns><id>{number}</id>"
            f"<revision><id>{1000 + number}</id><timestamp>2024-01-01T00:00:00Z</timestamp>"
            "<model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{escape(text)}</text></revision></page>')
    parts.append("</mediawiki>\n")
    return "\n".join(parts)


class EventStream:
    """A server-sent-events stream on loopback in the format of Wikimedia's EventStreams
    (``/v2/stream/recentchange``): ``event: message``, ``id:`` and ``data:`` lines, one
    JSON recentchange event each, and keep-alive comments in between."""

    def __init__(self) -> None:
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.offset = 0
        self.clients = 0
        stream = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                stream.clients += 1
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream; charset=utf-8")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                try:
                    self.wfile.write(b":ok\n\n")
                    self.wfile.flush()
                    while not stream.stopped.is_set():
                        try:
                            event = stream.events.get(timeout=0.5)
                        except queue.Empty:
                            self.wfile.write(b":\n\n")
                            self.wfile.flush()
                            continue
                        stream.offset += 1
                        ident = json.dumps([{"topic": "eqiad.mediawiki.recentchange",
                                             "partition": 0, "offset": stream.offset}])
                        data = json.dumps(event, ensure_ascii=False)
                        self.wfile.write(f"event: message\nid: {ident}\ndata: {data}\n\n"
                                         .encode("utf-8"))
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.stopped = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v2/stream/recentchange"

    def send_edit(self, wiki, title: str, *, namespace: int = 0, dbname: str = "testwiki") -> None:
        """The recentchange event of the last edit of ``title`` on ``wiki``."""
        revisions = wiki.revisions(title)
        last = revisions[-1]
        self.events.put({
            "$schema": "/mediawiki/recentchange/1.0.0",
            "meta": {"uri": f"{wiki.url}/index.php/{title}", "domain": "127.0.0.1",
                     "stream": "mediawiki.recentchange", "dt": last["timestamp"],
                     "id": f"{title}-{last['revid']}"},
            "id": last["revid"], "type": "edit" if len(revisions) > 1 else "new",
            "namespace": namespace, "title": title, "comment": last.get("comment", ""),
            "timestamp": int(wiki_time(last["timestamp"])), "user": last.get("user", "Admin"),
            "bot": False, "minor": False,
            "revision": {"old": revisions[-2]["revid"] if len(revisions) > 1 else None,
                         "new": last["revid"]},
            "server_url": wiki.url, "server_name": "127.0.0.1", "server_script_path": "",
            "wiki": dbname, "parsedcomment": "",
        })

    def close(self) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()


def wait_until(condition, timeout: float = 60.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s")


def scan(tmp: Path, pages: dict[str, str]) -> Path:
    """Run ``wikilint scan`` over a dump of ``pages``; the report directory."""
    import subprocess
    import sys

    from tests.bot.conftest import ROOT

    dump = tmp / "dump.xml"
    dump.write_text(dump_xml(pages), "utf-8")
    out = tmp / "scan-out"
    result = subprocess.run([sys.executable, "-m", "wikilint.bot", "scan", str(dump), "--report",
                             str(out), "--jobs", "1"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return out
