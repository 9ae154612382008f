"""``python -m wikilint.bot.wiki ARGS`` is ``wikilint bot ARGS``."""

import sys

from wikilint.bot.wiki.cli import main

sys.exit(main(sys.argv[1:]))
