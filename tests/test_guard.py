"""The guard every front end lints through: a time and a memory limit per page.

Slow pages are real ones (unclosed ``<ref>`` lines, on which mwparserfromhell's
tokenizer backtracks quadratically) or, for crashes and memory, a test linter
that misbehaves on a marker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from support import ROOT, SEED
from wikilint.bot.config import ConfigError, load_config
from wikilint.bot.engine import Engine, LintError
from wikilint.bot.guard import GuardedLinter, PageOverLimit
from wikilint.bot.scan.lint import LinterSpec

HOG = "WIKILINT-TEST-HOG"
CRASH = "WIKILINT-TEST-CRASH"
MISBEHAVING = LinterSpec(factory="test_guard:misbehaving")


def slow_page(lines: int = 4000) -> str:
    """Unclosed references (the parse alone takes about 8 s for 4,000 lines here),
    and a tag that makes every rule set parse the page."""
    return "{{citation needed}}\n" + "\n".join(f"Line {n}.<ref>source {n}" for n in range(lines))


def misbehaving():
    """A linter that takes all the memory it can on one marker and kills its
    process on another; otherwise the real engine."""
    engine = Engine.from_config(load_config(None))

    def lint(text: str, *, title: str | None, wiki: str):
        if HOG in text:
            hoard = []
            while True:
                hoard.append(bytearray(16 << 20))
        if CRASH in text:
            os.kill(os.getpid(), signal.SIGSEGV)
        return engine.lint(text, title=title, wiki=wiki).findings

    return lint


@pytest.fixture(scope="module")
def guard():
    with GuardedLinter(LinterSpec(), timeout=1.0, memory_mb=1024) as linter:
        yield linter


def test_same_findings_as_the_engine_in_process(guard, seed_text):
    expected = Engine.from_config(load_config(None)).lint(seed_text, title="seed")
    result = guard.lint(seed_text, title="seed")
    assert result.findings == expected.findings and result.findings
    assert result.wiki == expected.wiki == "zhwiki"
    assert result.warnings == expected.warnings


def test_one_child_for_many_pages(guard, seed_text):
    guard.lint("a", title="a")
    process, starts = guard.process, guard.starts
    for n in range(5):
        guard.lint(seed_text if n % 2 else "Text.{{citation needed}}", title=f"p{n}")
    assert guard.process is process and process.is_alive()
    assert guard.starts == starts


def test_a_page_over_the_time_limit_is_stopped_and_the_next_is_linted(guard):
    starts = guard.starts
    started = time.monotonic()
    with pytest.raises(PageOverLimit) as raised:
        guard.lint(slow_page(), title="slow")
    elapsed = time.monotonic() - started
    assert raised.value.kind == "timeout"
    assert "time limit of 1 s" in str(raised.value)
    assert elapsed < 3.0, "stopped at the limit, not at the end of the parse"
    assert isinstance(raised.value, LintError)
    result = guard.lint("Text.{{citation needed}}", title="next")
    assert [f.code for f in result.findings] == ["CIT001"]
    assert guard.starts == starts + 1, "a fresh child after the kill, one only"


def test_a_page_over_the_memory_limit_is_stopped_and_the_next_is_linted():
    with GuardedLinter(MISBEHAVING, timeout=30.0, memory_mb=512) as guard:
        with pytest.raises(PageOverLimit) as raised:
            guard.lint(f"{HOG}", title="hog")
        assert raised.value.kind == "memory"
        assert "memory limit of 512 MB" in str(raised.value)
        result = guard.lint("Text.{{citation needed}}", title="next")
        assert [f.code for f in result.findings] == ["CIT001"]


def test_a_page_that_kills_the_child_is_reported_and_the_next_is_linted():
    with GuardedLinter(MISBEHAVING, timeout=30.0, memory_mb=0) as guard:
        with pytest.raises(PageOverLimit) as raised:
            guard.lint(CRASH, title="crash")
        assert raised.value.kind == "worker-crash"
        assert "SIGSEGV" in str(raised.value)
        assert guard.lint("Text.{{citation needed}}", title="next").findings


def test_a_page_the_engine_refuses_is_a_lint_error_and_keeps_the_child(guard):
    process = guard.process or (guard.lint("a") and guard.process)
    with pytest.raises(LintError, match="page too large") as raised:
        guard.lint("x" * 4_000_001, title="huge")
    assert not isinstance(raised.value, PageOverLimit)
    assert guard.process is process


def test_a_bad_configuration_is_a_config_error_at_once():
    with pytest.raises(ConfigError):
        GuardedLinter(LinterSpec(select=("NO-SUCH-RULE",)))


def test_without_limits_pages_are_linted_in_process(seed_text):
    guard = GuardedLinter(LinterSpec(), timeout=0, memory_mb=0)
    assert guard.lint(seed_text).findings
    assert guard.process is None and guard.starts == 0


def test_the_child_does_not_outlive_a_process_that_ends_without_closing_it():
    """A caller killed mid-run (no atexit, as after a signal) leaves no child
    holding its output open: a reader of that output gets its end at once."""
    script = ("import os\n"
              "from wikilint.bot.guard import GuardedLinter\n"
              "print(len(GuardedLinter(timeout=30).lint('Text.{{cn}}').findings), flush=True)\n"
              "os._exit(0)\n")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert run.stdout.decode().strip() == "1", run.stderr.decode()
    assert time.monotonic() - started < 30


def test_a_caller_with_its_own_sigterm_handler_still_ends():
    """The child does not keep the caller's SIGTERM handler (the bot's live
    mode has one): at exit, multiprocessing ends its children with SIGTERM."""
    script = ("import signal\n"
              "signal.signal(signal.SIGTERM, lambda *_: None)\n"
              "from wikilint.bot.guard import GuardedLinter\n"
              "guard = GuardedLinter(timeout=30)  # alive until the interpreter exits\n"
              "print(len(guard.lint('Text.{{cn}}').findings), flush=True)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert (run.returncode, run.stdout.decode().strip()) == (0, "1"), run.stderr.decode()


def test_a_threaded_caller_gets_a_child_from_the_fork_server(seed_text):
    """Forking a process with several threads is unsafe: a web server's guard
    gets its child from the fork server, which builds its own linter."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with GuardedLinter(LinterSpec(select=("CIT",)), timeout=1.0, memory_mb=1024) as guard:
            result = guard.lint(seed_text, title="seed")
            assert {f.code[:3] for f in result.findings} == {"CIT"}
            with pytest.raises(PageOverLimit):
                guard.lint(slow_page(), title="slow")
            assert guard.lint("Text.{{citation needed}}").findings
    finally:
        stop.set()
        other.join()


