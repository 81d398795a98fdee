"""Demo content of the portal: articles (one modelled on the seed article from Baocaobang.vn),
decisions, legal documents, generated cover images and a history of daily visitor counts.

Deterministic and idempotent: objects are found by slug/number and never changed once created.
Everything except the legal documents' numbers and the seed article is illustrative and says so.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nongthonmoi.demo.base import COMMUNE_A, DEMO_NOTE, PROVINCE, SEED
from nongthonmoi.places.models import AdminUnit, Structure

from . import images
from .defaults import ensure_categories
from .models import (
    Article,
    ArticleStatus,
    Category,
    Decision,
    DecisionKind,
    DocumentType,
    LegalDocument,
    VisitDay,
)
from .richtext import from_paragraphs

TZ = dt.timezone(dt.timedelta(hours=7))
ILLUSTRATIVE = f"<p><em>{DEMO_NOTE}.</em></p>"

SEED_BODY = """Sáng 17/11, Thứ trưởng Bộ Nông nghiệp và Phát triển nông thôn Trần Thành Nam chủ trì hội nghị trực tuyến toàn quốc quán triệt, triển khai một số nội dung trọng tâm và các chương trình chuyên đề thuộc Chương trình Mục tiêu quốc gia xây dựng nông thôn mới (NTM) giai đoạn 2021 - 2025.

Dự hội nghị tại điểm cầu Cao Bằng có lãnh đạo các sở, ngành, Văn phòng điều phối NTM tỉnh và các huyện, Thành phố.

Hội nghị triển khai kế hoạch và hướng dẫn thực hiện Chương trình "Mỗi xã một sản phẩm" (OCOP); chuyển đổi số trong xây dựng NTM, hướng tới xây dựng NTM thông minh; tăng cường bảo vệ môi trường, an toàn thực phẩm và cấp nước sạch nông thôn trong xây dựng NTM; phát triển du lịch nông thôn; chương trình khoa học công nghệ phục vụ xây dựng NTM; nâng cao chất lượng, hiệu quả thực hiện tiêu chí an ninh trật tự trong xây dựng NTM; cơ chế phân bổ, huy động nguồn lực thực hiện Chương trình Mục tiêu quốc gia xây dựng NTM và một số vấn đề trọng tâm khác.

Theo đó, chú trọng các nội dung, mục tiêu giải pháp thực hiện, nhất là việc phân bổ vốn ngân sách Trung ương cho các chuyên đề. Giai đoạn 2021 - 2025, tổng vốn ngân sách Trung ương bố trí thực hiện chương trình được phê duyệt 39.632 tỷ đồng, gồm 30.000 tỷ đồng vốn đầu tư và 9.632 tỷ đồng kinh phí sự nghiệp. Hiện đã phân bổ hơn 30.000 tỷ đồng cho các địa phương triển khai thực hiện.

