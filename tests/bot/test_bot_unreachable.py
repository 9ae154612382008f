"""With user-config.py in place but no wiki to reach, one clear line, no requests text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CONFIG = """\
family = 'wikipedia'
mylang = 'zh'
usernames['wikipedia']['zh'] = 'ExampleLintBot'
max_retries = 1
retry_wait = 0
"""


def run_bot(tmp_path: Path, config: str, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "user-config.py").write_text(config, "utf-8")
    env = dict(os.environ, PYWIKIBOT_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    env.pop("PYWIKIBOT_NO_USER_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "wikilint.bot.wiki", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("config, reason", [
    (CONFIG.replace("'wikipedia'", "'wikipedia'") + "family_files['nowhere'] = "
     "'https://wiki.nowhere.invalid/w/api.php'\nfamily = 'nowhere'\nmylang = 'nowhere'\n"
     "usernames['nowhere']['nowhere'] = 'ExampleLintBot'\n",
     "its host name does not resolve"),
    (CONFIG + "family_files['closed'] = 'http://127.0.0.1:9/api.php'\nfamily = 'closed'\n"
     "mylang = 'closed'\nusernames['closed']['closed'] = 'ExampleLintBot'\n",
     "127.0.0.1:9: connection refused"),
])
def test_no_network_is_one_clear_line(tmp_path, config, reason):
    run = run_bot(tmp_path, config, "-page:安巴爾衝突")
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("wikilint bot: error")]
    assert len(errors) == 1, run.stderr
    assert errors[0].startswith("wikilint bot: error: cannot start on the wiki: cannot reach ")
    assert run.stderr.splitlines()[-1] == errors[0]
    assert reason in run.stderr  # in the error, or in pywikibot's retry lines before it
    for raw in ("HTTPSConnectionPool", "HTTPConnectionPool", "Max retries", "NameResolutionError",
                "object at 0x", "Traceback"):
        assert raw not in run.stderr
