"""The WSGI entry point, for gunicorn or Toolforge's ``webservice``::

    gunicorn -w 1 --threads 8 'wikilint.bot.web.wsgi:app'

Settings come from the environment: ``WIKILINT_WIKI`` (default ``zhwiki``),
``WIKILINT_API``, ``WIKILINT_CONFIG``, ``WIKILINT_SCAN``,
``WIKILINT_TIME_LIMIT``, ``WIKILINT_WORKERS``, ``WIKILINT_CORS_ORIGINS``
(comma-separated).
"""

from __future__ import annotations

import os

from wikilint.bot.web.app import Settings, create_app


def settings_from_environment(env: os._Environ | dict = os.environ) -> Settings:
    return Settings(
        wiki=env.get("WIKILINT_WIKI", "zhwiki"),
        api_url=env.get("WIKILINT_API") or None,
        config_path=env.get("WIKILINT_CONFIG") or None,
        scan_dir=env.get("WIKILINT_SCAN") or None,
        time_limit=float(env.get("WIKILINT_TIME_LIMIT", "20")),
        workers=int(env.get("WIKILINT_WORKERS", "2")),
        cors_origins=tuple(o for o in env.get("WIKILINT_CORS_ORIGINS", "").split(",") if o),
    )


app = create_app(settings_from_environment())
