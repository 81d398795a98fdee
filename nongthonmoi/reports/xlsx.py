"""The Excel file of a report: a cover sheet, one styled sheet per table, one for the texts.

Pure (openpyxl, no Django). Totals are SUM formulas and rates are divisions over the row's own
cells, so a reader who corrects a number in Excel sees the totals and rates follow.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .tables import Table

HEADER_FILL = PatternFill("solid", fgColor="2F7D4F")
TOTAL_FILL = PatternFill("solid", fgColor="E8F2EB")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORMATS = {"int": "#,##0", "money": "#,##0", "percent": "0.0%", "number": "#,##0.00"}
FIRST_DATA_ROW = 5  # rows 1–3: title, source, note; row 4: header


@dataclass(frozen=True)
class SheetSection:
    key: str
    title: str
    table: Table


def sheet_name(index: int, title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    clean = re.sub(r"[\[\]:*?/\\]", " ", title)
    return f"{index}. {clean}"[:31].strip()


def write_table(sheet: Worksheet, title: str, table: Table) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    if table.source:
        sheet["A2"] = f"Nguồn số liệu: {table.source}"
        sheet["A2"].font = Font(italic=True, size=9, color="666666")
    if table.note:
        sheet["A3"] = table.note
        sheet["A3"].font = Font(italic=True, color="8A5A00" if not table.has_data else "333333")
    letters = {c.key: get_column_letter(i + 1) for i, c in enumerate(table.columns)}
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=FIRST_DATA_ROW - 1, column=index, value=column.label)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
        width = max([len(column.label) * 0.8] + [len(str(r[index - 1] or "")) for r in table.rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(12, width + 2))
    for offset, row in enumerate(table.rows):
        r = FIRST_DATA_ROW + offset
        for index, column in enumerate(table.columns, start=1):
            value = row[index - 1]
            if column.ratio:
                numerator, denominator = (f"{letters[k]}{r}" for k in column.ratio)
                value = f'=IF({denominator}=0,"",{numerator}/{denominator})'
            cell = sheet.cell(row=r, column=index, value=value)
            cell.border = BORDER
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
    if table.has_totals():
        last = FIRST_DATA_ROW + len(table.rows) - 1
        r = last + 1
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            if column.total:
                value: object = f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{last})"
            elif column.ratio:
                numerator, denominator = (f"{letters[k]}{r}" for k in column.ratio)
                value = f'=IF({denominator}=0,"",{numerator}/{denominator})'
            else:
                value = "Tổng cộng" if index == 1 else None
            cell = sheet.cell(row=r, column=index, value=value)
            cell.font = Font(bold=True)
            cell.fill = TOTAL_FILL
            cell.border = BORDER
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)
    sheet.row_dimensions[FIRST_DATA_ROW - 1].height = 32


def build_workbook(
    cover: list[tuple[str, str]],
    sections: list[SheetSection],
    texts: list[tuple[str, str]],
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Thông tin"
    for row, (label, value) in enumerate(cover, start=1):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    for index, section in enumerate(sections, start=1):
        write_table(
            workbook.create_sheet(sheet_name(index, section.title)), section.title, section.table
        )
    if texts:
        notes = workbook.create_sheet("Khó khăn, kiến nghị")
        notes.column_dimensions["A"].width = 30
        notes.column_dimensions["B"].width = 100
        for row, (title, body) in enumerate(texts, start=1):
            notes.cell(row=row, column=1, value=title).font = Font(bold=True)
            cell = notes.cell(row=row, column=2, value=body)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
