"""Test helpers: answers that reach a star level, a producer with a product, a certified product."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nongthonmoi.ocop.rulebook import load_rulebook


def answers_for(set_number: int, *, stars: int, target: int | None = None) -> dict[str, str]:
    """Answers whose total is near `target` (default: the middle of the band) with every
    starred minimum up to `stars` met."""
    from nongthonmoi.ocop.demo import answers_near

    goal = target if target is not None else {5: 95, 4: 80, 3: 60}.get(stars, 40)
    return answers_near(set_number, stars=stars, target=goal)


def make_producer(commune: Any, member: Any = None, **fields: Any) -> Any:
    from nongthonmoi.ocop.models import Producer

    producer = Producer.objects.create(
        name=fields.pop("name", "HTX Thử nghiệm"),
        kind=fields.pop("kind", "cooperative"),
        legal_representative=fields.pop("legal_representative", "Nông Thị Thử"),
        commune=commune,
        **fields,
    )
    if member is not None:
        producer.members.add(member)
    return producer


def make_product(producer: Any, *, name: str = "Miến dong thử", set_number: int = 6) -> Any:
    from nongthonmoi.ocop.models import Product

    book = load_rulebook("qd-26-2026")
    product = Product(
        producer=producer,
        commune=producer.commune,
        province=producer.province,
        name=name,
        set_number=set_number,
        group_code=book.product_sets[set_number].group_code,
    )
    product.refresh_search()
    product.save()
    return product


def certify(
    product: Any, *, stars: int = 4, decided_on: dt.date | None = None, number: str = "1/QĐ-UBND"
) -> Any:
    """A valid certificate without going through the council (for list and catalogue tests)."""
    from nongthonmoi.ocop import procedure
    from nongthonmoi.ocop.models import Certificate

    day = decided_on or dt.date.today()
    if not product.code:
        product.sequence = product.pk
        product.code = f"{product.province.code}-{product.commune.code}-{product.pk}-{day.year}"
    product.stars = stars
    product.refresh_search()
    product.save()
    return Certificate.objects.create(
        product=product,
        province=product.province,
        decision_number=number,
        decided_on=day,
        stars=stars,
        valid_until=procedure.certificate_valid_until(day),
    )


def commune_b_sample(units: Any, personas: Any) -> Any:
    """Commune B's OCOP things for the access walk: producer, product, dossier in a session,
    certificate, evidence document."""
    from types import SimpleNamespace

    from django.core.files.base import ContentFile

    from nongthonmoi.ocop.models import CouncilSession, Dossier, EvidenceDocument

    producer = make_producer(units.commune_b, name="HTX Lý Bôn (thử)")
    product = make_product(producer, name="Mật ong Lý Bôn (thử)", set_number=4)
    certificate = certify(product, stars=3)
    session = CouncilSession.objects.create(
        province=units.province,
        year=2026,
        round_number=2,
        title="Phiên thử",
        held_on=dt.date.today(),
    )
    # nobody sits in it: council members reach its pages through their province, not the product
    dossier = Dossier.objects.create(
        product=product,
        commune=units.commune_b,
        kind="upgrade",
        status="in_council",
        session=session,
    )
    document = EvidenceDocument(producer=producer, title="Giấy ATTP (thử)")
    document.file.save("attp.pdf", ContentFile(b"%PDF-1.4 attp"), save=True)
    return SimpleNamespace(
        producer=producer,
        product=product,
        certificate=certificate,
        session=session,
        dossier=dossier,
        evidence=document,
    )


# the five local contents the commune checks before forwarding (Mẫu 03)
LOCAL_CHECKS = ("origin_ok", "local_material_ok", "local_labour_ok", "idea_ok", "local_identity_ok")


def forwarded_dossier(
    personas: Any, product: Any, *, kind: str = "first", self_assessment: str = "x"
) -> Any:
    """A dossier of `product` submitted by the demo producer and forwarded by commune A's officer
    with every local content checked."""
    from nongthonmoi.ocop import services

    dossier = services.do_create_dossier(
        personas.producer, product, kind=kind, self_assessment=self_assessment
    )
    services.do_submit_dossier(personas.producer, dossier)
    services.do_commune_forward(
        personas.officer_a, dossier, checks=dict.fromkeys(LOCAL_CHECKS, True)
    )
    return dossier
