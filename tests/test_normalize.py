"""The normalized and folded views: what they unify, and that offsets map back."""

from __future__ import annotations

import pytest

from communique.pipeline.normalize import fold, fold_string, normalize

CASES = [
    # (text, normalized view, folded view)
    ("للأمم المتحدة", "للامم المتحده", "للامم المتحده"),
    ("الإنتربول ـ إلى", "الانتربول  الي", "الانتربول  الي"),
    ("مُنَظَّمَة", "منظمه", "منظمه"),
    ("聯合國秘書長", "联合国秘书长", "联合国秘书长"),
    ("٩ ديسمبر، ٢٠٢٢", "9 ديسمبر، 2022", "9 ديسمبر، 2022"),
    ("۱۴۰۲", "1402", "1402"),
    ("２０２４年", "2024年", "2024年"),
    ("l’OMD", "l'OMD", "l'omd"),
    ("Secrétaire Général", "Secrétaire Général", "secretaire general"),
    ("Объединённых", "Объединённых", "объединенных"),
    ("Организацией", "Организацией", "организацией"),
    ("Addis‑Abeba – Genève", "Addis-Abeba - Genève", "addis-abeba - geneve"),
    ("a\u00a0b\u200bc", "a bc", "a bc"),
]


@pytest.mark.parametrize(("text", "norm", "folded"), CASES)
def test_views_unify_scripts(text: str, norm: str, folded: str) -> None:
    assert normalize(text).text == norm
    assert fold(text).text == folded
    assert fold_string(text) == folded


@pytest.mark.parametrize(("text", "norm", "folded"), CASES)
def test_every_view_character_maps_back_inside_the_source(
    text: str, norm: str, folded: str
) -> None:
    view = fold(text)
    start, end = view.to_source(0, len(view.text))
    assert 0 <= start <= end <= len(text)
    for i in range(len(view.text)):
        s, e = view.to_source(i, i + 1)
        assert 0 <= s < e <= len(text)


def test_a_deleted_character_does_not_shift_later_offsets() -> None:
    text = "ـمنظمة التعاون"
    view = fold(text)
    i = view.text.index("التعاون")
    start, end = view.to_source(i, i + len("التعاون"))
    assert text[start:end] == "التعاون"
