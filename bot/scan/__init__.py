"""Lint whole MediaWiki XML dumps on every core.

The pieces are layered so that the same code serves ``wikilint scan`` on
one machine and a Spark job on many:

- :mod:`wikilint.bot.scan.source` opens a dump: compression (plain, bz2 incl.
  multistream, xz, gz) and text encoding (UTF-8, UTF-16...), read as a
  stream of UTF-8 blocks and cut into chunks of whole ``<page>`` elements;
- :mod:`wikilint.bot.scan.partition` plans a dump into independent partitions
  (ranges of bz2 streams, ranges of a plain XML file, or the whole stream)
  and reads one partition back as chunks of whole pages;
- :mod:`wikilint.bot.scan.pages` turns a chunk into page records with mwxml, one bad
  page at a time when the XML is broken;
- :mod:`wikilint.bot.scan.lint` lints one page record into a compact result;
- :mod:`wikilint.bot.scan.summary` and :mod:`wikilint.bot.scan.report` aggregate results into
  the summary JSON and the HTML report;
- :mod:`wikilint.bot.scan.worker`, :mod:`wikilint.bot.scan.pool`, :mod:`wikilint.bot.scan.output` and
  :mod:`wikilint.bot.scan.runner` are the local engine: worker processes, a
  watchdog, ordered and resumable output.
"""

from __future__ import annotations
