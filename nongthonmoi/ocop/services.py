"""Every OCOP write: check permission, validate, one transaction, one audit record."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import (
    can,
    has_capability_anywhere,
    is_national,
    prime_assignments,
    units_for,
)
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.places.models import AdminUnit, Level, Structure

from . import procedure
from .models import (
    COMMUNE_CHECK_FIELDS,
    TOURISM_GROUP,
    TOURISM_ONLY_KINDS,
    Certificate,
    CertificateStatus,
    CouncilSession,
    Dossier,
    DossierEvent,
    DossierKind,
    DossierStatus,
    EvidenceDocument,
    ExpiryReminder,
    Producer,
    Product,
    ProductPhoto,
    ScoreSheet,
    SessionStatus,
)
from .product_code import format_product_code
from .rulebook import load_rulebook
from .scoring import AnswerError, aggregate_council, score_sheet

PHOTO_MAX_PX = 1200
THUMB_MAX_PX = 400
MAX_PHOTOS = 8
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# Evidence documents: documents and photos, never HTML, SVG or scripts.
EVIDENCE_TYPES = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png"]
CURRENT_RULEBOOK = "qd-26-2026"


def today() -> dt.date:
    return timezone.localdate()


# -- permissions ----------------------------------------------------------------------------


def acts_for(user: Any, producer: Producer) -> bool:
    """A producer account acts for the producers it is a member of, at its own commune."""
    if not can(user, Capability.PRODUCE_OCOP, producer.commune):
        return False
    # a nationwide holder of the capability (the administrator) may act for any producer
    return (
        is_national(user, Capability.PRODUCE_OCOP) or producer.members.filter(pk=user.pk).exists()
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError("Bạn không có quyền thực hiện thao tác này.")


def _event(dossier: Dossier, actor: Any, action: str, label: str, comment: str = "") -> None:
    DossierEvent.objects.create(
        dossier=dossier, actor=actor, action=action, label=label, comment=comment
    )


# -- registry --------------------------------------------------------------------------------

PRODUCER_FIELDS = (
    "name",
    "kind",
    "tax_code",
    "legal_representative",
    "representative_is_woman",
    "representative_is_ethnic_minority",
    "representative_has_disability",
    "address",
    "phone",
    "email",
)


def do_save_producer(
    user: Any, data: Mapping[str, Any], *, commune: AdminUnit, producer: Producer | None = None
) -> Producer:
    _require(can(user, Capability.PRODUCE_OCOP, commune))
    if producer is not None:
        _require(acts_for(user, producer))
    problems = []
    if commune.level != Level.COMMUNE or commune.structure != Structure.NEW:
        problems.append("Chủ thể phải thuộc một xã (bản đồ 2025).")
    if not str(data.get("name", "")).strip():
        problems.append("Thiếu tên chủ thể.")
    if not str(data.get("legal_representative", "")).strip():
        problems.append("Thiếu người đại diện theo pháp luật.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        before = audit.snapshot(producer) if producer else None
        target = producer or Producer(commune=commune)
        for name in PRODUCER_FIELDS:
            if name in data:
                setattr(target, name, data[name])
        target.save()
        if producer is None:
            target.members.add(user)
        audit.record(
            user,
            "ocop.producer_saved",
            target,
            unit=commune,
            before=before,
            after=audit.snapshot(target),
        )
    return target


PRODUCT_FIELDS = (
    "name",
    "set_number",
    "description",
    "packaging",
    "traceability_code",
    "shop_links",
    "points_of_sale",
)


def product_set_problems(set_number: Any, producer: Producer) -> list[str]:
    book = load_rulebook(CURRENT_RULEBOOK)
    try:
        number = int(set_number)
    except (TypeError, ValueError):
        return ["Chọn bộ sản phẩm theo Phụ lục I."]
    if number not in book.product_sets:
        return [f"Bộ sản phẩm {number} không có trong Phụ lục I (1–{len(book.product_sets)})."]
    group = book.product_sets[number].group_code
    if producer.kind in TOURISM_ONLY_KINDS and group != TOURISM_GROUP:
        return [
            f"Loại hình “{producer.get_kind_display()}” chỉ đăng ký sản phẩm nhóm du lịch (VI)."
        ]
    return []


def do_save_product(
    user: Any, producer: Producer, data: Mapping[str, Any], *, product: Product | None = None
) -> Product:
    _require(acts_for(user, producer))
    if product is not None and product.producer_id != producer.pk:
        raise PermissionDeniedError("Sản phẩm không thuộc chủ thể này.")
    problems = []
    if not str(data.get("name", "")).strip():
        problems.append("Thiếu tên sản phẩm.")
    problems += product_set_problems(data.get("set_number"), producer)
    for link in data.get("shop_links") or []:
        if not str(link.get("url", "")).startswith(("https://", "http://")):
            problems.append(
                f"Liên kết gian hàng “{link.get('url', '')}” phải bắt đầu bằng https://"
            )
    if problems:
        raise ValidationFailed(problems)
    book = load_rulebook(CURRENT_RULEBOOK)
    with transaction.atomic():
        before = audit.snapshot(product) if product else None
        target = product or Product(
            producer=producer, commune=producer.commune, province=producer.province
        )
        for name in PRODUCT_FIELDS:
            if name in data:
                setattr(target, name, data[name])
        target.set_number = int(target.set_number)
        target.group_code = book.product_sets[target.set_number].group_code
        target.refresh_search()
        target.save()
        audit.record(
            user,
            "ocop.product_saved",
            target,
            unit=target.commune,
            before=before,
            after=audit.snapshot(target),
        )
    return target


def resized_jpeg(image: Image.Image, max_px: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((max_px, max_px))
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def do_add_photo(
    user: Any, product: Product, upload: UploadedFile, caption: str = ""
) -> ProductPhoto:
    """Store a photo resized to 1200 px and a 400-px thumbnail (JPEG): phones load the small one."""
    _require(acts_for(user, product.producer))
    problems = []
    if product.photos.count() >= MAX_PHOTOS:
        problems.append(f"Mỗi sản phẩm có tối đa {MAX_PHOTOS} ảnh.")
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        problems.append("Ảnh quá lớn (tối đa 10 MB).")
    image: Image.Image | None = None
    if not problems:
        try:
            image = Image.open(upload)
            image.load()
            image = ImageOps.exif_transpose(image).convert("RGB")
        except (UnidentifiedImageError, OSError):
            problems.append(f"Tệp “{upload.name}” không phải ảnh (JPEG, PNG, WebP).")
    if problems or image is None:
        raise ValidationFailed(problems)
    with transaction.atomic():
        position = (product.photos.aggregate(m=Max("position"))["m"] or 0) + 1
        photo = ProductPhoto(product=product, caption=caption[:200], position=position)
        stem = f"p{product.pk}-{position}"
        photo.image.save(f"{stem}.jpg", ContentFile(resized_jpeg(image, PHOTO_MAX_PX)), save=False)
        photo.thumbnail.save(
            f"{stem}-t.jpg", ContentFile(resized_jpeg(image, THUMB_MAX_PX)), save=False
        )
        photo.save()
        audit.record(
            user, "ocop.photo_added", product, unit=product.commune, after={"photo": photo.pk}
        )
    return photo


def do_add_evidence(
    user: Any,
    producer: Producer,
    *,
    title: str,
    kind: str,
    upload: UploadedFile,
    valid_until: dt.date | None = None,
) -> EvidenceDocument:
    _require(acts_for(user, producer))
    problems = []
    if not title.strip():
        problems.append("Thiếu tên tài liệu.")
    if upload.size and upload.size > MAX_EVIDENCE_BYTES:
        problems.append(f"Tệp “{upload.name}” quá lớn (tối đa 20 MB).")
    if os.path.splitext(upload.name or "")[1].lower().lstrip(".") not in EVIDENCE_TYPES:
        problems.append(
            f"Không nhận tệp “{upload.name}”: chỉ nhận PDF, Word, Excel, OpenDocument, "
            "JPEG hoặc PNG."
        )
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        document = EvidenceDocument(
            producer=producer, title=title, kind=kind, valid_until=valid_until, uploaded_by=user
        )
        document.file.save(upload.name or "tai-lieu", upload, save=False)
        document.save()
        audit.record(user, "ocop.evidence_added", document, unit=producer.commune)
    return document


# -- dossiers ---------------------------------------------------------------------------------


def do_create_dossier(
    user: Any,
    product: Product,
    *,
    kind: str,
    self_assessment: str = "",
    evidence_ids: Iterable[int] = (),
) -> Dossier:
    _require(acts_for(user, product.producer))
    problems = []
    if kind not in DossierKind.values:
        problems.append("Chọn loại hồ sơ: đánh giá lần đầu, nâng hạng hoặc đánh giá lại.")
    open_statuses = [
        DossierStatus.DRAFT,
        DossierStatus.SUBMITTED,
        DossierStatus.RETURNED,
        DossierStatus.FORWARDED,
        DossierStatus.IN_COUNCIL,
    ]
    if product.dossiers.filter(status__in=open_statuses).exists():
        problems.append("Sản phẩm đã có một hồ sơ đang xử lý.")
    has_certificate = product.certificates.filter(status=CertificateStatus.VALID).exists()
    if kind in {DossierKind.UPGRADE, DossierKind.REEVALUATION} and not has_certificate:
        problems.append("Nâng hạng và đánh giá lại cần một giấy chứng nhận còn hiệu lực.")
    if kind == DossierKind.FIRST and has_certificate:
        problems.append("Sản phẩm đã được công nhận: chọn nâng hạng hoặc đánh giá lại.")
    evidence = list(product.producer.evidence.filter(pk__in=list(evidence_ids)))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        dossier = Dossier.objects.create(
            product=product,
            commune=product.commune,
            kind=kind,
            self_assessment=self_assessment,
            created_by=user,
        )
        dossier.evidence.set(evidence)
        _event(dossier, user, "created", "Tạo hồ sơ")
        audit.record(user, "ocop.dossier_created", dossier, unit=dossier.commune)
    return dossier


def do_update_dossier(
    user: Any, dossier: Dossier, *, self_assessment: str, evidence_ids: Iterable[int]
) -> Dossier:
    _require(acts_for(user, dossier.product.producer))
    if dossier.status not in {DossierStatus.DRAFT, DossierStatus.RETURNED}:
        raise ValidationFailed(["Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại."])
    with transaction.atomic():
        dossier.self_assessment = self_assessment
        dossier.save(update_fields=["self_assessment"])
        dossier.evidence.set(dossier.product.producer.evidence.filter(pk__in=list(evidence_ids)))
        audit.record(user, "ocop.dossier_updated", dossier, unit=dossier.commune)
    return dossier


def do_submit_dossier(user: Any, dossier: Dossier, *, on: dt.date | None = None) -> Dossier:
    _require(acts_for(user, dossier.product.producer))
    day = on or today()
    problems = []
    if dossier.status not in {DossierStatus.DRAFT, DossierStatus.RETURNED}:
        problems.append("Hồ sơ đã được nộp.")
    if not dossier.self_assessment.strip():
        problems.append("Thiếu báo cáo tự đánh giá (Mẫu 02).")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        dossier.status = DossierStatus.SUBMITTED
        dossier.filed_on = dossier.filed_on or day
        dossier.commune_deadline = procedure.commune_deadline(day)
        rule = procedure.transitional_rule(dossier.filed_on, dossier.kind)
        dossier.rulebook = rule.rulebook if rule and rule.rulebook else CURRENT_RULEBOOK
        dossier.save()
        _event(dossier, user, "submitted", "Nộp hồ sơ cho UBND xã")
        audit.record(user, "ocop.dossier_submitted", dossier, unit=dossier.commune)
    return dossier


def _assign_product_code(product: Product, year: int) -> None:
    if product.sequence is None:
        last = Product.objects.filter(commune=product.commune).aggregate(m=Max("sequence"))["m"]
        product.sequence = (last or 0) + 1
    product.code = format_product_code(
        product.province.code, product.commune.code, product.sequence, year
    )
    product.refresh_search()
    product.save(update_fields=["sequence", "code", "search_folded"])


def do_commune_forward(
    user: Any,
    dossier: Dossier,
    *,
    checks: Mapping[str, bool],
    note: str = "",
    on: dt.date | None = None,
) -> Dossier:
    """Điều 7.2: the commune checks the dossier, assesses the five local criteria (Mẫu 03) and
    proposes it to the province; the product gets its code T-X-STT-year."""
    _require(can(user, Capability.ENTER_DATA, dossier.commune))
    day = on or today()
    problems = []
    if dossier.status != DossierStatus.SUBMITTED:
        problems.append("Chỉ đề nghị lên tỉnh hồ sơ đã nộp và chưa xử lý.")
    missing = [f for f in COMMUNE_CHECK_FIELDS if checks.get(f) is None]
    if missing:
        labels = ", ".join(str(Dossier._meta.get_field(f).verbose_name) for f in missing)
        problems.append(f"Chưa đánh giá: {labels}.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        for name in COMMUNE_CHECK_FIELDS:
            setattr(dossier, name, bool(checks[name]))
        dossier.commune_note = note
        dossier.forwarded_on = day
        round_ = procedure.province_round(day)
        dossier.round_year, dossier.round_number = round_.year, round_.number
        dossier.decide_before = round_.decided_before
        dossier.status = DossierStatus.FORWARDED
        dossier.save()
        _assign_product_code(dossier.product, round_.year)
        _event(
            dossier,
            user,
            "forwarded",
            f"UBND xã đề nghị Hội đồng tỉnh đánh giá (đợt {round_.number}/{round_.year})",
            note,
        )
        audit.record(user, "ocop.dossier_forwarded", dossier, unit=dossier.commune, reason=note)
    return dossier


def may_return(user: Any, dossier: Dossier) -> bool:
    if dossier.status == DossierStatus.SUBMITTED:
        return can(user, Capability.ENTER_DATA, dossier.commune)
    if dossier.status in {DossierStatus.FORWARDED, DossierStatus.IN_COUNCIL}:
        province = dossier.product.province
        return can(user, Capability.APPROVE, province) or can(
            user, Capability.RUN_OCOP_COUNCIL, province
        )
    return False


def do_return_dossier(user: Any, dossier: Dossier, *, comment: str) -> Dossier:
    """Returned with comments at any step before the council's result."""
    _require(may_return(user, dossier))
    if not comment.strip():
        raise ValidationFailed(["Ghi rõ nội dung cần bổ sung, chỉnh sửa."])
    with transaction.atomic():
        before = {"status": dossier.status}
        dossier.status = DossierStatus.RETURNED
        dossier.session = None
        dossier.save(update_fields=["status", "session"])
        dossier.sheets.all().delete()
        _event(dossier, user, "returned", "Trả lại hồ sơ để bổ sung", comment)
        audit.record(
            user,
            "ocop.dossier_returned",
            dossier,
            unit=dossier.commune,
            before=before,
            after={"status": dossier.status},
            reason=comment,
        )
    return dossier


