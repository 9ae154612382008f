"""Script detection and Traditional/Simplified folding."""

from __future__ import annotations

import pytest

from wikilint.rules.text.script import fold_script, han_ratio, kana_ratio


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中文維基", 1.0),
        ("Wikipedia", 0.0),
        ("", 0.0),
        ("1234 ,.;", 0.0),
        ("中文 abcd", 2 / 6),
        ("中文 café", 2 / 6),           # é is a Latin letter, not ASCII
        ("中文 Ｗｉｋｉ", 2 / 6),        # full-width Latin letters count as Latin
        ("中文 Œuvre ŵ", 2 / 8),        # Latin Extended
        ("中文 Ελλάδα", 1.0),           # Greek is neither Han nor Latin
    ],
)
def test_han_ratio_counts_han_among_han_and_latin_letters(text: str, expected: float) -> None:
    assert han_ratio(text) == pytest.approx(expected)


def test_han_ratio_reads_only_the_sample() -> None:
    text = "a" * 100 + "中" * 100
    assert han_ratio(text, sample=100) == 0.0
    assert han_ratio(text, sample=200) == pytest.approx(0.5)


def test_kana_ratio_tells_japanese_from_chinese() -> None:
    assert kana_ratio("人工知能は、人間の知的能力をコンピュータ上で実現する技術である。") > 0.3
    assert kana_ratio("人工智能是研究、開發用於模擬人的智能的理論。") == 0.0


def test_fold_script_folds_traditional_to_simplified() -> None:
    assert fold_script("來源請求") == fold_script("来源请求") == "来源请求"
    assert fold_script("Citation needed") == "Citation needed"
