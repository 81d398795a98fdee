"""OCOP pages. Views stay thin: reads through queries/scope, writes through services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import (
    can,
    filter_for,
    has_capability_anywhere,
    is_national,
    units_for,
)
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.files import private_file_response
from nongthonmoi.places.models import Level, Structure

from . import pdf, procedure, queries, services
from .forms import (
    CatalogueFilter,
    CentralResultForm,
    CloseSessionForm,
    CommuneCheckForm,
    DossierForm,
    EvidenceForm,
    PhotoForm,
    ProducerForm,
    ProductForm,
    ReturnForm,
    RevokeForm,
    SessionForm,
)
from .models import (
    Certificate,
    CertificateStatus,
    CouncilSession,
    Dossier,
    DossierStatus,
    EvidenceDocument,
    ExpiryReminder,
    Producer,
    Product,
    ProductPhoto,
    SessionStatus,
)
from .rulebook import load_rulebook

C = Capability
CATALOGUE_PAGE_SIZE = 24


# -- scoped querysets (always through accounts.scope) -------------------------------------------


def visible_products(user: Any) -> QuerySet[Product]:
    """Products a user may see privately: their units' (VIEW), their own (producer accounts),
    and those on the table of a council session the user sits in or runs as its secretary."""
    base = Product.objects.all()
    by_unit = filter_for(user, base, unit_field="commune", capability=C.VIEW)
    own = filter_for(
        user,
        base.filter(producer__in=own_producers(user)),
        unit_field="commune",
        capability=C.PRODUCE_OCOP,
    )
    council = filter_for(
        user,
        base.filter(
            Q(dossiers__session__members=user.pk) | Q(dossiers__session__secretary=user.pk)
        ),
        unit_field="province",
        capability=C.SCORE_OCOP,
    )
    return Product.objects.filter(
        Q(pk__in=by_unit.values("pk")) | Q(pk__in=own.values("pk")) | Q(pk__in=council.values("pk"))
    )


def visible_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers of the visible products and, only while a dossier waits for the central
    level's result, those whose result the user may record: another council secretary of the
    province than the one whose session it went through records it (the product stays hidden)."""
    return Dossier.objects.filter(
        Q(product__in=visible_products(user).values("pk"))
        | Q(pk__in=queries.awaiting_central_result(user).values("pk"))
    )


def own_producers(user: Any) -> QuerySet[Producer]:
    """The producers an account acts for (all of them for a nationwide administrator)."""
    producers = Producer.objects.all()
    if not is_national(user, C.PRODUCE_OCOP):
        producers = producers.filter(members=user.pk)
    return filter_for(user, producers, unit_field="commune", capability=C.PRODUCE_OCOP)


def council_sessions(user: Any) -> QuerySet[CouncilSession]:
    return filter_for(
        user, CouncilSession.objects.all(), unit_field="province", capability=C.SCORE_OCOP
    )


def _fail(request: HttpRequest, error: ValidationFailed) -> None:
    for problem in error.problems:
        messages.error(request, problem)


def _can_see_ocop(user: Any) -> bool:
    return user.is_authenticated and any(
        has_capability_anywhere(user, cap)
        for cap in (C.PRODUCE_OCOP, C.SCORE_OCOP, C.ENTER_DATA, C.APPROVE)
    )


# -- dashboard -----------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _can_see_ocop(user) and not has_capability_anywhere(user, C.VIEW):
        raise PermissionDenied
    dossiers = visible_dossiers(user).select_related("product", "commune", "product__producer")
    today = timezone.localdate()
    pending = list(queries.pending_for_commune(dossiers))
    # can(user, ENTER_DATA, commune) for every commune at once, not one query per dossier
    checkable = set(
        units_for(user, C.ENTER_DATA)
        .filter(pk__in={d.commune_id for d in pending})
        .values_list("pk", flat=True)
    )
    context: dict[str, Any] = {
        "producers": own_producers(user).select_related("commune").prefetch_related("products"),
        "is_producer": has_capability_anywhere(user, C.PRODUCE_OCOP),
        "to_check": [d for d in pending if d.commune_id in checkable],
        "forwarded": list(queries.forwarded(dossiers)[:100]),
        "sessions": council_sessions(user)[:20],
        "can_run_council": has_capability_anywhere(user, C.RUN_OCOP_COUNCIL),
        "recent": dossiers.order_by("-created_at")[:20],
        "today": today,
    }
    return render(request, "ocop/index.html", context)


