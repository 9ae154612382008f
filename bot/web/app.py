"""The web application: the lint page, rule pages, the scan browser, the JSON
API and the user script, as one Flask (WSGI) app built by :func:`create_app`.

Every answer carries a Content-Security-Policy that allows nothing from
another origin and no inline script or style; every word from an article or a
request reaches the page through Jinja's escaping (or ``textContent`` in the
page's JavaScript). Errors are JSON on ``/api/`` and a readable page
elsewhere, never a traceback.
"""

from __future__ import annotations

import atexit
import json
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from wikilint.bot.config import WIKI_CHOICES, Config, ConfigError, load_config
from wikilint.bot.engine import detect_wiki
from wikilint.bot.registry import Catalogue, load_catalogue
from wikilint.bot.scan.child import PAGE_MEMORY_MB
from wikilint.bot.scan.lint import LinterSpec
from wikilint.bot.web import texts
from wikilint.bot.web.browse import PAGE_SIZE, SEVERITIES, SORTS, Filters, ScanBrowser
from wikilint.bot.web.linting import LintFailure, LintPool
from wikilint.bot.web.openapi import openapi_document
from wikilint.bot.web.options import LintOptions, OptionError, parse_options
from wikilint.bot.web.results import (
    Result,
    filter_findings,
    localize,
    rule_documentation,
    rule_json,
    rule_summary,
)
from wikilint.bot.web.source import SourceError, WikiSite, default_api, origin_of

