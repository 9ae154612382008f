"""``scan()`` end to end, with the TST001 test rule (TODO markers) in worker processes."""

from __future__ import annotations

import json

import pytest

from wikilint.bot.commandline import ExitStatus
from scan_dumps import Page, article, articles, write_dump
from scan_linters import CRASH, HANG, HOG, RAISE


def expected_todos(pages):
    """(page id, line) of every TODO the test rule must report."""
    return sorted((p.page_id, i + 1) for p in pages for i, line in enumerate(p.text.split("\n"))
                  for _ in range(line.count("TODO")))


def found(findings):
    return sorted((f["page_id"], f["line"]) for f in findings)


def test_findings_carry_page_fields(tmp_path, run_scan):
    pages = articles(12)
    outcome, findings, errors = run_scan(write_dump(tmp_path / "d.xml.bz2", pages, "bz2"))
    assert outcome.exit_code == ExitStatus.OK and errors == []
    assert found(findings) == expected_todos(pages)
    first = findings[0]
    assert {"code", "rule", "severity", "message", "line", "column", "end_line", "end_column", "section",
            "snippet", "suggestion", "evidence"} <= set(first)
    assert first["code"] == "TST001" and first["snippet"] == "TODO"
    assert first["title"] == f"Article {first['page_id']}" and first["revision_id"] == first["page_id"] * 10
    assert first["wiki"] == "enwiki"  # from the dump's <siteinfo>
    summary = outcome.summary
    assert summary["pages"]["linted"] == 12
    assert summary["pages"]["with_findings"] == sum(1 for p in pages if "TODO" in p.text)
    assert summary["findings"]["total"] == len(findings)
    assert summary["rules"][0]["code"] == "TST001" and summary["rules"][0]["findings"] == len(findings)
    assert summary["top_pages"][0]["findings"] == 3
    assert summary["top_pages"][0]["url"] == "https://en.wikipedia.org/wiki/Article_3"
    assert sum(b["pages"] for b in summary["distribution"]) == 12


@pytest.mark.parametrize("layout", ["plain", "multistream", "xz", "gz", "utf16"])
def test_every_layout_gives_the_same_findings(tmp_path, run_scan, layout):
    pages = articles(15)
    reference = run_scan(write_dump(tmp_path / "ref.xml.bz2", pages, "bz2"))[1]
    outcome, findings, errors = run_scan(write_dump(tmp_path / f"d-{layout}", pages, layout),
                                         partition_bytes=1, chunk_bytes=600)
    assert findings == reference and errors == []
    assert outcome.exit_code == ExitStatus.OK


def test_namespaces_redirects_and_content_models(tmp_path, run_scan):
    pages = [Page(1, "Article", "TODO a"), Page(2, "Talk:Article", "TODO b", namespace=1),
             Page(3, "Category:Things", "TODO c", namespace=14),
             Page(4, "Old name", "#REDIRECT [[Article]] TODO", redirect="Article"),
             Page(5, "Legacy redirect", "#redirect [[Article]] TODO"),  # no <redirect/> element
             Page(6, "Data", '{"TODO": 1}', model="json"), Page(7, "Another", "TODO d")]
    dump = write_dump(tmp_path / "ns.xml", pages)
    outcome, findings, _ = run_scan(dump)
    assert sorted(f["page_id"] for f in findings) == [1, 7]
    skipped = outcome.summary["pages"]
    assert (skipped["skipped_other_namespaces"], skipped["skipped_redirects"],
            skipped["skipped_other_models"]) == (2, 2, 1)
    assert skipped["seen"] == 7
    _, findings, _ = run_scan(dump, namespaces=frozenset({0, 14}))
    assert sorted(f["page_id"] for f in findings) == [1, 3, 7]
    _, findings, _ = run_scan(dump, namespaces=None)
    assert sorted(f["page_id"] for f in findings) == [1, 2, 3, 7]


def test_one_and_several_workers_write_identical_outputs(tmp_path, run_scan):
    pages = articles(60) + [Page(500, "Broken", "x")]
    dumps = [write_dump(tmp_path / "a-pages-articles-multistream.xml.bz2", pages[:30], "multistream"),
             write_dump(tmp_path / "b.xml.xz", pages[30:], "xz")]
    runs = [run_scan(*dumps, jobs=jobs, partition_bytes=1, chunk_bytes=900,
                     report=tmp_path / f"jobs{jobs}") for jobs in (1, 3)]
    assert runs[0][1] == runs[1][1] and len(runs[0][1]) > 40
    assert (tmp_path / "jobs1" / "findings.jsonl").read_bytes() == (tmp_path / "jobs3" / "findings.jsonl").read_bytes()
    for key in ("pages", "findings", "rules", "distribution", "top_pages", "dumps"):
        assert runs[0][0].summary[key] == runs[1][0].summary[key], key


def test_limit_stops_at_the_same_page_whatever_the_workers(tmp_path, run_scan):
    pages = articles(40)
    dump = write_dump(tmp_path / "d.xml", pages)
    results = [run_scan(dump, jobs=jobs, limit=7, partition_bytes=1) for jobs in (1, 2)]
    for outcome, findings, _ in results:
        assert outcome.status == "limit" and outcome.summary["pages"]["linted"] == 7
        assert found(findings) == expected_todos(pages[:7])


