"""Tests of chronology detection (rules/document/chronology.py)."""

from __future__ import annotations

from datetime import date

from wikilint.rules.document import Document
from wikilint.rules.document.chronology import ChronologyEntry, calendar_date, chronologies


def _read(text: str, profile) -> list[list[ChronologyEntry]]:
    doc = Document(text, profile)
    return [list(c.entries) for c in doc.derived(chronologies)]


def _days(entries: list[ChronologyEntry]) -> list[str]:
    return [e.label() for e in entries]


def test_seed_timeline_years_come_from_the_entries_above(seed_text, zh_profile) -> None:
    doc = Document(seed_text, zh_profile)
    (timeline,) = doc.derived(chronologies)
    assert timeline.section.title == "衝突過程"
    lines = [doc.position(e.block.start)[0] for e in timeline.entries]
    assert lines == list(range(67, 100, 2))
    assert _days(list(timeline.entries))[:4] == ["2013-12-30", "2014-01-03", "2014-01-04", "2014-01-06"]
    assert calendar_date(timeline.entries[-1].first) == date(2014, 6, 16)
    assert {e.year_source for e in timeline.entries[2:]} == {"previous entry"}
    nine, again = timeline.entries[6], timeline.entries[7]
    assert again.same_date_as(nine)
    assert not any(b.earlier_than(a) for a, b in zip(timeline.entries, timeline.entries[1:]))


def test_yearless_dates_roll_over_into_the_next_year(zh_profile) -> None:
    (run,) = _read("== 經過 ==\n2013年12月28日，甲。\n\n12月30日，乙。\n\n1月2日，丙。\n", zh_profile)
    assert _days(run) == ["2013-12-28", "2013-12-30", "2014-01-02"]
    assert not run[2].earlier_than(run[1])


def test_a_short_step_back_is_misplaced_a_long_one_unknown(zh_profile) -> None:
    (run,) = _read("== 經過 ==\n1月14日，甲。\n\n1月9日，乙。\n\n6月1日，丙。\n\n2月1日，丁。\n", zh_profile)
    assert run[1].earlier_than(run[0])  # five days back: misplaced
    assert run[0].year_source == "none"  # no year anywhere: years are relative
    assert not run[3].earlier_than(run[2])  # four months back: misplaced or a new year?
    assert run[3].frame != run[2].frame


def test_year_heading_and_year_paragraph_give_the_year(zh_profile) -> None:
    text = (
        "== 2014年 ==\n=== 1月 ===\n1月3日，甲。\n\n1月9日，乙。\n\n"
        "== 其後 ==\n'''2016年'''\n\n3月1日，丙。\n\n3月5日，丁。\n"
    )
    first, second = _read(text, zh_profile)
    assert _days(first) == ["2014-01-03", "2014-01-09"]
    assert first[0].year_source == "heading"
    assert _days(second) == ["2016-03-01", "2016-03-05"]


def test_infobox_date_gives_the_year(zh_profile) -> None:
    text = (
        "{{Infobox military conflict\n| date = 2013年12月30日<ref>x</ref> – 至今\n}}\n"
        "== 經過 ==\n12月31日，甲。\n\n1月4日，乙。\n"
    )
    (run,) = _read(text, zh_profile)
    assert _days(run) == ["2013-12-31", "2014-01-04"]
    assert run[0].year_source == "infobox"


def test_a_written_year_after_a_yearless_run_is_not_compared(zh_profile) -> None:
    (run,) = _read("== 俄羅斯 ==\n1月11日，甲。\n\n2014年12月26日，乙。\n", zh_profile)
    assert run[0].frame != run[1].frame
    assert not run[1].earlier_than(run[0])


def test_undated_prose_ends_a_run_but_markup_and_continuations_do_not(zh_profile) -> None:
    text = (
        "== 經過 ==\n1月3日，甲。\n\n[[File:X.jpg|thumb|圖]]\n\n同日，乙。\n\n1月4日，丙。\n\n"
        "此後數日局勢平靜。\n\n1月9日，丁。\n\n1月10日，戊。\n"
    )
    first, second = _read(text, zh_profile)
    assert _days(first) == ["--01-03", "--01-04"]
    assert _days(second) == ["--01-09", "--01-10"]


def test_sections_and_list_kinds_make_separate_runs(en_profile) -> None:
    text = (
        "== A ==\n* January 3: a\n** January 3: detail\n* January 4: b\n# January 5: c\n# January 6: d\n"
        "== B ==\nOn 3 January 2014, e.\n\nOn 4 January 2014, f.\n"
    )
    bullets, numbers, prose = _read(text, en_profile)
    assert _days(bullets) == ["--01-03", "--01-04"]
    assert _days(numbers) == ["--01-05", "--01-06"]
    assert _days(prose) == ["2014-01-03", "2014-01-04"]


