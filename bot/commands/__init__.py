"""The ``wikilint`` commands that run in this process: check, rules, explain.

Each module has ``add_arguments(parser)`` and ``run(args)``, as
:mod:`wikilint.bot.scan.cli` and :mod:`wikilint.bot.spark.cli` do; the table
in :mod:`wikilint.bot.cli` names them all.
"""
