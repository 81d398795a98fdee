"""The QR-code poster (A4, WeasyPrint) a commune hangs at its hall."""

from __future__ import annotations

import segno
from django.http import HttpResponse
from django.template.loader import render_to_string

from .models import SurveyCommune


def poster_response(place: SurveyCommune, public_url: str) -> HttpResponse:
    from weasyprint import HTML

    qr = segno.make(public_url, error="m", micro=False)
    html = render_to_string(
        "feedback/poster.html",
        {
            "place": place,
            "survey": place.survey,
            "public_url": public_url,
            "qr_svg": qr.svg_data_uri(scale=8, border=2),
        },
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="khao-sat-{place.commune.code}.pdf"'
    return response
