"""What the portal shows from other modules through its registries: OCOP products in search and
as an open dataset. Other modules may register more themselves (datasets.register,
queries.register_search)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse

from . import datasets, queries


def _product_hits(folded: str, limit: int) -> list[queries.SearchHit]:
    from nongthonmoi.ocop.queries import catalogue

    return [
        queries.SearchHit(
            "Sản phẩm OCOP",
            f"{p.name} ({p.stars} sao)",
            reverse("ocop:public_product", kwargs={"pk": p.pk}),
            f"{p.producer.name} — {p.commune.name}",
        )
        for p in catalogue(q=folded)[:limit]
    ]


def _products_dataset() -> datasets.Dataset:
    from nongthonmoi.ocop.queries import catalogue

    def rows() -> Iterable[Sequence[Any]]:
        for p in catalogue():
            yield (
                p.code,
                p.name,
                p.stars,
                p.group_code,
                p.set_number,
                p.producer.name,
                p.commune.code,
                p.commune.name,
                p.province.code,
                p.province.name,
            )

    from nongthonmoi.ocop.models import Product

    return datasets.Dataset(
        slug="san-pham-ocop",
        title="Sản phẩm OCOP được công nhận",
        description="Sản phẩm đang có giấy chứng nhận OCOP còn hiệu lực: hạng sao, nhóm, chủ thể và địa bàn.",
        columns=[
            datasets.Column("code", "Mã sản phẩm"),
            datasets.Column("name", "Tên sản phẩm"),
            datasets.Column("stars", "Hạng sao", "integer"),
            datasets.Column("group_code", "Nhóm"),
            datasets.Column("set_number", "Bộ sản phẩm", "integer"),
            datasets.Column("producer", "Chủ thể"),
            datasets.Column("commune_code", "Mã xã"),
            datasets.Column("commune_name", "Xã"),
            datasets.Column("province_code", "Mã tỉnh"),
            datasets.Column("province_name", "Tỉnh"),
        ],
        rows=rows,
        modified=datasets.latest_of(Product, "created_at"),
        keywords=("OCOP", "sản phẩm"),
    )


def register() -> None:
    try:
        import nongthonmoi.ocop.queries  # noqa: F401
    except ImportError:  # pragma: no cover - the OCOP module is part of this project
        return
    queries.register_search("products", _product_hits)
    datasets.register(_products_dataset())