# -- council ---------------------------------------------------------------------------------


COUNCIL_ROLES = ("ocop_council_member", "ocop_council_secretary")


def council_users(province: AdminUnit, capability: Capability) -> list[Any]:
    """Active users with a council role who hold `capability` on `province`, by username.

    The same answer as `can(user, capability, province)` for each candidate, in two queries
    whatever the number of candidates: one reads the candidates with all their assignments,
    one checks every distinct scope against the province (an EXISTS over `units_for` each).
    """
    from nongthonmoi.accounts.models import Assignment, User

    rows = (
        Assignment.objects.filter(
            user__in=User.objects.filter(is_active=True, assignments__role__in=COUNCIL_ROLES)
        )
        .select_related("user", "unit")
        .order_by("user__username", "pk")
    )
    users: dict[int, Any] = {}
    assignments: dict[int, list[Any]] = {}
    for row in rows:
        users.setdefault(row.user_id, row.user)
        assignments.setdefault(row.user_id, []).append(row)
    allowed: set[int] = set()
    by_scope: dict[tuple[Any, ...], list[int]] = {}
    checks: dict[str, Exists] = {}
    for pk, user in users.items():
        prime_assignments(user, assignments[pk])  # scope checks below cost no query
        if not has_capability_anywhere(user, capability):
            continue
        if is_national(user, capability):
            allowed.add(pk)
            continue
        key = (user.is_superuser, *sorted((a.role, a.unit_id or 0) for a in assignments[pk]))
        if key not in by_scope:
            checks[f"scope_{len(by_scope)}"] = Exists(
                units_for(user, capability).filter(pk=OuterRef("pk"))
            )
            by_scope[key] = []
        by_scope[key].append(pk)
    if checks:
        found = AdminUnit.objects.filter(pk=province.pk).values(**checks).first() or {}
        for index, pks in enumerate(by_scope.values()):
            if found.get(f"scope_{index}"):
                allowed.update(pks)
    return [user for pk, user in users.items() if pk in allowed]


