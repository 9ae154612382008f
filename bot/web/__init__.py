"""``wikilint serve``: the web tool and JSON API for editors (Flask, a WSGI app).

- :mod:`wikilint.bot.web.app`: the application (:func:`create_app`), its pages,
  the JSON API (``/api/v1``), the user script and the security headers;
- :mod:`wikilint.bot.web.options`: what a request may ask (validated: a bad
  field is a 422 naming it);
- :mod:`wikilint.bot.web.linting`: linting in the scan's killable child
  processes, one request a child, with a time limit;
- :mod:`wikilint.bot.web.source`: articles read anonymously from the wiki's API;
- :mod:`wikilint.bot.web.results`: a result as the page and the API show it;
- :mod:`wikilint.bot.web.browse`: a scan's output (JSON lines or Parquet)
  queried in place with DuckDB (``--scan DIR``);
- :mod:`wikilint.bot.web.texts`: the page's words in en, zh-hans and zh-hant;
- :mod:`wikilint.bot.web.wsgi`: the entry point for gunicorn or Toolforge.
"""
