"""``--format jsonl``: one JSON object per finding and line, as they come."""

from __future__ import annotations

import json

from wikilint.bot.emitters.base import Emitter, Page, Totals, finding_record, statistics_records


class JsonLinesEmitter(Emitter):
    name = "jsonl"
    help = "one JSON object per line: the finding's fields and its path"

    def render(self, page: Page) -> str:
        return "".join(
            json.dumps(finding_record(page.path, f), ensure_ascii=False) + "\n" for f in page.findings
        )

    def page(self, page: Page) -> None:
        super().page(page)
        self.out.flush()

    def statistics(self, totals: Totals) -> None:
        for record in statistics_records(totals):
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
