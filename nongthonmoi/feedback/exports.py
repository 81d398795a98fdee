"""Answers as CSV or Excel for the province, anonymous by construction.

Rows are built from a whitelist: commune, the date (no time), and the answers. No UUID, no hash,
no id; rows are ordered by commune then by the hash of their content, so the file does not reveal
the order in which people answered. Free text appears only once moderators approved it.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from .models import Answer, Moderation, Response, Survey
from .scoring import Kind

MAX_ROWS = 200_000


def header(survey: Survey) -> tuple[list[str], list[Any]]:
    questions = list(survey.template.questions.all())
    return ["ma_xa", "ten_xa", "ngay"] + [q.code for q in questions], questions


def rows(survey: Survey) -> Iterator[list[str]]:
    _, questions = header(survey)
    responses = (
        Response.objects.filter(survey=survey)
        .order_by("survey_commune__commune__code", "content_hash")
        .values_list(
            "pk", "survey_commune__commune__code", "survey_commune__commune__name", "received_on"
        )
    )[:MAX_ROWS]
    batch: list[tuple[int, str, str, Any]] = []
    for item in responses.iterator(chunk_size=2000):
        batch.append(item)
        if len(batch) == 2000:
            yield from _batch(batch, questions)
            batch = []
    if batch:
        yield from _batch(batch, questions)


def _batch(batch: list[tuple[int, str, str, Any]], questions: list[Any]) -> Iterator[list[str]]:
    values: dict[int, dict[int, str]] = defaultdict(dict)
    answers = Answer.objects.filter(response_id__in=[b[0] for b in batch]).values_list(
        "response_id", "question_id", "number", "choice", "choices", "text", "moderation"
    )
    kinds = {q.pk: q.kind for q in questions}
    for rid, qid, number, choice, choices, text, moderation in answers:
        kind = kinds.get(qid)
        if kind == Kind.TEXT:
            value = text if moderation == Moderation.APPROVED else ""
        elif kind == Kind.MULTIPLE:
            value = "; ".join(choices)
        elif kind == Kind.YESNO:
            value = "Có" if number else "Không"
        elif kind == Kind.SINGLE:
            value = choice
        else:
            value = "" if number is None else str(number)
        values[rid][qid] = value
    for rid, code, name, day in batch:
        yield [code, name, day.isoformat()] + [values[rid].get(q.pk, "") for q in questions]


class _Echo:
    def write(self, value: str) -> str:
        return value


def response(survey: Survey, fmt: str) -> HttpResponse | StreamingHttpResponse:
    names, _ = header(survey)
    filename = f"khao-sat-{survey.pk}"
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream() -> Iterator[str]:
            yield "\ufeff"  # Excel opens UTF-8 Vietnamese correctly with a BOM
            yield writer.writerow(names)
            for row in rows(survey):
                yield writer.writerow(row)

        result = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        result["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return result
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("tra_loi")
    sheet.append(names)
    for row in rows(survey):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    result["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return result
