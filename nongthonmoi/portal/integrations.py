"""What the portal shows from other modules through its registries: OCOP products in search and
as an open dataset, and the published allocations and disbursements of the funding module as an
open dataset, and the results of closed satisfaction surveys (the feedback module) as an open
dataset. Other modules may register more themselves (datasets.register,
queries.register_search)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from . import datasets, queries


def _product_hits(folded: str, limit: int) -> list[queries.SearchHit]:
    from nongthonmoi.ocop.queries import catalogue

    return [
        queries.SearchHit(
            "Sản phẩm OCOP",
            f"{p.name} ({p.stars} sao)",
            reverse("ocop:public_product", kwargs={"pk": p.pk}),
            f"{p.producer.name} — {p.commune.name}",
        )
        for p in catalogue(q=folded)[:limit]
    ]


def _products_dataset() -> datasets.Dataset:
    from nongthonmoi.ocop.queries import catalogue

    def rows() -> Iterable[Sequence[Any]]:
        for p in catalogue():
            yield (
                p.code,
                p.name,
                p.stars,
                p.group_code,
                p.set_number,
                p.producer.name,
                p.commune.code,
                p.commune.name,
                p.province.code,
                p.province.name,
            )

    from nongthonmoi.ocop.models import Product

    return datasets.Dataset(
        slug="san-pham-ocop",
        title="Sản phẩm OCOP được công nhận",
        description="Sản phẩm đang có giấy chứng nhận OCOP còn hiệu lực: hạng sao, nhóm, chủ thể và địa bàn.",
        columns=[
            datasets.Column("code", "Mã sản phẩm"),
            datasets.Column("name", "Tên sản phẩm"),
            datasets.Column("stars", "Hạng sao", "integer"),
            datasets.Column("group_code", "Nhóm"),
            datasets.Column("set_number", "Bộ sản phẩm", "integer"),
            datasets.Column("producer", "Chủ thể"),
            datasets.Column("commune_code", "Mã xã"),
            datasets.Column("commune_name", "Xã"),
            datasets.Column("province_code", "Mã tỉnh"),
            datasets.Column("province_name", "Tỉnh"),
        ],
        rows=rows,
        modified=datasets.latest_of(Product, "created_at"),
        keywords=("OCOP", "sản phẩm"),
    )


FUNDING_SLUG = "phan-bo-giai-ngan-von"


def _funding_dataset() -> datasets.Dataset:
    """The funding module's public pages as one table: only years a province has published
    (withdrawn years disappear again), one row per receiving unit, year and fund kind."""
    from nongthonmoi.funding import queries as funding
    from nongthonmoi.funding.models import (
        AllocationDecision,
        Disbursement,
        FundKind,
        PublishedYear,
    )

    kinds = dict(FundKind.choices)

    def rows() -> Iterable[Sequence[Any]]:
        for province, years in funding.published_provinces():
            for year in sorted(years):
                lines = funding.money_lines(funding.public_allocations(province, year))
                for line in sorted(lines, key=lambda x: (x.unit.code, x.fund_kind)):
                    rate = line.rate  # one decimal, half up, as on the public funding page
                    yield (
                        province.code,
                        province.name,
                        year,
                        line.fund_kind,
                        str(kinds.get(line.fund_kind, line.fund_kind)),
                        line.unit.code,
                        line.unit.name,
                        line.allocated,
                        line.disbursed,
                        float((rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
                        if rate is not None
                        else None,
                        "; ".join(dict.fromkeys(line.decisions)),
                        line.rule_code,
                        float(line.coefficient) if line.coefficient is not None else None,
                    )

    sources = [
        datasets.latest_of(AllocationDecision, "created_at"),
        datasets.latest_of(Disbursement, "created_at"),
        datasets.latest_of(PublishedYear, "published_at"),
        datasets.latest_of(PublishedYear, "withdrawn_at"),
    ]

    def modified() -> dt.datetime | None:
        """Any new decision line, disbursement, publication or withdrawal changes the data."""
        stamps = [stamp for stamp in (source() for source in sources) if stamp is not None]
        return max(stamps, default=None)

    return datasets.Dataset(
        slug=FUNDING_SLUG,
        title="Phân bổ và giải ngân vốn Chương trình nông thôn mới",
        description=(
            "Vốn được phân bổ và đã giải ngân theo đơn vị nhận, năm và loại vốn (đầu tư phát "
            "triển, sự nghiệp), kèm số quyết định, quy định và hệ số phân bổ; chỉ gồm các năm "
            "tỉnh đã công bố công khai. Tỷ lệ giải ngân = đã giải ngân / đã phân bổ (%)."
        ),
        columns=[
            datasets.Column("province_code", "Mã tỉnh"),
            datasets.Column("province_name", "Tỉnh"),
            datasets.Column("year", "Năm", "integer"),
            datasets.Column("fund_kind", "Mã loại vốn"),
            datasets.Column("fund_kind_name", "Loại vốn"),
            datasets.Column("unit_code", "Mã đơn vị nhận"),
            datasets.Column("unit_name", "Đơn vị nhận"),
            datasets.Column("allocated", "Đã phân bổ (đồng)", "integer"),
            datasets.Column("disbursed", "Đã giải ngân (đồng)", "integer"),
            datasets.Column("disbursement_rate", "Tỷ lệ giải ngân (%)", "number"),
            datasets.Column("decisions", "Quyết định phân bổ"),
            datasets.Column("rule_code", "Quy định áp dụng"),
            datasets.Column("coefficient", "Hệ số", "number"),
        ],
        rows=rows,
        modified=modified,
        keywords=("vốn", "phân bổ", "giải ngân", "công khai"),
    )


SURVEY_SLUG = "ket-qua-khao-sat-su-hai-long"


def _numeric_first(code: str) -> tuple[int, str]:
    """Criterion codes in the public results' order: 1, 2, … 10, then any other code."""
    return (int(code), "") if code.isdigit() else (10**6, code)


