"""Evidence documents are private: stored outside MEDIA_ROOT, served only within scope, and only
document and image types are accepted."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nongthonmoi.core.exceptions import ValidationFailed
from nongthonmoi.ocop import services
from nongthonmoi.ocop.models import CouncilSession, Dossier, EvidenceDocument
from nongthonmoi.ocop.tests.factories import make_producer, make_product

pytestmark = pytest.mark.django_db


def upload_evidence(client, product, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("ocop:product_edit", kwargs={"pk": product.pk}),
        {
            "action": "evidence",
            "title": "Phiếu kiểm nghiệm",
            "kind": "Kiểm nghiệm",
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_evidence_is_stored_outside_media_and_served_only_to_those_who_may_see_the_product(
    client, personas, units, settings, tmp_path, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.accounts.models import Assignment

    product = make_product(make_producer(units.commune_a, personas.producer))
    client.force_login(personas.producer)
    assert upload_evidence(client, product, "kiem-nghiem.pdf", b"%PDF-1.4 kn").status_code == 302
    document = EvidenceDocument.objects.get(producer=product.producer)
    assert document.file.name.startswith("ocop/evidence/")
    assert (tmp_path / "private" / document.file.name).read_bytes() == b"%PDF-1.4 kn"
    assert not (tmp_path / "media").exists()  # never where the web server publishes files
    url = reverse("ocop:evidence_file", kwargs={"pk": document.pk})
    page = client.get(reverse("ocop:product_edit", kwargs={"pk": product.pk})).content.decode()
    assert url in page

    session = CouncilSession.objects.create(
        province=units.province, year=2026, round_number=1, title="Phiên 1", held_on=dt.date.today()
    )
    session.members.add(personas.council_member)
    dossier = Dossier.objects.create(
        product=product, commune=units.commune_a, kind="first", status="in_council", session=session
    )
    dossier.evidence.add(document)
    # the owner, its commune, the province, the council scoring the dossier
    for user in [personas.producer, personas.officer_a, personas.approver, personas.council_member]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == b"%PDF-1.4 kn"
        assert response["Content-Disposition"].startswith("inline;")  # a PDF opens in the browser
        assert response["Cache-Control"] == "private, no-store"

    other_producer = django_user_model.objects.create_user("chuthe.lybon", password="x")
    Assignment.objects.create(user=other_producer, role="ocop_producer", unit=units.commune_b)
    # a producer of another commune, another commune's officer, another province
    for user in [other_producer, personas.officer_b, personas.other_approver]:
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302  # to the login page, never the file
    assert response["Location"].startswith(reverse("accounts:login"))


def test_evidence_other_than_pdf_is_downloaded_not_shown(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a, personas.producer))
    client.force_login(personas.producer)
    upload_evidence(client, product, "dang-ky-kinh-doanh.docx", b"PK-docx")
    document = EvidenceDocument.objects.get(producer=product.producer)
    response = client.get(reverse("ocop:evidence_file", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="dang-ky-kinh-doanh' in response["Content-Disposition"]


def test_html_svg_and_other_types_are_refused_as_evidence(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a, personas.producer))
    client.force_login(personas.producer)
    for name in ["ket-qua.html", "logo.svg", "ghi-chu.txt", "kiem-nghiem"]:
        response = upload_evidence(client, product, name, b"<script>alert(1)</script>")
        assert response.status_code == 200, name
        assert "chỉ nhận PDF, Word, Excel, OpenDocument, JPEG hoặc PNG" in (
            response.content.decode()
        )
    assert not EvidenceDocument.objects.exists()
    with pytest.raises(ValidationFailed) as refused:  # the service refuses them too (API, CLI)
        services.do_add_evidence(
            personas.producer,
            product.producer,
            title="Trang",
            kind="",
            upload=SimpleUploadedFile("trang.html", b"<html>"),
        )
    assert "trang.html" in refused.value.problems[0]
    assert not EvidenceDocument.objects.exists()


def test_evidence_uploaded_before_it_became_private_is_moved_out_of_media(
    personas, units, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from django.apps import apps

    settings.MEDIA_ROOT = tmp_path / "media"
    old = tmp_path / "media" / "ocop" / "evidence" / "2025" / "attp.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF-1.4 old")
    producer = make_producer(units.commune_a, personas.producer)
    EvidenceDocument.objects.create(
        producer=producer, title="Giấy ATTP", file="ocop/evidence/2025/attp.pdf"
    )
    migration = importlib.import_module("nongthonmoi.ocop.migrations.0002_private_evidence")
    migration.move_existing_files(apps, None)
    assert not old.exists()
    moved = tmp_path / "private" / "ocop" / "evidence" / "2025" / "attp.pdf"
    assert moved.read_bytes() == b"%PDF-1.4 old"