def do_create_session(
    user: Any,
    province: AdminUnit,
    *,
    title: str,
    held_on: dt.date,
    member_ids: Iterable[int],
    dossier_ids: Iterable[int],
) -> CouncilSession:
    _require(can(user, Capability.RUN_OCOP_COUNCIL, province))
    eligible = {u.pk: u for u in council_users(province, Capability.SCORE_OCOP)}
    members = [eligible[i] for i in member_ids if i in eligible]
    dossiers = list(
        Dossier.objects.filter(
            pk__in=list(dossier_ids),
            status=DossierStatus.FORWARDED,
            product__province=province,
        )
    )
    problems = []
    if not title.strip():
        problems.append("Thiếu tên phiên họp.")
    if len(members) < 1:
        problems.append("Chọn ít nhất một thành viên chấm điểm.")
    if not dossiers:
        problems.append("Chọn ít nhất một hồ sơ xã đã đề nghị.")
    if problems:
        raise ValidationFailed(problems)
    round_ = procedure.province_round(held_on)
    with transaction.atomic():
        session = CouncilSession.objects.create(
            province=province,
            year=dossiers[0].round_year or round_.year,
            round_number=dossiers[0].round_number or round_.number,
            title=title,
            held_on=held_on,
            secretary=user,
        )
        session.members.set(members)
        for dossier in dossiers:
            dossier.session = session
            dossier.status = DossierStatus.IN_COUNCIL
            dossier.save(update_fields=["session", "status"])
            _event(dossier, user, "in_council", f"Đưa vào phiên họp “{title}”")
        audit.record(user, "ocop.session_created", session, unit=province)
    return session


