"""Filters on pywikibot's logging: no credentials anywhere, no tracebacks on the console.

pywikibot writes the parameters of an API request that failed to its log
file; for a login request those include the password. And while it retries
a request that met a network error it prints the whole traceback. The bot
installs two filters once pywikibot has set up its handlers:

* every record, whatever the handler, has ``password=...`` values
  (``lgpassword``, ``password``...) replaced by ``***``;
* on the terminal, a traceback is cut to its last line (the exception), so
  the operator sees one clear line; the log file keeps it whole.
"""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(r"((?:lg)?password|botpassword)(=|': '|\": \"|%3D)[^&\s'\"]*", re.IGNORECASE)
REDACTED = "***"


def redact(text: str) -> str:
    """``text`` with every password value replaced by ``***``."""
    return _SECRET.sub(lambda m: f"{m[1]}{m[2]}{REDACTED}", text)


_NETWORK_ERROR = re.compile(
    r"^(?:requests\.exceptions\.|pywikibot\.exceptions\.)?"
    r"\w*(?:ConnectionError|Timeout|ServerError)\w*: "
    r"\w+ConnectionPool\(host='([^']*)', port=(\d+)\)"
)
_REASONS = (
    ("Failed to resolve", "the host name does not resolve"),
    ("Name or service not known", "the host name does not resolve"),
    ("Connection refused", "connection refused"),
    ("timed out", "timed out"),
    ("Connection reset", "connection reset"),
)


def short_network_error(line: str) -> str:
    """A ``requests`` connection error (pools, retries, object addresses) as
    ``network error: HOST:PORT: reason``; other lines unchanged."""
    match = _NETWORK_ERROR.match(line)
    if match is None:
        return line
    reason = next((said for seen, said in _REASONS if seen in line), "no connection")
    return f"network error: {match[1]}:{match[2]}: {reason}"


def last_line_of_traceback(text: str) -> str:
    """A traceback reduced to its final ``Exception: message`` line."""
    if "Traceback (most recent call last)" not in text:
        return short_network_error(text)
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return short_network_error(lines[-1]) if lines else text


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a record whose arguments do not fit: leave it as it is
        return str(record.msg)


class RedactSecrets(logging.Filter):
    """Removes password values from every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = _message(record)
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class ShortTracebacks(logging.Filter):
    """Cuts tracebacks to their last line (for terminal handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = _message(record)
        short = last_line_of_traceback(message)
        if short != message:
            record.msg, record.args = short, ()
        return True


def install() -> None:
    """Add the filters to the handlers pywikibot has set up (terminal and log file)."""
    from pywikibot.userinterfaces.terminal_interface_base import TerminalHandler

    handlers = {
        *logging.getLogger("pywiki").handlers,
        *logging.getLogger("py.warnings").handlers,
        *logging.getLogger().handlers,
    }
    for handler in handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
        if isinstance(handler, TerminalHandler) and not any(
            isinstance(f, ShortTracebacks) for f in handler.filters
        ):
            handler.addFilter(ShortTracebacks())
