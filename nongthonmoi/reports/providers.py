"""The data providers: named functions (context) → Table, bound to report sections by name.

Every provider reads through the query functions the dashboards of the owning app use (imported
from that app's `queries.py`), so a report's numbers equal the dashboards' by construction. A
provider whose app or data has not landed yet returns `Table.empty(...)` with a "chưa có số liệu"
note: a report never shows an invented number.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.utils import timezone

from nongthonmoi.places.models import AdminUnit, Level

from .periods import Period
from .tables import Cell, ChartSpec, Column, Table, rate


@dataclass(frozen=True)
class Context:
    province: AdminUnit | None  # None: the whole nation
    period: Period
    structure: str  # the map the report is made on ("2025", or "2021" for the phase-end report)
    today: dt.date

    @property
    def as_of(self) -> dt.date:
        return self.period.as_of(self.today)


Provider = Callable[[Context], Table]
PROVIDERS: dict[str, Provider] = {}
TITLES: dict[str, str] = {}


def provider(name: str, title: str) -> Callable[[Provider], Provider]:
    def register(function: Provider) -> Provider:
        PROVIDERS[name] = function
        TITLES[name] = title
        return function

    return register


def make_context(province: AdminUnit | None, period: Period, structure: str) -> Context:
    return Context(province, period, structure, timezone.localdate())


def run_provider(name: str, context: Context) -> Table:
    """Run one provider; a module that is not there yet gives an empty table, never a crash."""
    try:
        return PROVIDERS[name](context)
    except _NotYet as exc:
        return Table.empty(str(exc))


class _NotYet(Exception):
    """The data source of a provider does not exist (yet) in this installation."""


def _module(dotted: str, *names: str) -> Any:
    try:
        module = import_module(dotted)
    except ImportError as exc:
        raise _NotYet(f"phân hệ {dotted.split('.')[1]} chưa được triển khai") from exc
    missing = [n for n in names if not hasattr(module, n)]
    if missing:
        raise _NotYet(f"{dotted} chưa có {', '.join(missing)}")
    return module


def _provinces(context: Context) -> list[AdminUnit]:
    """The provinces a report covers: its own, or every province of the map for the nation."""
    if context.province is not None:
        return [context.province]
    return list(
        AdminUnit.objects.filter(structure=context.structure, level=Level.PROVINCE).order_by("code")
    )


def _report_provinces(context: Context) -> list[AdminUnit]:
    """The provinces of the report's map it covers.

    The nation: every province of the map. A 2025 province reporting on the 2021 map (the
    phase-end report): the old provinces merged into it, found through the succession table.
    """
    if context.province is None:
        return _provinces(context)
    if context.province.structure == context.structure:
        return [context.province]
    from nongthonmoi.places.models import UnitSuccession

    return list(
        AdminUnit.objects.filter(
            structure=context.structure,
            level=Level.PROVINCE,
            pk__in=UnitSuccession.objects.filter(new__province=context.province).values(
                "old__province"
            ),
        ).order_by("code")
    )


def _report_province(context: Context) -> AdminUnit | None:
    """The one province of a province report on its own map (None for the nation)."""
    provinces = _report_provinces(context) if context.province is not None else []
    return provinces[0] if len(provinces) == 1 else None


# --- administrative units ---------------------------------------------------------------------


@provider("units.summary", "Đơn vị hành chính")
def units_summary(context: Context) -> Table:
    from nongthonmoi.places import queries

    columns = [
        Column("province", "Tỉnh, thành phố", "text"),
        Column("districts", "Số huyện", "int", total=True),
        Column("communes", "Số xã, phường, đặc khu", "int", total=True),
    ]
    rows: list[list[Cell]] = []
    if context.province is None:
        counts = queries.child_counts(None, context.structure)
        for unit in _provinces(context):
            row = counts.get(unit.pk, {})
            rows.append([unit.name, row.get(Level.DISTRICT, 0), row.get(Level.COMMUNE, 0)])
    for province in _report_provinces(context) if context.province is not None else []:
        rows.append(
            [
                province.name,
                queries.units_under(province, Level.DISTRICT).count(),
                queries.units_under(province, Level.COMMUNE).count(),
            ]
        )
    return Table(columns, rows, source="places.queries.child_counts / units_under")


# --- criteria ---------------------------------------------------------------------------------

# Reports are official: they count evaluations made on approved values only.
CRITERIA_BASIS = "approved"


def _criteria(context: Context) -> tuple[Any, str, int]:
    queries = _module(
        "nongthonmoi.criteria.queries",
        "default_set_code",
        "province_evaluations",
        "evaluable_units",
        "summary_for",
        "scope_key",
    )
    return queries, queries.default_set_code(context.structure), context.period.year


def _group_label(unit: AdminUnit, structure: str) -> tuple[str, str]:
    if structure == "2021":
        return (
            unit.region or "~",
            f"Vùng {unit.get_region_display()}" if unit.region else "Chưa phân vùng",
        )
    if unit.commune_group:
        return (str(unit.commune_group), f"Nhóm {unit.commune_group}")
    return ("~", "Chưa phân nhóm")


@provider("criteria.by_group", "Kết quả tiêu chí theo nhóm xã")
def criteria_by_group(context: Context) -> Table:
    queries, set_code, year = _criteria(context)
    groups: dict[str, list[Any]] = {}
    for province in _report_provinces(context):
        for unit in queries.evaluable_units(province, set_code).only("commune_group", "region"):
            key, label = _group_label(unit, context.structure)
            groups.setdefault(key, [label, 0, 0, 0])[1] += 1
        for evaluation in queries.province_evaluations(province, set_code, year, CRITERIA_BASIS):
            key, label = _group_label(evaluation.unit, context.structure)
            group = groups.setdefault(key, [label, 0, 0, 0])
            group[2] += 1
            group[3] += bool(evaluation.meets_standard)
    columns = [
        Column("group", "Nhóm xã" if context.structure == "2025" else "Vùng", "text"),
        Column("communes", "Số xã", "int", total=True),
        Column("evaluated", "Số xã đã đánh giá", "int", total=True),
        Column("meeting", "Số xã đạt chuẩn", "int", total=True),
        Column("rate", "Tỷ lệ đạt chuẩn", "percent", ratio=("meeting", "communes")),
    ]
    rows: list[list[Cell]] = [
        [label, n, evaluated, meeting, rate(meeting, n)]
        for _key, (label, n, evaluated, meeting) in sorted(groups.items())
    ]
    if not any(row[2] for row in rows):
        return Table.empty(f"chưa có kết quả đánh giá bộ {set_code} năm {year}", columns)
    return Table(
        columns,
        rows,
        source=f"criteria.queries.province_evaluations({set_code}, {year}, {CRITERIA_BASIS})",
        chart=ChartSpec("group", ("rate",), "Tỷ lệ xã đạt chuẩn"),
    )


@provider("criteria.by_count", "Số xã theo số tiêu chí đạt")
def criteria_by_count(context: Context) -> Table:
    queries, set_code, year = _criteria(context)
    keys = (
        [queries.scope_key(p) for p in _report_provinces(context)]
        if context.province is not None
        else ["nation"]
    )
    summaries = [queries.summary_for(key, set_code, year, CRITERIA_BASIS) for key in keys]
    summaries = [s for s in summaries if s is not None and s.units_evaluated]
    columns = [
        Column("criteria_met", "Số tiêu chí đạt", "text"),
        Column("communes", "Số xã", "int", total=True),
    ]
    if not summaries:
        return Table.empty(f"chưa có kết quả đánh giá bộ {set_code} năm {year}", columns)
    counts: dict[int, int] = defaultdict(int)
    for summary in summaries:
        for met, n in summary.by_criteria_met.items():
            counts[int(met)] += int(n)
    evaluated = sum(s.units_evaluated for s in summaries)
    total = sum(s.units_total for s in summaries)
    meeting = sum(s.meets_standard for s in summaries)
    key = "+".join(keys)
    rows: list[list[Cell]] = [
        [f"{met} tiêu chí", counts.get(met, 0)] for met in range(max(counts) + 1)
    ]
    rows.reverse()
    return Table(
        columns,
        rows,
        note=f"Đã đánh giá {evaluated}/{total} xã; {meeting} xã đạt chuẩn.",
        source=f"criteria.queries.summary_for({key}, {set_code}, {year}, {CRITERIA_BASIS})",
        chart=ChartSpec("criteria_met", ("communes",), "Số xã theo số tiêu chí đạt"),
        extra={"meets_standard": meeting, "units_total": total, "evaluated": evaluated},
    )


@provider("criteria.newly_recognised", "Xã được công nhận trong kỳ")
def criteria_newly_recognised(context: Context) -> Table:
    models = _module("nongthonmoi.rounds.models", "Recognition")
    recognitions = models.Recognition.objects.filter(
        withdrawn_on__isnull=True,
        decision_date__gte=context.period.start,
        decision_date__lte=context.period.end,
    ).select_related("unit", "unit__province")
    recognitions = recognitions.filter(unit__structure=context.structure)
    if context.province is not None:
        recognitions = recognitions.filter(unit__province__in=_report_provinces(context))
    columns = [
        Column("province", "Tỉnh", "text"),
        Column("unit", "Xã", "text"),
        Column("tier", "Mức công nhận", "text"),
        Column("decision", "Quyết định", "text"),
        Column("date", "Ngày", "text"),
        Column("count", "Số xã", "int", total=True),
    ]
    tiers = {
        "standard": "Đạt chuẩn NTM",
        "advanced": "NTM nâng cao",
        "model": "NTM kiểu mẫu",
        "modern": "NTM hiện đại",
    }
    rows: list[list[Cell]] = [
        [
            r.unit.province.name if r.unit.province else "",
            r.unit.name,
            tiers.get(r.tier, r.tier),
            r.decision_number,
            r.decision_date.strftime("%d/%m/%Y"),
            1,
        ]
        for r in recognitions.order_by("unit__province__name", "decision_date", "unit__name")
    ]
    if not rows:
        return Table(
            columns,
            [],
            note="Không có xã được công nhận trong kỳ.",
            source="rounds.models.Recognition",
        )
    return Table(columns, rows, source="rounds.models.Recognition (chưa thu hồi)")


# --- OCOP -------------------------------------------------------------------------------------


@provider("ocop.by_stars", "Sản phẩm OCOP theo số sao")
def ocop_by_stars(context: Context) -> Table:
    queries = _module("nongthonmoi.ocop.queries", "products_at_least")
    province = (
        context.province
        if context.province is None or context.province.structure == "2025"
        else None
    )
    columns = [
        Column("stars", "Hạng sao", "text"),
        Column("products", "Số sản phẩm có giấy chứng nhận còn hiệu lực", "int", total=True),
    ]
    at_least = {
        stars: queries.products_at_least(stars, province, on=context.as_of) for stars in (3, 4, 5)
    }
    exact = {5: at_least[5], 4: at_least[4] - at_least[5], 3: at_least[3] - at_least[4]}
    rows: list[list[Cell]] = [[f"{s} sao", exact[s]] for s in (5, 4, 3)]
    return Table(
        columns,
        rows,
        note=f"Tính đến ngày {context.as_of.strftime('%d/%m/%Y')}; sản phẩm đạt 3 sao trở lên: "
        f"{at_least[3]}.",
        source="ocop.queries.products_at_least",
        chart=ChartSpec("stars", ("products",), "Sản phẩm OCOP theo hạng sao"),
        extra={"at_least": at_least},
    )


# --- funding ----------------------------------------------------------------------------------


@provider("funding.by_source", "Nguồn lực huy động theo nguồn")
def funding_by_source(context: Context) -> Table:
    queries = _module("nongthonmoi.funding.queries", "mobilisation_by_source")
    models = _module("nongthonmoi.funding.models", "Mobilisation", "MobilisationSource")
    rows_qs = models.Mobilisation.objects.filter(year__in=context.period.years)
    if context.province is not None:
        rows_qs = rows_qs.filter(province=context.province)
    totals = queries.mobilisation_by_source(rows_qs)
    sources = dict(models.MobilisationSource.choices)
    forms = dict(models.MobilisationForm.choices)
    columns = [
        Column("source", "Nguồn vốn", "text"),
        Column("form", "Hình thức", "text"),
        Column("amount", "Giá trị (đồng)", "money", total=True),
    ]
    order = list(sources)
    rows: list[list[Cell]] = [
        [str(sources.get(source, source)), str(forms.get(form, form)), int(amount)]
        for (source, form), amount in sorted(
            totals.items(), key=lambda item: (_position(order, item[0][0]), item[0][1])
        )
    ]
    if not rows:
        return Table.empty("chưa có số liệu huy động nguồn lực trong kỳ", columns)
    return Table(
        columns,
        rows,
        note=_whole_years_note(context),
        source="funding.queries.mobilisation_by_source",
        chart=ChartSpec("source", ("amount",), "Nguồn lực theo nguồn vốn"),
    )


def _position(order: list[str], key: str) -> int:
    return order.index(key) if key in order else len(order)


def _whole_years_note(context: Context) -> str:
    """Money is recorded per year: a six-month report shows the whole year's rows so far."""
    if context.period.kind == "half_year":
        return f"Số liệu ghi nhận theo năm {context.period.year} tính đến thời điểm báo cáo."
    if context.period.kind == "phase":
        return "Cộng dồn các năm 2021–2025."
    return ""


