"""``python -m wikilint.bot.spark …``, or ``spark-submit …/bot/spark/__main__.py …``: see :mod:`wikilint.bot.spark.cli`."""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a file by spark-submit: import wikilint as installed, not this folder
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != here]

from wikilint.bot.spark.cli import main

if __name__ == "__main__":
    sys.exit(main())
