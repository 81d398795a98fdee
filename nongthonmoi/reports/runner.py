"""The body of the generation task: snapshot → Excel → PDF, with progress written as it goes."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from .generation import build_snapshot, render_pdf, render_xlsx
from .models import Generation, GenerationStatus

log = logging.getLogger(__name__)


def _progress(generation_id: int) -> Any:
    def update(percent: int, step: str) -> None:
        Generation.objects.filter(pk=generation_id).update(
            progress=min(99, max(0, percent)), step=step[:200], status=GenerationStatus.RUNNING
        )

    return update


def file_stem(generation: Generation) -> str:
    report = generation.report
    scope = report.province.code if report.province else "toan-quoc"
    half = f"-{report.half}" if report.half else ""
    name = f"{report.definition_code}-{scope}-{report.year}{half}-{generation.pk}"
    return re.sub(r"[^a-z0-9-]", "", name.lower())


def run_generation(generation_id: int) -> str:
    generation = Generation.objects.select_related(
        "report", "report__province", "from_snapshot"
    ).get(pk=generation_id)
    if generation.status == GenerationStatus.DONE:
        return "already done"
    progress = _progress(generation_id)
    try:
        progress(2, "Bắt đầu")
        if generation.from_snapshot is not None:
            snapshot = generation.from_snapshot.snapshot
            progress(70, "Dùng lại bản số liệu đã lưu")
        else:
            snapshot = build_snapshot(generation.report, progress)
        progress(78, "Tạo tệp Excel")
        xlsx = render_xlsx(snapshot)
        progress(85, "Tạo tệp PDF")
        pdf = render_pdf(snapshot, generation.report.get_status_display())
        stem = file_stem(generation)
        generation.snapshot = snapshot
        generation.snapshot_at = dt.datetime.fromisoformat(snapshot["taken_at"])
        generation.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        generation.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        generation.status = GenerationStatus.DONE
        generation.progress = 100
        generation.step = "Hoàn thành"
        generation.finished_at = timezone.now()
        generation.save()
    except Exception as exc:  # the page must show the failure instead of polling forever
        log.exception("report generation %s failed", generation_id)
        Generation.objects.filter(pk=generation_id).update(
            status=GenerationStatus.FAILED,
            error=str(exc)[:2000],
            step="Lỗi",
            finished_at=timezone.now(),
        )
        raise
    return "done"
