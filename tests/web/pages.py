"""The articles of the web tests' wiki, and the hostile text the escaping tests lint."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_TITLE = "安巴爾衝突"
SEED = next((ROOT / "seeds").glob("*.txt")).read_text("utf-8")
XSS_TITLE = "Hostile article"

#: Wikitext full of markup that would run in a careless page: every line is
#: also a finding (a bare URL, a citation-needed tag), so it is shown twice.
HOSTILE = """Intro <script>window.__pwned = 1; alert(1)</script> text.{{citation needed|date=January 2014}}
"><img src=x onerror="window.__pwned = 2; alert(2)"> more.<ref>http://example.org/"><img src=x onerror=alert(3)></ref>
[javascript:window.__pwned=3;alert(4) click me] and <ref>[javascript:alert(5)]</ref>
-{H|zh-hant:<script>window.__pwned=4</script>;zh-hans:"><svg onload=alert(6)>}- and -{<img src=x onerror=alert(7)>}-
== <script>alert(8)</script> "><b onmouseover=alert(9)>section</b> ==
Second <style>body{display:none}</style> part.{{citation needed|date=<script>alert(10)</script>}}
<ref>http://example.com/a"onmouseover="alert(11)</ref>
"""

PAGES = {SEED_TITLE: SEED, XSS_TITLE: HOSTILE, "Clean article": "A clean article about nothing.\n"}