Kết luận hội nghị, Thứ trưởng Bộ Nông nghiệp và Phát triển nông thôn Trần Thành Nam đề nghị các bộ, ngành, địa phương xây dựng kế hoạch cụ thể triển khai thực hiện chương trình phù hợp với điều kiện thực tế. Phân bổ nguồn vốn đầu tư thực hiện chương trình cần có trọng tâm, trọng điểm và bền vững, đảm bảo tính công bằng, công khai, minh bạch, hiệu quả; tích cực hỗ trợ các xã, huyện chưa đạt chuẩn NTM."""

# slug, category, title, summary, body, source, published (local), colour, status, cover caption
ARTICLES: list[tuple[str, str, str, str, str, str, dt.datetime, tuple[int, int, int], str, str]] = [
    (
        "hoi-nghi-truc-tuyen-trien-khai-chuong-trinh-mtqg-xdntm-giai-doan-2021-2025",
        "tin-tuc",
        "Hội nghị trực tuyến triển khai Chương trình Mục tiêu quốc gia XDNTM giai đoạn 2021 - 2025",
        "Sáng 17/11, Thứ trưởng Bộ Nông nghiệp và Phát triển nông thôn Trần Thành Nam chủ trì hội nghị "
        "trực tuyến toàn quốc quán triệt, triển khai một số nội dung trọng tâm và các chương trình chuyên "
        "đề thuộc Chương trình Mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025.",
        from_paragraphs(SEED_BODY),
        "Theo Baocaobang.vn",
        dt.datetime(2022, 11, 17, 15, 30, tzinfo=TZ),
        (46, 110, 78),
        ArticleStatus.PUBLISHED,
        "Các đại biểu dự hội nghị tại điểm cầu Cao Bằng.",
    ),
    (
        "trien-khai-bo-tieu-chi-xa-nong-thon-moi-giai-doan-2026-2030",
        "huong-dan",
        "Triển khai Bộ tiêu chí xã nông thôn mới giai đoạn 2026 - 2030 theo Quyết định 51/2025/QĐ-TTg",
        "Từ ngày 15/02/2026, các xã thực hiện bộ tiêu chí mới gồm 10 tiêu chí, 47 chỉ tiêu; ngưỡng đạt "
        "được quy định theo nhóm xã. Văn phòng Điều phối tỉnh hướng dẫn các xã rà soát, tự đánh giá.",
        from_paragraphs(
            "Văn phòng Điều phối nông thôn mới tỉnh đề nghị các xã rà soát hiện trạng từng chỉ tiêu, "
            "cập nhật số liệu lên hệ thống và gửi kết quả tự đánh giá trước ngày 30/6.\n\n"
            "Mỗi chỉ tiêu cần kèm minh chứng; số liệu được thẩm định và phê duyệt trước khi công khai "
            "trên Cổng thông tin."
        )
        + ILLUSTRATIVE,
        "Văn phòng Điều phối NTM tỉnh",
        dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ),
        (31, 111, 67),
        ArticleStatus.PUBLISHED,
        "Cán bộ xã rà soát hồ sơ tiêu chí nông thôn mới (ảnh minh hoạ).",
    ),
    (
        "xa-bao-lam-ra-mat-mo-hinh-thon-kieu-mau",
        "tin-tuc",
        "Xã Bảo Lâm ra mắt mô hình thôn nông thôn mới kiểu mẫu",
        "Người dân đóng góp ngày công, hiến đất mở rộng đường thôn; cảnh quan xanh - sạch - đẹp được duy trì "
        "bằng quy ước của thôn.",
        from_paragraphs(
            "Sau hai năm triển khai, thôn đã bê tông hoá toàn bộ đường trục thôn, xây dựng nhà văn hoá "
            "và lắp đặt hệ thống đèn chiếu sáng bằng năng lượng mặt trời.\n\n"
            "Ủy ban nhân dân xã cho biết sẽ nhân rộng mô hình ra các thôn khác trong năm tới."
        )
        + ILLUSTRATIVE,
        "Theo Baocaobang.vn",
        dt.datetime(2026, 11, 25, 8, 15, tzinfo=TZ),
        (63, 139, 82),
        ArticleStatus.PUBLISHED,
        "Đường thôn được bê tông hoá (ảnh minh hoạ).",
    ),
    (
        "huong-dan-danh-gia-phan-hang-san-pham-ocop-2026",
        "ocop",
        "Hướng dẫn đánh giá, phân hạng sản phẩm OCOP theo Quyết định 26/2026/QĐ-TTg",
        "Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP mới thay thế quy định trước đây; "
        "chủ thể nộp hồ sơ tại xã, hội đồng cấp tỉnh chấm điểm.",
        from_paragraphs(
            "Chủ thể OCOP chuẩn bị phiếu đăng ký, phương án sản xuất kinh doanh và các minh chứng theo "
            "từng tiêu chí.\n\nHội đồng đánh giá, phân hạng cấp tỉnh chấm điểm độc lập theo phiếu."
        )
        + ILLUSTRATIVE,
        "Chi cục Phát triển nông thôn",
        dt.datetime(2026, 11, 18, 14, 0, tzinfo=TZ),
        (200, 150, 30),
        ArticleStatus.PUBLISHED,
        "Sản phẩm OCOP trưng bày tại hội chợ (ảnh minh hoạ).",
    ),
    (
        "khen-thuong-phong-trao-ca-nuoc-chung-suc-xay-dung-nong-thon-moi",
        "khen-thuong-xu-phat",
        "Khen thưởng tập thể, cá nhân có thành tích trong phong trào “Cả nước chung sức xây dựng nông thôn mới”",
        "Ủy ban nhân dân tỉnh tặng Bằng khen cho các tập thể, cá nhân có thành tích tiêu biểu.",
        from_paragraphs(
            "Các tập thể, cá nhân được khen thưởng đã có nhiều đóng góp về ngày công, tiền của và "
            "sáng kiến trong xây dựng nông thôn mới."
        )
        + ILLUSTRATIVE,
        "Văn phòng Điều phối NTM tỉnh",
        dt.datetime(2026, 11, 10, 10, 0, tzinfo=TZ),
        (166, 27, 27),
        ArticleStatus.PUBLISHED,
        "Trao Bằng khen cho các tập thể, cá nhân (ảnh minh hoạ).",
    ),
    (
        "hop-tac-xa-mien-dong-nang-tam-san-pham-ocop",
        "guong-dien-hinh",
        "Hợp tác xã miến dong nâng tầm sản phẩm OCOP",
        "Từ nghề truyền thống, hợp tác xã đã xây dựng thương hiệu, đạt chứng nhận OCOP 4 sao và mở rộng "
        "thị trường tiêu thụ.",
        from_paragraphs(
            "Hợp tác xã liên kết với hơn 100 hộ trồng dong riềng, bảo đảm vùng nguyên liệu ổn định.\n\n"
            "Sản phẩm có tem truy xuất nguồn gốc và được bán trên các sàn thương mại điện tử."
        )
        + ILLUSTRATIVE,
        "Theo Baocaobang.vn",
        dt.datetime(2026, 11, 22, 16, 45, tzinfo=TZ),
        (120, 82, 45),
        ArticleStatus.PUBLISHED,
        "Phơi miến dong (ảnh minh hoạ).",
    ),
    (
        "ke-hoach-kiem-tra-giam-sat-nam-2027",
        "van-ban",
        "Kế hoạch kiểm tra, giám sát thực hiện Chương trình năm 2027 (dự thảo)",
        "Dự thảo đang chờ duyệt.",
        from_paragraphs("Nội dung dự thảo kế hoạch.") + ILLUSTRATIVE,
        "",
        dt.datetime(2026, 11, 28, 8, 0, tzinfo=TZ),
        (90, 90, 90),
        ArticleStatus.REVIEW,
        "",
    ),
]

DOCUMENTS = [
    # type, number, title, issuer, signed, effective from, until, official url
    (
        DocumentType.DECISION,
        "51/2025/QĐ-TTg",
        "Bộ tiêu chí quốc gia về nông thôn mới giai đoạn 2026 - 2030",
        "Thủ tướng Chính phủ",
        dt.date(2025, 12, 29),
        dt.date(2026, 2, 15),
        None,
    ),
    (
        DocumentType.DECISION,
        "26/2026/QĐ-TTg",
        "Ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
        "Thủ tướng Chính phủ",
        dt.date(2026, 5, 22),
        None,
        None,
    ),
    (
        DocumentType.DECISION,
        "318/QĐ-TTg",
        "Ban hành Bộ tiêu chí quốc gia về xã nông thôn mới và Bộ tiêu chí quốc gia về xã nông thôn mới "
        "nâng cao giai đoạn 2021 - 2025",
        "Thủ tướng Chính phủ",
        dt.date(2022, 3, 8),
        dt.date(2022, 3, 8),
        dt.date(2026, 2, 15),
    ),
    (
        DocumentType.DECISION,
        "263/QĐ-TTg",
        "Phê duyệt Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025",
        "Thủ tướng Chính phủ",
        dt.date(2022, 2, 22),
        dt.date(2022, 2, 22),
        None,
    ),
]


def _province() -> AdminUnit | None:
    return AdminUnit.objects.filter(structure=Structure.NEW, code=PROVINCE).first()


def _articles(rng: random.Random) -> int:
    created = 0
    province = _province()
    for (
        slug,
        category,
        title,
        summary,
        body,
        source,
        published,
        colour,
        status,
        caption,
    ) in ARTICLES:
        if Article.objects.filter(slug=slug).exists():
            continue
        article = Article(
            slug=slug,
            province=province,
            category=Category.objects.get(slug=category),
            title=title,
            summary=summary,
            body=body,
            source=source,
            byline="Ban biên tập",
            status=status,
            published_at=published if status == ArticleStatus.PUBLISHED else None,
            cover_caption=caption,
            cover_alt=caption,
            tags="nông thôn mới, " + category.replace("-", " "),
            view_count=86 if slug.startswith("hoi-nghi") else rng.randint(40, 900),
        )
        large, thumb = images.renditions(images.placeholder(title, colour))
        article.cover.save(f"{slug[:60]}.jpg", ContentFile(large), save=False)
        article.cover_thumb.save(f"{slug[:60]}-thumb.jpg", ContentFile(thumb), save=False)
        article.save()
        created += 1
    return created


def _decisions() -> int:
    commune_a = AdminUnit.objects.filter(structure=Structure.NEW, code=COMMUNE_A).first()
    province = _province()
    rows = [
        (
            DecisionKind.COMMENDATION,
            "2150/QĐ-UBND",
            dt.date(2026, 11, 5),
            "Ủy ban nhân dân tỉnh",
            commune_a,
            "Nhân dân và cán bộ xã Bảo Lâm",
            "Tặng Bằng khen vì có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây "
            f"dựng nông thôn mới” ({DEMO_NOTE.lower()}).",
        ),
        (
            DecisionKind.SANCTION,
            "18/QĐ-XPHC",
            dt.date(2026, 10, 20),
            "Chủ tịch Ủy ban nhân dân tỉnh",
            province,
            "Công ty TNHH Xây dựng Minh Họa",
            "Xử phạt vi phạm hành chính do thi công công trình đường giao thông nông thôn không bảo đảm "
            f"chất lượng theo hồ sơ thiết kế ({DEMO_NOTE.lower()}).",
        ),
    ]
    created = 0
    for kind, number, signed, issuer, unit, recipient, content in rows:
        _, made = Decision.objects.get_or_create(
            number=number,
            defaults={
                "kind": kind,
                "signed_on": signed,
                "issuer": issuer,
                "unit": unit,
                "province": province,
                "recipient": recipient,
                "content": content,
            },
        )
        created += made
    return created


def _documents() -> int:
    created = 0
    for doc_type, number, title, issuer, signed, start, end in DOCUMENTS:
        _, made = LegalDocument.objects.get_or_create(
            number=number,
            defaults={
                "doc_type": doc_type,
                "title": title,
                "issuer": issuer,
                "signed_on": signed,
                "effective_from": start,
                "effective_until": end,
            },
        )
        created += made
    return created


def _visits(rng: random.Random) -> int:
    """A year of daily visitor counts before today (so the widget shows a plausible history)."""
    today = timezone.localdate()
    existing = set(VisitDay.objects.values_list("day", flat=True))
    rows = []
    for back in range(1, 366):
        day = today - dt.timedelta(days=back)
        visitors = rng.randint(180, 650)
        if day not in existing:
            rows.append(VisitDay(day=day, visitors=visitors))
    VisitDay.objects.bulk_create(rows)
    return len(rows)


def load() -> list[str]:
    rng = random.Random(SEED)
    with transaction.atomic():
        ensure_categories()
        articles = _articles(rng)
        decisions = _decisions()
        documents = _documents()
        days = _visits(rng)
    return [
        f"portal: {articles} bài viết, {decisions} quyết định khen thưởng/xử phạt, "
        f"{documents} văn bản, {days} ngày thống kê truy cập"
    ]
