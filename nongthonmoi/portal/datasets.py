"""Open data: a registry of downloadable datasets with DCAT-style metadata.

Any app may add a dataset: ``register(Dataset(slug=..., title=..., columns=[...], rows=callable))``,
usually from its AppConfig.ready(). `rows()` yields one tuple per row in column order; `modified()`
returns when the data last changed (used for the metadata and to name the export files). Files are
written on demand in CSV (UTF-8 with BOM, so Excel opens Vietnamese text), JSON and Excel, row by
row from `rows()` (so give it a lazy iterator, e.g. a queryset's `.iterator(chunk_size=...)`), into
one file per dataset, format and stamp under DATA_DIR/exports (`export_file`), served as a file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection
from django.db.models import Max, QuerySet
from django.utils import timezone

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: concurrent requests may both write the file
    fcntl = None  # type: ignore[assignment]

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
    kind: str = "string"  # string, integer, number, date, datetime, boolean


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
#
# Each writer streams the rows into a binary file object, one row at a time: memory stays bounded
# whatever the number of rows (openpyxl's write-only mode spools the sheet to a temporary file; it
# keeps a table of the distinct strings, which grows with the number of distinct names, not rows).


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _cell(value: Any) -> Any:
    """Excel has no time zones: aware datetimes are written in local time."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


