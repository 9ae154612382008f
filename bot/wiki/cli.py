"""``wikilint bot``: lint wiki pages and report on their talk pages.

Usage::

    wikilint bot [global options] [page selection] [bot options]

Global options are pywikibot's (``-lang:``, ``-family:``, ``-user:``,
``-simulate``, ``-dir:``, ``-pt:``, ``-maxlag:``, ``-log``...), page selection
uses pywikibot's page generators (``-page:``, ``-cat:``, ``-file:``,
``-recentchanges``, ``-transcludes:``, ``-ns:``, ``-limit:``...). Talk pages
given there stand for their articles.

Bot options:

-report:talk       Report on each article's talk page (default).
-report:log        Write all findings to the JSON log only; never edit.
-fix               Fix the articles themselves instead of reporting: apply the
                   safe fixes, show the diff and ask before each edit (yes,
                   no, all, quit). With -simulate nothing is saved.
-always            With -fix: save without asking.
-post              Really edit the talk pages. Without it the run is a dry
                   run: nothing is written to the wiki, and each report that
                   would be posted is printed and logged.
-minseverity:S     Report findings of severity S (info, warning, error) or
                   higher only (default: info).
-select:RULES      Comma-separated rule codes, code prefixes or names to run.
-ignore:RULES      Comma-separated rule codes, code prefixes or names to skip.
-lintconfig:FILE   wikilint configuration file (TOML; -config is pywikibot's).
-maxedits:N        Stop after N edits.
-jsonlog:FILE      The JSON-lines log (default: wikilint-bot.jsonl in
                   pywikibot's logs directory).
-resume            Skip the pages that the log shows as done in the same mode.
-shutoff:TITLE     Emergency shutoff page (default: User:<bot>/shutoff). Read at
                   the start and every -shutoffevery edits; anything but
                   the text "run" stops the bot.
-shutoffevery:N    Read the shutoff page every N edits (default: 10).
-docpage:TITLE     The page documenting the bot's task, linked from edit
                   summaries and reports (default: User:<bot>/wikilint).
-optouttemplate:T  The bot's own opt-out template (default: Wikilint-optout).
-pagetimeout:S     Stop linting a page after S seconds; the page is logged as an
                   error and the run goes on (default: 30; 0: no limit).
-pagememory:MB     Address space of the process that lints the pages, in MB; a
                   page that needs more is logged as an error (default: 2048;
                   0: no limit).
-createtalk        Create a talk page that does not exist yet (without it, an
                   article without a talk page gets no report).

Worklists, settings, whitelist, live mode:

-report:worklist   Publish one list per rule under -worklist:PREFIX (an index
                   page and PREFIX/CODE, split every -worklistsize rows).
-worklist:PREFIX   Where the worklists live, e.g. Wikipedia:维基百科工程/wikilint.
-worklistsize:N    Rows per list page (default 500, or the settings').
-fromscan:DIR      Build the worklists from a wikilint scan or wikilint spark
                   output (JSON lines, or Parquet with pyarrow installed:
                   pip install 'wikilint[parquet]') instead of reading pages.
-settings:PAGE     On-wiki settings, a JSON page (e.g. User:Bot/wikilint.json),
                   read at the start and with the shutoff page. Invalid
                   settings stop all posting; the run goes on in log mode.
-whitelist:PAGE    False positives: lines "* [[Article]] CODE fingerprint reason"
                   or "[[Article]] CODE"; those findings are never reported.
-live[:poll|stream] Follow recent changes instead of a page selection; lint
                   each article once it is left unedited for -settle minutes.
                   With -report:worklist, its rows are replaced in the lists
                   (kept in a state file beside -jsonlog) and the changed list
                   pages are published after each batch of settled articles.
-settle:MINUTES    Live mode: quiet time before an article is linted (default 30).
-pollevery:SECONDS Live mode: seconds between polls and checks (default 10).
-streamurl:URL     Live mode: read this EventStreams URL.

Waiting on a busy wiki (pywikibot's global options): -maxlag:N, -max_retries:N,
-retry_wait:N, -retry_max:N. A maxlag, HTTP 503 or 429 answer is retried
after the wait its Retry-After asks for (at most -retry_max seconds).

Exit status: 0 when every page was handled (including skipped pages, and a
stop by the shutoff page or -maxedits), 1 when a page failed or the wiki
stopped answering, 2 for a usage or configuration error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from wikilint.bot.commandline import ExitStatus

LOG_NAME = "wikilint-bot.jsonl"
INTEGER_OPTIONS = ("maxedits", "shutoffevery", "worklistsize", "pollevery", "pagememory")
NUMBER_OPTIONS = ("settle", "pagetimeout")
TEXT_OPTIONS = (
    "report",
    "minseverity",
    "select",
    "ignore",
    "lintconfig",
    "jsonlog",
    "shutoff",
    "docpage",
    "optouttemplate",
    "worklist",
    "fromscan",
    "settings",
    "whitelist",
    "live",
    "streamurl",
)
FLAG_OPTIONS = ("post", "resume", "createtalk", "live", "fix", "always")
#: The options CommunityBot takes as they are.
BOT_OPTIONS = (
    "report",
    "post",
    "maxedits",
    "shutoff",
    "shutoffevery",
    "docpage",
    "optouttemplate",
    "worklist",
    "worklistsize",
    "fromscan",
    "settings",
    "whitelist",
    "createtalk",
    "live",
    "settle",
    "pollevery",
    "streamurl",
)


class UsageError(Exception):
    """A command line that cannot be carried out."""


def parse_bot_options(args: Iterable[str]) -> dict[str, Any]:
    """The bot's own ``-name`` / ``-name:value`` options (after pywikibot's)."""
    options: dict[str, Any] = {}
    for arg in args:
        name, sep, value = arg.lstrip("-").partition(":")
        if not arg.startswith("-") or not name:
            raise UsageError(f"unexpected argument {arg!r}")
        if name in FLAG_OPTIONS and not sep:
            options[name] = "auto" if name == "live" else True
        elif name in INTEGER_OPTIONS + NUMBER_OPTIONS and sep:
            kind, what = (int, "a whole number") if name in INTEGER_OPTIONS else (float, "a number")
            try:
                options[name] = kind(value)
            except ValueError:
                raise UsageError(f"-{name} needs {what}, not {value!r}") from None
            if not options[name] >= 0:
                raise UsageError(f"-{name} cannot be negative")
        elif name in TEXT_OPTIONS and sep and value:
            options[name] = value
        else:
            raise UsageError(f"unknown or incomplete option {arg!r} (see wikilint bot -help)")
    if options.get("report", "talk") not in ("talk", "log", "worklist"):
        raise UsageError("-report must be talk, log or worklist")
    if options.get("live", "auto") not in ("auto", "poll", "stream"):
        raise UsageError("-live takes poll or stream (or nothing)")
    if options.get("fromscan") and options.get("report") != "worklist":
        raise UsageError("-fromscan needs -report:worklist")
    if options.get("fromscan") and options.get("live"):
        raise UsageError("-fromscan and -live cannot go together")
    if options.get("pollevery") == 0:
        raise UsageError("-pollevery must be at least 1")
    if options.get("report") == "log" and options.get("post"):
        raise UsageError("-post has no effect with -report:log (which never edits)")
    if options.get("fix") and (
        options.get("report", "talk") != "talk"
        or options.get("post")
        or options.get("live")
        or options.get("fromscan")
    ):
        raise UsageError("-fix edits the articles: it takes no -report, -post, -live or -fromscan")
    if options.get("always") and not options.get("fix"):
        raise UsageError("-always only applies to -fix")
    if options.get("minseverity", "info") not in ("info", "warning", "error"):
        raise UsageError("-minseverity must be info, warning or error")
    return options


def _selectors(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def build_linter(options: dict[str, Any], site_lang: str, config=None):
    """The engine as the bot uses it: ``(text, title) -> (findings, internal errors)``,
    each page linted within ``-pagetimeout`` and ``-pagememory`` (:mod:`wikilint.bot.guard`).

    ``config``: the configuration to use (the on-wiki settings) instead of
    ``-lintconfig``'s."""
    from wikilint.bot.engine import INTERNAL_ERROR_CODE
    from wikilint.bot.guard import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, GuardedLinter
    from wikilint.bot.scan.lint import LinterSpec
    from wikilint.bot.wiki.report import severity_at_least
    from wikilint.rules.finding import Severity
    from wikilint.rules.profile import PROFILE_NAMES

    select, ignore = _selectors(options.get("select")), _selectors(options.get("ignore"))
    spec = LinterSpec(
        config_path=options.get("lintconfig"),
        select=tuple(select) if select is not None else None,
        ignore=tuple(ignore) if ignore is not None else None,
    )
    engine = GuardedLinter(
        spec,
        options.get("pagetimeout", DEFAULT_TIMEOUT),
        options.get("pagememory", DEFAULT_MEMORY_MB),
        config=config,
    )
    profile = f"{site_lang}wiki"
    wiki = profile if profile in PROFILE_NAMES else None
    minimum = Severity(options.get("minseverity", "info"))

    def lint(text: str, title: str):
        import pywikibot

        result = engine.lint(text, title=title, wiki=wiki)
        for warning in result.warnings:
            pywikibot.warning(f"{title}:{warning.line}: {warning.message}")
        findings = result.findings
        internal = [f for f in findings if f.code == INTERNAL_ERROR_CODE]
        reported = [f for f in findings if f.code != INTERNAL_ERROR_CODE]
        return severity_at_least(reported, minimum), internal

    return lint


