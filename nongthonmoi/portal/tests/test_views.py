"""Public pages, files, feeds, data and the editors' workspace (with access checks)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nongthonmoi.criteria.models import EvaluationSummary, ValuesBasis
from nongthonmoi.portal import counters, images
from nongthonmoi.portal.models import (
    Article,
    ArticleStatus,
    Decision,
    DecisionKind,
    DocumentType,
    LegalDocument,
)

from .factories import article, streamed

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(units):  # type: ignore[no-untyped-def]
    a = article(
        units.province,
        title="Hội nghị trực tuyến triển khai Chương trình",
        slug="hoi-nghi",
        summary="Tóm tắt hội nghị",
        source="Theo Baocaobang.vn",
        body="<p>Nội dung hội nghị nông thôn mới</p>",
        view_count=86,
    )
    large, thumb = images.renditions(images.placeholder("x", (20, 100, 60), (800, 450)))
    a.cover.save("c.jpg", ContentFile(large), save=False)
    a.cover_thumb.save("c-thumb.jpg", ContentFile(thumb), save=False)
    a.cover_caption = "Các đại biểu dự hội nghị tại điểm cầu Cao Bằng."
    a.save()
    return a


def test_the_portal_home_lists_published_news_and_the_widgets(
    client, published, units, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    article(units.province, title="Bản nháp bí mật", status=ArticleStatus.DRAFT)
    with django_assert_max_num_queries(25):
        response = client.get("/portal/")
    html = response.content.decode()
    assert response.status_code == 200
    assert published.title in html and "Bản nháp bí mật" not in html
    for label in (
        "Thống kê truy cập",
        "Đang truy cập",
        "Khen thưởng – Xử phạt",
        'role="search"',
        "<main",
        "<nav",
    ):
        assert label in html


def test_the_home_page_is_served_from_cache_on_the_second_request(
    client, published, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.get("/portal/")
    with django_assert_max_num_queries(4):  # visitor-day rows only; content comes from the cache
        client.get("/portal/", HTTP_USER_AGENT="other")


def test_a_change_of_content_invalidates_the_cached_home(client, published, units) -> None:  # type: ignore[no-untyped-def]
    client.get("/portal/")
    article(units.province, title="Tin vừa đăng")
    assert "Tin vừa đăng" in client.get("/portal/").content.decode()


def test_the_article_page_shows_source_caption_open_graph_and_counts_views(
    client, published
) -> None:  # type: ignore[no-untyped-def]
    html = client.get(published.get_absolute_url(), HTTP_USER_AGENT="A").content.decode()
    assert "Theo Baocaobang.vn" in html and "Các đại biểu dự hội nghị" in html
    assert 'property="og:title"' in html and 'property="og:image"' in html
    assert 'data-testid="views">87<' in html
    html = client.get(published.get_absolute_url(), HTTP_USER_AGENT="A").content.decode()
    assert 'data-testid="views">87<' in html  # same visitor, same day
    html = client.get(published.get_absolute_url(), HTTP_USER_AGENT="B").content.decode()
    assert 'data-testid="views">88<' in html
    assert counters.shown_views(published.pk) == 88


def test_drafts_and_future_articles_are_not_public(client, units) -> None:  # type: ignore[no-untyped-def]
    draft = article(units.province, slug="nhap", status=ArticleStatus.DRAFT)
    future = article(units.province, slug="sau", published_at=timezone.now() + dt.timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404


def test_editors_preview_their_drafts_at_the_public_address(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    draft = article(units.province, slug="nhap", status=ArticleStatus.DRAFT)
    client.force_login(personas.editor)
    assert "Bản xem trước" in client.get(draft.get_absolute_url()).content.decode()
    client.force_login(personas.officer_a)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_stored_script_never_reaches_the_reader(client, published) -> None:  # type: ignore[no-untyped-def]
    Article.objects.filter(pk=published.pk).update(
        body="<p>ok</p><script>alert(1)</script>"
    )  # bypasses save()
    html = client.get(published.get_absolute_url()).content.decode()
    assert "alert(1)" not in html


def test_covers_are_cached_for_a_year_and_revalidate(client, published) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("portal:cover", kwargs={"pk": published.pk, "size": "thumb"}))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    again = client.get(response.wsgi_request.path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_covers_of_drafts_are_private(client, published) -> None:  # type: ignore[no-untyped-def]
    Article.objects.filter(pk=published.pk).update(status=ArticleStatus.DRAFT)
    assert (
        client.get(
            reverse("portal:cover", kwargs={"pk": published.pk, "size": "large"})
        ).status_code
        == 404
    )


def test_search_finds_articles_and_documents_with_or_without_diacritics(client, published) -> None:  # type: ignore[no-untyped-def]
    LegalDocument.objects.create(
        doc_type=DocumentType.DECISION,
        number="51/2025/QĐ-TTg",
        issuer="Thủ tướng Chính phủ",
        title="Bộ tiêu chí quốc gia về nông thôn mới giai đoạn 2026 - 2030",
        signed_on=dt.date(2025, 12, 29),
    )
    for query in ("nông thôn mới", "nong thon moi", "NONG THON MOI"):
        html = client.get("/portal/tim-kiem/", {"q": query}).content.decode()
        assert published.title in html and "51/2025/QĐ-TTg" in html, query


def test_the_documents_library_filters_by_text_type_and_validity(client) -> None:  # type: ignore[no-untyped-def]
    LegalDocument.objects.create(
        doc_type=DocumentType.DECISION,
        number="318/QĐ-TTg",
        title="Bộ tiêu chí xã nông thôn mới 2021 - 2025",
        issuer="Thủ tướng Chính phủ",
        signed_on=dt.date(2022, 3, 8),
        effective_until=dt.date(2026, 2, 15),
    )
    LegalDocument.objects.create(
        doc_type=DocumentType.GUIDANCE,
        number="05/HD-VPĐP",
        title="Hướng dẫn đánh giá",
        issuer="Văn phòng Điều phối",
        signed_on=dt.date(2026, 3, 1),
    )
    html = client.get("/portal/van-ban/", {"validity": "expired"}).content.decode()
    assert "318/QĐ-TTg" in html and "05/HD-VPĐP" not in html and "Hết hiệu lực" in html
    html = client.get("/portal/van-ban/", {"q": "huong dan"}).content.decode()
    assert "05/HD-VPĐP" in html and "318/QĐ-TTg" not in html


def test_decisions_are_listed_by_kind_and_per_unit(client, units) -> None:  # type: ignore[no-untyped-def]
    Decision.objects.create(
        kind=DecisionKind.COMMENDATION,
        number="2150/QĐ-UBND",
        signed_on=dt.date(2026, 11, 5),
        issuer="UBND tỉnh",
        unit=units.commune_a,
        recipient="Nhân dân xã Bảo Lâm",
        content="Tặng Bằng khen",
        attachment=ContentFile(b"%PDF-1.4", name="qd.pdf"),
    )
    Decision.objects.create(
        kind=DecisionKind.SANCTION,
        number="18/QĐ-XPHC",
        signed_on=dt.date(2026, 10, 20),
        issuer="UBND tỉnh",
        unit=units.other_province,
        recipient="Công ty A",
        content="Xử phạt",
    )
    html = client.get("/portal/khen-thuong-xu-phat/", {"kind": "sanction"}).content.decode()
    assert "18/QĐ-XPHC" in html and "2150/QĐ-UBND" not in html
    html = client.get(
        reverse("portal:decisions_unit", args=["2025", units.province.code])
    ).content.decode()
    assert "2150/QĐ-UBND" in html and "18/QĐ-XPHC" not in html
    decision = Decision.objects.get(number="2150/QĐ-UBND")
    assert client.get(reverse("portal:decision_file", args=[decision.pk])).status_code == 200


def test_the_progress_page_says_honestly_when_there_is_no_data(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/portal/so-lieu/").content.decode()
    assert 'data-testid="no-data"' in html and "Chưa có số liệu" in html
    assert html.count('class="tile') >= 34


def test_the_progress_page_reads_the_criteria_results_and_follows_their_changes(
    client, units
) -> None:  # type: ignore[no-untyped-def]
    client.get("/portal/so-lieu/")
    EvaluationSummary.objects.create(
        scope_key="2025:04",
        scope_unit=units.province,
        set_code="xa-ntm-2026-2030",
        year=2026,
        basis=ValuesBasis.APPROVED,
        units_total=40,
        units_evaluated=40,
        meets_standard=10,
        computed_at=timezone.now(),
    )
    html = client.get("/portal/so-lieu/").content.decode()
    assert "no-data" not in html and "25,0%" in html and units.province.name in html


def test_open_data_downloads_in_three_formats(client, units) -> None:  # type: ignore[no-untyped-def]
    base = "/portal/du-lieu-mo/don-vi-hanh-chinh-2025"
    response = client.get(base + ".csv")
    assert (
        response["Content-Type"].startswith("text/csv")
        and "attachment" in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    assert rows[0] == ["code", "name", "level", "kind", "parent_code", "parent_name"]
    assert [units.commune_b.code, units.commune_b.name] in [r[:2] for r in rows]
    data = json.loads(streamed(client.get(base + ".json")))
    assert data["license"] == "CC-BY-4.0" and data["rows"][0]["code"]
    sheet = load_workbook(io.BytesIO(streamed(client.get(base + ".xlsx")))).worksheets[0]
    assert sheet.cell(1, 1).value == "Mã đơn vị"
    assert client.get(base + ".exe").status_code == 404


def test_the_dataset_api_is_public_and_dcat_like(client) -> None:  # type: ignore[no-untyped-def]
    listed = client.get("/api/v1/portal/datasets").json()
    slugs = {d["identifier"] for d in listed}
    assert {
        "don-vi-hanh-chinh-2025",
        "don-vi-hanh-chinh-2021",
        "van-ban-phap-ly",
        "ket-qua-tieu-chi-theo-tinh",
    } <= slugs
    one = client.get("/api/v1/portal/datasets/don-vi-hanh-chinh-2021").json()
    assert one["license"] == "CC-BY-4.0" and one["publisher"]
    assert {d["format"] for d in one["distribution"]} == {"CSV", "JSON", "XLSX"}
    assert one["distribution"][0]["download_url"].startswith("http://testserver/portal/du-lieu-mo/")
    assert client.get("/api/v1/portal/datasets/khong-co").status_code == 404
    assert client.get("/portal/du-lieu-mo/don-vi-hanh-chinh-2021/").status_code == 200


def test_the_articles_and_stats_api_are_public(client, published) -> None:  # type: ignore[no-untyped-def]
    assert [a["slug"] for a in client.get("/api/v1/portal/articles").json()] == ["hoi-nghi"]
    assert set(client.get("/api/v1/portal/visitor-stats").json()) == {
        "online",
        "today",
        "month",
        "total",
    }


def test_feeds_and_sitemap_list_published_articles(client, published, units) -> None:  # type: ignore[no-untyped-def]
    article(units.province, title="Nháp", slug="nhap", status=ArticleStatus.DRAFT)
    for url in (
        "/portal/rss/",
        "/portal/rss/tin-tuc/",
        "/portal/atom/tin-tuc/",
        "/portal/sitemap.xml",
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "/portal/tin-tuc/hoi-nghi/" in body and "/portal/tin-tuc/nhap/" not in body, url
    assert client.get("/portal/rss/khong-co/").status_code == 404


def test_category_pages_paginate(client, published) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/portal/chuyen-muc/tin-tuc/").content.decode()
    assert published.title in html and "application/atom+xml" in html


def test_the_editor_workspace_is_for_editors_only(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/portal/bien-tap/").status_code == 302
    client.force_login(personas.officer_a)
    assert client.get("/portal/bien-tap/").status_code == 403
    assert client.get("/portal/bien-tap/moi/").status_code == 403
    client.force_login(personas.editor)
    assert client.get("/portal/bien-tap/").status_code == 200


def test_an_editor_writes_and_a_reviewer_publishes_through_the_pages(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.editor)
    response = client.post(
        "/portal/bien-tap/moi/",
        {
            "title": "Tin thử",
            "category": 1,
            "summary": "Tóm tắt",
            "body": "<p>x</p><script>x()</script>",
            "source": "Theo Baocaobang.vn",
        },
    )
    created = Article.objects.get(title="Tin thử")
    assert (
        response.status_code == 302
        and created.province == units.province
        and "<script" not in created.body
    )
    client.post(reverse("portal:article_submit", args=[created.pk]))
    assert client.post(reverse("portal:article_publish", args=[created.pk])).status_code == 403
    client.force_login(personas.reviewer)
    assert created.title in client.get("/portal/bien-tap/").content.decode()  # in the review queue
    client.post(reverse("portal:article_publish", args=[created.pk]), {"publish_at": ""})
    created.refresh_from_db()
    assert created.status == ArticleStatus.PUBLISHED
    assert client.get(created.get_absolute_url()).status_code == 200


def test_officer_a_cannot_reach_an_article_of_the_province(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    a = article(units.province, status=ArticleStatus.REVIEW)
    client.force_login(personas.officer_a)
    assert client.get(reverse("portal:article_edit", args=[a.pk])).status_code == 404
    assert client.post(reverse("portal:article_publish", args=[a.pk])).status_code == 404
    assert Article.objects.get(pk=a.pk).status == ArticleStatus.REVIEW


def test_reviewers_post_decisions_and_documents(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.reviewer)
    response = client.post(
        "/portal/bien-tap/khen-thuong-xu-phat/moi/",
        {
            "kind": "commendation",
            "number": "9/QĐ-UBND",
            "signed_on": "2026-11-01",
            "issuer": "UBND tỉnh",
            "recipient": "Xã Bảo Lâm",
            "content": "Tặng Bằng khen",
            "unit_code": units.commune_a.code,
        },
    )
    assert (
        response.status_code == 302
        and Decision.objects.get(number="9/QĐ-UBND").unit == units.commune_a
    )
    response = client.post(
        "/portal/bien-tap/van-ban/moi/",
        {
            "doc_type": "guidance",
            "number": "7/HD",
            "title": "Hướng dẫn",
            "issuer": "VPĐP",
            "signed_on": "2026-11-01",
        },
    )
    assert response.status_code == 302 and LegalDocument.objects.filter(number="7/HD").exists()
    client.force_login(personas.editor)
    assert client.get("/portal/bien-tap/van-ban/moi/").status_code == 403


def test_the_site_home_features_the_portal_for_visitors(client, published) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").content.decode()
    assert published.title in html and reverse("portal:data") in html


def test_attachments_other_than_pdf_are_downloaded_and_html_is_refused(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    decision = Decision.objects.create(
        kind=DecisionKind.SANCTION,
        number="3/QĐ",
        signed_on=dt.date(2026, 1, 1),
        issuer="UBND",
        recipient="Công ty B",
        content="Xử phạt",
        attachment=ContentFile(b"x", name="bang.xlsx"),
    )
    response = client.get(reverse("portal:decision_file", args=[decision.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.reviewer)
    response = client.post(
        "/portal/bien-tap/khen-thuong-xu-phat/moi/",
        {
            "kind": "sanction",
            "number": "4/QĐ",
            "signed_on": "2026-11-01",
            "issuer": "UBND tỉnh",
            "recipient": "Công ty C",
            "content": "Xử phạt",
            "attachment": SimpleUploadedFile(
                "x.html", b"<script>alert(1)</script>", content_type="text/html"
            ),
        },
    )
    assert response.status_code == 200 and not Decision.objects.filter(number="4/QĐ").exists()


def test_the_article_page_needs_few_queries(
    client, published, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.get(published.get_absolute_url())
    with django_assert_max_num_queries(3):
        client.get(published.get_absolute_url(), HTTP_USER_AGENT="another reader")


def test_search_and_open_data_include_certified_ocop_products(client, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.ocop.tests.factories import certify, make_producer, make_product

    product = make_product(make_producer(units.commune_a), name="Miến dong Nguyên Bình")
    certify(product, stars=4)
    make_product(
        make_producer(units.commune_a, name="HTX chưa công nhận"), name="Miến dong chưa chứng nhận"
    )
    html = client.get("/portal/tim-kiem/", {"q": "mien dong"}).content.decode()
    assert "Miến dong Nguyên Bình (4 sao)" in html and "chưa chứng nhận" not in html
    assert reverse("ocop:public_product", kwargs={"pk": product.pk}) in html
    rows = json.loads(streamed(client.get("/portal/du-lieu-mo/san-pham-ocop.json")))["rows"]
    assert [(r["name"], r["stars"]) for r in rows] == [("Miến dong Nguyên Bình", 4)]
