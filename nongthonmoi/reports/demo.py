"""Demo reports: Cao Bằng's draft six-month report for 2026 (with its files) and annual reports.

Deterministic and idempotent: a report that already exists is left as it is. The staff texts are
invented for the demo and say so.
"""

from __future__ import annotations

from nongthonmoi.accounts.models import User
from nongthonmoi.demo import base
from nongthonmoi.places.models import AdminUnit, Level, Structure

from .models import Generation, Report
from .runner import run_generation
from .services import do_create_report, do_save_texts

YEAR = 2026
DEMO_TEXTS = {
    "kho-khan": (
        "(Nội dung minh hoạ) Nguồn vốn đối ứng của ngân sách địa phương còn hạn chế; một số xã "
        "vùng cao sau sắp xếp có địa bàn rộng, giao thông đi lại khó khăn, ảnh hưởng đến tiến độ "
        "thực hiện tiêu chí về hạ tầng và thu nhập."
    ),
    "kien-nghi": (
        "(Nội dung minh hoạ) Đề nghị Trung ương sớm ban hành hướng dẫn chi tiết Bộ tiêu chí xã "
        "nông thôn mới giai đoạn 2026–2030 và bố trí vốn sự nghiệp cho các xã đặc biệt khó khăn."
    ),
}


def _report(
    actor: User, definition: str, half: int | None, province: AdminUnit | None
) -> tuple[Report, bool]:
    existing = Report.objects.filter(
        definition_code=definition, year=YEAR, half=half or 0, province=province
    ).first()
    if existing is not None:
        return existing, False
    return do_create_report(actor, definition, YEAR, half, province), True


def load() -> list[str]:
    province = AdminUnit.objects.get(
        structure=Structure.NEW, level=Level.PROVINCE, code=base.PROVINCE
    )
    approver = User.objects.get(username="tinh.caobang")
    central = User.objects.get(username="trunguong")
    lines = []
    half_year, created = _report(approver, "bao-cao-6-thang", 1, province)
    if created:
        do_save_texts(approver, half_year, DEMO_TEXTS)
    if not half_year.generations.exists():
        generation = Generation.objects.create(report=half_year, requested_by=approver)
        run_generation(generation.pk)  # the demo has its files at once, without a worker
    lines.append(f"reports: Cao Bằng six-month report {YEAR} (draft, with Excel and PDF)")
    annual, created = _report(approver, "bao-cao-nam", None, province)
    if created:
        do_save_texts(approver, annual, DEMO_TEXTS)
    lines.append(f"reports: Cao Bằng annual report {YEAR} (draft)")
    _report(central, "bao-cao-nam", None, None)
    lines.append(f"reports: national annual report {YEAR} (draft)")
    return lines