# -- registry (producer accounts) ----------------------------------------------------------------


def _producer_commune(user: Any) -> Any:
    return (
        units_for(user, C.PRODUCE_OCOP)
        .filter(level=Level.COMMUNE, structure=Structure.NEW)
        .order_by("name")
        .first()
    )


@login_required
def producer_form(request: HttpRequest) -> HttpResponse:
    """Register (or edit, `?id=`) the producer the account acts for."""
    user = request.user
    producer = None
    if request.GET.get("id"):
        producer = get_object_or_404(own_producers(user), pk=request.GET["id"])
    commune = producer.commune if producer else _producer_commune(user)
    if commune is None:
        raise PermissionDenied
    form = ProducerForm(request.POST or None, instance=producer)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.do_save_producer(
                user, form.cleaned_data, commune=commune, producer=producer
            )
        except ValidationFailed as error:
            _fail(request, error)
        else:
            messages.success(request, f"Đã lưu chủ thể “{saved.name}”.")
            return redirect("ocop:index")
    return render(
        request, "ocop/producer_form.html", {"form": form, "producer": producer, "commune": commune}
    )


@login_required
def product_new(request: HttpRequest) -> HttpResponse:
    producers = list(own_producers(request.user))
    if not producers:
        if has_capability_anywhere(request.user, C.PRODUCE_OCOP):
            messages.info(request, "Hãy đăng ký thông tin chủ thể trước.")
            return redirect("ocop:producer_form")
        raise PermissionDenied
    producer = next(
        (p for p in producers if str(p.pk) == request.GET.get("producer")), producers[0]
    )
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.do_save_product(request.user, producer, form.service_data())
        except ValidationFailed as error:
            _fail(request, error)
        else:
            messages.success(request, f"Đã đăng ký sản phẩm “{product.name}”.")
            return redirect("ocop:product_edit", pk=product.pk)
    return render(request, "ocop/product_form.html", {"form": form, "producer": producer})


@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(
        Product.objects.filter(producer__in=own_producers(request.user)).select_related("producer"),
        pk=pk,
    )
    form = ProductForm(request.POST or None, instance=product)
    photo_form = PhotoForm()
    evidence_form = EvidenceForm()
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "photo":
                photo_form = PhotoForm(request.POST, request.FILES)
                if photo_form.is_valid():
                    services.do_add_photo(
                        request.user,
                        product,
                        photo_form.cleaned_data["photo"],
                        photo_form.cleaned_data["caption"],
                    )
                    messages.success(request, "Đã thêm ảnh (đã thu nhỏ).")
                    return redirect("ocop:product_edit", pk=pk)
            elif action == "evidence":
                evidence_form = EvidenceForm(request.POST, request.FILES)
                if evidence_form.is_valid():
                    data = evidence_form.cleaned_data
                    services.do_add_evidence(
                        request.user,
                        product.producer,
                        title=data["title"],
                        kind=data["kind"],
                        upload=data["file"],
                        valid_until=data["valid_until"],
                    )
                    messages.success(request, "Đã thêm tài liệu vào thư viện minh chứng.")
                    return redirect("ocop:product_edit", pk=pk)
            elif form.is_valid():
                services.do_save_product(
                    request.user, product.producer, form.service_data(), product=product
                )
                messages.success(request, "Đã lưu sản phẩm.")
                return redirect("ocop:product_detail", pk=pk)
        except ValidationFailed as error:
            _fail(request, error)
    return render(
        request,
        "ocop/product_edit.html",
        {
            "product": product,
            "form": form,
            "photo_form": photo_form,
            "evidence_form": evidence_form,
            "evidence": product.producer.evidence.all(),
            "photos": product.photos.all(),
        },
    )


