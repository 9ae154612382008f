"""Translations of the bot's talk-page reports and edit summaries.

The files follow pywikibot's (and translatewiki.net's) layout: one JSON file
per language in the ``wikilint`` bundle, keys ``wikilint-<name>``,
``%(name)s`` placeholders and ``{{PLURAL:%(n)d|one|many}}``. ``qqq.json``
documents each message for translators.
"""
