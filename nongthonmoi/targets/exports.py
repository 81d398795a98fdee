"""The target board and the task list as Excel (openpyxl) and PDF (WeasyPrint)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from .aggregation import quantize
from .models import Task, TaskState

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATE_VI = {
    "open": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "overdue": "Quá hạn",
}


def _number(value: Any) -> float | None:
    return float(value) if value is not None else None


def _xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def board_xlsx(context: dict[str, Any]) -> HttpResponse:
    unit = context["unit"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Chi tieu"
    ws.append(
        [f"Bảng theo dõi chỉ tiêu — {unit.name}", "", "", f"ngày {context['today']:%d/%m/%Y}"]
    )
    ws["A1"].font = Font(bold=True)
    header = [
        "Chương trình",
        "Mã chỉ tiêu",
        "Nội dung",
        "Đơn vị tính",
        "Năm số liệu",
        "Giá trị",
        "Tử số",
        "Mẫu số",
        "Chỉ tiêu",
        "Năm đích",
        "Giá trị kỳ vọng",
        "Tình trạng",
        "Căn cứ chỉ tiêu",
        "Nguồn",
        "Mức tin cậy nguồn",
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in context["rows"]:
        eff = row.effective
        basis = {
            "province": f"Chỉ tiêu riêng của tỉnh ({eff.decision_number})",
            "regional": "Chỉ tiêu theo vùng",
            "national": "Chỉ tiêu toàn quốc",
        }[eff.origin]
        ws.append(
            [
                row.target.programme.name,
                row.target.code,
                row.target.text,
                row.target.unit_label,
                row.year,
                _number(quantize(row.value)),
                _number(row.numerator),
                _number(row.denominator),
                _number(eff.target_value),
                eff.target_year,
                _number(quantize(row.expected)),
                row.status_label,
                basis,
                row.target.source,
                row.target.get_source_status_display(),
            ]
        )
    for letter, width in zip(
        "ABCDEFGHIJKLMNO", [30, 22, 60, 10, 8, 10, 8, 8, 8, 8, 10, 16, 30, 40, 14], strict=True
    ):
        ws.column_dimensions[letter].width = width
    return _xlsx_response(wb, f"chi-tieu-{unit.code}.xlsx")


def board_pdf(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return _pdf_response(
        request, "targets/board_pdf.html", context, f"chi-tieu-{context['unit'].code}.pdf"
    )


def _task_row(task: Task, today: dt.date) -> list[Any]:
    return [
        task.pk,
        task.title,
        task.assignee_org,
        task.assignee_unit.name,
        str(task.owner) if task.owner else "",
        task.start_date,
        task.deadline,
        STATE_VI[task.display_state(today)],
        task.completed_on,
        str(task.conclusion.conference) if task.conclusion else "",
    ]


def tasks_xlsx(tasks: list[Task], today: dt.date) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiem vu"
    ws.append(
        [
            "Số",
            "Nhiệm vụ",
            "Cơ quan thực hiện",
            "Đơn vị hành chính",
            "Người phụ trách",
            "Bắt đầu",
            "Thời hạn",
            "Trạng thái",
            "Hoàn thành ngày",
            "Theo hội nghị",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for task in tasks:
        ws.append(_task_row(task, today))
        for col in (6, 7, 9):
            ws.cell(ws.max_row, col).number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFGHIJ", [6, 60, 30, 20, 20, 12, 12, 16, 14, 40], strict=True):
        ws.column_dimensions[letter].width = width
    return _xlsx_response(wb, "nhiem-vu.xlsx")


def tasks_pdf(request: HttpRequest, tasks: list[Task], today: dt.date) -> HttpResponse:
    rows = [(t, STATE_VI[t.display_state(today)]) for t in tasks]
    return _pdf_response(
        request,
        "targets/tasks_pdf.html",
        {"rows": rows, "today": today, "done": TaskState.DONE},
        "nhiem-vu.pdf",
    )
