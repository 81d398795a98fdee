"""Public catalogue and product page (no login), photos resized, JSON in the API, registry rules."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from nongthonmoi.core.exceptions import ValidationFailed
from nongthonmoi.ocop import services
from nongthonmoi.ocop.tests.factories import certify, make_producer, make_product

pytestmark = pytest.mark.django_db


def png(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 150, 90)).save(buffer, format="PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def shelf(units, personas):  # type: ignore[no-untyped-def]
    producer = make_producer(units.commune_a, personas.producer, name="HTX Bảo Lâm")
    products = []
    for index in range(30):
        product = make_product(producer, name=f"Mật ong bạc hà {index:02d}", set_number=4)
        certify(product, stars=3 + index % 2)
        products.append(product)
    make_product(producer, name="Miến dong chưa công nhận")
    return products


def test_the_catalogue_is_public_paginated_and_small(
    client, shelf, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ocop:catalogue"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 30
    assert len(page.object_list) == 24
    assert "chưa công nhận" not in response.content.decode()
    assert len(response.content) < 60_000
    second = client.get(reverse("ocop:catalogue"), {"page": 2})
    assert len(second.context["page"].object_list) == 6


def test_the_catalogue_finds_products_with_or_without_diacritics(client, shelf) -> None:  # type: ignore[no-untyped-def]
    for query in ("mật ong bạc hà 07", "mat ong bac ha 07", "MAT ONG 07"):
        found = client.get(reverse("ocop:catalogue"), {"q": query}).context["page"].object_list
        assert [p.name for p in found] == ["Mật ong bạc hà 07"], query


def test_the_catalogue_filters_by_stars_set_group_and_province(client, shelf) -> None:  # type: ignore[no-untyped-def]
    def count(**params: object) -> int:
        return client.get(reverse("ocop:catalogue"), params).context["page"].paginator.count

    assert count(stars=4) == 15
    assert count(set=4) == 30
    assert count(set=6) == 0
    assert count(group="I") == 30
    assert count(group="II") == 0
    assert count(province="04") == 30
    assert count(province="20") == 0


def test_the_public_product_page_shows_the_certificate_and_where_to_buy(client, units) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a, phone="0912 345 678"), name="Trà Shan")
    product.shop_links = [{"label": "Shopee", "url": "https://shopee.vn/tra"}]
    product.points_of_sale = "Điểm bán OCOP Cao Bằng"
    product.save()
    url = reverse("ocop:public_product", kwargs={"pk": product.pk})
    assert client.get(url).status_code == 404  # not certified yet
    certificate = certify(product, stars=4, number="77/QĐ-UBND")
    page = client.get(url).content.decode()
    assert "77/QĐ-UBND" in page and certificate.valid_until.strftime("%d/%m/%Y") in page
    assert 'href="https://shopee.vn/tra"' in page and "Điểm bán OCOP Cao Bằng" in page


def test_photos_are_resized_and_served_publicly_only_for_certified_products(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a, personas.producer))
    photo = services.do_add_photo(personas.producer, product, png(3000, 2000), "Bao bì")
    with Image.open(photo.image.path) as big, Image.open(photo.thumbnail.path) as small:
        assert max(big.size) == 1200 and big.format == "JPEG"
        assert max(small.size) == 400
    url = reverse("ocop:photo", kwargs={"pk": photo.pk, "size": "thumb"})
    assert client.get(url).status_code == 404
    client.force_login(personas.producer)
    assert client.get(url).status_code == 200
    client.logout()
    certify(product)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_an_image_is_refused_by_name(personas, units) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a, personas.producer))
    bad = SimpleUploadedFile("hoso.pdf", b"%PDF-1.4 not an image")
    with pytest.raises(ValidationFailed, match="hoso.pdf"):
        services.do_add_photo(personas.producer, product, bad)


def test_an_association_registers_only_tourism_products(personas, units) -> None:  # type: ignore[no-untyped-def]
    association = make_producer(units.commune_a, personas.producer, kind="association")
    with pytest.raises(ValidationFailed, match="du lịch"):
        services.do_save_product(personas.producer, association, {"name": "Miến", "set_number": 6})
    tour = services.do_save_product(
        personas.producer, association, {"name": "Du lịch cộng đồng Phia Đén", "set_number": 26}
    )
    assert tour.group_code == "VI"


def test_another_producer_account_cannot_edit_the_product(
    client, personas, units, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.accounts.models import Assignment

    other = django_user_model.objects.create_user("chuthe.khac", password="x")
    Assignment.objects.create(user=other, role="ocop_producer", unit=units.commune_a)
    product = make_product(make_producer(units.commune_a, personas.producer))
    client.force_login(other)
    assert client.get(reverse("ocop:product_edit", kwargs={"pk": product.pk})).status_code == 404
    assert client.get(reverse("ocop:product_detail", kwargs={"pk": product.pk})).status_code == 404


def test_the_api_lists_the_catalogue_without_login(client, shelf) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/ocop/catalogue", {"q": "bac ha", "stars": 4}).json()
    assert data["count"] == 15
    first = data["items"][0]
    assert first["province_code"] == "04" and first["stars"] == 4
    assert first["url"] == reverse("ocop:public_product", kwargs={"pk": first["id"]})
    one = client.get("/api/v1/ocop/catalogue/product", {"id": first["id"]}).json()
    assert one["certificate_valid_until"] is not None
    assert client.get("/api/v1/ocop/catalogue/product", {"id": 999999}).status_code == 404


def test_the_api_lists_dossiers_only_in_scope(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_b))
    services.Dossier.objects.create(product=product, commune=units.commune_b, kind="first")
    client.force_login(personas.officer_a)
    assert client.get("/api/v1/ocop/dossiers").json() == []
    client.force_login(personas.officer_b)
    assert len(client.get("/api/v1/ocop/dossiers").json()) == 1
    client.logout()
    assert client.get("/api/v1/ocop/dossiers").status_code == 401


def test_the_dashboard_and_lists_open_for_each_role(client, personas) -> None:  # type: ignore[no-untyped-def]
    for persona, url in [
        (personas.producer, "ocop:index"),
        (personas.officer_a, "ocop:index"),
        (personas.council_secretary, "ocop:session_list"),
        (personas.council_secretary, "ocop:session_new"),
        (personas.approver, "ocop:certificates"),
        (personas.approver, "ocop:stats"),
        (personas.producer, "ocop:producer_form"),
    ]:
        client.force_login(persona)
        assert client.get(reverse(url)).status_code == 200, (persona, url)
    client.force_login(personas.officer_a)
    assert client.get(reverse("ocop:session_new")).status_code == 403
