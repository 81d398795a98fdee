"""The editorial workflow: draft → review → published / refused, scoped to the province."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from nongthonmoi.accounts.models import Assignment, User
from nongthonmoi.accounts.roles import Role
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.portal import services
from nongthonmoi.portal.models import Article, ArticleStatus, Category, DecisionKind

pytestmark = pytest.mark.django_db


def _data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Xã Bảo Lâm về đích nông thôn mới",
        "category": Category.objects.get(slug="tin-tuc"),
        "summary": "Tóm tắt",
        "body": '<p>Nội dung</p><script>alert("x")</script><img src="/a.jpg" onerror="alert(1)">',
        "source": "Theo Baocaobang.vn",
    }
    data.update(overrides)
    return data


def _jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (2000, 1000), (20, 120, 60)).save(out, "JPEG")
    return SimpleUploadedFile("anh.jpg", out.getvalue(), content_type="image/jpeg")


def test_an_editor_writes_a_draft_whose_body_loses_its_script(personas, units) -> None:  # type: ignore[no-untyped-def]
    article = services.do_save_article(
        personas.editor, _data(), province=units.province, cover=_jpeg()
    )
    assert article.status == ArticleStatus.DRAFT
    assert "script" not in article.body and "onerror" not in article.body
    assert article.slug == "xa-bao-lam-ve-dich-nong-thon-moi"
    assert article.cover.width == 1280 and article.cover_thumb.width == 480
    assert "bao lam" in article.search_folded
    assert AuditEntry.objects.filter(
        action="portal.article_created", object_id=str(article.pk)
    ).exists()


def test_slugs_stay_unique(personas, units) -> None:  # type: ignore[no-untyped-def]
    first = services.do_save_article(personas.editor, _data(), province=units.province)
    second = services.do_save_article(personas.editor, _data(), province=units.province)
    assert second.slug == first.slug + "-2"


def test_a_reviewer_publishes_what_an_editor_submitted(personas, units) -> None:  # type: ignore[no-untyped-def]
    article = services.do_save_article(personas.editor, _data(), province=units.province)
    services.do_submit(personas.editor, article)
    with pytest.raises(PermissionDeniedError):
        services.do_publish(personas.editor, article)
    services.do_publish(personas.reviewer, article)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.is_public
    assert article.reviewed_by == personas.reviewer
    assert AuditEntry.objects.filter(action="portal.article_published").count() == 1


def test_refusing_needs_a_comment_and_sends_the_article_back(personas, units) -> None:  # type: ignore[no-untyped-def]
    article = services.do_save_article(personas.editor, _data(), province=units.province)
    services.do_submit(personas.editor, article)
    with pytest.raises(ValidationFailed):
        services.do_refuse(personas.reviewer, article, "  ")
    services.do_refuse(personas.reviewer, article, "Thiếu nguồn ảnh")
    article.refresh_from_db()
    assert article.status == ArticleStatus.REFUSED and article.review_comment == "Thiếu nguồn ảnh"
    services.do_save_article(personas.editor, {"summary": "Đã sửa"}, article=article)
    services.do_submit(personas.editor, article)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.REVIEW


def test_an_editor_cannot_change_an_article_under_review_or_publish_twice(personas, units) -> None:  # type: ignore[no-untyped-def]
    article = services.do_save_article(personas.editor, _data(), province=units.province)
    services.do_submit(personas.editor, article)
    with pytest.raises(PermissionDeniedError):
        services.do_save_article(personas.editor, {"title": "Khác"}, article=article)
    services.do_publish(personas.reviewer, article)
    with pytest.raises(ValidationFailed):
        services.do_publish(personas.reviewer, article)


def test_editors_of_another_province_and_officers_are_refused(personas, units) -> None:  # type: ignore[no-untyped-def]
    outsider = User.objects.create_user("bientap.langson", password="x" * 12)
    Assignment.objects.create(user=outsider, role=Role.PORTAL_REVIEWER, unit=units.other_province)
    article = services.do_save_article(personas.editor, _data(), province=units.province)
    services.do_submit(personas.editor, article)
    with pytest.raises(PermissionDeniedError):
        services.do_publish(outsider, article)
    with pytest.raises(PermissionDeniedError):
        services.do_save_article(personas.officer_a, _data(), province=units.province)


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(personas, units) -> None:  # type: ignore[no-untyped-def]
    article = services.do_save_article(personas.editor, _data(), province=units.province)
    services.do_submit(personas.editor, article)
    when = timezone.now() + dt.timedelta(days=1)
    services.do_publish(personas.reviewer, article, publish_at=when)
    assert not Article.objects.public().filter(pk=article.pk).exists()
    with time_machine.travel(when + dt.timedelta(minutes=1)):
        assert Article.objects.public().filter(pk=article.pk).exists()


def test_a_bad_cover_is_a_clear_validation_error(personas, units) -> None:  # type: ignore[no-untyped-def]
    bad = SimpleUploadedFile("anh.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationFailed, match="Ảnh đại diện"):
        services.do_save_article(personas.editor, _data(), province=units.province, cover=bad)
    assert not Article.objects.exists()


def test_decisions_and_documents_need_a_reviewer_in_scope(personas, units) -> None:  # type: ignore[no-untyped-def]
    data = {
        "kind": DecisionKind.COMMENDATION,
        "number": "1/QĐ-UBND",
        "signed_on": dt.date(2026, 1, 5),
        "issuer": "UBND tỉnh",
        "unit": units.commune_b,
        "recipient": "Xã Lý Bôn",
        "content": "Tặng Bằng khen",
    }
    with pytest.raises(PermissionDeniedError):
        services.do_save_decision(personas.editor, data, province=units.province)
    decision = services.do_save_decision(personas.reviewer, data, province=units.province)
    assert decision.unit == units.commune_b
    with pytest.raises(ValidationFailed, match="Hết hiệu lực"):
        services.do_save_document(
            personas.reviewer,
            {
                "doc_type": "decision",
                "number": "1/QĐ",
                "title": "T",
                "issuer": "UBND",
                "signed_on": dt.date(2026, 1, 1),
                "effective_from": dt.date(2026, 2, 1),
                "effective_until": dt.date(2026, 1, 1),
            },
            province=units.province,
        )
