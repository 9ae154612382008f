"""Run a scan in a child process, for the kill-and-resume tests.

``python -c "import scan_subprocess; scan_subprocess.main()" DUMP REPORT [TIMEOUT JOBS]``
scans DUMP into REPORT with the slow TST001 test linter and exits with the
scan's exit status.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from wikilint.bot.scan.runner import ScanOptions, StopOnSignals, scan
from scan_helpers import todo_spec

SLOW = todo_spec(sleep=0.01)


def options(dump: Path, report: Path, resume: bool = False, page_timeout: float = 30.0,
            jobs: int = 2) -> ScanOptions:
    return ScanOptions(dumps=[dump], jobs=jobs, report=report, spec=SLOW, resume=resume,
                       partition_bytes=1, chunk_bytes=4000, progress=False, page_timeout=page_timeout)


def main() -> None:
    dump, report = Path(sys.argv[1]), Path(sys.argv[2])
    extra = {"page_timeout": float(sys.argv[3]), "jobs": int(sys.argv[4])} if len(sys.argv) > 4 else {}
    stop = threading.Event()
    with StopOnSignals(stop):
        outcome = scan(options(dump, report, **extra), stop=stop)
    sys.exit(outcome.exit_code)
