"""The dumps of a scan as both engines see them: planned, their wiki chosen, cut into units.

``wikilint scan`` (:mod:`wikilint.bot.scan.runner`) and ``wikilint spark``
(:mod:`wikilint.bot.spark.job`) open each dump with :func:`open_dump`: its
plan (:func:`~wikilint.bot.scan.partition.plan_dump`), the profile its
pages are linted with (:func:`choose_wiki`), its :class:`DumpStats`, and its
units of work; a stream that cannot be split is cut into chunks by
:func:`stream_units`. :meth:`DumpInput.page_url` links a page to its wiki.

The wiki of a dump is ``--wiki`` when given; else the profile its header
names (``<dbname>``, or the ``xml:lang`` of a dump without one) when the
script of its first articles fits that profile; else each page's own script
(``auto``). A header that disagrees with its pages' script is reported: a
warning, kept in the dump's summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wikilint.bot.scan.lint import PageResult, problem_record
from wikilint.bot.scan.pages import SiteInfo
from wikilint.bot.scan.partition import DumpPlan, plan_dump
from wikilint.bot.scan.source import DumpError, DumpStream, PageChunker
from wikilint.bot.scan.summary import DumpStats
from wikilint.bot.scan.worker import Unit
from wikilint.rules.profile import detect_profile, load_profile, profile_names


@dataclass(frozen=True)
class WikiChoice:
    """The profile a dump's pages are linted with, and why."""

    wiki: str
    """a profile name, or ``auto``: each page by its script"""
    source: str
    """``--wiki``, ``header`` or ``script``"""
    warning: str | None = None


def header_profile(siteinfo: SiteInfo) -> str | None:
    """The profile a dump header names: its dbname, or its language without a dbname."""
    if siteinfo.dbname in profile_names():
        return siteinfo.dbname
    if not siteinfo.dbname and siteinfo.language and f"{siteinfo.language}wiki" in profile_names():
        return f"{siteinfo.language}wiki"
    return None


def choose_wiki(siteinfo: SiteInfo, forced: str | None, sample: str = "") -> WikiChoice:
    """The wiki of a dump: ``forced`` (``--wiki``), else its header's when the
    ``sample`` of its articles is written in that profile's script, else ``auto``."""
    if forced:
        return WikiChoice(forced, "--wiki")
    named = header_profile(siteinfo)
    if named is None:
        return WikiChoice("auto", "script")
    if sample:
        detected = detect_profile(sample).name
        if detected != named:
            return WikiChoice(
                "auto",
                "script",
                (
                    f"the header says {siteinfo.dbname or named}, but its articles are written in "
                    f"the script of {detected}: each page is linted with the profile of its script "
                    f"(give --wiki to choose one)"
                ),
            )
    return WikiChoice(named, "header")


@dataclass
class DumpInput:
    """One dump of a scan: its plan (``None`` when it cannot be read) and its stats."""

    index: int
    path: Path
    stats: DumpStats
    plan: DumpPlan | None = None
    error: str | None = None
    siteinfo: SiteInfo = field(default_factory=SiteInfo)

    def page_url(self, title: str | None, wiki: str | None) -> str | None:
        """A page's URL: on the site its header names when the page was linted with
        that wiki's profile (:meth:`DumpStats.header_fits`), else on the wiki of
        the profile it was linted with."""
        if not title:
            return None
        if self.stats.header_fits(wiki):
            url = self.siteinfo.page_url(title)
            if url:
                return url
        if wiki in profile_names():
            return load_profile(wiki).page_url(title)
        return None

    def failed_unit(self) -> Unit:
        """The unit standing for a dump that cannot be read."""
        return Unit(
            self.index,
            0,
            results=[
                PageResult(
                    -1, None, None, problems=[problem_record("unreadable", self.error or "cannot be read")]
                )
            ],
        )

    def units(self, namespaces: frozenset[int] | None) -> Iterator[Unit]:
        """The partitions of the dump; a stream is one unit whose ``partition`` is
        the whole file (see :func:`stream_units`)."""
        assert self.plan is not None
        for partition in self.plan.partitions():
            yield Unit(
                self.index,
                partition.index,
                header=self.plan.header,
                wiki=self.stats.wiki,
                namespaces=namespaces,
                partition=partition,
                progress_bytes=partition.size,
            )


def open_dump(
    index: int,
    path: Path,
    *,
    wiki: str | None,
    partition_bytes: int | None = None,
    stats: DumpStats | None = None,
) -> DumpInput:
    """Plan a dump and choose its wiki, describing it in ``stats`` (new ones by default);
    a dump that cannot be read has ``error`` set."""
    if stats is None:
        stats = DumpStats(path=str(path), name=path.name, size=_size(path))
    try:
        plan = plan_dump(path, partition_bytes=partition_bytes)
    except DumpError as error:
        message = str(error) if str(path) in str(error) else f"{path}: {error}"
        return DumpInput(index, path, stats, error=message)
    choice = choose_wiki(plan.siteinfo, wiki, plan.sample)
    stats.wiki, stats.wiki_source, stats.warning = choice.wiki, choice.source, choice.warning
    stats.siteinfo = plan.siteinfo.to_dict()
    stats.kind, stats.compression, stats.encoding = plan.kind, plan.compression, plan.encoding
    return DumpInput(index, path, stats, plan, siteinfo=plan.siteinfo)


def stream_units(unit: Unit, chunk_bytes: int) -> Iterator[tuple[Unit, int]]:
    """A dump that cannot be split (xz, gz, single-stream bz2...), read front to back
    and cut into units of whole pages, each with the compressed bytes it took.

    A stream that ends early ends with a ``read-error`` unit (the pages before
    it are kept).
    """
    assert unit.partition is not None
    path = unit.partition.path
    with DumpStream(path) as stream:
        consumed = count = 0
        for index, chunk in enumerate(PageChunker(stream.blocks(), chunk_bytes)):
            count = index + 1
            position = stream.position()
            size, consumed = position - consumed, position
            yield (
                Unit(
                    unit.dump,
                    index,
                    header=unit.header,
                    wiki=unit.wiki,
                    namespaces=unit.namespaces,
                    data=chunk,
                    progress_bytes=size,
                ),
                size,
            )
        if stream.problem:
            yield (
                Unit(
                    unit.dump,
                    count,
                    results=[
                        PageResult(
                            -1,
                            None,
                            None,
                            problems=[
                                problem_record(
                                    "read-error",
                                    f"{path}: {stream.problem}; the pages before this point were kept",
                                )
                            ],
                        )
                    ],
                ),
                0,
            )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0