def test_months_and_ranges_cover_their_whole_span(zh_profile) -> None:
    text = "== 經過 ==\n2014年1月9日，甲。\n\n2014年1月，乙。\n\n1月3日至12日，丙。\n\n1月10日，丁。\n"
    (run,) = _read(text, zh_profile)
    month, span, day = run[1], run[2], run[3]
    assert (calendar_date(month.first), calendar_date(month.last)) == (date(2014, 1, 1), date(2014, 1, 31))
    assert not month.earlier_than(run[0])
    assert not span.earlier_than(month)
    assert not day.earlier_than(span) and not day.same_date_as(span)
    assert not month.same_date_as(run[0])


def test_dates_inside_sentences_are_not_entries(zh_profile, en_profile) -> None:
    assert _read("== 經過 ==\n政府軍於1月9日進攻。\n\n聯合國在1月9日表示關切。\n", zh_profile) == []
    assert _read("== History ==\nThe army attacked on 9 January.\n\nIt left on 9 January.\n", en_profile) == []


def test_year_list_items_anchor_their_sub_items(zh_profile) -> None:
    text = (
        "== 沿革 ==\n* 1954年（昭和29年）\n** 4月1日：甲。\n** 4月1日：乙。\n"
        "* [[1955年]]\n** 1月1日：丙。\n** 3月1日：丁。\n"
    )
    first, second = _read(text, zh_profile)
    assert _days(first) == ["1954-04-01", "1954-04-01"]
    assert _days(second) == ["1955-01-01", "1955-03-01"]
    assert {e.year_source for e in first + second} == {"heading", "previous entry"}


def test_a_written_year_after_a_break_starts_a_new_frame(zh_profile) -> None:
    text = (
        "== 經過 ==\n2014年1月3日，甲。\n\n1月4日，乙。\n\n此後局勢平靜。\n\n"
        "1月2日，丙。\n\n2014年1月1日，丁。\n"
    )
    first, second = _read(text, zh_profile)
    assert _days(second) == ["2014-01-02", "2014-01-01"]
    # 1月2日 took its year across the break, so it is not weighed against a written year
    assert second[0].frame != second[1].frame
    assert not second[1].earlier_than(second[0])


def test_en_month_entries_with_in(en_profile) -> None:
    text = "== History ==\nIn November 2008, a.\n\nIn April 2010, b.\n\nIn August 2009, c.\n"
    (run,) = _read(text, en_profile)
    assert _days(run) == ["2008-11", "2010-04", "2009-08"]
    assert run[2].earlier_than(run[1])


def _timeline(entries: int, en: bool) -> str:
    start = date(2000, 1, 1)
    lines = ["== Timeline ==" if en else "== 經過 =="]
    for offset in range(entries):
        day = date.fromordinal(start.toordinal() + offset)
        lines.append(f"* {day.day} {day:%B} – event." if en else f"{day.month}月{day.day}日，事件。\n")
    return "\n".join(lines)


def test_duplicate_date_grows_linearly_with_the_entries() -> None:
    """DAT001 once compared each entry with every earlier one (8,000 entries
    on distinct days took 5.8 s); it now looks each day up once. Four times
    the entries must cost well under sixteen times the time."""
    import time

    from wikilint.bot.config import Config
    from wikilint.bot.engine import Engine

    for en in (False, True):
        engine = Engine.from_config(Config(wiki="enwiki" if en else "zhwiki"), select=["DAT001"])
        seconds = {}
        for entries in (2000, 8000):
            text = _timeline(entries, en)
            runs = []
            for _ in range(2):
                began = time.perf_counter()
                assert not engine.lint(text).findings
                runs.append(time.perf_counter() - began)
            seconds[entries] = min(runs)
        assert seconds[8000] < 8 * seconds[2000], seconds


def test_years_bce_run_forward_as_their_numbers_fall(zh_profile) -> None:
    text = "== 楚漢 ==\n公元前206年10月，甲。\n\n前205年4月，乙。\n\n前202年12月，丙。\n"
    (run,) = _read(text, zh_profile)
    assert _days(run) == ["-0206-10", "-0205-04", "-0202-12"]
    assert not any(b.earlier_than(a) for a, b in zip(run, run[1:]))
    assert calendar_date(run[0].first) is None  # no datetime.date before the common era


def test_a_year_heading_bce_gives_the_year(en_profile) -> None:
    (run,) = _read("== 44 BC ==\nOn 15 March, A.\n\nOn 20 March, B.\n", en_profile)
    assert _days(run) == ["-0044-03-15", "-0044-03-20"]


def test_same_year_and_next_year_words_name_the_year(zh_profile) -> None:
    text = "== 經過 ==\n1949年12月7日，甲。\n\n次年3月1日，乙。\n\n同年2月10日，丙。\n"
    (run,) = _read(text, zh_profile)
    assert _days(run) == ["1949-12-07", "1950-03-01", "1950-02-10"]
    assert run[2].earlier_than(run[1])  # 同年 forbids reading 2月 as the next year
