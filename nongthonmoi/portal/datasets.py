"""Open data: a registry of downloadable datasets with DCAT-style metadata.

Any app may add a dataset: ``register(Dataset(slug=..., title=..., columns=[...], rows=callable))``,
usually from its AppConfig.ready(). `rows()` yields one tuple per row in column order; `modified()`
returns when the data last changed (used for the metadata and for cache keys). Files are built on
demand in CSV (UTF-8 with BOM, so Excel opens Vietnamese text), JSON and Excel, and cached.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"
PUBLISHER = "Văn phòng Điều phối nông thôn mới"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    kind: str = "string"  # string, integer, number, date, boolean


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: Sequence[Column]
    rows: Callable[[], Iterable[Sequence[Any]]]
    modified: Callable[[], dt.datetime | None]
    theme: str = "Nông thôn mới"
    period: str = ""
    keywords: Sequence[str] = field(default_factory=tuple)
    publisher: str = PUBLISHER
    licence: str = LICENCE
    source_note: str = ""
    illustrative: bool = False

    def metadata(self, base_url: str = "") -> dict[str, Any]:
        """DCAT-style metadata (dcat:Dataset with one dcat:Distribution per format)."""
        from django.urls import reverse

        modified = self.modified()
        return {
            "identifier": self.slug,
            "title": self.title,
            "description": self.description,
            "theme": self.theme,
            "keyword": list(self.keywords),
            "publisher": self.publisher,
            "license": self.licence,
            "license_url": LICENCE_URL if self.licence == LICENCE else "",
            "modified": modified.isoformat() if modified else None,
            "temporal": self.period,
            "landing_page": base_url + reverse("portal:dataset", kwargs={"slug": self.slug}),
            "illustrative": self.illustrative,
            "columns": [{"name": c.name, "title": c.title, "type": c.kind} for c in self.columns],
            "distribution": [
                {
                    "format": fmt.upper(),
                    "media_type": media.split(";")[0],
                    "download_url": base_url
                    + reverse("portal:dataset_download", kwargs={"slug": self.slug, "fmt": fmt}),
                }
                for fmt, media in FORMATS.items()
            ],
        }


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> None:
    _REGISTRY[dataset.slug] = dataset


def all_datasets() -> list[Dataset]:
    return sorted(_REGISTRY.values(), key=lambda d: d.title)


def get(slug: str) -> Dataset | None:
    return _REGISTRY.get(slug)


# -- file formats ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def to_csv(dataset: Dataset) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in dataset.columns])
    for row in dataset.rows():
        writer.writerow(["" if v is None else _plain(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(dataset: Dataset) -> bytes:
    names = [c.name for c in dataset.columns]
    payload = {
        "dataset": dataset.slug,
        "title": dataset.title,
        "license": dataset.licence,
        "columns": names,
        "rows": [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in dataset.rows()],
    }
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def to_xlsx(dataset: Dataset) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("du-lieu")
    sheet.append([c.title for c in dataset.columns])
    for row in dataset.rows():
        sheet.append(list(row))
    about = book.create_sheet("gioi-thieu")
    for label, value in [
        ("Bộ dữ liệu", dataset.title),
        ("Mô tả", dataset.description),
        ("Giấy phép", dataset.licence),
        ("Cơ quan công bố", dataset.publisher),
        ("Thời kỳ", dataset.period),
        ("Ghi chú", dataset.source_note),
    ]:
        about.append([label, value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WRITERS: dict[str, Callable[[Dataset], bytes]] = {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}


def render(dataset: Dataset, fmt: str) -> bytes:
    """The file, cached until the dataset changes (its modification time is part of the key)."""
    modified = dataset.modified()
    stamp = modified.timestamp() if modified else 0
    key = f"portal:dataset:{dataset.slug}:{fmt}:{stamp}"
    content = cache.get(key)
    if content is None:
        content = WRITERS[fmt](dataset)
        cache.set(key, content, 3600)
    return content  # type: ignore[no-any-return]


# -- built-in datasets -----------------------------------------------------------------------------


def _units_dataset(structure: str) -> Dataset:
    from nongthonmoi.places.models import AdminUnit

    def rows() -> Iterable[Sequence[Any]]:
        qs = (
            AdminUnit.objects.filter(structure=structure)
            .select_related("parent")
            .order_by("code")
            .values_list("code", "name", "level", "kind", "parent__code", "parent__name")
        )
        return qs.iterator(chunk_size=2000)

    def modified() -> dt.datetime | None:
        return None  # the maps are committed data files, unchanged between releases

    label = "từ 1/7/2025 (2 cấp)" if structure == "2025" else "2021–2025 (3 cấp)"
    return Dataset(
        slug=f"don-vi-hanh-chinh-{structure}",
        title=f"Danh mục đơn vị hành chính {label}",
        description=(
            "Mã và tên các đơn vị hành chính theo Danh mục của Tổng cục Thống kê, với đơn vị cấp trên. "
            "Dùng để ghép các bộ dữ liệu khác theo mã đơn vị (bản đồ "
            f"{structure})."
        ),
        columns=[
            Column("code", "Mã đơn vị"),
            Column("name", "Tên đơn vị"),
            Column("level", "Cấp"),
            Column("kind", "Loại"),
            Column("parent_code", "Mã đơn vị cấp trên"),
            Column("parent_name", "Tên đơn vị cấp trên"),
        ],
        rows=rows,
        modified=modified,
        period="từ 01/7/2025" if structure == "2025" else "2021–30/6/2025",
        keywords=("đơn vị hành chính", "mã GSO"),
        source_note="Danh mục đơn vị hành chính Việt Nam (Tổng cục Thống kê).",
    )


def latest_of(model: Any, field_name: str) -> Callable[[], dt.datetime | None]:
    def modified() -> dt.datetime | None:
        value = model.objects.aggregate(m=Max(field_name))["m"]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return timezone.make_aware(dt.datetime.combine(value, dt.time()))
        return value  # type: ignore[no-any-return]

    return modified


def _documents_dataset() -> Dataset:
    from .models import LegalDocument

    def rows() -> Iterable[Sequence[Any]]:
        for d in LegalDocument.objects.filter(published=True).order_by("-signed_on", "pk"):
            yield (
                d.number,
                d.get_doc_type_display(),
                d.title,
                d.issuer,
                d.signed_on,
                d.effective_from,
                d.effective_until,
                d.official_url,
            )

    return Dataset(
        slug="van-ban-phap-ly",
        title="Văn bản pháp lý về xây dựng nông thôn mới",
        description="Số, loại, trích yếu, cơ quan ban hành và hiệu lực các văn bản trên Cổng.",
        columns=[
            Column("number", "Số, ký hiệu"),
            Column("type", "Loại văn bản"),
            Column("title", "Trích yếu"),
            Column("issuer", "Cơ quan ban hành"),
            Column("signed_on", "Ngày ban hành", "date"),
            Column("effective_from", "Ngày hiệu lực", "date"),
            Column("effective_until", "Hết hiệu lực từ", "date"),
            Column("url", "Đường dẫn"),
        ],
        rows=rows,
        modified=latest_of(LegalDocument, "created_at"),
        keywords=("văn bản", "pháp lý"),
    )


def _decisions_dataset() -> Dataset:
    from .models import Decision

    def rows() -> Iterable[Sequence[Any]]:
        for d in (
            Decision.objects.filter(published=True)
            .select_related("unit")
            .order_by("-signed_on", "pk")
        ):
            yield (
                d.get_kind_display(),
                d.number,
                d.signed_on,
                d.issuer,
                d.unit.code if d.unit else "",
                d.unit.name if d.unit else "",
                d.recipient,
                d.content,
            )

    return Dataset(
        slug="khen-thuong-xu-phat",
        title="Quyết định khen thưởng, xử phạt trong xây dựng nông thôn mới",
        description="Các quyết định khen thưởng và xử phạt tập thể, cá nhân được công khai trên Cổng.",
        columns=[
            Column("kind", "Loại"),
            Column("number", "Số quyết định"),
            Column("signed_on", "Ngày ký", "date"),
            Column("issuer", "Cơ quan ban hành"),
            Column("unit_code", "Mã đơn vị"),
            Column("unit_name", "Đơn vị"),
            Column("recipient", "Tập thể, cá nhân"),
            Column("content", "Nội dung"),
        ],
        rows=rows,
        modified=latest_of(Decision, "created_at"),
        keywords=("khen thưởng", "xử phạt"),
    )


def _criteria_dataset() -> Dataset:
    from nongthonmoi.criteria.models import EvaluationSummary, ValuesBasis

    def summaries() -> Any:
        return (
            EvaluationSummary.objects.filter(basis=ValuesBasis.APPROVED, scope_unit__isnull=False)
            .select_related("scope_unit")
            .order_by("set_code", "-year", "scope_unit__code")
        )

    def rows() -> Iterable[Sequence[Any]]:
        for s in summaries():
            yield (
                s.set_code,
                s.year,
                s.scope_unit.structure,
                s.scope_unit.code,
                s.scope_unit.name,
                s.units_total,
                s.units_evaluated,
                s.meets_standard,
                round(s.share_meeting, 2),
                s.illustrative,
            )

    return Dataset(
        slug="ket-qua-tieu-chi-theo-tinh",
        title="Kết quả thực hiện bộ tiêu chí nông thôn mới theo tỉnh",
        description=(
            "Số xã đánh giá và số xã đạt chuẩn theo từng tỉnh, tính từ số liệu đã được phê duyệt "
            "(cột illustrative = true: số liệu minh hoạ, không chính thức)."
        ),
        columns=[
            Column("set_code", "Bộ tiêu chí"),
            Column("year", "Năm", "integer"),
            Column("structure", "Bản đồ"),
            Column("province_code", "Mã tỉnh"),
            Column("province_name", "Tỉnh"),
            Column("communes", "Số xã", "integer"),
            Column("evaluated", "Số xã đã đánh giá", "integer"),
            Column("meeting", "Số xã đạt chuẩn", "integer"),
            Column("share", "Tỷ lệ đạt chuẩn (%)", "number"),
            Column("illustrative", "Minh hoạ", "boolean"),
        ],
        rows=rows,
        modified=latest_of(EvaluationSummary, "computed_at"),
        period="2021–2030",
        keywords=("tiêu chí", "đạt chuẩn"),
    )


def register_builtins() -> None:
    register(_units_dataset("2025"))
    register(_units_dataset("2021"))
    register(_documents_dataset())
    register(_decisions_dataset())
    register(_criteria_dataset())
