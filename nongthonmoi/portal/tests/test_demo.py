"""The demo content loads, is idempotent and carries the seed article as published."""

from __future__ import annotations

import pytest

from nongthonmoi.portal import demo
from nongthonmoi.portal.models import Article, ArticleStatus, Decision, LegalDocument, VisitDay

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_a_second_run_changes_nothing() -> None:
    demo.load()
    counts = (
        Article.objects.count(),
        Decision.objects.count(),
        LegalDocument.objects.count(),
        VisitDay.objects.count(),
    )
    assert demo.load() == [
        "portal: 0 bài viết, 0 quyết định khen thưởng/xử phạt, 0 văn bản, 0 ngày thống kê truy cập"
    ]
    assert counts == (
        Article.objects.count(),
        Decision.objects.count(),
        LegalDocument.objects.count(),
        VisitDay.objects.count(),
    )
    seed = Article.objects.get(slug__startswith="hoi-nghi-truc-tuyen")
    assert seed.status == ArticleStatus.PUBLISHED and seed.source == "Theo Baocaobang.vn"
    assert seed.view_count == 86 and seed.cover and seed.cover_thumb
    assert {"51/2025/QĐ-TTg", "26/2026/QĐ-TTg", "318/QĐ-TTg"} <= set(
        LegalDocument.objects.values_list("number", flat=True)
    )
    assert set(Decision.objects.values_list("kind", flat=True)) == {"commendation", "sanction"}