@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(
        visible_products(request.user).select_related("producer", "commune", "province"),
        pk=pk,
    )
    user = request.user
    certificates = list(product.certificates.order_by("-decided_on"))
    book = load_rulebook("qd-26-2026")
    return render(
        request,
        "ocop/product_detail.html",
        {
            "product": product,
            "product_set": book.product_sets.get(product.set_number),
            "dossiers": product.dossiers.order_by("-created_at"),
            "certificates": certificates,
            "photos": product.photos.all(),
            "is_owner": services.acts_for(user, product.producer),
            # 5★ certificates: the ministry's (Điều 8.2.b), not the province's approvers
            "revocable": services.revocable_certificates(user, certificates),
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence document (private storage), for whoever may see one of the producer's
    products: the producer, its commune and the levels above, the council that scores it.
    PDFs open in the browser; anything else is downloaded, never rendered from our origin."""
    document = get_object_or_404(
        EvidenceDocument.objects.filter(
            producer__products__in=visible_products(request.user).values("pk")
        ).distinct(),
        pk=pk,
    )
    return private_file_response(document.file)


# -- dossiers ------------------------------------------------------------------------------------


@login_required
def dossier_new(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(
        Product.objects.filter(producer__in=own_producers(request.user)), pk=pk
    )
    has_certificate = product.certificates.filter(status=CertificateStatus.VALID).exists()
    # moving up a star: the previous dossier's documents come ticked, still-valid ones only
    previous = product.dossiers.order_by("-created_at").first()
    today = timezone.localdate()
    carried = (
        [str(d.pk) for d in previous.evidence.all() if not d.is_expired(today)] if previous else []
    )
    form = DossierForm(
        request.POST or None,
        producer=product.producer,
        initial={"kind": "upgrade" if has_certificate else "first", "evidence": carried},
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.do_create_dossier(
                request.user,
                product,
                kind=form.cleaned_data["kind"],
                self_assessment=form.cleaned_data["self_assessment"],
                evidence_ids=[int(i) for i in form.cleaned_data["evidence"]],
            )
        except ValidationFailed as error:
            _fail(request, error)
        else:
            messages.success(request, "Đã tạo hồ sơ. Kiểm tra lại rồi bấm “Nộp cho UBND xã”.")
            return redirect("ocop:dossier_detail", pk=dossier.pk)
    return render(request, "ocop/dossier_new.html", {"form": form, "product": product})


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    dossier = get_object_or_404(
        visible_dossiers(user).select_related(
            "product", "product__producer", "product__province", "commune", "session"
        ),
        pk=pk,
    )
    is_owner = services.acts_for(user, dossier.product.producer)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "update":
                edit_form = DossierForm(
                    {
                        **request.POST.dict(),
                        "kind": dossier.kind,
                        "evidence": request.POST.getlist("evidence"),
                    },
                    producer=dossier.product.producer,
                )
                if not edit_form.is_valid():
                    raise ValidationFailed(["Thiếu báo cáo tự đánh giá (Mẫu 02)."])
                services.do_update_dossier(
                    user,
                    dossier,
                    self_assessment=edit_form.cleaned_data["self_assessment"],
                    evidence_ids=[int(i) for i in edit_form.cleaned_data["evidence"]],
                )
                messages.success(request, "Đã lưu hồ sơ.")
            elif action == "submit":
                services.do_submit_dossier(user, dossier)
                messages.success(request, "Đã nộp hồ sơ cho UBND xã.")
            elif action == "forward":
                check_form = CommuneCheckForm(request.POST)
                if not check_form.is_valid():
                    raise ValidationFailed(["Đánh giá đủ 5 nội dung trước khi đề nghị lên tỉnh."])
                services.do_commune_forward(
                    user, dossier, checks=check_form.checks(), note=check_form.cleaned_data["note"]
                )
                messages.success(request, "Đã đề nghị Hội đồng tỉnh đánh giá.")
            elif action == "return":
                return_form = ReturnForm(request.POST)
                comment = return_form.data.get("comment", "")
                session_pk = dossier.session_id
                services.do_return_dossier(user, dossier, comment=comment)
                messages.success(request, "Đã trả lại hồ sơ kèm ý kiến.")
                if session_pk and not visible_dossiers(user).filter(pk=pk).exists():
                    # the secretary saw it through the session it has now left
                    return redirect("ocop:session_detail", pk=session_pk)
            else:
                raise ValidationFailed(["Thao tác không hợp lệ."])
        except PermissionDeniedError:
            raise PermissionDenied from None
        except ValidationFailed as error:
            _fail(request, error)
        return redirect("ocop:dossier_detail", pk=pk)
    transitional = (
        procedure.transitional_rule(dossier.filed_on, dossier.kind) if dossier.filed_on else None
    )
    return render(
        request,
        "ocop/dossier_detail.html",
        {
            "dossier": dossier,
            "product": dossier.product,
            "events": dossier.events.select_related("actor"),
            "evidence": dossier.evidence.all(),
            "is_owner": is_owner,
            "may_edit": is_owner
            and dossier.status in {DossierStatus.DRAFT, DossierStatus.RETURNED},
            "may_forward": dossier.status == DossierStatus.SUBMITTED
            and can(user, C.ENTER_DATA, dossier.commune),
            "may_return": services.may_return(user, dossier),
            "may_record_central": dossier.status == DossierStatus.TO_MINISTRY
            and services.may_record_central_result(user, dossier),
            "central": central_result_of(dossier),
            "rejected": services.rejection_of(dossier),
            "check_form": CommuneCheckForm(),
            "edit_form": DossierForm(
                producer=dossier.product.producer,
                initial={
                    "kind": dossier.kind,
                    "self_assessment": dossier.self_assessment,
                    "evidence": [str(pk) for pk in dossier.evidence.values_list("pk", flat=True)],
                },
            )
            if is_owner
            else None,
            "return_form": ReturnForm(),
            "transitional": transitional,
            "today": timezone.localdate(),
        },
    )


def central_result_of(dossier: Dossier) -> dict[str, Any] | None:
    """The recorded central result (Dossier.result["central"]) with its date as a date."""
    central = (dossier.result or {}).get("central")
    if not central:
        return None
    return {**central, "decided_on": dt.date.fromisoformat(central["decided_on"])}


@login_required
def central_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the central level's result of a dossier forwarded at ≥ 90 points (Điều 7.4)."""
    user = request.user
    dossier = get_object_or_404(
        visible_dossiers(user).select_related(
            "product", "product__producer", "product__province", "commune", "session"
        ),
        pk=pk,
    )
    if not services.may_record_central_result(user, dossier):
        raise PermissionDenied
    form = CentralResultForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = services.do_record_central_result(
                user,
                dossier,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                stars=data["stars"],
                note=data["note"],
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except ValidationFailed as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            if dossier.status == DossierStatus.CERTIFIED:
                messages.success(
                    request,
                    _("Đã ghi kết quả cấp trung ương và cấp giấy chứng nhận %(stars)s sao.")
                    % {"stars": dossier.result_stars},
                )
            else:
                messages.success(request, _("Đã ghi kết quả: không được công nhận 5 sao."))
            if not visible_dossiers(user).filter(pk=dossier.pk).exists():
                # seen only while it waited for the central result (another secretary)
                return redirect("ocop:index")
            return redirect("ocop:dossier_detail", pk=dossier.pk)
    return render(
        request,
        "ocop/central_result.html",
        {
            "dossier": dossier,
            "product": dossier.product,
            "form": form,
            "awaiting": dossier.status == DossierStatus.TO_MINISTRY,
        },
    )


# -- council -------------------------------------------------------------------------------------


def _council_province(user: Any, capability: Capability) -> Any:
    return (
        units_for(user, capability)
        .filter(level=Level.PROVINCE, structure=Structure.NEW)
        .order_by("name")
        .first()
    )


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    if not has_capability_anywhere(request.user, C.SCORE_OCOP):
        raise PermissionDenied
    sessions = council_sessions(request.user).select_related("province").prefetch_related("members")
    return render(
        request,
        "ocop/session_list.html",
        {
            "sessions": sessions,
            "can_run": has_capability_anywhere(request.user, C.RUN_OCOP_COUNCIL),
        },
    )


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    province = _council_province(request.user, C.RUN_OCOP_COUNCIL)
    if province is None:
        raise PermissionDenied
    members = services.council_users(province, C.SCORE_OCOP)
    dossiers = list(
        Dossier.objects.filter(status=DossierStatus.FORWARDED, product__province=province)
        .select_related("product", "commune")
        .order_by("forwarded_on")
    )
    form = SessionForm(
        request.POST or None,
        members=members,
        dossiers=dossiers,
        initial={
            "held_on": timezone.localdate(),
            "members": [str(u.pk) for u in members],
            "dossiers": [str(d.pk) for d in dossiers],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.do_create_session(
                request.user,
                province,
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                member_ids=[int(i) for i in form.cleaned_data["members"]],
                dossier_ids=[int(i) for i in form.cleaned_data["dossiers"]],
            )
        except ValidationFailed as error:
            _fail(request, error)
        else:
            messages.success(request, "Đã mở phiên họp.")
            return redirect("ocop:session_detail", pk=session.pk)
    return render(request, "ocop/session_new.html", {"form": form, "province": province})


def _session_or_404(request: HttpRequest, pk: int) -> CouncilSession:
    return get_object_or_404(council_sessions(request.user).select_related("province"), pk=pk)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    user = request.user
    is_secretary = can(user, C.RUN_OCOP_COUNCIL, session.province)
    if request.method == "POST" and not is_secretary:
        raise PermissionDenied
    rejectable = (
        [
            (d, services.rejection_conditions(d))
            for d in session.dossiers.select_related("product").order_by("pk")
        ]
        if is_secretary and session.status == SessionStatus.OPEN
        else []
    )
    close_form = CloseSessionForm(
        request.POST or None,
        initial={"decided_on": timezone.localdate()},
        rejectable=rejectable,
    )
    if request.method == "POST":
        if close_form.is_valid():
            try:
                services.do_close_session(user, session, **close_form.close_data())
            except ValidationFailed as error:
                _fail(request, error)
            else:
                messages.success(request, "Đã kết thúc phiên họp và ghi kết quả.")
                return redirect("ocop:session_detail", pk=pk)
    dossiers = list(
        session.dossiers.select_related("product", "commune", "product__producer").prefetch_related(
            Prefetch("sheets", queryset=services.ScoreSheet.objects.select_related("member"))
        )
    )
    members = list(session.members.order_by("username"))
    rows = []
    for dossier in dossiers:
        read = list(dossier.sheets.all())  # prefetched with their members
        sheets = {s.member_id: s for s in read}
        result = services.council_result(dossier, read) if is_secretary and sheets else None
        rows.append(
            {
                "dossier": dossier,
                "sheets": [sheets.get(m.pk) for m in members],
                "mine": sheets.get(user.pk),
                "result": result,
                "rejected": services.rejection_of(dossier),
            }
        )
    return render(
        request,
        "ocop/session_detail.html",
        {
            "session": session,
            "members": members,
            "rows": rows,
            "is_member": any(m.pk == user.pk for m in members),
            "is_secretary": is_secretary,
            "close_form": close_form,
        },
    )


@login_required
def session_score(request: HttpRequest, pk: int, dossier_pk: int) -> HttpResponse:
    """A member's own sheet, generated from the YAML sheet of the product's set."""
    session = _session_or_404(request, pk)
    user = request.user
    is_member = session.members.filter(pk=user.pk).exists()
    if request.method == "POST" and not is_member:
        raise PermissionDenied
    dossier = get_object_or_404(
        session.dossiers.select_related("product", "product__producer", "commune"), pk=dossier_pk
    )
    try:
        sheet = load_rulebook(dossier.rulebook).sheet(dossier.product.set_number)
    except KeyError as error:  # e.g. a 2021–2025 dossier (Điều 12): its sheets are not encoded
        messages.error(request, str(error.args[0]))
        return redirect("ocop:session_detail", pk=pk)
    existing = dossier.sheets.filter(member=user).first()
    chosen: dict[str, str] = dict(existing.answers) if existing else {}
    comment = existing.comment if existing else ""
    if request.method == "POST":
        chosen = {c.code: request.POST.get(f"c_{c.code}", "") for c in sheet.criteria}
        comment = request.POST.get("comment", "")
        missing = [code for code, value in chosen.items() if value == ""]
        try:
            if missing:
                raise ValidationFailed([f"Chưa chấm tiêu chí {', '.join(missing)}."])
            services.do_submit_sheet(user, session, dossier, answers=chosen, comment=comment)
        except ValidationFailed as error:
            _fail(request, error)
        else:
            messages.success(request, f"Đã lưu phiếu chấm “{dossier.product.name}”.")
            return redirect("ocop:session_detail", pk=pk)
    book = load_rulebook(dossier.rulebook)
    return render(
        request,
        "ocop/session_score.html",
        {
            "session": session,
            "dossier": dossier,
            "sheet": sheet,
            "parts": pdf.sheet_rows(book, sheet, chosen),
            "comment": comment,
            "open": is_member and session.status == SessionStatus.OPEN,
            "is_member": is_member,
        },
    )


@login_required
def session_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    session = _session_or_404(request, pk)
    if kind == "minutes":
        return pdf.minutes_response(session)
    if kind == "sheets":
        return pdf.sheets_response(session)
    raise Http404


# -- certificates --------------------------------------------------------------------------------


def certificate_public_url(request: HttpRequest, certificate: Certificate) -> str:
    """The QR payload: the public product page, absolute."""
    return request.build_absolute_uri(
        reverse("ocop:public_product", kwargs={"pk": certificate.product_id})
    )


def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Public (the certificate is a public document); revoked ones say so."""
    certificate = get_object_or_404(
        Certificate.objects.select_related(
            "product", "product__producer", "product__commune", "province"
        ).exclude(status=CertificateStatus.SUPERSEDED),
        pk=pk,
    )
    return pdf.certificate_response(certificate, certificate_public_url(request, certificate))


@require_POST
@login_required
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        filter_for(
            request.user, Certificate.objects.all(), unit_field="province", capability=C.APPROVE
        ),
        pk=pk,
    )
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(["Chọn căn cứ thu hồi."])
        services.do_revoke_certificate(request.user, certificate, reason=form.reason())
    except PermissionDeniedError as error:  # a province on a 5★ certificate: say whose it is
        messages.error(request, str(error))
    except ValidationFailed as error:
        _fail(request, error)
    else:
        messages.success(request, "Đã thu hồi giấy chứng nhận.")
    return redirect("ocop:product_detail", pk=certificate.product_id)


@login_required
def certificates(request: HttpRequest) -> HttpResponse:
    """Certificates expiring this quarter (or in the re-evaluation window) and reminders sent."""
    user = request.user
    if not has_capability_anywhere(user, C.VIEW) and not has_capability_anywhere(
        user, C.PRODUCE_OCOP
    ):
        raise PermissionDenied
    today = timezone.localdate()
    first, last = queries.quarter_bounds(today)
    scoped = Certificate.objects.filter(product__in=visible_products(user).values("pk"))
    proc = procedure.load_procedure()
    window = queries.expiring_between(
        scoped,
        today + timezone.timedelta(days=proc.reeval_until_days),
        today + timezone.timedelta(days=proc.reeval_from_days),
    )
    return render(
        request,
        "ocop/certificates.html",
        {
            "quarter": queries.expiring_between(scoped, first, last),
            "window": window,
            "first": first,
            "last": last,
            "reminders": ExpiryReminder.objects.filter(certificate__in=scoped).select_related(
                "certificate", "certificate__product"
            )[:50],
            "today": today,
        },
    )


# -- statistics ----------------------------------------------------------------------------------


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_capability_anywhere(user, C.VIEW):
        raise PermissionDenied
    products = filter_for(user, Product.objects.all(), unit_field="commune")
    producers = filter_for(user, Producer.objects.all(), unit_field="commune")
    data = queries.statistics(products, producers)
    return render(request, "ocop/stats.html", {"s": data, "chart": data})


# -- public catalogue ----------------------------------------------------------------------------


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilter(request.GET or None)
    form.is_valid()  # an invalid filter is shown with its error and ignored
    data = getattr(form, "cleaned_data", {})
    filters: dict[str, Any] = {
        "q": data.get("q") or "",
        "province": data.get("province") or "",
        "group": data.get("group") or "",
        "set_number": data.get("set"),
        "stars": data.get("stars"),
    }
    products = queries.catalogue(**filters).prefetch_related(
        Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "pk"))
    )
    page = Paginator(products, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ocop/catalogue.html", {"form": form, "page": page})


def public_product(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(
        Product.objects.filter(stars__isnull=False).select_related(
            "producer", "commune", "province"
        ),
        pk=pk,
    )
    book = load_rulebook("qd-26-2026")
    return render(
        request,
        "ocop/public_product.html",
        {
            "product": product,
            "product_set": book.product_sets.get(product.set_number),
            "certificate": queries.current_certificate(product),
            "photos": product.photos.all(),
        },
    )


def photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """Photos of certified products are public; others only for those who may see the product."""
    found = get_object_or_404(ProductPhoto.objects.select_related("product"), pk=pk)
    if found.product.stars is None and not (
        request.user.is_authenticated
        and visible_products(request.user).filter(pk=found.product_id).exists()
    ):
        raise Http404
    field = found.thumbnail if size == "thumb" else found.image
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response
