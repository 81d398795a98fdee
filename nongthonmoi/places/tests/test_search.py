from __future__ import annotations

import pytest

from nongthonmoi.core.text import fold
from nongthonmoi.places import queries

pytestmark = pytest.mark.django_db


def test_fold_strips_diacritics_and_maps_d() -> None:
    assert fold("Tỉnh Cao Bằng") == "tinh cao bang"
    assert fold("Đắk  Lắk") == "dak lak"


@pytest.mark.parametrize("query", ["Cao Bang", "cao bằng", "CAO BẰNG", "bang cao"])
def test_it_finds_cao_bang_with_or_without_diacritics(query: str) -> None:
    names = [u.name for u in queries.search(query, "2025")]
    assert "Tỉnh Cao Bằng" in names


def test_it_finds_nothing_for_an_unknown_name() -> None:
    assert list(queries.search("Không có tên này")) == []
