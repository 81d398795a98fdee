from __future__ import annotations

import datetime as dt

import pytest

from nongthonmoi.places.models import AdminUnit, Level


@pytest.fixture
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": False,
        }
    }
    return settings


@pytest.fixture
def private_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Report files of a test go to a temporary directory."""
    from nongthonmoi.reports.models import Generation

    for name in ("xlsx", "pdf"):
        storage = Generation._meta.get_field(name).storage
        storage._location = str(tmp_path)  # type: ignore[attr-defined]
        storage.__dict__.pop("base_location", None)
        storage.__dict__.pop("location", None)
    return tmp_path


@pytest.fixture
def criteria_demo(demo_world) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria import demo

    demo.load()


@pytest.fixture
def ocop_products(units) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Cao Bằng: two 3★, one 4★, one 5★ valid on 30/06/2026, one 4★ expired; Lạng Sơn: one 3★."""
    from nongthonmoi.ocop.models import Certificate, CertificateStatus, Producer, Product

    other_commune = AdminUnit.objects.filter(
        structure="2025", level=Level.COMMUNE, province=units.other_province
    ).first()
    specs = [
        (units.commune_a, 3, 2029),
        (units.commune_a, 3, 2029),
        (units.commune_b, 4, 2029),
        (units.commune_b, 5, 2029),
        (units.commune_a, 4, 2026),
        (other_commune, 3, 2029),
    ]
    for index, (commune, stars, until) in enumerate(specs):
        producer = Producer.objects.create(
            name=f"HTX {index}",
            kind="cooperative",
            legal_representative="Nông Văn A",
            commune=commune,
        )
        product = Product.objects.create(
            producer=producer,
            name=f"Sản phẩm {index}",
            commune=commune,
            province=commune.province,
            set_number=1,
            group_code="1",
            stars=stars,
        )
        Certificate.objects.create(
            product=product,
            province=commune.province,
            decision_number=f"{index}/QĐ-UBND",
            decided_on=dt.date(2026, 1, 15),
            stars=stars,
            valid_until=dt.date(until, 1, 15) if until > 2026 else dt.date(2026, 3, 1),
            status=CertificateStatus.VALID,
        )
    return {"5 sao": 1, "4 sao": 1, "3 sao": 2}
