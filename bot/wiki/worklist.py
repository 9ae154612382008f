"""Worklists: one on-wiki list per rule, as cleanup projects work from them.

``-report:worklist -worklist:PREFIX`` publishes

* ``PREFIX``: the index (findings and articles per rule, pages checked, the
  run's date and source), and
* ``PREFIX/CIT001`` (then ``PREFIX/CIT001/2``, ``/3``... past
  ``-worklistsize`` rows): a sortable wikitable of the articles with findings
  of that rule, oldest tag first, then most findings first, with the
  evidence that matters for the rule (the tag's date and age, the URL, the
  sums that disagree), the section and, when a whitelist is set, the line
  that marks each finding as a false positive.

Each page opens with a hidden marker (bot, digest of the content, number of
pages); a page without the bot's marker was not written by the bot and is
never overwritten, and a page whose digest is unchanged is not edited. The
index's date is left out of its digest, so a rerun that finds the same makes
no edit at all. Lists that shrink leave their former subpages emptied, not
stale.

The data comes from the bot's page generators (:meth:`Worklists.add`) or from
a scan's output (:func:`read_scan`, ``-fromscan:DIR``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from wikilint.bot.whitelist import Whitelist, entry_line
from wikilint.bot.wiki.messages import Messages
from wikilint.bot.wiki.wikitext import link, quote
from wikilint.rules.finding import Finding

#: Bump when the layout changes, so that every list is rewritten once.
WORKLIST_FORMAT = 1
#: Findings of one article shown in a row; the rest are counted.
FINDINGS_PER_ROW = 10
EVIDENCE_CHARS = 100
SECTION_CHARS = 60
END_MARKER = "<!-- /wikilint-worklist -->"
_MARKER = re.compile(
    r"<!-- wikilint-worklist bot=(?P<bot>\S*) digest=(?P<digest>[0-9a-f]+) "
    r"pages=(?P<pages>\d+)(?: rules=(?P<rules>[A-Z0-9,]*))? -->"
)


class WorklistError(Exception):
    """A worklist that cannot be built (bad prefix, unreadable scan)."""


@dataclass(frozen=True)
class Marker:
    """What the hidden marker of a worklist page says."""

    bot: str
    digest: str
    pages: int
    rules: tuple[str, ...] = ()

    def render(self) -> str:
        rules = f" rules={','.join(self.rules)}" if self.rules is not None and self.rules else ""
        bot = re.sub(r"[^\w.@-]", "_", self.bot.replace(" ", "_")).replace("--", "__")
        return f"<!-- wikilint-worklist bot={bot} digest={self.digest} pages={self.pages}{rules} -->"


def read_marker(text: str) -> Marker | None:
    """The marker of a worklist page, or None (a page the bot did not write)."""
    match = _MARKER.search(text)
    if match is None:
        return None
    rules = tuple(r for r in (match["rules"] or "").split(",") if r)
    return Marker(match["bot"], match["digest"], int(match["pages"]), rules)


@dataclass
class Worklists:
    """Findings gathered for the lists: per rule, per article."""

    by_rule: dict[str, dict[str, list[Finding]]] = field(default_factory=dict)
    rule_names: dict[str, str] = field(default_factory=dict)
    pages_checked: int = 0
    source: str = ""
    """how the findings were made: empty for the bot's own reading, or the scan's dumps"""

    def add(self, title: str, findings: Sequence[Finding]) -> None:
        """One article checked, with its (already whitelisted) findings."""
        self.pages_checked += 1
        for finding in findings:
            self.by_rule.setdefault(finding.code, {}).setdefault(title, []).append(finding)
            self.rule_names.setdefault(finding.code, finding.rule)

    def replace(self, title: str, findings: Sequence[Finding]) -> set[str]:
        """An article checked again: its rows of every rule give way to ``findings``
        (already whitelisted). The codes of the lists that changed."""
        new: dict[str, list[Finding]] = {}
        for finding in findings:
            new.setdefault(finding.code, []).append(finding)
            self.rule_names.setdefault(finding.code, finding.rule)
        changed = set()
        for code in set(new) | {c for c, rows in self.by_rule.items() if title in rows}:
            rows = self.by_rule.setdefault(code, {})
            old = rows.pop(title, [])
            if code in new:
                rows[title] = new[code]
            if not rows:
                del self.by_rule[code]
            if _row_key(old) != _row_key(new.get(code, [])):
                changed.add(code)
        return changed

    def titles_of(self, codes: Iterable[str]) -> set[str]:
        """The articles listed under any of ``codes``."""
        return {title for code in codes for title in self.by_rule.get(code, {})}

    def findings_of(self, title: str) -> list[Finding]:
        """Every listed finding of one article."""
        return [f for rows in self.by_rule.values() for f in rows.get(title, [])]

    @property
    def total(self) -> int:
        return sum(len(f) for rows in self.by_rule.values() for f in rows.values())

    @property
    def articles(self) -> int:
        return len({title for rows in self.by_rule.values() for title in rows})


def _row_key(findings: Sequence[Finding]) -> list[str]:
    return sorted(f.model_dump_json() for f in findings)


# -- reading a scan -----------------------------------------------------------


PARQUET_HINT = "pip install 'wikilint[parquet]'"
#: The columns a Parquet findings file of ``wikilint spark`` must have for the lists.
PARQUET_REQUIRED = ("title", "rule", "severity", "message", "line", "column", "end_line", "end_column")


def scan_files(directory: Path) -> tuple[list[Path], Path | None]:
    """The findings files and the summary of a ``wikilint scan`` or ``wikilint spark`` output."""
    if directory.is_file():
        summary = directory.with_name("summary.json")
        return [directory], summary if summary.is_file() else None
    if not directory.is_dir():
        raise WorklistError(f"-fromscan: {directory} is neither a directory nor a findings file")
    summary = directory / "summary.json"
    if (directory / "findings.jsonl").is_file():
        files = [directory / "findings.jsonl"]
    else:  # wikilint spark: findings/wiki_db=.../code=.../part-* (JSON lines or Parquet)
        files = sorted(
            p for p in (directory / "findings").rglob("part-*") if p.is_file() and not p.name.endswith(".crc")
        )
    if not files:
        raise WorklistError(
            f"-fromscan: no findings.jsonl (wikilint scan) or findings/ (wikilint spark) in {directory}"
        )
    return files, summary if summary.is_file() else None


def is_parquet(path: Path) -> bool:
    return path.suffix == ".parquet"


def partition_value(path: Path, column: str) -> str | None:
    """The value of a Hive-style partition directory (``code=CIT001``) above ``path``."""
    for part in path.parent.parts[::-1]:
        name, sep, value = part.partition("=")
        if sep and name == column:
            return unquote(value)
    return None


def jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """The finding records of a JSON-lines file, numbered by line; a line that is no
    JSON object comes as the reason it cannot be read."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as error:
                yield number, str(error)
                continue
            yield number, data if isinstance(data, dict) else "not a JSON object"