def do_submit_sheet(
    user: Any,
    session: CouncilSession,
    dossier: Dossier,
    *,
    answers: Mapping[str, Any],
    comment: str = "",
) -> ScoreSheet:
    """A member's own sheet for a dossier of an open session (re-submitting replaces it)."""
    _require(
        can(user, Capability.SCORE_OCOP, session.province)
        and session.members.filter(pk=user.pk).exists()
    )
    dossier.refresh_from_db(fields=["session", "status"])
    if session.status != SessionStatus.OPEN or dossier.session_id != session.pk:
        raise ValidationFailed(["Phiên họp đã kết thúc hoặc hồ sơ không thuộc phiên họp này."])
    try:
        scored = score_sheet(dossier.rulebook, dossier.product.set_number, answers)
    except AnswerError as error:
        raise ValidationFailed([str(p) for p in error.problems]) from None
    except KeyError as error:
        raise ValidationFailed([str(error.args[0])]) from None
    with transaction.atomic():
        sheet, _created = ScoreSheet.objects.update_or_create(
            dossier=dossier,
            member=user,
            defaults={
                "session": session,
                "answers": {k: str(v) for k, v in scored.points.items()},
                "total": scored.total,
                "stars": scored.stars,
                "comment": comment,
            },
        )
        audit.record(
            user,
            "ocop.sheet_submitted",
            dossier,
            unit=session.province,
            after={"total": str(scored.total), "stars": scored.stars},
        )
    return sheet


def council_result(
    dossier: Dossier, sheets: Iterable[ScoreSheet] | None = None, *, rejected: bool = False
) -> Any:
    """aggregate_council over the dossier's sheets (None before the first sheet).

    `sheets`: the dossier's sheets already read (with their members, in the sheets' order), so a
    page listing many dossiers does not read them again one dossier at a time. `rejected`: the
    council rejected the dossier (never certified, whatever the points)."""
    sheets = list(dossier.sheets.select_related("member") if sheets is None else sheets)
    if not sheets:
        return None
    return aggregate_council(
        dossier.rulebook,
        dossier.product.set_number,
        {s.member.username: s.answers for s in sheets},
        rejected=rejected,
    )


# -- rejection ("Hồ sơ bị loại khi", Phụ lục II) ---------------------------------------------------


@dataclass(frozen=True)
class RejectionCondition:
    """One ground for rejecting a dossier, as printed on the sheet of its product's set."""

    key: str  # "ho-so-1", "ho-so-2" (the "Hồ sơ bị loại khi" lines), "tieu-chi-2.1" (a note)
    text: str  # as printed
    citation: str  # where it is printed