def describe_unreachable(error: BaseException) -> str | None:
    """One line saying why the wiki could not be reached, or None when ``error``
    is not a network failure (the raw ``requests``/``urllib3`` text names pools,
    retries and object addresses)."""
    import requests
    from urllib3.exceptions import NameResolutionError, NewConnectionError

    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
        if current is None and seen[-1].args and isinstance(seen[-1].args[0], BaseException):
            current = seen[-1].args[0]  # requests keeps urllib3's error in args
    network = [
        e
        for e in seen
        if isinstance(e, (requests.exceptions.RequestException, ConnectionError, TimeoutError))
    ]
    if not network:
        return None
    reasons = [e.reason for e in seen if hasattr(e, "reason")]
    chain = seen + [r for r in reasons if isinstance(r, BaseException)]
    request = next((r for e in network if (r := getattr(e, "request", None)) is not None), None)
    url = request.url.split("?")[0] if request is not None else None
    where = url or "the wiki"
    if any(isinstance(e, NameResolutionError) for e in chain) or any(
        "Name or service not known" in str(e) or "Temporary failure in name resolution" in str(e)
        for e in chain
    ):
        why = "its host name does not resolve (no network, or a wrong family/URL in user-config.py)"
    elif any(isinstance(e, (requests.exceptions.Timeout, TimeoutError)) for e in chain):
        why = "it did not answer in time"
    elif any(isinstance(e, ConnectionRefusedError) or "Connection refused" in str(e) for e in chain):
        why = "the connection was refused"
    elif any(isinstance(e, (NewConnectionError, requests.exceptions.ConnectionError)) for e in chain):
        why = "no connection could be made"
    else:
        why = type(network[0]).__name__
    return f"cannot reach {where}: {why}"