# -- wikilint check -------------------------------------------------------------------------

def wikilint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wikilint.bot", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_check_reports_a_page_over_the_time_limit_and_lints_the_others(tmp_path: Path):
    slow = tmp_path / "slow.wiki"
    slow.write_text(slow_page(), "utf-8")
    good = tmp_path / "good.wiki"
    good.write_text("Text.{{citation needed}}\n", "utf-8")
    started = time.monotonic()
    result = wikilint("check", "--format", "concise", "--page-timeout", "1", str(slow), str(good),
                      str(SEED))
    assert time.monotonic() - started < 20
    assert result.returncode == 2, "as for an unreadable input"
    errors = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert errors == [f"wikilint: error: {slow}: not linted: it took longer than the time "
                      f"limit of 1 s per page"], result.stderr
    assert f"{good}:1:6: CIT001" in result.stdout
    assert f"{SEED}:" in result.stdout
    assert str(slow) not in result.stdout, "no finding for the page that was stopped"
    assert "1 input error" in result.stdout


def test_check_reports_a_page_over_the_memory_limit(tmp_path: Path):
    big = tmp_path / "big.wiki"
    big.write_text("[[a]] {{citation needed}} <ref>http://x.org/a</ref> " * 8000, "utf-8")
    good = tmp_path / "good.wiki"
    good.write_text("Text.{{citation needed}}\n", "utf-8")
    result = wikilint("check", "--format", "concise", "--page-memory", "100", str(big), str(good))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("wikilint: error:")]
    assert len(errors) == 1 and errors[0].startswith(f"wikilint: error: {big}: not linted")
    assert "memory limit of 100 MB" in errors[0]
    assert f"{good}:1:6: CIT001" in result.stdout


def test_check_without_the_guard_gives_the_same_findings():
    guarded = wikilint("check", "--format", "jsonl", str(SEED))
    unguarded = wikilint("check", "--format", "jsonl", "--page-timeout", "0", "--page-memory", "0",
                         str(SEED))
    assert guarded.returncode == unguarded.returncode == 1
    assert guarded.stdout == unguarded.stdout and guarded.stdout


def test_check_refuses_a_negative_limit():
    result = wikilint("check", "--page-timeout", "-1", str(SEED))
    assert result.returncode == 2
    assert "--page-timeout: cannot be negative" in result.stderr
