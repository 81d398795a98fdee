"""Public report of a province's published year (table, chart data, CSV, Excel) and the
disbursement import template."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Font

from nongthonmoi.places.models import AdminUnit

from . import queries
from .disbursement_file import COLUMNS
from .models import AllocationDecision, FundKind
from .rulebook import available_rule_codes

FUND_LABELS = dict(FundKind.choices)
HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Năm",
    "Loại vốn",
    "Quy định phân bổ",
    "Hệ số",
    "Cách tính hệ số",
    "Số quyết định",
    "Được phân bổ (đồng)",
    "Đã giải ngân (đồng)",
    "Tỷ lệ giải ngân (%)",
]


@dataclass
class RuleUsed:
    code: str
    version: str
    legal_source: str
    status: str = ""  # the national rule file's status (verified, secondary-source, …)


@dataclass
class PublicReport:
    province: AdminUnit
    year: int
    fund_kind: str | None
    lines: list[queries.MoneyLine]
    rules: list[RuleUsed]

    @property
    def totals(self) -> queries.Totals:
        return queries.totals(self.lines)

    def by_kind(self) -> list[tuple[str, queries.Totals]]:
        return [
            (str(label), queries.totals([x for x in self.lines if x.fund_kind == value]))
            for value, label in FundKind.choices
        ]

    def chart(self) -> dict[str, Any]:
        """Allocated and disbursed per unit, in million đồng, for ECharts."""
        merged: dict[str, list[int]] = {}
        for line in self.lines:
            entry = merged.setdefault(line.unit.name, [0, 0])
            entry[0] += line.allocated
            entry[1] += line.disbursed
        names = sorted(merged, key=lambda n: -merged[n][0])
        return {
            "labels": names,
            "allocated": [round(merged[n][0] / 1_000_000, 1) for n in names],
            "disbursed": [round(merged[n][1] / 1_000_000, 1) for n in names],
            "series": ["Được phân bổ (triệu đồng)", "Đã giải ngân (triệu đồng)"],
        }

    def rows(self) -> Iterable[list[Any]]:
        for line in self.lines:
            rate = line.rate
            yield [
                line.unit.code,
                line.unit.name,
                line.year,
                str(FUND_LABELS.get(line.fund_kind, line.fund_kind)),
                line.rule_code,
                str(line.coefficient) if line.coefficient is not None else "",
                line.breakdown,
                "; ".join(sorted(set(line.decisions))),
                line.allocated,
                line.disbursed,
                float(round(rate * 100, 1)) if rate is not None else "",
            ]

    def csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(self.rows())
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8

    def xlsx(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Phân bổ và giải ngân"
        sheet.append([f"{self.province.name} — vốn Chương trình MTQG xây dựng NTM năm {self.year}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(HEADER)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        current = sheet.max_row
        for row in self.rows():
            current += 1
            sheet.append(row)
            for column in (9, 10):
                sheet.cell(row=current, column=column).number_format = "#,##0"
        rules = workbook.create_sheet("Quy định áp dụng")
        rules.append(["Quy định", "Phiên bản", "Căn cứ", "Tình trạng"])
        for rule in self.rules:
            rules.append([rule.code, rule.version, rule.legal_source, rule.status])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def public_report(province: AdminUnit, year: int, fund_kind: str | None) -> PublicReport:
    allocations = queries.public_allocations(province, year)
    lines = queries.money_lines(allocations, year=year, fund_kind=fund_kind)
    seen: dict[tuple[str, str], RuleUsed] = {}
    for code, parameters in allocations.values_list("rule_code", "parameters"):
        version = str((parameters or {}).get("rule_version", code))
        if (code, version) not in seen:
            status = queries.national_rule(code).status if code in available_rule_codes() else ""
            legal = str((parameters or {}).get("legal_source", ""))
            seen[(code, version)] = RuleUsed(code, version, legal, status)
    return PublicReport(province, year, fund_kind, lines, list(seen.values()))


def disbursement_template(allocations: QuerySet[AllocationDecision]) -> bytes:
    """An import template listing the province's allocation lines (amount and date left blank)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Giải ngân"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in allocations.order_by("-year", "to_unit__code", "fund_kind")[:5000]:
        sheet.append([row.to_unit.code, row.decision_number, row.fund_kind, None, None, ""])
    for index in range(2, sheet.max_row + 1):
        sheet.cell(row=index, column=1).number_format = "@"  # keep leading zeros of codes
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