@provider("funding.by_kind", "Phân bổ và giải ngân theo loại vốn")
def funding_by_kind(context: Context) -> Table:
    queries = _module("nongthonmoi.funding.queries", "money_lines")
    models = _module("nongthonmoi.funding.models", "AllocationDecision", "FundKind")
    allocations = models.AllocationDecision.objects.filter(year__in=context.period.years)
    if context.province is not None:
        allocations = allocations.filter(province=context.province)
    # Allocations to the province and the province's allocations to its communes are different
    # money flows; they are shown on separate rows (never added together).
    sums: dict[tuple[str, str], list[int]] = {}
    for line in queries.money_lines(allocations):
        level = "tỉnh" if line.unit.level == Level.PROVINCE else "xã"
        entry = sums.setdefault((line.fund_kind, level), [0, 0])
        entry[0] += line.allocated
        entry[1] += line.disbursed
    kinds = dict(models.FundKind.choices)
    columns = [
        Column("kind", "Loại vốn", "text"),
        Column("receiver", "Cấp nhận vốn", "text"),
        Column("allocated", "Vốn được giao (đồng)", "money"),
        Column("disbursed", "Đã giải ngân (đồng)", "money"),
        Column("rate", "Tỷ lệ giải ngân", "percent", ratio=("disbursed", "allocated")),
    ]
    rows: list[list[Cell]] = [
        [str(kinds.get(kind, kind)), level, allocated, disbursed, rate(disbursed, allocated)]
        for (kind, level), (allocated, disbursed) in sorted(
            sums.items(),
            key=lambda item: (_position(list(kinds), item[0][0]), item[0][1] != "tỉnh"),
        )
    ]
    if not rows:
        return Table.empty("chưa có quyết định phân bổ vốn trong kỳ", columns)
    return Table(
        columns,
        rows,
        note=_whole_years_note(context),
        source="funding.queries.money_lines",
        chart=ChartSpec("kind", ("rate",), "Tỷ lệ giải ngân"),
    )


