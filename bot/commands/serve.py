"""``wikilint serve``: the web tool and JSON API (and, with ``--scan DIR``, a scan's browser)."""

from __future__ import annotations

import argparse
import os

from wikilint.bot.commandline import (
    ExitStatus,
    UsageError,
    add_page_memory_argument,
    add_page_timeout_argument,
    positive,
)
from wikilint.rules.profile import PROFILE_NAMES

DESCRIPTION = (
    "Serve the web tool and its JSON API: lint an article of the wiki by title, "
    "or pasted wikitext; with --scan DIR, browse the output of `wikilint scan` "
    "or `wikilint spark`. For production, run the WSGI app "
    "wikilint.bot.web.wsgi:app under gunicorn or Toolforge's webservice."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = DESCRIPTION
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--wiki",
        choices=PROFILE_NAMES,
        default="zhwiki",
        help="the wiki articles are read from, and the default profile (default: zhwiki)",
    )
    parser.add_argument(
        "--api",
        metavar="URL",
        help="the wiki's action API (default: its Wikipedia's, e.g. https://zh.wikipedia.org/w/api.php)",
    )
    parser.add_argument(
        "--scan",
        metavar="DIR",
        help="browse this scan's output (wikilint scan's --report DIR, or wikilint spark's --out DIR)",
    )
    add_page_timeout_argument(
        parser, "stop linting one request after this many seconds", default=20.0, aliases=("--time-limit",)
    )
    add_page_memory_argument(parser, "each linting process", "is refused")
    parser.add_argument(
        "--workers",
        type=positive(int),
        default=min(4, os.cpu_count() or 1),
        metavar="N",
        help="linting processes (default: the cores, at most 4)",
    )
    parser.add_argument(
        "--max-mb",
        type=positive(float),
        metavar="MB",
        help="largest wikitext accepted (default: the configuration's max_page_mb)",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="another origin allowed to call the API (the wiki's always is)",
    )


def settings_from(args: argparse.Namespace):
    from wikilint.bot.web.app import Settings

    return Settings(
        wiki=args.wiki,
        api_url=args.api,
        config_path=args.config,
        scan_dir=args.scan,
        time_limit=args.page_timeout,
        memory_mb=args.page_memory,
        workers=args.workers,
        max_mb=args.max_mb,
        cors_origins=tuple(args.cors_origin),
    )


def run(args: argparse.Namespace) -> int:
    from werkzeug.serving import run_simple

    from wikilint.bot.web.app import create_app
    from wikilint.bot.web.browse import BrowseError

    if args.scan and not os.path.isdir(args.scan):
        raise UsageError(f"--scan {args.scan}: not a directory")
    try:
        app = create_app(settings_from(args))
    except BrowseError as error:
        raise UsageError(str(error)) from None
    print(f"wikilint: serving on http://{args.host}:{args.port}/ (Ctrl-C stops)")
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False)
    return ExitStatus.OK
