"""Score-sheet rows for forms and PDFs (WeasyPrint): score sheets, minutes, certificates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import segno
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Certificate, CouncilSession, ScoreSheet
from .rulebook import Criterion, Heading, Rulebook, Sheet


def plain(value: Decimal | str | None) -> str:
    if value is None:
        return "0"
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    return text


def sheet_rows(book: Rulebook, sheet: Sheet, chosen: dict[str, str]) -> list[dict[str, Any]]:
    """Parts with flat rows (headings and criteria, with depth) and radio options per criterion."""
    picked = {code: plain(value) for code, value in chosen.items() if value not in ("", None)}
    parts = []
    for part in sheet.parts:
        rows: list[dict[str, Any]] = []
        _walk(book, part.items, 0, picked, rows)
        parts.append({"code": part.code, "title": part.title, "max": plain(part.max), "rows": rows})
    return parts


def _walk(
    book: Rulebook,
    items: tuple[Heading | Criterion, ...],
    depth: int,
    picked: dict[str, str],
    rows: list[dict[str, Any]],
) -> None:
    for item in items:
        if isinstance(item, Heading):
            rows.append(
                {
                    "heading": True,
                    "code": item.code,
                    "title": item.title,
                    "max": plain(item.max),
                    "depth": depth,
                }
            )
            _walk(book, item.children, depth + 1, picked, rows)
            continue
        options = []
        seen_checked = False
        values = set()
        for index, option in enumerate(item.options):
            value = plain(option.points)
            values.add(value)
            checked = not seen_checked and picked.get(item.code) == value
            seen_checked = seen_checked or checked
            options.append(
                {
                    "id": f"c_{item.code}_{index}",
                    "value": value,
                    "text": option.text,
                    "stars": option.minimum_for_stars,
                    "case": option.case,
                    "checked": checked,
                }
            )
        if book.unticked_scores_zero and "0" not in values:
            options.insert(
                0,
                {
                    "id": f"c_{item.code}_none",
                    "value": "0",
                    "text": "Không đạt mức nào được in (0 điểm)",
                    "stars": None,
                    "case": None,
                    "checked": picked.get(item.code) == "0",
                },
            )
        rows.append(
            {
                "heading": False,
                "code": item.code,
                "title": item.title,
                "max": plain(item.max),
                "depth": depth,
                "notes": item.notes,
                "description": item.description,
                "options": options,
                "chosen": picked.get(item.code),
            }
        )


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "generated_at": timezone.localtime()})
    document = HTML(string=html).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _sheets_with_members() -> Prefetch:
    """Every dossier's sheets in one query, members joined, in the sheets' own order."""
    return Prefetch("sheets", queryset=ScoreSheet.objects.select_related("member"))


def session_context(session: CouncilSession) -> dict[str, Any]:
    from .services import council_result, rejection_of

    members = list(session.members.order_by("username"))
    rows = []
    dossiers = session.dossiers.select_related(
        "product", "product__producer", "commune"
    ).prefetch_related(_sheets_with_members())
    for dossier in dossiers:
        rejected = rejection_of(dossier)
        result = council_result(dossier, dossier.sheets.all(), rejected=rejected is not None)
        rows.append({"dossier": dossier, "result": result, "rejected": rejected})
    return {
        "session": session,
        "members": members,
        "rows": rows,
        "rejected_rows": [row for row in rows if row["rejected"]],
    }


def minutes_response(session: CouncilSession) -> HttpResponse:
    return _pdf("ocop/pdf/minutes.html", session_context(session), f"bien-ban-{session.pk}.pdf")


def sheets_response(session: CouncilSession) -> HttpResponse:
    from .rulebook import load_rulebook

    sheets = []
    dossiers = session.dossiers.select_related("product", "commune").prefetch_related(
        _sheets_with_members()
    )
    for dossier in dossiers:
        book = load_rulebook(dossier.rulebook)
        if dossier.product.set_number not in book.sheets:
            continue
        sheet = book.sheet(dossier.product.set_number)
        for score in dossier.sheets.all():
            sheets.append(
                {
                    "dossier": dossier,
                    "score": score,
                    "sheet": sheet,
                    "parts": sheet_rows(book, sheet, score.answers),
                }
            )
    return _pdf(
        "ocop/pdf/sheets.html",
        {"session": session, "sheets": sheets},
        f"phieu-cham-{session.pk}.pdf",
    )


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def certificate_response(certificate: Certificate, public_url: str) -> HttpResponse:
    qr = qr_code(public_url)
    return _pdf(
        "ocop/pdf/certificate.html",
        {
            "certificate": certificate,
            "product": certificate.product,
            "public_url": public_url,
            "qr_svg": qr.svg_data_uri(scale=4, border=2),
            "star_range": range(certificate.stars),
        },
        f"chung-nhan-ocop-{certificate.pk}.pdf",
    )