# --- targets and survey -----------------------------------------------------------------------


@provider("targets.status", "Mục tiêu và tình trạng")
def targets_status(context: Context) -> Table:
    queries = _module("nongthonmoi.targets.queries", "Board")
    board = queries.Board(context.province, context.structure, context.as_of)
    columns = [
        Column("code", "Mã", "text"),
        Column("text", "Mục tiêu", "text"),
        Column("year", "Năm số liệu", "text"),
        Column("value", "Kết quả", "number"),
        Column("target", "Chỉ tiêu", "number"),
        Column("unit", "Đơn vị tính", "text"),
        Column("status", "Tình trạng", "text"),
    ]
    rows: list[list[Cell]] = [
        [
            row.target.code,
            row.target.text,
            str(row.year or ""),
            _float(row.shown_value),
            _float(row.effective.target_value),
            row.target.unit_label,
            row.status_label,
        ]
        for row in board.rows()
    ]
    if not rows:
        return Table.empty("chưa có mục tiêu cho địa bàn", columns)
    return Table(
        columns,
        rows,
        note=f"Tình trạng đánh giá tại ngày {context.as_of.strftime('%d/%m/%Y')}.",
        source="targets.queries.Board",
    )


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


@provider("feedback.coverage", "Lấy ý kiến người dân trực tuyến")
def feedback_coverage(context: Context) -> Table:
    queries = _module("nongthonmoi.feedback.queries", "online_feedback_coverage")
    coverage = queries.online_feedback_coverage(context.province, year=context.period.year)
    columns = [
        Column("province", "Tỉnh, thành phố", "text"),
        Column(
            "covered", "Số xã có dịch vụ trực tuyến và lấy ý kiến trực tuyến", "int", total=True
        ),
        Column("communes", "Tổng số xã", "int", total=True),
        Column("rate", "Tỷ lệ", "percent", ratio=("covered", "communes")),
    ]
    rows: list[list[Cell]] = [
        [p["name"], int(p["covered"]), int(p["communes"]), rate(p["covered"], p["communes"])]
        for p in coverage["provinces"]
    ]
    if not rows:
        return Table.empty("chưa có xã nào trong phạm vi khảo sát", columns)
    return Table(
        columns,
        rows,
        note=f"Năm {coverage['year']}. Mục tiêu: {coverage['target_text']} "
        f"({coverage['target_source']}).",
        source="feedback.queries.online_feedback_coverage",
        chart=ChartSpec("province", ("rate",), "Tỷ lệ xã lấy ý kiến người dân trực tuyến"),
        extra={"percent": coverage["percent"], "covered": coverage["covered"]},
    )


