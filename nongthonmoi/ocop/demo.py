"""OCOP demo data for Cao Bằng (illustrative, marked as demo): producers, products with photos,
a closed council session with three members' sheets and the certificates it produced, one
certificate expiring soon, and dossiers waiting at each step of the procedure.

Idempotent: if the demo producers exist, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from nongthonmoi.accounts.models import User
from nongthonmoi.demo.base import COMMUNE_A, COMMUNE_B, DEMO_NOTE, PROVINCE
from nongthonmoi.places.models import AdminUnit, Structure

from . import procedure, services
from .models import Certificate, Dossier, Producer, Product, ProductPhoto
from .rulebook import load_rulebook
from .scoring import allowed_points

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
OTHER_COMMUNE = "01297"  # Xã Nam Quang

# (key, name, kind, commune, representative, woman, ethnic minority, account)
PRODUCERS = [
    (
        "baolam",
        "HTX Nông sản Bảo Lâm",
        "cooperative",
        COMMUNE_A,
        "Nông Thị Hoa",
        True,
        True,
        "chuthe.baolam",
    ),
    ("lybon", "HTX Ong mật Lý Bôn", "cooperative", COMMUNE_B, "Lục Văn Páo", False, True, None),
    (
        "namquang",
        "Công ty TNHH Trà Shan Nam Quang",
        "enterprise",
        OTHER_COMMUNE,
        "Hoàng Văn Chè",
        False,
        True,
        None,
    ),
    (
        "hophuong",
        "Hộ kinh doanh Ma Thị Phượng",
        "household",
        COMMUNE_A,
        "Ma Thị Phượng",
        True,
        True,
        None,
    ),
]

# (producer key, name, set, packaging, colour, member targets → stars in the closed session)
PRODUCTS = [
    ("baolam", "Miến dong Bảo Lâm", 6, "Túi 500 g, hộp 1 kg", (196, 160, 110), (80, 82, 79)),
    ("lybon", "Mật ong bạc hà Lý Bôn", 4, "Chai thủy tinh 500 ml", (222, 170, 40), (74, 71, 76)),
    ("namquang", "Trà Shan tuyết Nam Quang", 11, "Hộp 200 g", (90, 140, 80), (62, 58, 60)),
    ("hophuong", "Bánh khảo Bảo Lâm", 6, "Hộp 300 g", (230, 220, 200), None),
    ("baolam", "Hạt dẻ Bảo Lâm", 1, "Túi lưới 1 kg", (120, 80, 50), None),
]


def answers_near(set_number: int, *, stars: int, target: int) -> dict[str, str]:
    """A member's answers with a total near `target` and every starred minimum up to `stars`
    met (illustrative scoring for demo data and tests)."""
    book = load_rulebook("qd-26-2026")
    sheet = book.sheet(set_number)
    goal = Decimal(target)
    answers = {c.code: max(allowed_points(book, c)) for c in sheet.criteria}
    total = sum(answers.values(), Decimal(0))
    for criterion in sheet.criteria:
        if total <= goal:
            break
        need = max(
            (v for level, v in criterion.minimums.items() if level <= stars), default=Decimal(0)
        )
        for points in sorted(p for p in allowed_points(book, criterion) if p >= need):
            if total - (answers[criterion.code] - points) >= goal:
                total -= answers[criterion.code] - points
                answers[criterion.code] = points
                break
    return {code: str(points) for code, points in answers.items()}


def _photo(name: str, colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (800, 600), colour)
    draw = ImageDraw.Draw(image)
    for band in range(0, 600, 40):
        shade = tuple(max(0, c - band // 12) for c in colour)
        draw.rectangle([0, band, 800, band + 40], fill=shade)
    font = ImageFont.truetype(str(FONT), 40) if FONT.exists() else ImageFont.load_default()
    draw.rounded_rectangle([40, 220, 760, 380], radius=20, fill=(255, 255, 255))
    draw.text((400, 280), name, fill=(30, 60, 30), font=font, anchor="mm")
    draw.text((400, 340), "OCOP · minh hoạ", fill=(120, 120, 120), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _unit(code: str) -> AdminUnit:
    return AdminUnit.objects.get(structure=Structure.NEW, code=code)


def _user(username: str) -> User:
    return User.objects.get(username=username)


@transaction.atomic
def load() -> list[str]:
    if Producer.objects.filter(is_demo=True).exists():
        return ["OCOP: demo data already loaded"]
    today = timezone.localdate()
    book = load_rulebook("qd-26-2026")
    producers: dict[str, Producer] = {}
    for key, name, kind, commune, person, woman, minority, account in PRODUCERS:
        producer = Producer.objects.create(
            name=name,
            kind=kind,
            commune=_unit(commune),
            legal_representative=person,
            representative_is_woman=woman,
            representative_is_ethnic_minority=minority,
            tax_code=f"48000{len(producers) + 1:05d}",
            phone=f"0206 385 {len(producers) + 1:03d}",
            email=f"{key}@ocop-demo.invalid",
            address=f"{_unit(commune).name}, tỉnh Cao Bằng",
            is_demo=True,
        )
        if account:
            producer.members.add(_user(account))
        producers[key] = producer

    products: list[tuple[Product, tuple[int, ...] | None]] = []
    for key, name, set_number, packaging, colour, targets in PRODUCTS:
        producer = producers[key]
        product = Product(
            producer=producer,
            commune=producer.commune,
            province=producer.province,
            name=name,
            set_number=set_number,
            group_code=book.product_sets[set_number].group_code,
            description=f"{name}: sản phẩm của {producer.name}. {DEMO_NOTE}.",
            packaging=packaging,
            traceability_code=f"VN-CB-{len(products) + 1:04d}",
            shop_links=[
                {"label": "Sàn TMĐT (minh hoạ)", "url": "https://example.com/ocop-demo"},
            ],
            points_of_sale="Điểm giới thiệu và bán sản phẩm OCOP tỉnh Cao Bằng (minh hoạ)",
            is_demo=True,
        )
        product.refresh_search()
        product.save()
        photo = ProductPhoto(product=product, caption=name, position=1)
        image = Image.open(io.BytesIO(_photo(name, colour))).convert("RGB")
        stem = f"demo-{product.pk}"
        photo.image.save(f"{stem}.jpg", ContentFile(services.resized_jpeg(image, 1200)), save=False)
        photo.thumbnail.save(
            f"{stem}-t.jpg", ContentFile(services.resized_jpeg(image, 400)), save=False
        )
        photo.save()
        products.append((product, targets))

    officers = {COMMUNE_A: _user("xa.baolam"), COMMUNE_B: _user("xa.lybon")}
    secretary = _user("ocop.thuky")
    members = [_user(f"ocop.tv{i}") for i in (1, 2, 3)]
    province = _unit(PROVINCE)
    # round 1 of this year (or last year's round 2 early in the year)
    held_on = today - dt.timedelta(days=40)
    forwarded_on = held_on - dt.timedelta(days=20)
    all_checks = dict.fromkeys(
        ("origin_ok", "local_material_ok", "local_labour_ok", "idea_ok", "local_identity_ok"), True
    )
    scored: list[Dossier] = []
    for product, targets in products:
        if targets is None:
            continue
        dossier = Dossier.objects.create(
            product=product,
            commune=product.commune,
            kind="first",
            self_assessment=f"Báo cáo tự đánh giá (minh hoạ). {DEMO_NOTE}.",
            created_by=secretary,
        )
        dossier.filed_on = forwarded_on - dt.timedelta(days=10)
        dossier.status = "submitted"
        dossier.commune_deadline = procedure.commune_deadline(dossier.filed_on)
        dossier.save()
        officer = officers.get(product.commune.code, secretary)
        actor = officer if product.commune.code in officers else _user("quantri")
        services.do_commune_forward(
            actor, dossier, checks=all_checks, note="Đủ hồ sơ (minh hoạ)", on=forwarded_on
        )
        scored.append(dossier)
    session = services.do_create_session(
        secretary,
        province,
        title="Hội đồng OCOP tỉnh Cao Bằng — phiên minh hoạ",
        held_on=held_on,
        member_ids=[m.pk for m in members],
        dossier_ids=[d.pk for d in scored],
    )
    session.is_demo = True
    session.save(update_fields=["is_demo"])
    for dossier, (_product, targets) in zip(scored, [p for p in products if p[1]], strict=True):
        for member, target in zip(members, targets or (), strict=True):
            stars = 4 if target >= 70 else 3
            services.do_submit_sheet(
                member,
                session,
                dossier,
                answers=answers_near(dossier.product.set_number, stars=stars, target=target),
            )
    services.do_close_session(
        secretary,
        session,
        decision_number=f"{held_on.year}/QĐ-UBND (minh hoạ)",
        decided_on=held_on + dt.timedelta(days=7),
        minutes_note="Hội đồng thống nhất kết quả chấm (phiên minh hoạ).",
    )
    Certificate.objects.filter(dossier__session=session).update(is_demo=True)

    # a certificate issued under the previous rules that expires soon (re-evaluation window)
    cake = next(p for p, t in products if p.name.startswith("Bánh khảo"))
    decided = procedure.add_months(today + dt.timedelta(days=45), -36) + dt.timedelta(days=1)
    cake.sequence = 90
    cake.code = f"{PROVINCE}-{cake.commune.code}-90-{decided.year}"
    cake.refresh_search()
    cake.save()
    Certificate.objects.create(
        product=cake,
        province=province,
        decision_number=f"{decided.year}/QĐ-UBND (minh hoạ, theo QĐ 148/2023)",
        decided_on=decided,
        stars=3,
        valid_until=procedure.certificate_valid_until(decided),
        is_demo=True,
    )
    services.refresh_product_stars(cake)

    # dossiers waiting: one at the commune, one just created by the producer
    chestnut = next(p for p, t in products if p.name.startswith("Hạt dẻ"))
    waiting = Dossier.objects.create(
        product=chestnut,
        commune=chestnut.commune,
        kind="first",
        self_assessment=f"Tự đánh giá khoảng 65 điểm. {DEMO_NOTE}.",
        created_by=_user("chuthe.baolam"),
    )
    services.do_submit_dossier(_user("chuthe.baolam"), waiting, on=today - dt.timedelta(days=3))
    certified = Certificate.objects.filter(is_demo=True).count()
    return [
        f"OCOP: {len(producers)} producers, {len(products)} products, 1 closed council session, "
        f"{certified} certificates (one expiring on "
        f"{procedure.certificate_valid_until(decided):%d/%m/%Y}), 1 dossier waiting at Xã Bảo Lâm",
    ]