def parquet_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """The finding records of a Parquet file written by ``wikilint spark``, numbered by
    row: its finding columns (``evidence``, ``params`` and ``fix`` are JSON text there)
    and the rule code of its ``code=`` partition."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise WorklistError(f"-fromscan: {path} is Parquet, which needs pyarrow: {PARQUET_HINT}") from None
    from wikilint.bot.spark.rows import finding_record

    code = partition_value(path, "code")
    try:
        parquet = pq.ParquetFile(path)
        columns = set(parquet.schema_arrow.names)
        missing = [c for c in PARQUET_REQUIRED if c not in columns]
        if missing or (code is None and "code" not in columns):
            raise WorklistError(
                f"-fromscan: {path} is not a findings file of wikilint spark "
                f"(no column {', '.join(missing) or 'code'})"
            )
        number = 0
        for batch in parquet.iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                number += 1
                try:
                    record = finding_record(row)
                except ValueError as error:  # JSON text that does not parse
                    yield number, str(error)
                    continue
                record["title"] = row.get("title")
                record["code"] = row.get("code") or code
                yield number, record
    except WorklistError:
        raise
    except Exception as error:  # pyarrow: not Parquet, a cut file...
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise WorklistError(
            f"-fromscan: {path} cannot be read as Parquet: {type(error).__name__}: {first_line[:200]}"
        ) from None


def read_scan(
    directory: Path, whitelist: Whitelist, *, codes: frozenset[str] | None = None, min_rank: int = 0
) -> tuple[Worklists, list[str]]:
    """The worklists of a scan's output; the lines that could not be read, as warnings.

    ``codes`` keeps only those rules (the settings' selection); whitelisted
    findings are left out.
    """
    files, summary_path = scan_files(directory)
    lists = Worklists()
    warnings: list[str] = []
    by_title: dict[str, list[Finding]] = {}
    for path in files:
        records = parquet_records(path) if is_parquet(path) else jsonl_records(path)
        for number, data in records:
            try:
                if isinstance(data, str):
                    raise ValueError(data)
                title = data["title"]
                if not isinstance(title, str) or not title:
                    raise ValueError("no title")
                finding = Finding.model_validate(data)
            except (ValueError, KeyError, TypeError) as error:
                if len(warnings) < 20:
                    warnings.append(f"{path}:{number}: not a finding line ({str(error)[:80]})")
                continue
            if codes is not None and finding.code not in codes:
                continue
            if finding.severity.rank < min_rank or finding.code == "WL000":
                continue
            by_title.setdefault(title, []).append(finding)
    for title, findings in by_title.items():
        lists.add(title, whitelist.keep(title, findings))
    lists.pages_checked = len(by_title)
    dumps: list[str] = []
    if summary_path is not None:
        try:
            summary = json.loads(summary_path.read_text("utf-8"))
            lists.pages_checked = int(summary["pages"]["linted"])
            dumps = [d.get("name") or Path(d.get("path", "")).name for d in summary.get("dumps", [])]
        except (ValueError, KeyError, TypeError, OSError) as error:
            warnings.append(f"{summary_path}: unreadable summary ({error})")
    lists.source = ", ".join(d for d in dumps if d) or directory.name
    return lists, warnings


# -- rendering --------------------------------------------------------------


@dataclass(frozen=True)
class ListContext:
    """What the pages need besides the findings."""

    prefix: str
    size: int
    bot_user: str
    docpage: str
    whitelist: str | None
    date: str
    live_settle: float | None = None
    """live mode: the minutes an article is left unedited before it is checked again"""


@dataclass(frozen=True)
class WorklistPage:
    """One page to publish: its title, its text and its marker."""

    title: str
    text: str
    marker: Marker


def _digest(text: str) -> str:
    payload = f"{WORKLIST_FORMAT}\x1f{text}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _age(findings: Sequence[Finding]) -> int:
    return max(
        (f.evidence.get("age_days") or 0 for f in findings if isinstance(f.evidence.get("age_days"), int)),
        default=0,
    )


def ordered_rows(rows: dict[str, list[Finding]]) -> list[tuple[str, list[Finding]]]:
    """Articles as a cleanup project works through them: oldest tag first, then the
    most findings, then by title."""
    return sorted(
        ((title, sorted(findings, key=lambda f: f.sort_key)) for title, findings in rows.items()),
        key=lambda row: (-_age(row[1]), -len(row[1]), row[0]),
    )


def evidence_text(finding: Finding, messages: Messages) -> str:
    """The evidence that matters for a finding of its rule, as inert wikitext."""
    evidence = finding.evidence
    age = evidence.get("age_days")
    if isinstance(age, int) and evidence.get("dated"):
        written = evidence.get("date_written") or evidence.get("date_parsed") or ""
        return messages.wikitext("worklist-age", date=quote(str(written), 40), days=age)
    total, parts_sum = evidence.get("total"), evidence.get("sum")
    if isinstance(total, dict) and isinstance(parts_sum, dict):
        low, high = parts_sum.get("low"), parts_sum.get("high")
        computed = f"{low}" if low == high else f"{low}–{high}"
        return f"{quote(str(total.get('text', '')), 40)} ≠ Σ {quote(computed, 40)}"
    figure, source = evidence.get("figure"), evidence.get("source")
    if isinstance(figure, dict) and isinstance(source, dict) and isinstance(source.get("figure"), dict):
        return (
            f"{quote(str(figure.get('text', '')), 40)} ≠ {quote(str(source['figure'].get('text', '')), 40)}"
        )
    for key in ("url", "date_written", "markup", "title"):
        value = evidence.get(key)
        if isinstance(value, str) and value:
            return quote(value, EVIDENCE_CHARS)
    return quote(finding.snippet, EVIDENCE_CHARS)


def _cell_lines(items: Iterable[str], total: int, messages: Messages) -> str:
    items = list(items)
    if total > len(items):
        items.append(messages.wikitext("worklist-more", count=total - len(items)))
    return "<br />".join(items)


def _row(title: str, findings: Sequence[Finding], context: ListContext, messages: Messages) -> list[str]:
    shown = findings[:FINDINGS_PER_ROW]
    evidence = _cell_lines((evidence_text(f, messages) for f in shown), len(findings), messages)
    sections = _cell_lines(
        (quote(f.section, SECTION_CHARS) if f.section else messages.wikitext("worklist-lead") for f in shown),
        len(findings),
        messages,
    )
    cells = [link(title), str(len(findings)), evidence, sections]
    if context.whitelist:
        cells.append(
            _cell_lines(
                (f"<code>{quote(entry_line(title, f))}</code>" for f in shown), len(findings), messages
            )
        )
    age = _age(findings)
    return [
        "|-",
        f"| {cells[0]}",
        f"| {cells[1]}",
        f'| data-sort-value="{age}" | {cells[2]}',
        *(f"| {cell}" for cell in cells[3:]),
    ]


def _table(headers: Sequence[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ['{| class="wikitable sortable"', "! " + " !! ".join(headers)]
    for row in rows:
        lines.extend(row)
    lines.append("|}")
    return lines


def _whitelist_note(context: ListContext, messages: Messages) -> list[str]:
    if not context.whitelist:
        return []
    return ["", messages.wikitext("worklist-whitelist", whitelist=f"[[{context.whitelist}]]")]


def _page(
    title: str,
    body: list[str],
    bot: str,
    pages: int,
    rules: tuple[str, ...] = (),
    digest_body: list[str] | None = None,
) -> WorklistPage:
    text = "\n".join(body)
    digest = _digest("\n".join(digest_body) if digest_body is not None else text)
    marker = Marker(bot, digest, pages, rules)
    return WorklistPage(title, f"{marker.render()}\n{text}\n{END_MARKER}", marker)


def rule_pages(
    code: str,
    rows: dict[str, list[Finding]],
    name: str,
    context: ListContext,
    messages: Messages,
    *,
    at_least: int = 1,
) -> list[WorklistPage]:
    """The pages of one rule's list (at least ``at_least``: former subpages are emptied)."""
    ordered = ordered_rows(rows)
    chunks = [ordered[i : i + context.size] for i in range(0, len(ordered), context.size)] or [[]]
    count = len(chunks)
    chunks += [[]] * (at_least - count)
    base = f"{context.prefix}/{code}"
    titles = [base] + [f"{base}/{n}" for n in range(2, len(chunks) + 1)]
    headers = [
        messages.wikitext(f"worklist-col-{key}") for key in ("article", "findings", "evidence", "section")
    ]
    if context.whitelist:
        headers.append(messages.wikitext("worklist-col-whitelist"))
    rule = f"[[{context.docpage}#{code}|{f'{code} {name}' if name else code}]]"
    total = sum(len(f) for f in rows.values())
    pages = []
    for number, (title, chunk) in enumerate(zip(titles, chunks), 1):
        nav = " · ".join(f"[[{t}|{n}]]" for n, t in enumerate(titles[:count], 1))
        body = [
            messages.wikitext(
                "worklist-rule-intro",
                rule=rule,
                count=total,
                articles=len(rows),
                index=f"[[{context.prefix}]]",
            )
        ]
        if count > 1 and number <= count:
            body.append(messages.wikitext("worklist-nav", page=number, pages=count, links=nav))
        body.append("")
        if chunk:
            body += _table(headers, (_row(t, f, context, messages) for t, f in chunk))
        else:
            body.append(messages.wikitext("worklist-empty"))
        body += _whitelist_note(context, messages)
        pages.append(_page(title, body, context.bot_user, count))
    return pages


def index_page(
    lists: Worklists, context: ListContext, messages: Messages, rules: Sequence[str]
) -> WorklistPage:
    """The index: one row per rule, linked to its list."""

    def body(date: str, pages: int | str) -> list[str]:
        source = (
            messages.wikitext("worklist-source-scan", dumps=quote(lists.source, 200))
            if lists.source
            else messages.wikitext("worklist-source-bot")
        )
        lines = [
            messages.wikitext(
                "worklist-index-intro",
                source=source,
                pages=pages,
                count=lists.total,
                articles=lists.articles,
                date=date,
                bot=f"[[User:{context.bot_user}|{context.bot_user}]]",
            ),
            "",
        ]
        if context.live_settle is not None:
            lines += [messages.wikitext("worklist-live", minutes=f"{context.live_settle:g}"), ""]
        headers = [messages.wikitext(f"worklist-col-{key}") for key in ("rule", "findings", "articles")]
        rows = []
        for code in sorted(rules, key=lambda c: (-sum(len(f) for f in lists.by_rule.get(c, {}).values()), c)):
            found = lists.by_rule.get(code, {})
            name = lists.rule_names.get(code, "")
            rows.append(
                [
                    "|-",
                    f"| [[{context.prefix}/{code}|{code}]] [[{context.docpage}#{code}|{name}]]".rstrip(),
                    f"| {sum(len(f) for f in found.values())}",
                    f"| {len(found)}",
                ]
            )
        lines += _table(headers, rows) if rows else [messages.wikitext("worklist-empty")]
        return lines + _whitelist_note(context, messages)

    # The date never makes an edit; in live mode neither does the count of pages
    # checked (each clean article checked would), only the findings do.
    pages_in_digest = "" if context.live_settle is not None else lists.pages_checked
    return _page(
        context.prefix,
        body(context.date, lists.pages_checked),
        context.bot_user,
        1,
        tuple(sorted(rules)),
        digest_body=body("", pages_in_digest),
    )


def render_worklists(
    lists: Worklists,
    context: ListContext,
    messages: Messages,
    previous: dict[str, int] | None = None,
    *,
    only: Iterable[str] | None = None,
) -> Iterator[WorklistPage]:
    """Every page of the worklists: the index, then each rule's pages.

    ``previous``: the number of pages each rule had (from the markers), so that
    lists which shrank or emptied are rewritten rather than left stale.
    ``only``: the rules whose pages to render (the index always is).
    """
    previous = previous or {}
    rules = sorted(set(lists.by_rule) | set(previous))
    yield index_page(lists, context, messages, [r for r in rules if r in lists.by_rule])
    wanted = set(rules) if only is None else set(only)
    for code in sorted(wanted):
        name = lists.rule_names.get(code, "")
        yield from rule_pages(
            code, lists.by_rule.get(code, {}), name, context, messages, at_least=previous.get(code, 1)
        )