def articles(generator: Iterable[Any]) -> Iterator[Any]:
    """Pages as articles: a talk page stands for its subject page; no repeats."""
    from pywikibot.tools.itertools import filter_unique

    subjects = (page.toggleTalkPage() if page.isTalkPage() else page for page in generator)
    return filter_unique(subjects, key=lambda page: page.title())


def main(argv: list[str]) -> int:
    """Run ``wikilint bot`` with pywikibot-style arguments; return the exit status."""
    if any(arg in ("-help", "--help", "-h") for arg in argv):
        try:
            print(__doc__)
        except BrokenPipeError:
            pass
        return ExitStatus.OK
    try:
        import pywikibot
        from pywikibot import config, pagegenerators
    except Exception as error:  # a broken user-config.py stops pywikibot's import
        print(f"wikilint bot: error: pywikibot cannot start: {error}", file=sys.stderr)
        return ExitStatus.ERROR
    user_config = Path(config.base_dir) / getattr(config, "user_config_file", "user-config.py")
    if not user_config.is_file():
        print(
            f"wikilint bot: error: no {user_config.name} in {config.base_dir}: copy "
            "user-config.py.example there (or set PYWIKIBOT_DIR); see the README",
            file=sys.stderr,
        )
        return ExitStatus.ERROR

    from wikilint.bot.config import ConfigError, load_config
    from wikilint.bot.wiki import logfilter, retryafter
    from wikilint.bot.wiki.community import CommunityBot
    from wikilint.bot.wiki.runlog import RunLog, completed_titles

    try:
        pywikibot.bot.init_handlers()  # the filters before anything reaches the wiki:
        logfilter.install()  # a family given by URL is read while the arguments are
        retryafter.install()
        local_args = pywikibot.handle_args(argv, do_help=False)
        logfilter.install()
        site = pywikibot.Site()
        factory = pagegenerators.GeneratorFactory(site)
        own_args = factory.handle_args(local_args)
        options = parse_bot_options(own_args)
        base_config = load_config(options.get("lintconfig")).model_dump(mode="json")
        build_linter(options, site.lang)  # a bad -select or -lintconfig stops here
        generator = factory.getCombinedGenerator(preload=False)
        if options.get("fromscan") or options.get("live"):
            if generator is not None:
                raise UsageError("-fromscan and -live take no page selection")
            generator = iter(())
        elif generator is None:
            raise UsageError(
                "no pages selected: give a page generator such as -page:TITLE, -cat:NAME or -file:FILE"
            )
    except (UsageError, ConfigError) as error:
        print(f"wikilint bot: error: {error}", file=sys.stderr)
        return ExitStatus.ERROR
    except pywikibot.exceptions.ApiTimeoutError:  # pywikibot's retries used up
        print(
            f"wikilint bot: error: cannot start on the wiki: cannot reach it: no answer after "
            f"{config.max_retries} attempts (max_retries in user-config.py)",
            file=sys.stderr,
        )
        return ExitStatus.SKIPPED
    except pywikibot.exceptions.Error as error:
        print(f"wikilint bot: error: {type(error).__name__}: {error}", file=sys.stderr)
        return ExitStatus.ERROR
    except Exception as error:  # the wiki cannot be reached, most often
        reason = describe_unreachable(error) or (
            f"{type(error).__name__}: {logfilter.last_line_of_traceback(str(error))}"
        )
        print(f"wikilint bot: error: cannot start on the wiki: {reason}", file=sys.stderr)
        return ExitStatus.SKIPPED

    if options.get("post") or options.get("fix"):
        try:
            site.login()
        except Exception as error:
            print(
                f"wikilint bot: error: cannot log in to {site}: {describe_unreachable(error) or error}",
                file=sys.stderr,
            )
            return ExitStatus.SKIPPED
        if not site.has_right("bot"):
            pywikibot.warning(
                f"{site.user()} has no bot right on {site}: its edits will not "
                "be marked as bot edits (fine for a trial run only)"
            )

    log_path = Path(options.get("jsonlog") or Path(config.datafilepath("logs")) / LOG_NAME)
    runlog = RunLog(log_path)
    report = options.get("report", "talk")
    mode = (
        "fix"
        if options.get("fix")
        else "log"
        if report == "log"
        else (f"{report}-post" if options.get("post") else f"{report}-dry-run")
    )
    site_name = f"{site.family.name}:{site.code}"
    done = completed_titles(log_path, site=site_name, mode=mode) if options.get("resume") else set()
    bot_options = {key: options[key] for key in BOT_OPTIONS if key in options}
    if options.get("fix"):
        from wikilint.bot.wiki.fixmode import ArticleFixBot

        bot_class: type[CommunityBot] = ArticleFixBot
        bot_options["always"] = bool(options.get("always"))
    else:
        bot_class = CommunityBot
    bot = bot_class(
        site=site,
        generator=pagegenerators.PreloadingGenerator(articles(generator)),
        linter_for=lambda settings: build_linter(options, site.lang, settings),
        base_config=base_config,
        runlog=runlog,
        done=done,
        **bot_options,
    )
    try:
        bot.run()
    except Exception as error:  # e.g. a page generator failing on a bad title
        print(f"wikilint bot: error: the run stopped: {type(error).__name__}: {error}", file=sys.stderr)
        return ExitStatus.SKIPPED
    return bot.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
