"""wikilint as a Wikipedia bot: talk-page reports and JSON logs, via pywikibot.

Only this package imports pywikibot, so that ``wikilint check`` stays offline
and fast. The modules:

* :mod:`wikilint.bot.wiki.cli` - ``wikilint bot``: pywikibot's global options, page
  generators and the bot's own options;
* :mod:`wikilint.bot.wiki.bot` - :class:`~bot.wiki.bot.TalkReportBot`, built on
  pywikibot's ``SingleSiteBot`` and ``ExistingPageBot``;
* :mod:`wikilint.bot.wiki.report` - the talk-page report (rendering, digest);
* :mod:`wikilint.bot.wiki.talkpage` - finding and replacing the bot's own section;
* :mod:`wikilint.bot.wiki.wikitext` - quoting article text so that it stays inert;
* :mod:`wikilint.bot.wiki.messages` - translated messages (``i18n/``);
* :mod:`wikilint.bot.wiki.exclusion` - ``{{nobots}}``, ``{{bots}}`` and the opt-out
  template;
* :mod:`wikilint.bot.wiki.runlog` - the JSON-lines log, its summary and ``-resume``;
* :mod:`wikilint.bot.wiki.community` - :class:`~bot.wiki.community.CommunityBot`: on-wiki
  settings, the whitelist, talk notices within limits, worklists, live mode;
* :mod:`wikilint.bot.wiki.settings` - the JSON settings page;
* :mod:`wikilint.bot.wiki.worklist` - the worklist pages (and reading a scan's output);
* :mod:`wikilint.bot.wiki.live` - following recent changes (EventStreams or polling).
"""
