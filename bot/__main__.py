"""``python -m bot`` is ``wikilint``."""

from bot.cli import main

raise SystemExit(main())