def rejection_conditions(dossier: Dossier) -> list[RejectionCondition]:
    """The grounds for rejecting `dossier`: the "Hồ sơ bị loại khi" line of its product's sheet
    (Phụ lục II of the rulebook's decision) and the criteria notes "Bị loại nếu …", from the
    generated sheet data. Empty when the sheet prints none (set 26) or is not encoded (dossiers
    under the 2021–2025 rules)."""
    try:
        book = load_rulebook(dossier.rulebook)
        sheet = book.sheet(dossier.product.set_number)
    except KeyError:
        return []
    number = book.legal_source.get("number", book.code)
    # kept in the dossier's result and the minutes as written here: Vietnamese, not translated
    where = f"Phụ lục II Quyết định {number}, phiếu đánh giá bộ {sheet.set_number}"
    conditions = [
        RejectionCondition(
            key=f"ho-so-{index}",
            text=text,
            citation=f"{where}, mục “Hồ sơ bị loại khi”",
        )
        for index, text in enumerate(sheet.rejected_when, start=1)
    ]
    for criterion in sheet.criteria:
        for note in criterion.notes:
            if "bị loại nếu" in note.lower():
                conditions.append(
                    RejectionCondition(
                        key=f"tieu-chi-{criterion.code}",
                        text=note.removeprefix("Ghi chú:").strip(),
                        citation=f"{where}, ghi chú tiêu chí {criterion.code}",
                    )
                )
    return conditions


def rejection_of(dossier: Dossier) -> dict[str, Any] | None:
    """The recorded rejection (Dossier.result["rejected"]): condition, citation, reason."""
    return (dossier.result or {}).get("rejected") or None


def _rejection_problems(
    dossiers: list[Dossier], rejections: Mapping[Any, Mapping[str, Any]]
) -> tuple[list[str], dict[int, tuple[RejectionCondition, str]]]:
    """Validate the secretary's rejections: {dossier pk: {"condition": key, "reason": text}}."""
    problems: list[str] = []
    chosen: dict[int, tuple[RejectionCondition, str]] = {}
    by_pk = {d.pk: d for d in dossiers}
    for pk, choice in rejections.items():
        key = str(choice.get("condition") or "").strip()
        reason = str(choice.get("reason") or "").strip()
        try:
            dossier = by_pk.get(int(pk))
        except (TypeError, ValueError):
            dossier = None
        if not key and not reason:
            continue
        if dossier is None:
            problems.append(gettext("Hồ sơ được chọn loại không thuộc phiên họp này."))
            continue
        name = dossier.product.name
        if not key:
            problems.append(
                gettext("Đã ghi lý do loại hồ sơ “%(name)s” nhưng chưa chọn điều kiện bị loại.")
                % {"name": name}
            )
            continue
        conditions = {c.key: c for c in rejection_conditions(dossier)}
        if key not in conditions:
            problems.append(
                gettext(
                    "Điều kiện bị loại “%(key)s” không có trong phiếu đánh giá bộ %(set)s của "
                    "hồ sơ “%(name)s”."
                )
                % {"key": key[:60], "set": dossier.product.set_number, "name": name}
            )
            continue
        if not reason:
            problems.append(
                gettext("Ghi rõ lý do loại hồ sơ “%(name)s” (bắt buộc khi chọn bị loại).")
                % {"name": name}
            )
            continue
        chosen[dossier.pk] = (conditions[key], reason)
    return problems, chosen


def _result_json(result: Any) -> dict[str, Any]:
    average = result.average
    return {
        "total": str(average.total),
        "parts": {k: str(v) for k, v in average.parts.items()},
        "points": {k: str(v) for k, v in average.points.items()},
        "stars": average.stars,
        "band_stars": average.result.band_stars,
        "capped_by_minimums": average.result.capped_by_minimums,
        "certified": average.result.certified,
        "certifying_level": average.result.certifying_level,
        "unmet_minimums": [
            {"criterion": u.criterion, "for_stars": u.for_stars, "required": str(u.required)}
            for u in average.unmet_minimums
        ],
        "members": {name: str(score.total) for name, score in result.members.items()},
        "disagreements": [
            {"criterion": d.criterion, "spread": str(d.spread)} for d in result.disagreements
        ],
    }


