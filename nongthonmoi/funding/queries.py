"""Reads: rules available to a province, communes with their attributes, money by unit and year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.db.models import QuerySet, Sum

from nongthonmoi.places.models import AdminUnit, Level

from .models import AllocationDecision, Disbursement, Mobilisation, ProvincialRule, PublishedYear
from .rulebook import AllocationRule, RuleFileError, available_rule_codes, load_rule, rule_from_text
from .units import KNOWN_FLAGS, Commune

# --- rules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleChoice:
    key: str  # national rule code, or "p<pk>" for a provincial rule version
    label: str
    rule: AllocationRule
    provincial: ProvincialRule | None = None

    @property
    def version_label(self) -> str:
        if self.provincial is None:
            return f"{self.rule.code} ({self.rule.legal_source.document})"
        p = self.provincial
        return f"{p.code} v{p.version} ({p.resolution_number})"


@lru_cache(maxsize=16)
def national_rule(code: str) -> AllocationRule:
    return load_rule(code)


def national_rules() -> list[AllocationRule]:
    return [national_rule(code) for code in available_rule_codes()]


def current_provincial_rules(province: AdminUnit) -> list[ProvincialRule]:
    """The latest version of each of the province's own rules."""
    latest: dict[str, ProvincialRule] = {}
    for row in ProvincialRule.objects.filter(province=province).order_by("code", "-version"):
        latest.setdefault(row.code, row)
    return list(latest.values())


def rule_choices(province: AdminUnit) -> list[RuleChoice]:
    choices = [
        RuleChoice(rule.code, f"{rule.code} — {rule.legal_source.document}", rule)
        for rule in national_rules()
    ]
    for row in current_provincial_rules(province):
        try:
            rule = rule_from_text(row.text, f"{row.code}.yaml")
        except (RuleFileError, ValueError):
            continue  # stored rules were validated on save; a later schema change skips them
        choices.append(
            RuleChoice(row.key, f"{row.code} v{row.version} — {row.resolution_number}", rule, row)
        )
    return choices


# --- communes and their attributes ---------------------------------------------------------------


@dataclass
class CommuneRow:
    unit: AdminUnit
    criteria_met: int | None
    criteria_source: str  # "evaluation:<year>" when read from stored results, "" when missing
    recognised: bool
    recognised_year: int | None
    flags: frozenset[str]
    dbkk_villages: int = 0
    labels: list[str] = field(default_factory=list)

    def commune(self) -> Commune:
        return Commune(
            code=self.unit.code,
            parent_code=self.unit.province.code if self.unit.province else "",
            criteria_met=self.criteria_met,
            recognised=self.recognised,
            flags=self.flags,
            dbkk_villages=self.dbkk_villages,
        )


