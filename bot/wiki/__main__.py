"""``python -m bot.wiki ARGS`` is ``wikilint bot ARGS``."""

import sys

from bot.wiki.cli import main

sys.exit(main(sys.argv[1:]))
