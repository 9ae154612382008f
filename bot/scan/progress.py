"""The progress bar: on a terminal only, silent in CI and when output is piped."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from tqdm import tqdm


def wanted(stream: TextIO | None = None) -> bool:
    """True when stderr is a terminal and we are not under CI."""
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


class Progress:
    """Compressed bytes read (for the ETA) and pages linted (for pages/s)."""

    def __init__(self, total_bytes: int, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.pages = 0
        self.started = time.monotonic()
        self.bar = tqdm(
            total=total_bytes,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            disable=not enabled,
            file=stream or sys.stderr,
            dynamic_ncols=True,
            smoothing=0.05,
            mininterval=0.5,
            desc="scan",
        )

    def update(self, pages: int, consumed_bytes: int) -> None:
        if self.bar.disable:
            return
        self.pages += pages
        if consumed_bytes:
            self.bar.update(consumed_bytes)
        rate = self.pages / max(time.monotonic() - self.started, 1e-9)
        self.bar.set_postfix_str(f"{self.pages:,} pages, {rate:,.0f} pages/s", refresh=False)

    def write(self, line: str) -> None:
        """Print a line above the bar (or plainly when there is no bar)."""
        if self.bar.disable:
            print(line, file=sys.stderr)
        else:
            self.bar.write(line, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()