# --- phase-end comparison across the 2025 merger ------------------------------------------------


@provider("phase.merger", "Kết quả 2021–2025 quy đổi sang tỉnh mới")
def phase_merger(context: Context) -> Table:
    from nongthonmoi.places.models import Structure, UnitSuccession

    from .merger import OldCommune, Succession, reaggregate

    queries, _set_code, year = _criteria(context)
    old_set = queries.default_set_code(Structure.OLD)
    old_context = Context(context.province, context.period, Structure.OLD, context.today)
    old_provinces = _report_provinces(old_context)
    old_communes = AdminUnit.objects.filter(
        structure=Structure.OLD, level=Level.COMMUNE, province__in=old_provinces
    )
    meets: dict[int, bool] = {}
    for province in old_provinces:
        for evaluation in queries.province_evaluations(province, old_set, year, CRITERIA_BASIS):
            meets[evaluation.unit_id] = bool(evaluation.meets_standard)
    communes = [
        OldCommune(f"{c.pk}", f"{c.province_id}", meets.get(c.pk))
        for c in old_communes.only("pk", "province_id")
    ]
    links = UnitSuccession.objects.filter(old__in=old_communes).values_list(
        "old_id", "new_id", "share"
    )
    successions = [
        Succession(f"{o}", f"{n}", float(s) if s is not None else None) for o, n, s in links
    ]
    new_ids = {int(s.new) for s in successions}
    new_province_of = dict(
        AdminUnit.objects.filter(pk__in=new_ids).values_list("pk", "province_id")
    )
    # every 2025 commune of the new provinces concerned, for the "communes after the merger" column
    all_new = AdminUnit.objects.filter(
        structure=Structure.NEW, level=Level.COMMUNE, province_id__in=set(new_province_of.values())
    ).values_list("pk", "province_id")
    new_commune_province = {f"{pk}": f"{p}" for pk, p in all_new}
    merged = reaggregate(communes, successions, new_commune_province)
    names = dict(
        AdminUnit.objects.filter(
            pk__in={int(r.new_province) for r in merged}
            | {int(p) for r in merged for p in r.old_provinces}
        ).values_list("pk", "name")
    )
    columns = [
        Column("new_province", "Tỉnh (sau sắp xếp 2025)", "text"),
        Column("old_provinces", "Gồm các tỉnh cũ", "text"),
        Column("old_communes", "Số xã (bản đồ 2021)", "int", total=True),
        Column("old_meeting", "Số xã đạt chuẩn NTM (2021–2025)", "int", total=True),
        Column("rate", "Tỷ lệ đạt chuẩn", "percent", ratio=("old_meeting", "old_communes")),
        Column("via_succession", "Quy đổi theo xã kế thừa", "number", total=True),
        Column("new_communes", "Số xã sau sắp xếp", "int", total=True),
    ]
    rows: list[list[Cell]] = [
        [
            names.get(int(r.new_province), r.new_province),
            ", ".join(names.get(int(p), p) for p in r.old_provinces),
            r.old_communes,
            r.old_meeting,
            rate(r.old_meeting, r.old_communes),
            r.meeting_via_succession,
            r.new_communes,
        ]
        for r in merged
    ]
    if not any(r.old_evaluated for r in merged):
        return Table.empty(f"chưa có kết quả đánh giá bộ {old_set} năm {year}", columns)
    return Table(
        columns,
        rows,
        note="Tỉnh cũ được hợp nhất nguyên trạng vào tỉnh mới; cột «quy đổi theo xã kế thừa» "
        "chia kết quả của mỗi xã cũ cho các xã kế thừa theo tỷ lệ trong bảng kế thừa.",
        source=f"criteria.queries.province_evaluations({old_set}, {year}) + places.UnitSuccession",
        chart=ChartSpec("new_province", ("rate",), "Tỷ lệ xã đạt chuẩn 2021–2025, theo tỉnh mới"),
    )