def do_close_session(
    user: Any,
    session: CouncilSession,
    *,
    decision_number: str,
    decided_on: dt.date,
    minutes_note: str = "",
    rejections: Mapping[Any, Mapping[str, Any]] | None = None,
) -> CouncilSession:
    """Close the session: every dossier gets the council's average and stars (Điều 3.3).

    3★–4★ are certified by the province (Điều 4.1.a): the decision of the Chủ tịch UBND tỉnh
    recognising the council's results is recorded here with its number and date. A product at
    5★ (≥ 90, every minimum met) is forwarded to the ministry's council (Điều 7.3.e); below 3★
    it is not certified.

    `rejections` ({dossier pk: {"condition": key, "reason": text}}): dossiers the council rejects
    on a condition of their sheet (`rejection_conditions`, "Hồ sơ bị loại khi", Phụ lục II). They
    are not certified whatever their points (status `rejected`, no stars, no certificate); the
    condition as printed, its citation and the reason are kept in `result["rejected"]`. A rejected
    dossier needs no score sheet."""
    _require(can(user, Capability.RUN_OCOP_COUNCIL, session.province))
    dossiers = list(session.dossiers.select_related("product", "product__province"))
    problems = []
    if session.status != SessionStatus.OPEN:
        problems.append("Phiên họp đã kết thúc.")
    if not decision_number.strip():
        problems.append("Thiếu số quyết định công nhận của UBND tỉnh.")
    rejection_problems, rejected = _rejection_problems(dossiers, rejections or {})
    problems.extend(rejection_problems)
    for dossier in dossiers:
        if dossier.pk not in rejected and not dossier.sheets.exists():
            problems.append(f"Hồ sơ “{dossier.product.name}” chưa có phiếu chấm nào.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        for dossier in dossiers:
            if dossier.pk in rejected:
                condition, reason = rejected[dossier.pk]
                result = council_result(dossier, rejected=True)
                dossier.average_total = (
                    result.average.total.quantize(Decimal("0.001")) if result else None
                )
                dossier.result_stars = None
                dossier.result = {
                    **(_result_json(result) if result else {}),
                    "rejected": {
                        "condition": condition.key,
                        "text": condition.text,
                        "citation": condition.citation,
                        "reason": reason,
                    },
                }
                dossier.status = DossierStatus.REJECTED
                dossier.save()
                _event(
                    dossier,
                    user,
                    dossier.status,
                    f"Không được công nhận: hồ sơ bị loại ({condition.citation})"[:200],
                    f"{condition.text}\n{reason}",
                )
                continue
            result = council_result(dossier)
            average = result.average
            dossier.average_total = average.total.quantize(Decimal("0.001"))
            dossier.result_stars = average.stars
            dossier.result = _result_json(result)
            if average.result.certifying_level == "ministry":
                dossier.status = DossierStatus.TO_MINISTRY
                label = "Đạt từ 90 điểm: gửi Hội đồng cấp trung ương đánh giá 5 sao"
            elif average.result.certified:
                dossier.status = DossierStatus.CERTIFIED
                _issue_certificate(dossier, decision_number, decided_on)
                label = f"Được công nhận {average.stars} sao (QĐ {decision_number})"
            else:
                dossier.status = DossierStatus.NOT_CERTIFIED
                label = f"Không được công nhận ({average.stars} sao)"
            dossier.save()
            _event(dossier, user, dossier.status, label)
        session.status = SessionStatus.CLOSED
        session.closed_at = timezone.now()
        session.minutes_note = minutes_note
        session.save()
        after: dict[str, Any] = {"decision": decision_number, "dossiers": [d.pk for d in dossiers]}
        if rejected:
            after["rejected"] = {
                str(pk): {"condition": c.key, "citation": c.citation, "reason": r}
                for pk, (c, r) in rejected.items()
            }
        audit.record(user, "ocop.session_closed", session, unit=session.province, after=after)
    return session


# -- central level (Điều 4.1.b, 7.4) -------------------------------------------------------------

CENTRAL_STARS = range(0, 6)  # 0: not recognised, no stars given


def may_record_central_result(user: Any, dossier: Dossier) -> bool:
    """Who records the central level's result of a dossier the province forwarded.

    The ministry (Bộ Nông nghiệp và Môi trường) decides 5★ and notifies the province (Điều 7.4.e,
    g); below 90 points the Chủ tịch UBND tỉnh may recognise 3★–4★ from the central council's
    result. No role here acts for the ministry (`central_viewer` only reads), so the province
    records the published result: its approvers (`approve`, the UBND tỉnh side that also revokes)
    and its council secretaries (`run_ocop_council`, who recorded the provincial result); the
    administrator holds both nationwide."""
    province = dossier.product.province
    return can(user, Capability.APPROVE, province) or can(
        user, Capability.RUN_OCOP_COUNCIL, province
    )


def central_result_problems(
    dossier: Dossier,
    *,
    decision_number: str,
    decision_date: dt.date | None,
    stars: Any,
    note: str,
    on: dt.date | None = None,
) -> list[str]:
    """Every reason the central result cannot be recorded (empty: it can)."""
    problems = []
    if dossier.status != DossierStatus.TO_MINISTRY:
        problems.append(
            gettext(
                "Chỉ ghi kết quả cấp trung ương cho hồ sơ đã gửi Hội đồng cấp trung ương "
                "(đạt từ 90 điểm ở cấp tỉnh)."
            )
        )
    number = (decision_number or "").strip()
    if not number:
        problems.append(gettext("Thiếu số quyết định hoặc văn bản thông báo kết quả."))
    elif len(number) > 60 or not any(c.isdigit() for c in number):
        problems.append(
            gettext(
                "Số quyết định “%(number)s” không hợp lệ: cần có số văn bản, tối đa 60 ký tự "
                "(ví dụ 1234/QĐ-BNNMT)."
            )
            % {"number": number[:60]}
        )
    if not isinstance(stars, int) or isinstance(stars, bool) or stars not in CENTRAL_STARS:
        problems.append(
            gettext("Hạng sao không hợp lệ: chọn 5 sao, 4 sao, 3 sao hoặc không công nhận.")
        )
    elif stars < 3 and not (note or "").strip():
        problems.append(gettext("Ghi rõ lý do không công nhận theo thông báo của Bộ."))
    day = on or today()
    if not isinstance(decision_date, dt.date):
        problems.append(gettext("Thiếu ngày quyết định hoặc ngày không hợp lệ."))
    elif decision_date > day:
        problems.append(
            gettext("Ngày quyết định %(date)s chưa đến: không được sau hôm nay.")
            % {"date": f"{decision_date:%d/%m/%Y}"}
        )
    else:
        earliest = dossier.session.held_on if dossier.session else dossier.forwarded_on
        if earliest and decision_date < earliest:
            problems.append(
                gettext(
                    "Ngày quyết định %(date)s trước ngày Hội đồng tỉnh họp (%(earliest)s): "
                    "kiểm tra lại."
                )
                % {"date": f"{decision_date:%d/%m/%Y}", "earliest": f"{earliest:%d/%m/%Y}"}
            )
    return problems


def do_record_central_result(
    user: Any,
    dossier: Dossier,
    *,
    decision_number: str,
    decision_date: dt.date,
    stars: int,
    note: str = "",
) -> Dossier:
    """Record the central level's result of a dossier forwarded at ≥ 90 points (Điều 7.4).

    - 5★: the minister's decision recognising 5★; a certificate valid 36 months from its date
      (Điều 4.3), issued by the same code path as the province's.
    - 3★ or 4★: the central council scored it under 90; the Chủ tịch UBND tỉnh recognises it at
      those stars on the central council's result (Điều 7.4.g, second paragraph): the decision
      number and date are the province's, the certificate the province's.
    - 0 (or 1–2): not recognised; the reason (`note`) is required. The product keeps whatever
      certificate it already had (an upgrade refused leaves the 4★ certificate valid); the
      province may organise a new evaluation under its own authority (a new dossier).
    """
    _require(may_record_central_result(user, dossier))
    problems = central_result_problems(
        dossier,
        decision_number=decision_number,
        decision_date=decision_date,
        stars=stars,
        note=note,
    )
    if problems:
        raise ValidationFailed(problems)
    number = decision_number.strip()
    note = (note or "").strip()
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().select_related("product").get(pk=dossier.pk)
        if dossier.status != DossierStatus.TO_MINISTRY:  # recorded meanwhile by someone else
            raise ValidationFailed([gettext("Kết quả cấp trung ương của hồ sơ này đã được ghi.")])
        before = {"status": dossier.status, "result_stars": dossier.result_stars}
        central = {
            "decision_number": number,
            "decided_on": decision_date.isoformat(),
            "stars": stars,
            "note": note,
            "province_stars": dossier.result_stars,
        }
        dossier.result = {**dossier.result, "central": central}
        certificate = None
        if stars >= 3:
            dossier.status = DossierStatus.CERTIFIED
            dossier.result_stars = stars
            certificate = _issue_certificate(dossier, number, decision_date)
            if stars == 5:
                label = f"Bộ Nông nghiệp và Môi trường công nhận 5 sao (QĐ {number})"
            else:
                label = (
                    f"Cấp trung ương không đạt 90 điểm: UBND tỉnh công nhận {stars} sao "
                    f"theo kết quả Hội đồng cấp trung ương (QĐ {number})"
                )
        else:
            dossier.status = DossierStatus.CENTRAL_REFUSED
            dossier.result_stars = stars or None
            label = f"Cấp trung ương không công nhận 5 sao (văn bản {number})"
        dossier.save(update_fields=["status", "result_stars", "result"])
        _event(dossier, user, "central_result", label, note)
        audit.record(
            user,
            "ocop.central_result_recorded",
            dossier,
            unit=dossier.product.province,
            before=before,
            after={
                "status": dossier.status,
                "result_stars": dossier.result_stars,
                "central": central,
                "certificate": certificate.pk if certificate else None,
            },
            reason=note,
        )
    return dossier


def _issue_certificate(dossier: Dossier, decision_number: str, decided_on: dt.date) -> Certificate:
    product = dossier.product
    product.certificates.filter(status=CertificateStatus.VALID).update(
        status=CertificateStatus.SUPERSEDED
    )
    certificate = Certificate.objects.create(
        product=product,
        dossier=dossier,
        province=product.province,
        decision_number=decision_number,
        decided_on=decided_on,
        stars=dossier.result_stars or 0,
        valid_until=procedure.certificate_valid_until(decided_on),
    )
    refresh_product_stars(product)
    return certificate


def refresh_product_stars(product: Product) -> None:
    current = (
        product.certificates.filter(status=CertificateStatus.VALID, valid_until__gte=today())
        .order_by("-decided_on")
        .first()
    )
    product.stars = current.stars if current else None
    product.save(update_fields=["stars"])


MINISTRY_REVOKES_FROM = 5  # Điều 8.2.b: the minister revokes 5★ certificates


def may_revoke_certificate(user: Any, certificate: Certificate) -> bool:
    """Điều 8.2: the Chủ tịch UBND tỉnh revokes 3★–4★ certificates (`approve` at the province),
    the Bộ trưởng Bộ Nông nghiệp và Môi trường 5★ ones. No role acts for the ministry, so a 5★
    certificate is revoked only by a nationwide holder of `approve` (the administrator), who
    records the minister's decision."""
    if certificate.stars >= MINISTRY_REVOKES_FROM:
        return is_national(user, Capability.APPROVE)
    return can(user, Capability.APPROVE, certificate.province)


def revocable_certificates(user: Any, certificates: Iterable[Certificate]) -> set[int]:
    """The ids of the valid `certificates` the user may revoke: `may_revoke_certificate` for a
    list, with two scope reads whatever its length (the product page)."""
    certificates = [c for c in certificates if c.status == CertificateStatus.VALID]
    if not certificates:
        return set()
    if is_national(user, Capability.APPROVE):
        return {c.pk for c in certificates}
    provinces = set(
        units_for(user, Capability.APPROVE)
        .filter(pk__in={c.province_id for c in certificates})
        .values_list("pk", flat=True)
    )
    return {
        c.pk for c in certificates if c.stars < MINISTRY_REVOKES_FROM and c.province_id in provinces
    }


def do_revoke_certificate(
    user: Any, certificate: Certificate, *, reason: str, on: dt.date | None = None
) -> Certificate:
    """Điều 8: the Chủ tịch UBND tỉnh revokes 3★–4★ certificates, the minister 5★ ones (8.2.b),
    with the reason."""
    if not may_revoke_certificate(user, certificate):
        if can(user, Capability.APPROVE, certificate.province):  # the province, on a 5★ one
            raise PermissionDeniedError(
                gettext(
                    "Giấy chứng nhận 5 sao do Bộ trưởng Bộ Nông nghiệp và Môi trường quyết định "
                    "thu hồi (Điều 8.2.b Quyết định 26/2026/QĐ-TTg); UBND tỉnh chỉ thu hồi giấy "
                    "chứng nhận 3 sao, 4 sao. Hãy báo cáo, đề nghị Bộ thu hồi."
                )
            )
        _require(False)
    ministry = certificate.stars >= MINISTRY_REVOKES_FROM
    problems = []
    if certificate.status != CertificateStatus.VALID:
        problems.append("Giấy chứng nhận không còn hiệu lực.")
    if not reason.strip():
        problems.append("Ghi rõ lý do thu hồi.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        certificate.status = CertificateStatus.REVOKED
        certificate.revoked_on = on or today()
        certificate.revoked_reason = reason
        certificate.save()
        refresh_product_stars(certificate.product)
        audit.record(
            user,
            "ocop.certificate_revoked",
            certificate,
            unit=certificate.province,
            before={"status": CertificateStatus.VALID},
            after={
                "status": CertificateStatus.REVOKED,
                # whose decision this records (Điều 8.2)
                "decided_by": "ministry" if ministry else "province",
            },
            reason=reason,
        )
    return certificate


# -- expiry reminders -----------------------------------------------------------------------------


def reminder_recipients(certificate: Certificate) -> list[str]:
    """The producer's e-mail and accounts, and the province approvers (Điều 7.6.a window)."""
    from nongthonmoi.accounts.models import User

    producer = certificate.product.producer
    emails = [producer.email] + [u.email for u in producer.members.all()]
    approvers = User.objects.filter(
        is_active=True, assignments__role="province_approver"
    ).distinct()
    emails += [u.email for u in approvers if can(u, Capability.APPROVE, certificate.province)]
    return sorted({e for e in emails if e})


def send_expiry_reminders(on: dt.date | None = None) -> list[ExpiryReminder]:
    """Send each reminder stage once per certificate when its day has come (run daily).

    Also refreshes the catalogue's stars of products whose certificate has expired."""
    from django.conf import settings
    from django.core.mail import send_mass_mail

    day = on or today()
    proc = procedure.load_procedure()
    sent: list[ExpiryReminder] = []
    messages = []
    valid = Certificate.objects.filter(
        status=CertificateStatus.VALID, valid_until__gte=day
    ).select_related("product", "product__producer", "province")
    for stage, days in proc.reminder_stages:
        due = valid.filter(valid_until__lte=day + dt.timedelta(days=days)).exclude(
            reminders__stage=stage
        )
        for certificate in due:
            first, last = procedure.reevaluation_window(certificate.valid_until, proc)
            recipients = reminder_recipients(certificate)
            with transaction.atomic():
                reminder = ExpiryReminder.objects.create(
                    certificate=certificate, stage=stage, sent_on=day, recipients=recipients
                )
                audit.record(
                    None,
                    "ocop.expiry_reminder",
                    certificate,
                    unit=certificate.province,
                    after={"stage": stage, "recipients": recipients},
                )
            sent.append(reminder)
            if recipients:
                subject = f"[OCOP] Giấy chứng nhận “{certificate.product.name}” hết hạn ngày {certificate.valid_until:%d/%m/%Y}"
                body = (
                    f"Sản phẩm: {certificate.product.name} ({certificate.product.code})\n"
                    f"Chủ thể: {certificate.product.producer.name}\n"
                    f"Quyết định: {certificate.decision_number} ngày {certificate.decided_on:%d/%m/%Y}, "
                    f"{certificate.stars} sao\n"
                    f"Hiệu lực đến: {certificate.valid_until:%d/%m/%Y}\n\n"
                    f"Hồ sơ đánh giá lại nộp từ {first:%d/%m/%Y} đến {last:%d/%m/%Y} "
                    "(không sớm hơn 180 ngày, không muộn hơn 120 ngày trước khi hết hạn — "
                    "Điều 7.6.a Quyết định 26/2026/QĐ-TTg).\n"
                )
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    expired = Product.objects.filter(stars__isnull=False).exclude(
        certificates__status=CertificateStatus.VALID, certificates__valid_until__gte=day
    )
    for product in expired:
        product.stars = None
        product.save(update_fields=["stars"])
    return sent