def _survey_dataset() -> datasets.Dataset:
    """What the public survey result pages show, as one table: closed surveys only (results are
    published when a survey closes), one row per commune and item (overall, then each criterion).
    Free-text answers are not included."""
    from nongthonmoi.feedback import queries as feedback
    from nongthonmoi.feedback.models import Survey

    def closed_surveys() -> list[Survey]:
        today = timezone.localdate()
        candidates = Survey.objects.filter(opens_on__lte=today).select_related(
            "template", "province"
        )
        return [s for s in candidates.order_by("closes_on", "pk") if s.is_closed()]

    def rows() -> Iterable[Sequence[Any]]:
        for survey in closed_surveys():
            names = survey.template.criteria_names or {}
            for row in sorted(feedback.dashboard(survey), key=lambda r: r.place.commune.code):
                commune = row.place.commune
                items = [("overall", "Hài lòng chung", row.overall)] + [
                    (code, names.get(code, code), rate)
                    for code, rate in sorted(
                        row.criteria.items(), key=lambda i: _numeric_first(i[0])
                    )
                ]
                for code, name, rate in items:
                    yield (
                        survey.pk,
                        survey.title,
                        survey.province.code,
                        survey.province.name,
                        survey.opens_on,
                        survey.closes_on,
                        commune.code,
                        commune.name,
                        row.answers,
                        code,
                        name,
                        rate.satisfied,
                        rate.answers,
                        rate.percent,
                        row.verdict_label,
                    )

    def modified() -> dt.datetime | None:
        """Rows change only when a survey closes: early (closed_at) or after its last day."""
        today = timezone.localdate()
        closed = Survey.objects.aggregate(m=Max("closed_at"))["m"]
        ended = Survey.objects.filter(closes_on__lt=today).aggregate(m=Max("closes_on"))["m"]
        stamps = [closed] if closed else []
        if ended is not None:
            day_after = dt.datetime.combine(ended + dt.timedelta(days=1), dt.time())
            stamps.append(timezone.make_aware(day_after))
        return max(stamps, default=None)

    return datasets.Dataset(
        slug=SURVEY_SLUG,
        title="Kết quả lấy ý kiến sự hài lòng của người dân",
        description=(
            "Kết quả các đợt khảo sát sự hài lòng của người dân đã kết thúc: theo xã, số phiếu, "
            "tỷ lệ hài lòng chung và theo từng tiêu chí, kết luận so với ngưỡng của quy định. "
            "Không gồm ý kiến tự do."
        ),
        columns=[
            datasets.Column("survey_id", "Mã đợt khảo sát", "integer"),
            datasets.Column("survey_title", "Đợt khảo sát"),
            datasets.Column("province_code", "Mã tỉnh"),
            datasets.Column("province_name", "Tỉnh"),
            datasets.Column("opens_on", "Mở từ ngày", "date"),
            datasets.Column("closes_on", "Đóng sau ngày", "date"),
            datasets.Column("commune_code", "Mã xã"),
            datasets.Column("commune_name", "Xã"),
            datasets.Column("responses", "Số phiếu của xã", "integer"),
            datasets.Column("item_code", "Mã nội dung"),
            datasets.Column("item_name", "Nội dung"),
            datasets.Column("satisfied", "Số câu trả lời hài lòng", "integer"),
            datasets.Column("answers", "Số câu trả lời", "integer"),
            datasets.Column("percent", "Tỷ lệ hài lòng (%)", "number"),
            datasets.Column("verdict", "Kết luận của xã"),
        ],
        rows=rows,
        modified=modified,
        keywords=("khảo sát", "sự hài lòng", "người dân"),
    )


def register() -> None:
    try:
        import nongthonmoi.ocop.queries  # noqa: F401
    except ImportError:  # pragma: no cover - the OCOP module is part of this project
        pass
    else:
        queries.register_search("products", _product_hits)
        datasets.register(_products_dataset())
    try:
        import nongthonmoi.funding.queries  # noqa: F401
    except ImportError:  # pragma: no cover - the funding module is part of this project
        pass
    else:
        datasets.register(_funding_dataset())
    try:
        import nongthonmoi.feedback.queries  # noqa: F401
    except ImportError:  # pragma: no cover - the feedback module is part of this project
        return
    datasets.register(_survey_dataset())
