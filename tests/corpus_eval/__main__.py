"""Print the corpus evaluation table: ``python -m tests.corpus_eval [--details]``.

``--details`` also lists every false, missed and set-aside finding. The corpus
is read from ``$WIKILINT_CORPUS`` or ``../shared/corpus``.
"""

from __future__ import annotations

import argparse
import sys

from ..support import CORPUS
from .evaluate import evaluate, format_details, format_table, load_labels, stale_articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus_eval",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every false, missed and set-aside finding")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS} (set WIKILINT_CORPUS)", file=sys.stderr)
        return 2
    articles = load_labels()
    stale = stale_articles(CORPUS, articles)
    if stale:
        print("labels are out of date:\n  " + "\n  ".join(stale), file=sys.stderr)
        return 2
    evaluation = evaluate(CORPUS, articles)
    print(format_table(evaluation, len(articles)))
    if args.details:
        print()
        print(format_details(evaluation))
    failing = [problem for score in evaluation.scores.values() for problem in score.shortfalls()]
    return 1 if failing or evaluation.internal_errors else 0


if __name__ == "__main__":
    sys.exit(main())
