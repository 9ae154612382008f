"""Honour ``Retry-After`` on an overloaded wiki's HTTP 503 (and 429) answers.

pywikibot waits and retries by itself: after a ``maxlag`` answer its
throttle holds the next request for the answer's ``Retry-After`` (up to
``retry_max`` seconds), and a server error makes it wait ``retry_wait``
seconds, doubling each time up to ``retry_max``, for at most
``max_retries`` attempts. But for an HTTP error it
never reads ``Retry-After``: its error handling raises before the header is
looked at. The bot adds that wait, so that a retry never comes sooner than
the wiki asked; pywikibot's own wait and retry follow as usual.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Any

BUSY_STATUSES = (429, 503)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """The delay a ``Retry-After`` header asks for (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        seconds = when - (time.time() if now is None else now)
    return max(0.0, seconds)


def wait_as_asked(response: Any, *args: Any, **kwargs: Any) -> Any:
    """A ``requests`` response hook: sleep as a busy wiki's ``Retry-After`` asks
    (at most pywikibot's ``retry_max``)."""
    import pywikibot
    from pywikibot import config

    if response.status_code not in BUSY_STATUSES:
        return response
    asked = retry_after_seconds(response.headers.get("Retry-After"))
    if not asked:
        return response
    delay = min(asked, float(config.retry_max))
    pywikibot.warning(
        f"the wiki is busy (HTTP {response.status_code}): waiting {delay:g} s "
        f"as it asks (Retry-After: {response.headers['Retry-After']})"
    )
    time.sleep(delay)
    return response


def install() -> None:
    """Add the hook to pywikibot's HTTP session (once)."""
    from pywikibot.comms import http

    hooks = http.session.hooks.setdefault("response", [])
    if wait_as_asked not in hooks:
        hooks.append(wait_as_asked)
