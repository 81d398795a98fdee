"""OCOP API: the public catalogue (no login) and scoped dossier lists and statistics."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from nongthonmoi.accounts.scope import filter_for

from . import queries
from .models import Producer, Product
from .views import visible_dossiers

router = Router(tags=["ocop"])


class ProductOut(Schema):
    id: int
    name: str
    code: str
    stars: int | None
    set_number: int
    group_code: str
    producer: str
    producer_kind: str
    commune: str
    province: str
    province_code: str
    url: str
    shop_links: list[dict[str, str]]
    certificate_valid_until: dt.date | None = None

    @staticmethod
    def resolve_producer(obj: Product) -> str:
        return obj.producer.name

    @staticmethod
    def resolve_producer_kind(obj: Product) -> str:
        return obj.producer.kind

    @staticmethod
    def resolve_commune(obj: Product) -> str:
        return obj.commune.name

    @staticmethod
    def resolve_province(obj: Product) -> str:
        return obj.province.name

    @staticmethod
    def resolve_province_code(obj: Product) -> str:
        return obj.province.code

    @staticmethod
    def resolve_url(obj: Product) -> str:
        return reverse("ocop:public_product", kwargs={"pk": obj.pk})


class CataloguePage(Schema):
    count: int
    page: int
    pages: int
    items: list[ProductOut]


@router.get(
    "/catalogue",
    response=CataloguePage,
    auth=None,
    summary="Certified OCOP products (public; search with or without diacritics)",
)
def catalogue(
    request: HttpRequest,
    q: str = "",
    province: str = "",
    group: str = "",
    set: Annotated[int | None, Field(ge=1, le=99)] = None,  # noqa: A002 - the filter's public name
    stars: Annotated[int | None, Field(ge=1, le=5)] = None,
    page: Annotated[int, Field(ge=1, le=100_000)] = 1,
) -> dict[str, object]:
    products = queries.catalogue(q=q, province=province, group=group, set_number=set, stars=stars)
    paginator = Paginator(products, 50)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "items": list(current),
    }


@router.get(
    "/catalogue/product", response=ProductOut, auth=None, summary="One certified product (public)"
)
def catalogue_product(
    request: HttpRequest,
    id: Annotated[int, Field(ge=1, le=2**31 - 1)],  # noqa: A002
) -> Product:
    product = get_object_or_404(
        Product.objects.filter(stars__isnull=False).select_related(
            "producer", "commune", "province"
        ),
        pk=id,
    )
    certificate = queries.current_certificate(product)
    product.certificate_valid_until = certificate.valid_until if certificate else None  # type: ignore[attr-defined]
    return product


class DossierOut(Schema):
    id: int
    product: str
    product_code: str
    commune_code: str
    kind: str
    status: str
    filed_on: dt.date | None
    commune_deadline: dt.date | None
    decide_before: dt.date | None
    average_total: float | None
    result_stars: int | None

    @staticmethod
    def resolve_product(obj: object) -> str:
        return obj.product.name  # type: ignore[attr-defined]

    @staticmethod
    def resolve_product_code(obj: object) -> str:
        return obj.product.code  # type: ignore[attr-defined]

    @staticmethod
    def resolve_commune_code(obj: object) -> str:
        return obj.commune.code  # type: ignore[attr-defined]


@router.get("/dossiers", response=list[DossierOut], summary="OCOP dossiers in the caller's scope")
def dossiers(
    request: HttpRequest,
    status: str = "",
    limit: int = Query(200, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> list:
    found = visible_dossiers(request.user).select_related("product", "commune")
    if status:
        found = found.filter(status=status)
    return list(found.order_by("-created_at")[offset : offset + limit])


@router.get("/stats", summary="OCOP statistics over the caller's units")
def stats(request: HttpRequest) -> dict[str, object]:
    products = filter_for(request.user, Product.objects.all(), unit_field="commune")
    producers = filter_for(request.user, Producer.objects.all(), unit_field="commune")
    return queries.statistics(products, producers)