def test_truncated_and_broken_dumps_keep_every_good_page(tmp_path, run_scan):
    pages = articles(9)
    text = write_dump(tmp_path / "full.xml", pages).read_text("utf-8")
    broken = text.replace("<title>Article 4</title>", "<title>Article 4</titel>")
    cut = broken[: broken.find("TODO number 0 on page 7")]
    (tmp_path / "broken.xml").write_text(cut, "utf-8")
    other = write_dump(tmp_path / "other.xml.gz", articles(3, start=20), "gz")
    outcome, findings, errors = run_scan(tmp_path / "broken.xml", other, partition_bytes=1)
    assert outcome.exit_code == ExitStatus.SKIPPED and outcome.status == "complete"
    good = [p for p in pages if p.page_id not in (4, 7, 8, 9)] + articles(3, start=20)
    assert found(findings) == expected_todos(good)
    assert [(e["kind"], e["title"]) for e in errors] == [("xml-error", "Article 4"), ("truncated", "Article 7")]
    assert outcome.summary["problems"]["by_kind"] == {"truncated": 1, "xml-error": 1}


def test_unreadable_dumps_are_reported_and_the_others_scanned(tmp_path, run_scan):
    good = write_dump(tmp_path / "good.xml", articles(4))
    (tmp_path / "junk.xml").write_text("not a dump", "utf-8")
    outcome, findings, errors = run_scan(tmp_path / "missing.xml.bz2", tmp_path / "junk.xml", good)
    assert outcome.exit_code == ExitStatus.SKIPPED
    assert found(findings) == expected_todos(articles(4))
    assert [e["kind"] for e in errors] == ["unreadable", "unreadable"]
    assert "missing.xml.bz2" in errors[0]["message"] and "MediaWiki" in errors[1]["message"]
    outcome, _, _ = run_scan(tmp_path / "missing.xml.bz2")
    assert outcome.exit_code == ExitStatus.ERROR


def test_pages_that_hang_crash_or_raise_are_skipped(tmp_path, run_scan):
    pages = articles(12)
    pages[2].text += f"\n{HANG}"
    pages[5].text += f"\n{CRASH}"
    pages[8].text += f"\n{RAISE}"
    dump = write_dump(tmp_path / "d.xml.bz2", pages, "multistream")
    outcome, findings, errors = run_scan(dump, page_timeout=2.0, partition_bytes=1)
    assert outcome.exit_code == ExitStatus.SKIPPED
    kinds = {e["page_id"]: e["kind"] for e in errors}
    assert kinds == {3: "timeout", 6: "worker-crash", 9: "lint-error"}
    assert found(findings) == expected_todos([p for p in pages if p.page_id not in kinds])


def test_a_page_over_the_memory_limit_is_skipped_and_the_others_linted(tmp_path, run_scan):
    pages = articles(9)
    pages[1].text += f"\n{HOG}"
    pages[6].text += f"\n{HOG}"
    dump = write_dump(tmp_path / "d.xml.bz2", pages, "multistream")
    outcome, findings, errors = run_scan(dump, page_memory_mb=512, partition_bytes=1)
    assert outcome.exit_code == ExitStatus.SKIPPED
    assert [(e["page_id"], e["kind"]) for e in errors] == [(2, "memory"), (7, "memory")]
    assert "memory limit of 512 MB" in errors[0]["message"]
    assert found(findings) == expected_todos([p for p in pages if p.page_id not in (2, 7)])


def test_a_page_that_hangs_after_others_were_written_is_not_written_twice(tmp_path, run_scan):
    pages = articles(14)
    pages[11].text += f"\n{HANG}"
    dump = write_dump(tmp_path / "d.xml.gz", pages, "gz")  # one chunk, one worker
    outcome, findings, errors = run_scan(dump, jobs=1, page_timeout=1.5, linter={"sleep": 0.1})
    assert [(e["page_id"], e["kind"]) for e in errors] == [(12, "timeout")]
    assert found(findings) == expected_todos([p for p in pages if p.page_id != 12])


def test_a_crashing_rule_is_logged_and_the_other_rules_kept(tmp_path, run_scan):
    pages = articles(5)
    outcome, findings, errors = run_scan(write_dump(tmp_path / "d.xml", pages),
                                         linter={"crashing_rule": True})
    assert found(findings) == expected_todos(pages)
    assert [e["kind"] for e in errors] == ["rule-error"] * 5
    assert errors[0]["rule"] == "TST002" and "boom" in errors[0]["message"]
    assert outcome.exit_code == ExitStatus.SKIPPED


def test_report_files(tmp_path, run_scan):
    pages = articles(8) + [Page(66, "<script>alert(1)</script>", article(66, todos=9))]
    outcome, _, _ = run_scan(write_dump(tmp_path / "d.xml", pages), report=tmp_path / "rep")
    summary = json.loads((tmp_path / "rep" / "summary.json").read_text("utf-8"))
    assert summary["top_pages"][0]["title"] == "<script>alert(1)</script>"
    assert summary["status"] == "complete" and summary["pages"]["linted"] == 9
    html = (tmp_path / "rep" / "report.html").read_text("utf-8")
    assert html.count("<svg") == 2 and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="https://en.wikipedia.org/wiki/%3Cscript%3Ealert(1)%3C/script%3E"' in html
    assert "http" not in html.replace("https://en.wikipedia.org/wiki/", "").replace(
        'xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched from the network


def test_big_chunks_and_many_findings_do_not_block_the_pipes(tmp_path, run_scan):
    """A chunk bigger than a pipe's buffer is never sent to a worker busy sending results."""
    import threading

    pages = [Page(n, f"P{n}", f"x {n}\n" + "filler " * 1500 + "\n" + "TODO " * 60) for n in range(1, 400)]
    dump = write_dump(tmp_path / "big.xml.xz", pages, "xz")
    result = {}
    thread = threading.Thread(target=lambda: result.update(run=run_scan(dump, jobs=1)), daemon=True)
    thread.start()
    thread.join(240)
    assert not thread.is_alive(), "the scan is stuck"
    outcome, findings, _ = result["run"]
    assert outcome.status == "complete" and len(findings) == 399 * 60
