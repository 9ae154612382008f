"""``python -m wikilint.bot`` is ``wikilint``."""

from wikilint.bot.cli import main

raise SystemExit(main())
