"""Producing a report's files: take the data snapshot (or reuse one), then write Excel and PDF.

`build_snapshot` runs the providers; `render_files` turns a snapshot into (xlsx, pdf) bytes and
depends on nothing but the snapshot, which is what makes regeneration from a snapshot identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from .definitions import get_definition
from .models import Report
from .periods import Period
from .providers import make_context, run_provider
from .svg import bar_chart
from .tables import Cell, Column, Table
from .xlsx import SheetSection, build_workbook

SNAPSHOT_FORMAT = 1
Progress = Callable[[int, str], None]


def period_of(report: Report) -> Period:
    return Period(report.period_kind, report.year, report.half or None)


def report_title(report: Report) -> str:
    return get_definition(report.definition_code).title


def scope_label(report: Report) -> str:
    return report.province.name if report.province else "Toàn quốc"


def build_snapshot(report: Report, progress: Progress) -> dict[str, Any]:
    definition = get_definition(report.definition_code)
    context = make_context(report.province, period_of(report), definition.map)
    tables = definition.tables
    sections: list[dict[str, Any]] = []
    for section in definition.sections:
        if section.kind == "table":
            done = sum(1 for s in sections if s["kind"] == "table")
            progress(5 + 70 * done // max(1, len(tables)), f"Tổng hợp số liệu: {section.title}")
            table = run_provider(section.provider or "", context)
            if not section.chart:
                table.chart = None
            sections.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "kind": "table",
                    "provider": section.provider,
                    "table": table.to_dict(),
                }
            )
        else:
            sections.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "kind": "text",
                    "body": str(report.texts.get(section.key, "")).strip(),
                }
            )
    return {
        "format": SNAPSHOT_FORMAT,
        "definition": definition.code,
        "definition_version": definition.version,
        "title": definition.title,
        "scope": scope_label(report),
        "province": (
            {
                "structure": report.province.structure,
                "code": report.province.code,
                "name": report.province.name,
            }
            if report.province
            else None
        ),
        "map": definition.map,
        "period": {
            "kind": report.period_kind,
            "year": report.year,
            "half": report.half,
            "label": period_of(report).label(),
        },
        "taken_at": timezone.now().isoformat(),
        "sections": sections,
    }


def snapshot_tables(snapshot: dict[str, Any]) -> dict[str, Table]:
    return {
        s["key"]: Table.from_dict(s["table"])
        for s in snapshot.get("sections", [])
        if s["kind"] == "table"
    }


def _taken_at(snapshot: dict[str, Any]) -> str:
    moment = dt.datetime.fromisoformat(snapshot["taken_at"])
    return timezone.localtime(moment).strftime("%H:%M ngày %d/%m/%Y")


def render_xlsx(snapshot: dict[str, Any]) -> bytes:
    cover = [
        ("Báo cáo", snapshot["title"]),
        ("Địa bàn", snapshot["scope"]),
        ("Kỳ báo cáo", snapshot["period"]["label"]),
        ("Số liệu trích xuất lúc", _taken_at(snapshot)),
        ("Mẫu báo cáo", f"{snapshot['definition']} (phiên bản {snapshot['definition_version']})"),
    ]
    sections = [
        SheetSection(s["key"], s["title"], Table.from_dict(s["table"]))
        for s in snapshot["sections"]
        if s["kind"] == "table"
    ]
    texts = [(s["title"], s["body"]) for s in snapshot["sections"] if s["kind"] == "text"]
    return build_workbook(cover, sections, texts)


def format_cell(value: Cell, column: Column) -> dict[str, str]:
    if value is None or value == "":
        return {"text": "", "css": ""}
    if column.kind == "percent" and isinstance(value, int | float):
        return {"text": f"{value * 100:.1f}%".replace(".", ","), "css": "num"}
    if column.kind in {"int", "money"} and isinstance(value, int | float):
        return {"text": f"{value:,.0f}".replace(",", "."), "css": "num"}
    if column.kind == "number" and isinstance(value, int | float):
        text = f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return {"text": text, "css": "num"}
    return {"text": str(value), "css": ""}


def _lower_first(name: str) -> str:
    """ "Tỉnh Cao Bằng" → "tỉnh Cao Bằng" after "Ủy ban nhân dân"."""
    return name[:1].lower() + name[1:]


def pdf_context(snapshot: dict[str, Any], status_label: str) -> dict[str, Any]:
    sections = []
    for index, s in enumerate(snapshot["sections"], start=1):
        item: dict[str, Any] = {"anchor": f"muc-{index}", "title": s["title"], "kind": s["kind"]}
        if s["kind"] == "text":
            item["body"] = s["body"]
        else:
            table = Table.from_dict(s["table"])
            item.update(
                note=table.note,
                has_data=table.has_data,
                source=table.source,
                columns=[c.label for c in table.columns],
                rows=[
                    [format_cell(v, c) for v, c in zip(row, table.columns, strict=True)]
                    for row in table.rows
                ],
                totals=(
                    [format_cell(v, c) for v, c in zip(table.totals(), table.columns, strict=True)]
                    if table.has_totals()
                    else None
                ),
                chart=mark_safe(bar_chart(table)) if table.chart and table.rows else "",  # noqa: S308 - our own escaped SVG
            )
        sections.append(item)
    authority = (
        f"Ủy ban nhân dân {_lower_first(snapshot['province']['name'])}"
        if snapshot.get("province")
        else "Ban Chỉ đạo Trung ương các Chương trình MTQG"
    )
    return {
        "doc": {
            "title": snapshot["title"],
            "short_title": f"{snapshot['scope']} · {snapshot['period']['label']}",
            "authority": authority,
            "period_label": f"{snapshot['scope']} · {snapshot['period']['label']}",
            "taken_at": _taken_at(snapshot),
            "status": status_label,
            "definition": snapshot["definition"],
            "definition_version": snapshot["definition_version"],
            "sections": sections,
        }
    }


def render_html(snapshot: dict[str, Any], status_label: str) -> str:
    return render_to_string("reports/pdf.html", pdf_context(snapshot, status_label))


def render_pdf(snapshot: dict[str, Any], status_label: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(snapshot, status_label)).write_pdf()  # type: ignore[no-any-return]