def province_communes(province: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(
        structure=province.structure, province=province, level=Level.COMMUNE
    ).select_related("province")


def commune_rows(province: AdminUnit, year: int) -> list[CommuneRow]:
    """The province's communes with criteria met (stored evaluations), recognition and flags."""
    from nongthonmoi.criteria.models import Evaluation, ValuesBasis
    from nongthonmoi.criteria.queries import default_set_code
    from nongthonmoi.rounds.models import Recognition

    communes = list(province_communes(province).order_by("code"))
    evaluations: dict[int, tuple[int, int, str]] = {}
    # latest year up to the allocation year; approved values win over working values
    rank = {ValuesBasis.APPROVED: 1, ValuesBasis.ALL: 0}
    for unit_id, eval_year, basis, met in Evaluation.objects.filter(
        province=province, set_code=default_set_code(province.structure), year__lte=year
    ).values_list("unit_id", "year", "basis", "criteria_met"):
        key = (eval_year, rank.get(basis, 0))
        if unit_id not in evaluations or key > evaluations[unit_id][:2]:
            evaluations[unit_id] = (eval_year, rank.get(basis, 0), str(met))
    recognised: dict[int, int] = {}
    for unit_id, rec_year in Recognition.objects.filter(
        unit__in=[u.pk for u in communes], withdrawn_on__isnull=True, year__lte=year
    ).values_list("unit_id", "year"):
        recognised[unit_id] = min(rec_year, recognised.get(unit_id, rec_year))
    rows = []
    for unit in communes:
        found = evaluations.get(unit.pk)
        rows.append(
            CommuneRow(
                unit=unit,
                criteria_met=int(found[2]) if found else None,
                criteria_source=f"evaluation:{found[0]}" if found else "",
                recognised=unit.pk in recognised,
                recognised_year=recognised.get(unit.pk),
                flags=frozenset(f for f in unit.flags if f in KNOWN_FLAGS),
                labels=[str(label) for label in unit.flag_labels()],
            )
        )
    return rows


# --- money ----------------------------------------------------------------------------------------


def format_rate(allocated: int, disbursed: int) -> str:
    """'45,3 %' (one decimal, half-up), or '—' when nothing is allocated."""
    if not allocated:
        return "—"
    percent = (Decimal(disbursed) * 100 / Decimal(allocated)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{percent}".replace(".", ",") + " %"


@dataclass
class MoneyLine:
    unit: AdminUnit
    year: int
    fund_kind: str
    allocated: int = 0
    disbursed: int = 0
    decisions: list[str] = field(default_factory=list)
    coefficient: Decimal | None = None
    breakdown: str = ""
    rule_code: str = ""

    @property
    def rate(self) -> Decimal | None:
        """Disbursed / allocated, as a fraction (None when nothing is allocated)."""
        if not self.allocated:
            return None
        return Decimal(self.disbursed) / Decimal(self.allocated)

    @property
    def rate_percent(self) -> str:
        return format_rate(self.allocated, self.disbursed)


def money_lines(
    allocations: QuerySet[AllocationDecision],
    *,
    year: int | None = None,
    fund_kind: str | None = None,
) -> list[MoneyLine]:
    """Allocated and disbursed by receiving unit, fund kind and year (sums of dated rows)."""
    if year is not None:
        allocations = allocations.filter(year=year)
    if fund_kind:
        allocations = allocations.filter(fund_kind=fund_kind)
    lines: dict[tuple[int, int, str], MoneyLine] = {}
    for row in allocations.select_related("to_unit").order_by("year", "to_unit__code", "pk"):
        key = (row.to_unit_id, row.year, row.fund_kind)
        line = lines.get(key)
        if line is None:
            line = lines[key] = MoneyLine(row.to_unit, row.year, row.fund_kind)
        line.allocated += row.amount
        line.decisions.append(row.decision_number)
        line.coefficient = row.coefficient
        line.breakdown = row.breakdown
        line.rule_code = row.rule_code
    disbursed = (
        Disbursement.objects.filter(allocation__in=allocations.values("pk"))
        .values("allocation__to_unit_id", "allocation__year", "allocation__fund_kind")
        .annotate(total=Sum("amount"))
    )
    for row in disbursed:
        key = (row["allocation__to_unit_id"], row["allocation__year"], row["allocation__fund_kind"])
        if key in lines:
            lines[key].disbursed = row["total"] or 0
    return sorted(lines.values(), key=lambda x: (-x.year, x.unit.code, x.fund_kind))


@dataclass
class Totals:
    allocated: int = 0
    disbursed: int = 0

    @property
    def rate_percent(self) -> str:
        return format_rate(self.allocated, self.disbursed)


def totals(lines: list[MoneyLine]) -> Totals:
    return Totals(sum(x.allocated for x in lines), sum(x.disbursed for x in lines))


def disbursement_rates(
    allocations: QuerySet[AllocationDecision], *, year: int | None = None
) -> list[MoneyLine]:
    """Disbursement rate = disbursed / allocated, by unit, fund kind and year."""
    return money_lines(allocations, year=year)


def mobilisation_by_source(rows: QuerySet[Mobilisation]) -> dict[tuple[str, str], int]:
    result: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows.values("source", "form").annotate(total=Sum("amount")):
        result[(row["source"], row["form"])] += row["total"] or 0
    return dict(result)


# --- publication ------------------------------------------------------------------------------


def published_years(province: AdminUnit) -> list[int]:
    return sorted(
        PublishedYear.objects.filter(province=province, withdrawn_at__isnull=True).values_list(
            "year", flat=True
        ),
        reverse=True,
    )


def is_published(province: AdminUnit, year: int) -> bool:
    return PublishedYear.objects.filter(
        province=province, year=year, withdrawn_at__isnull=True
    ).exists()


def published_provinces() -> list[tuple[AdminUnit, list[int]]]:
    by_province: dict[int, tuple[AdminUnit, list[int]]] = {}
    for row in (
        PublishedYear.objects.filter(withdrawn_at__isnull=True)
        .select_related("province")
        .order_by("province__name", "-year")
    ):
        by_province.setdefault(row.province_id, (row.province, []))[1].append(row.year)
    return list(by_province.values())


def published_totals(
    published: list[tuple[AdminUnit, list[int]]],
) -> dict[tuple[int, int], Totals]:
    """Allocated and disbursed for each published (province id, year): the totals of
    `money_lines(public_allocations(province, year))`, in two grouped sums for all of them."""
    provinces = [province.pk for province, _years in published]
    allocated = {
        (row["province_id"], row["year"]): row["total"] or 0
        for row in AllocationDecision.objects.filter(province__in=provinces)
        .order_by()
        .values("province_id", "year")
        .annotate(total=Sum("amount"))
    }
    disbursed = {
        (row["allocation__province_id"], row["allocation__year"]): row["total"] or 0
        for row in Disbursement.objects.filter(allocation__province__in=provinces)
        .order_by()
        .values("allocation__province_id", "allocation__year")
        .annotate(total=Sum("amount"))
    }
    return {
        (province.pk, year): Totals(
            allocated.get((province.pk, year), 0), disbursed.get((province.pk, year), 0)
        )
        for province, years in published
        for year in years
    }


def public_allocations(province: AdminUnit, year: int) -> QuerySet[AllocationDecision]:
    """Allocations to the province and its units for a published year (empty otherwise)."""
    if not is_published(province, year):
        return AllocationDecision.objects.none()
    return AllocationDecision.objects.filter(province=province, year=year)


def allocation_years(province: AdminUnit) -> list[int]:
    return sorted(
        set(AllocationDecision.objects.filter(province=province).values_list("year", flat=True)),
        reverse=True,
    )


RULE_TEMPLATE = """\
# Mẫu quy định phân bổ của tỉnh: thay các hệ số MẪU dưới đây bằng hệ số trong nghị quyết HĐND
# của tỉnh, ghi số nghị quyết vào legal_source.document và đổi status thành verified.
code: tinh-{code}-phan-bo-xa
kind: provincial
province_code: "{code}"
title_vi: "Hệ số phân bổ vốn cho các xã của {name}"
status: example
period:
  start_year: {year}
  end_year: {end_year}
legal_source:
  document: "Nghị quyết .../{year}/NQ-HĐND"
  title_vi: "Nghị quyết của HĐND {name} quy định nguyên tắc, tiêu chí, định mức phân bổ vốn"
  status: example
default_level: commune
commune_coefficients:
  combine: highest
  on_no_match: zero
  groups:
    - id: border_atk
      label_vi: "xã biên giới, xã an toàn khu"
      coefficient: 3
      when: {{flags_any: [border, atk]}}
      status: example
    - id: not_yet
      label_vi: "xã chưa đạt chuẩn nông thôn mới"
      coefficient: 2
      when: {{recognised: false}}
      status: example
  default:
    id: other
    label_vi: "các xã còn lại"
    coefficient: 1
    status: example
"""


def provincial_rule_template(province: AdminUnit, year: int | None = None) -> str:
    """The latest rule of the province, or a starting template with example coefficients."""
    rules = current_provincial_rules(province)
    if rules:
        return rules[0].text
    import datetime as dt

    start = year or dt.date.today().year
    return RULE_TEMPLATE.format(
        code=province.code, name=province.name, year=start, end_year=start + 4
    )