@contextlib.contextmanager
def _rows(dataset: Dataset) -> Iterator[Iterator[Sequence[Any]]]:
    """The dataset's rows, closed after use even if writing fails (releasing a database cursor)."""
    rows = iter(dataset.rows())
    try:
        yield rows
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def write_csv(dataset: Dataset, out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        text.write("\ufeff")  # a BOM, so Excel opens Vietnamese text
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([c.name for c in dataset.columns])
        with _rows(dataset) as rows:
            for row in rows:
                writer.writerow(["" if v is None else _plain(v) for v in row])
        text.flush()
    finally:
        text.detach()  # leave `out` open for the caller


def write_json(dataset: Dataset, out: BinaryIO) -> None:
    names = [c.name for c in dataset.columns]
    head = json.dumps(
        {
            "dataset": dataset.slug,
            "title": dataset.title,
            "license": dataset.licence,
            "columns": names,
        },
        ensure_ascii=False,
    )
    out.write((head[:-1] + ', "rows": [').encode("utf-8"))
    separator = b""
    with _rows(dataset) as rows:
        for row in rows:
            item = dict(zip(names, (_plain(v) for v in row), strict=True))
            out.write(separator + json.dumps(item, ensure_ascii=False).encode("utf-8"))
            separator = b", "
    out.write(b"]}")


def write_xlsx(dataset: Dataset, out: BinaryIO) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    try:
        sheet = book.create_sheet("du-lieu")
        sheet.append([c.title for c in dataset.columns])
        with _rows(dataset) as rows:
            for row in rows:
                sheet.append([_cell(v) for v in row])
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
        book.save(out)
    except BaseException:
        # openpyxl spools each write-only sheet to its own temporary file and removes it only
        # when the book is saved (or at exit): on failure, close and remove them now
        for ws in book.worksheets:
            writer = getattr(ws, "_writer", None)
            if writer is not None:
                with contextlib.suppress(Exception):
                    ws.close()
                with contextlib.suppress(Exception):
                    writer.cleanup()
        raise


WRITERS: dict[str, Callable[[Dataset, BinaryIO], None]] = {
    "csv": write_csv,
    "json": write_json,
    "xlsx": write_xlsx,
}


# -- export files ----------------------------------------------------------------------------------
#
# Each (dataset, format, modified stamp) is written once into <DATA_DIR>/exports/<database>/ and
# served from there as a file (views.dataset_download streams it). A file is written under a
# temporary name in the same folder and renamed into place only when complete, so a failed or
# killed export never leaves a partial file behind under the served name. A lock per dataset and
# format makes concurrent requests wait for one writer instead of all writing the same file.
# The folder is per database, so test runs and the site never share files.

MAX_AGE = 3600  # seconds; a file is rewritten after this even if its stamp has not changed
# (some changes do not move a dataset's stamp, e.g. a document unpublished: at most this stale)


def export_dir() -> Path:
    """The folder for this database's export files (settings are read at each use)."""
    db = connection.settings_dict
    key = f"{connection.vendor}:{db.get('HOST') or ''}:{db.get('PORT') or ''}:{db.get('NAME')}"
    return Path(settings.DATA_DIR) / "exports" / hashlib.sha1(key.encode()).hexdigest()[:12]


def _stamp(dataset: Dataset) -> int:
    modified = dataset.modified()
    return round(modified.timestamp() * 1_000_000) if modified else 0


def _fresh(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime < MAX_AGE
    except FileNotFoundError:
        return False


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def export_file(dataset: Dataset, fmt: str) -> Path:
    """The complete file of the dataset in `fmt` for its current stamp, written first if needed."""
    writer = WRITERS[fmt]
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dataset.slug}--{_stamp(dataset)}.{fmt}"
    if _fresh(path):
        return path
    with _locked(folder / f"{dataset.slug}.{fmt}.lock"):
        if _fresh(path):  # another request wrote it while this one waited
            return path
        # under the lock no one else writes this dataset and format: leftovers are from failures
        for orphan in folder.glob(f".{dataset.slug}.{fmt}.*.tmp"):
            orphan.unlink(missing_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
            dir=folder, prefix=f".{dataset.slug}.{fmt}.", suffix=".tmp", delete=False
        )
        try:
            with handle:
                writer(dataset, handle.file)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{dataset.slug}--*.{fmt}"):
            if old != path:
                old.unlink(missing_ok=True)  # a reader already serving it keeps its open file
    return path


def open_export(dataset: Dataset, fmt: str) -> BinaryIO:
    """The export file opened for reading (written first if needed), for a streamed response."""
    try:
        return export_file(dataset, fmt).open("rb")
    except FileNotFoundError:  # replaced by a newer stamp between writing and opening: once more
        return export_file(dataset, fmt).open("rb")


# -- built-in datasets -----------------------------------------------------------------------------

CHUNK = 2000  # rows fetched from the database at a time


def _units_dataset(structure: str) -> Dataset:
    from nongthonmoi.places.models import AdminUnit

    def rows() -> Iterable[Sequence[Any]]:
        qs = (
            AdminUnit.objects.filter(structure=structure)
            .select_related("parent")
            .order_by("code")
            .values_list("code", "name", "level", "kind", "parent__code", "parent__name")
        )
        return qs.iterator(chunk_size=CHUNK)

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
    """`modified` for a dataset: the latest `field_name` of a model (or of a queryset)."""

    def modified() -> dt.datetime | None:
        rows = model if isinstance(model, QuerySet) else model.objects
        value = rows.aggregate(m=Max(field_name))["m"]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return timezone.make_aware(dt.datetime.combine(value, dt.time()))
        return value  # type: ignore[no-any-return]

    return modified


def _documents_dataset() -> Dataset:
    from .models import LegalDocument

    def rows() -> Iterable[Sequence[Any]]:
        documents = LegalDocument.objects.filter(published=True).order_by("-signed_on", "pk")
        for d in documents.iterator(chunk_size=CHUNK):
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
            .iterator(chunk_size=CHUNK)
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


def _commune_results_dataset() -> Dataset:
    """Every commune's result per criteria set and year, from approved values only.

    Read with `values_list` (never the explanation JSON, ~13 KB a row) and streamed in chunks: at
    3,321 communes × sets × years this is the largest dataset the platform publishes.
    """
    from nongthonmoi.criteria.models import Evaluation, EvaluationSummary, ValuesBasis
    from nongthonmoi.places.models import Level

    def approved() -> Any:
        return Evaluation.objects.filter(basis=ValuesBasis.APPROVED, unit__level=Level.COMMUNE)

    def rows() -> Iterable[Sequence[Any]]:
        return (
            approved()
            .order_by("set_code", "-year", "unit__structure", "province__code", "unit__code")
            .values_list(
                "unit__structure",
                "province__code",
                "province__name",
                "unit__code",
                "unit__name",
                "set_code",
                "year",
                "criteria_met",
                "criteria_total",
                "meets_standard",
                "illustrative",
                "computed_at",
            )
            .iterator(chunk_size=CHUNK)
        )

    return Dataset(
        slug="ket-qua-tieu-chi-theo-xa",
        title="Kết quả thực hiện bộ tiêu chí nông thôn mới theo xã",
        description=(
            "Số tiêu chí đạt và kết quả đạt chuẩn của từng xã theo bộ tiêu chí và năm, tính từ số "
            "liệu đã được phê duyệt (cột illustrative = true: ngưỡng minh hoạ, không chính thức)."
        ),
        columns=[
            Column("structure", "Bản đồ"),
            Column("province_code", "Mã tỉnh"),
            Column("province_name", "Tỉnh"),
            Column("commune_code", "Mã xã"),
            Column("commune_name", "Xã"),
            Column("set_code", "Bộ tiêu chí"),
            Column("year", "Năm", "integer"),
            Column("criteria_met", "Số tiêu chí đạt", "integer"),
            Column("criteria_total", "Tổng số tiêu chí", "integer"),
            Column("meets_standard", "Đạt chuẩn", "boolean"),
            Column("illustrative", "Minh hoạ", "boolean"),
            Column("computed_at", "Thời điểm tính", "datetime"),
        ],
        rows=rows,
        # Every recompute (criteria.services.do_recompute, the only writer of results, deletions
        # included) refreshes the summaries in the same transaction, stamped later than its
        # results: their small table gives the stamp without scanning the national results on
        # every download.
        modified=latest_of(
            EvaluationSummary.objects.filter(basis=ValuesBasis.APPROVED), "computed_at"
        ),
        period="2021–2030",
        keywords=("tiêu chí", "đạt chuẩn", "xã"),
    )


def register_builtins() -> None:
    register(_units_dataset("2025"))
    register(_units_dataset("2021"))
    register(_documents_dataset())
    register(_decisions_dataset())
    register(_criteria_dataset())
    register(_commune_results_dataset())
