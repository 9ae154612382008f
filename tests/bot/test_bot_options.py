"""The bot's own command-line options and its log filters (no wiki needed)."""

from __future__ import annotations

import logging

import pytest

from wikilint.bot.wiki.cli import UsageError, parse_bot_options
from wikilint.bot.wiki.logfilter import RedactSecrets, ShortTracebacks, last_line_of_traceback, redact


def test_options():
    assert parse_bot_options(["-post", "-maxedits:3", "-report:talk", "-select:CIT,REF001",
                              "-minseverity:warning", "-resume", "-jsonlog:x.jsonl"]) == {
        "post": True, "maxedits": 3, "report": "talk", "select": "CIT,REF001",
        "minseverity": "warning", "resume": True, "jsonlog": "x.jsonl"}
    assert parse_bot_options([]) == {}


@pytest.mark.parametrize("args", [
    ["-maxedits:x"], ["-maxedits:-1"], ["-report:mail"], ["-report:log", "-post"],
    ["-minseverity:fatal"], ["-post:yes"], ["-select:"], ["page"], ["-unknown"],
])
def test_bad_options(args):
    with pytest.raises(UsageError):
        parse_bot_options(args)


def test_passwords_are_redacted():
    assert redact("action=login&lgname=B%40a&lgpassword=s3cret&lgtoken=t") == \
        "action=login&lgname=B%40a&lgpassword=***&lgtoken=t"
    assert redact("{'password': 'x1'}") == "{'password': '***'}"
    record = logging.LogRecord("pywiki", logging.INFO, "", 0, "params %s", ("lgpassword=abc",), None)
    RedactSecrets().filter(record)
    assert record.getMessage() == "params lgpassword=***"


def test_tracebacks_become_one_line():
    tb = 'Traceback (most recent call last):\n  File "x", line 1\nConnectionError: refused\n'
    assert last_line_of_traceback(tb) == "ConnectionError: refused"
    assert last_line_of_traceback("plain") == "plain"
    record = logging.LogRecord("pywiki", logging.ERROR, "", 0, tb, (), None)
    ShortTracebacks().filter(record)
    assert record.getMessage() == "ConnectionError: refused"


def test_without_user_config_the_bot_says_what_to_do(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWIKIBOT")}
    env.update(PYWIKIBOT_DIR=str(tmp_path), PYTHONPATH=str(root))
    run = subprocess.run([sys.executable, "-m", "wikilint.bot", "bot", "-page:Foo"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"wikilint bot: error: no user-config.py in {tmp_path}: copy user-config.py.example "
        "there (or set PYWIKIBOT_DIR); see the README"]
