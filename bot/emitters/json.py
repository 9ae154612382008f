"""``--format json``: one JSON array of every finding, written at the end."""

from __future__ import annotations

import json

from wikilint.bot.emitters.base import Emitter, Page, Totals, finding_record, statistics_records


class JsonEmitter(Emitter):
    name = "json"
    help = "a JSON array of the findings: their fields and their path"
    streaming = False

    def __init__(self, out) -> None:
        super().__init__(out)
        self.records: list[dict] = []

    def page(self, page: Page) -> None:
        self.records.extend(finding_record(page.path, f) for f in page.findings)

    def finish(self, totals: Totals) -> None:
        self._write(self.records)

    def statistics(self, totals: Totals) -> None:
        self._write(statistics_records(totals))

    def _write(self, data: list[dict]) -> None:
        json.dump(data, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
