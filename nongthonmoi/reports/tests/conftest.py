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
    """Report files of a test go to a temporary directory (the storage is restored afterwards)."""
    from nongthonmoi.reports.models import Generation

    storages = {Generation._meta.get_field(name).storage for name in ("xlsx", "pdf")}
    saved = [(storage, storage._location) for storage in storages]  # type: ignore[attr-defined]

    def point_to(storage, location) -> None:  # type: ignore[no-untyped-def]
        storage._location = location
        storage.__dict__.pop("base_location", None)
        storage.__dict__.pop("location", None)

    for storage in storages:
        point_to(storage, str(tmp_path))
    yield tmp_path
    for storage, location in saved:
        point_to(storage, location)


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


@pytest.fixture
def money(units):  # type: ignore[no-untyped-def]
    """Hand-counted money in Cao Bằng for 2026 (and one row in Lạng Sơn that must not count).

    Investment: 5 000 000 000 to the province (nothing disbursed); 1 000 000 000 to commune A,
    disbursed 400 000 000 + 100 000 000 (50 %). Recurrent: 200 000 000 to commune B, disbursed
    50 000 000 (25 %). Mobilised: local budget 300 000 000 in money, community 20 000 000 in kind.
    """
    from nongthonmoi.funding.models import AllocationDecision, Disbursement, Mobilisation

    def allocate(to_unit, province, kind: str, amount: int, number: str):  # type: ignore[no-untyped-def]
        return AllocationDecision.objects.create(
            from_unit=province,
            to_unit=to_unit,
            province=province,
            year=2026,
            fund_kind=kind,
            amount=amount,
            decision_number=number,
            decision_date=dt.date(2026, 2, 1),
            rule_code="qd-16-2026",
        )

    allocate(units.province, units.province, "investment", 5_000_000_000, "1/QĐ-TTg")
    a = allocate(units.commune_a, units.province, "investment", 1_000_000_000, "2/QĐ-UBND")
    b = allocate(units.commune_b, units.province, "recurrent", 200_000_000, "3/QĐ-UBND")
    allocate(units.other_province, units.other_province, "investment", 9_000_000_000, "4/QĐ-TTg")
    for allocation, amount in ((a, 400_000_000), (a, 100_000_000), (b, 50_000_000)):
        Disbursement.objects.create(allocation=allocation, date=dt.date(2026, 5, 1), amount=amount)
    Mobilisation.objects.create(
        unit=units.province,
        province=units.province,
        year=2026,
        source="local",
        form="money",
        amount=300_000_000,
    )
    Mobilisation.objects.create(
        unit=units.commune_a,
        province=units.province,
        year=2026,
        source="community",
        form="in_kind",
        amount=20_000_000,
    )
    return {
        "by_kind": [
            ["Vốn đầu tư phát triển", "tỉnh", 5_000_000_000, 0],
            ["Vốn đầu tư phát triển", "xã", 1_000_000_000, 500_000_000],
            ["Vốn sự nghiệp", "xã", 200_000_000, 50_000_000],
        ],
        "by_source": {
            ("Ngân sách địa phương", 300_000_000),
            ("Cộng đồng dân cư đóng góp", 20_000_000),
        },
    }