log = logging.getLogger("wikilint.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
#: Texts the page's script fills in itself.
CLIENT_TEXTS = ("shown",)
USERSCRIPT_TEXTS = (
    "us-link",
    "us-tooltip",
    "us-title",
    "us-loading",
    "us-none",
    "us-close",
    "us-count",
    "us-open",
    "us-failed",
    "us-line",
)


class TextTooLarge(Exception):
    pass


@dataclass
class Settings:
    """How ``wikilint serve`` was started."""

    wiki: str = "zhwiki"
    """the configured wiki: the default profile, and the wiki titles are read from"""
    api_url: str | None = None
    """its action API (default: its Wikipedia's)"""
    config_path: str | None = None
    scan_dir: str | None = None
    time_limit: float = 20.0
    memory_mb: int = PAGE_MEMORY_MB
    """the address-space limit of each linting child (0: none)"""
    workers: int = 2
    max_mb: float | None = None
    """the largest text linted (default: the configuration's ``max_page_mb``)"""
    cors_origins: tuple[str, ...] = ()
    """origins allowed to call the API besides the configured wiki's"""
    linter_spec: LinterSpec | None = None
    """how the children build their linter (default: the engine of ``config_path``)"""


class Service:
    """What the routes share: configuration, rules, linting children, wikis, scan."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.config: Config = load_config(settings.config_path)
        self.catalogue: Catalogue = load_catalogue()
        self.max_bytes = int((settings.max_mb or self.config.max_page_mb) * 1_000_000)
        spec = settings.linter_spec or LinterSpec(config_path=settings.config_path)
        self.pool = LintPool(spec, settings.time_limit, settings.workers, memory_mb=settings.memory_mb)
        api = settings.api_url or default_api(settings.wiki)
        if api is None:
            raise ConfigError(f"no action API known for {settings.wiki!r}: give --api URL")
        self.site = WikiSite(api)
        """the configured wiki: titles are read from it (``wiki`` only picks the profile)"""
        self.origins = {origin_of(api), *settings.cors_origins}
        self.browser = ScanBrowser(settings.scan_dir) if settings.scan_dir else None

    def lint(self, options: LintOptions) -> Result:
        """Lint what ``options`` name; raises OptionError, SourceError, LintFailure, TextTooLarge."""
        codes = options.rule_codes(self.catalogue)
        title = revision = timestamp = None
        links: dict[str, str] = {}
        if options.text is not None:
            text = options.text
        else:
            site = self.site
            article = site.fetch(options.title, options.oldid)
            text, title = article.text, article.title
            revision, timestamp = article.revision_id, article.timestamp
            links = {
                "article": site.article_url(title),
                "history": site.history_url(title),
                "revision": site.revision_url(title, revision),
            }
        size = len(text.encode("utf-8"))
        if size > self.max_bytes:
            raise TextTooLarge(f"{size / 1e6:.1f} MB of wikitext; the limit is {self.max_bytes / 1e6:.1f} MB")
        wiki = options.wiki
        if wiki == "auto":
            wiki = self.settings.wiki if title is not None else detect_wiki(text)
        outcome = self.pool.lint(text, title=title, wiki=wiki)
        findings = [
            localize(f, options.lang) for f in filter_findings(outcome.findings, codes, options.min_severity)
        ]
        return Result(text, wiki, options.lang, findings, title, revision, timestamp, outcome.problems, links)

    def close(self) -> None:
        self.pool.close()
        if self.browser is not None:
            self.browser.close()


# -- the application --------------------------------------------------------------------


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    service = Service(settings)
    atexit.register(service.close)
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config["MAX_CONTENT_LENGTH"] = 3 * service.max_bytes + 65536  # escapes, multipart
    app.extensions["wikilint"] = service
    app.jinja_env.globals.update(
        language_names=texts.LANGUAGE_NAMES, wiki_choices=WIKI_CHOICES, severities=SEVERITIES, sorts=SORTS
    )
    app.jinja_env.filters["inline_code"] = inline_code
    _routes(app, service)
    _errors(app)
    _headers(app, service)
    return app


_INLINE_CODE = re.compile(r"`([^`]+)`")


def inline_code(text: str) -> Markup:
    """Documentation text as HTML: escaped, with its `code` spans as ``<code>``."""
    return Markup(_INLINE_CODE.sub(r"<code>\1</code>", str(escape(text))))


def _page_lang() -> str:
    """``lang`` of the query or form; else the browser's preferred language."""
    asked = request.values.get("lang", "")
    if asked in texts.LANGUAGE_NAMES:
        return asked
    best = request.accept_languages.best_match(
        ["en", "zh-hans", "zh-hant", "zh-tw", "zh-hk", "zh-cn", "zh"], default="en"
    )
    return {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-cn": "zh-hans", "zh": "zh-hans"}.get(
        best, best if best in texts.LANGUAGE_NAMES else "en"
    )


def _failure_text(error: LintFailure, lang: str, memory_mb: int) -> str:
    """What the page says of a text that could not be linted, in ``lang``."""
    if error.kind == "memory":
        return texts.text("error-memory", lang, limit=memory_mb)
    return texts.text("error-timeout" if error.kind == "timeout" else "error-lint", lang, message=str(error))


def _render(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    lang = context.pop("lang", None) or getattr(g, "lang", None) or _page_lang()
    g.lang = lang

    def t(name: str, **params: Any) -> str:
        return texts.text(name, lang, **params)

    here = {k: v for k, v in request.args.items() if k != "lang"}
    switch = {code: (f"{request.path}?{urlencode({**here, 'lang': code})}") for code in texts.LANGUAGE_NAMES}
    service: Service = current_app.extensions["wikilint"]
    return render_template(
        template,
        t=t,
        lang=lang,
        switch=switch,
        has_scan=service.browser is not None,
        client_texts=json.dumps(texts.client_texts(lang, CLIENT_TEXTS), ensure_ascii=False),
        **context,
    ), status


def _api_error(status: int, code: str, message: str, **extra: Any) -> Response:
    response = jsonify({"error": {"status": status, "code": code, "message": message, **extra}})
    response.status_code = status
    return response


def _routes(app: Flask, service: Service) -> None:
    # -- the lint page -------------------------------------------------------------

    def permalink(options: LintOptions, *, oldid: int | None = None) -> str:
        query: dict[str, Any] = {
            "wiki": options.wiki,
            "title": options.title,
            "oldid": oldid,
            "lang": options.lang,
            "select": ",".join(options.select) if options.select else None,
            "ignore": ",".join(options.ignore) if options.ignore else None,
            "min_severity": options.min_severity.value if options.min_severity else None,
        }
        return url_for("index", **{k: v for k, v in query.items() if v})

    def lint_page(data: dict[str, Any]) -> tuple[str, int]:
        lang = _page_lang()
        form = {
            "wiki": data.get("wiki") or "auto",
            "lang": lang,
            "title": data.get("title", ""),
            "text": data.get("text", ""),
            "select": data.get("select", ""),
            "ignore": data.get("ignore", ""),
            "min_severity": data.get("min_severity", ""),
        }
        try:
            options = parse_options({**data, "lang": lang}, default_wiki="auto")
            result = service.lint(options)
        except OptionError as error:
            return _render(
                "index.html",
                422,
                form=form,
                error=texts.text("error-option", lang, field=error.field, message=error.message),
                lang=lang,
            )
        except SourceError as error:
            return _render(
                "index.html",
                error.status,
                form=form,
                error=texts.text(
                    "error-not-found" if error.status == 404 else "error-wiki", lang, message=str(error)
                ),
                lang=lang,
            )
        except TextTooLarge as error:
            return _render(
                "index.html",
                413,
                form=form,
                error=texts.text("error-too-large", lang, message=str(error)),
                lang=lang,
            )
        except LintFailure as error:
            return _render(
                "index.html",
                error.status,
                form=form,
                error=_failure_text(error, lang, service.settings.memory_mb),
                lang=lang,
            )
        if result.title:
            form["title"], form["text"] = result.title, ""
        links = dict(result.links)
        if result.title:
            links["permalink"] = permalink(options, oldid=result.revision_id)
            links["current"] = permalink(options.model_copy(update={"oldid": None}))
        return _render(
            "result.html",
            form=form,
            result=result,
            links=links,
            rules={r.code: r for r in service.catalogue},
            lang=lang,
        )

    @app.get("/")
    def index():
        if request.args.get("title") or request.args.get("oldid"):
            return lint_page(request.args.to_dict())
        return _render("index.html", form={"wiki": request.args.get("wiki", "auto"), "title": "", "text": ""})

    @app.post("/")
    def lint_form():
        data = request.form.to_dict()
        if data.get("title") and not data.get("text", "").strip():
            data.pop("text", None)
            try:
                options = parse_options({**data, "lang": _page_lang()}, default_wiki="auto")
            except OptionError:
                return lint_page(data)
            return redirect(permalink(options), code=303)
        data.pop("title", None)
        return lint_page(data)

    @app.get("/rules")
    def rules_page():
        lang = _page_lang()
        rules = [(r, rule_summary(r, lang)) for r in service.catalogue]
        return _render("rules.html", rules=rules, lang=lang)

    @app.get("/rules/<key>")
    def rule_page(key: str):
        rule = service.catalogue.find(key)
        if rule is None:
            return _render("error.html", 404, message=texts.text("error-no-rule", _page_lang(), rule=key))
        lang = _page_lang()
        return _render(
            "rule.html",
            rule=rule,
            summary=rule_summary(rule, lang),
            parts=rule_documentation(rule, lang),
            lang=lang,
        )

    # -- the scan browser ----------------------------------------------------------

    def filters() -> Filters:
        args = request.args
        return Filters(
            code=args.get("code") or None,
            severity=args.get("severity") if args.get("severity") in SEVERITIES else None,
            title=args.get("q") or None,
            section=args.get("section") or None,
            wiki=args.get("wiki") or None,
        )

    def browser() -> ScanBrowser:
        if service.browser is None:
            from werkzeug.exceptions import NotFound

            raise NotFound()
        return service.browser

    def page_number() -> int:
        try:
            return max(1, int(request.args.get("page", "1")))
        except ValueError:
            return 1

    @app.get("/scan")
    def scan_rules():
        scan = browser()
        chosen = filters()
        return _render(
            "scan_rules.html",
            rules=scan.rules(chosen),
            filters=chosen,
            total=scan.total,
            directory=str(scan.directory),
            wikis=scan.wikis(),
            catalogue={r.code: r for r in service.catalogue},
        )

    @app.get("/scan/pages")
    def scan_pages():
        scan = browser()
        chosen = filters()
        sort = request.args.get("sort", "findings")
        number = page_number()
        rows, total = scan.pages(chosen, sort, number)
        query = {k: v for k, v in request.args.items() if k != "page"}
        return _render(
            "scan_pages.html",
            pages=rows,
            total=total,
            filters=chosen,
            sort=sort,
            number=number,
            last=max(1, -(-total // PAGE_SIZE)),
            query=query,
            wikis=scan.wikis(),
        )

    @app.get("/scan/page")
    def scan_page():
        scan = browser()
        chosen = filters()
        wiki, title = request.args.get("wiki", ""), request.args.get("title", "")
        rows = scan.findings(
            wiki, title, Filters(code=chosen.code, severity=chosen.severity, section=chosen.section)
        )
        if not rows:
            return _render(
                "error.html", 404, message=texts.text("error-scan-page", _page_lang(), title=title)
            )
        return _render("scan_page.html", wiki=wiki, title=title, findings=rows, filters=chosen)

    @app.get("/scan/finding/<int:finding_id>")
    def scan_finding(finding_id: int):
        row = browser().finding(finding_id)
        if row is None:
            return _render(
                "error.html", 404, message=texts.text("error-scan-finding", _page_lang(), id=finding_id)
            )
        try:
            evidence = json.loads(row["evidence"] or "{}")
        except ValueError:
            evidence = {"evidence": row["evidence"]}
        return _render("scan_finding.html", f=row, evidence=evidence)

    # -- the JSON API ------------------------------------------------------------------

    @app.route("/api/v1/lint", methods=["POST", "OPTIONS"])
    def api_lint():
        if request.method == "OPTIONS":
            return Response(status=204)
        data = request.get_json(silent=True)
        if data is None:
            return _api_error(
                400, "bad-json", "the body must be a JSON object (Content-Type: application/json)"
            )
        try:
            options = parse_options(data, default_wiki="auto")
            result = service.lint(options)
        except OptionError as error:
            return _api_error(422, "invalid-option", error.message, field=error.field)
        except SourceError as error:
            return _api_error(
                error.status,
                "not-found" if error.status == 404 else "wiki-unavailable",
                str(error),
                field="title",
            )
        except TextTooLarge as error:
            return _api_error(413, "too-large", str(error), field="text")
        except LintFailure as error:
            return _api_error(error.status, error.kind, str(error))
        return jsonify(result.as_json())

    @app.get("/api/v1/rules")
    def api_rules():
        lang = request.args.get("lang", "en")
        if lang not in texts.LANGUAGE_NAMES:
            return _api_error(
                422, "invalid-option", f"must be one of {', '.join(texts.LANGUAGE_NAMES)}", field="lang"
            )
        return jsonify({"rules": [rule_json(r, lang) for r in service.catalogue]})

    @app.get("/api/v1/rules/<key>")
    def api_rule(key: str):
        lang = request.args.get("lang", "en")
        if lang not in texts.LANGUAGE_NAMES:
            return _api_error(
                422, "invalid-option", f"must be one of {', '.join(texts.LANGUAGE_NAMES)}", field="lang"
            )
        rule = service.catalogue.find(key)
        if rule is None:
            return _api_error(404, "unknown-rule", f"no rule {key!r} (see /api/v1/rules)")
        return jsonify(rule_json(rule, lang, full=True))

    @app.get("/api/v1/openapi.json")
    def api_openapi():
        return jsonify(openapi_document(request.url_root.rstrip("/"), WIKI_CHOICES))

    @app.get("/api")
    def api_page():
        return _render("api.html", base=request.url_root.rstrip("/"))

    # -- the user script -----------------------------------------------------------------

    @app.get("/userscript.js")
    def userscript():
        source = resources.files(__package__).joinpath("static", "userscript.js").read_text("utf-8")
        messages = {lang: texts.client_texts(lang, USERSCRIPT_TEXTS) for lang in texts.LANGUAGE_NAMES}
        source = source.replace("__WIKILINT_SERVER__", json.dumps(request.url_root.rstrip("/"))).replace(
            "__WIKILINT_MESSAGES__", json.dumps(messages, ensure_ascii=False)
        )
        return Response(source, mimetype="text/javascript", headers={"Cache-Control": "public, max-age=300"})

    @app.get("/favicon.ico")
    def favicon():
        return redirect(url_for("static", filename="favicon.svg"), code=301)


def _errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            message = error.description or error.name
            if error.code == 413:
                message = "the request is larger than this server accepts"
            return _api_error(error.code or 500, error.name.lower().replace(" ", "-"), message)
        lang = _page_lang()
        name = {404: "error-404", 405: "error-405", 413: "error-413"}.get(error.code or 0, "error-http")
        return _render(
            "error.html",
            error.code or 500,
            lang=lang,
            message=texts.text(name, lang, status=error.code or 500),
        )

    @app.errorhandler(Exception)
    def internal_error(error: Exception):
        log.error("internal error on %s %s", request.method, request.path, exc_info=error)
        if request.path.startswith("/api/"):
            return _api_error(500, "internal-error", "an internal error occurred; it was logged")
        lang = _page_lang()
        return _render("error.html", 500, lang=lang, message=texts.text("error-500", lang))


def _headers(app: Flask, service: Service) -> None:
    @app.after_request
    def secure(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if request.path.startswith("/api/"):
            origin = request.headers.get("Origin")
            if origin and origin in service.origins:
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "Content-Type"
                response.headers["Access-Control-Max-Age"] = "3600"
            response.vary.add("Origin")
        return response
