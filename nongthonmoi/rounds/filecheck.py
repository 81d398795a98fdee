"""Check uploaded files by their content (magic bytes), not by their name. Pure: no Django.

* ``sniff_evidence(head, name, size)`` – the kind of an evidence file (pdf, png, jpeg, docx …) or
  a ``FileRejected`` in Vietnamese.
* ``check_xlsx_archive(path)`` – refuse a workbook whose zip would expand to something huge (a zip
  bomb disguised as .xlsx) *before* any spreadsheet reader touches it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

MB = 1024 * 1024
EVIDENCE_MAX_BYTES = 10 * MB
WORKBOOK_MAX_BYTES = 20 * MB  # a national round is ≈ 6 MB
WORKBOOK_MAX_UNCOMPRESSED = 300 * MB
WORKBOOK_MAX_RATIO = 100  # xlsx XML compresses ≈ 10–20×; bombs compress 1000× and more
WORKBOOK_MAX_ENTRIES = 2000

# extension -> kinds the content may be (docx/xlsx/pptx are zip; doc/xls/ppt are OLE2)
EXTENSIONS: dict[str, str] = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "webp": "webp",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "odt": "odt",
    "ods": "ods",
    "doc": "ole",
    "xls": "ole",
    "ppt": "ole",
}
_ZIP_MARKERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


class FileRejected(ValueError):
    """A file that may not be stored or read; the message is shown to the user."""


def _kind_of(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def _zip_kind(stream: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.text" in mimetype:
                    return "odt"
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
            if "[Content_Types].xml" in names:
                for kind, prefix in _ZIP_MARKERS.items():
                    if any(n.startswith(prefix) for n in names):
                        return kind
    except zipfile.BadZipFile:
        return None
    return None


def sniff_evidence(stream: BinaryIO, name: str, size: int) -> str:
    """Return the checked kind of an evidence file or raise ``FileRejected``."""
    allowed = ", ".join(sorted(EXTENSIONS))
    if size <= 0:
        raise FileRejected(f"Tệp '{name}' rỗng.")
    if size > EVIDENCE_MAX_BYTES:
        raise FileRejected(
            f"Tệp '{name}' có dung lượng {size / MB:.1f} MB, vượt giới hạn "
            f"{EVIDENCE_MAX_BYTES // MB} MB."
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise FileRejected(f"Không nhận loại tệp '.{extension}'. Chỉ nhận: {allowed}.")
    stream.seek(0)
    kind = _kind_of(stream.read(16))
    if kind == "zip":
        stream.seek(0)
        kind = _zip_kind(stream)
    stream.seek(0)
    if kind != expected:
        raise FileRejected(
            f"Nội dung tệp '{name}' không phải là tệp .{extension} thật (có thể đã bị đổi đuôi)."
        )
    return extension if expected == "ole" else expected


def check_xlsx_archive(path: Path, size: int | None = None) -> None:
    """Refuse anything but a plausible .xlsx before it is parsed (size, zip entries, ratios)."""
    size = path.stat().st_size if size is None else size
    if size == 0:
        raise FileRejected("Tệp rỗng (0 byte).")
    if size > WORKBOOK_MAX_BYTES:
        raise FileRejected(
            f"Tệp có dung lượng {size / MB:.1f} MB, vượt giới hạn {WORKBOOK_MAX_BYTES // MB} MB. "
            "Hãy chia theo tỉnh hoặc theo xã."
        )
    with path.open("rb") as stream:
        if _kind_of(stream.read(8)) != "zip":
            raise FileRejected("Tệp không phải là tệp Excel .xlsx (nội dung không đúng định dạng).")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > WORKBOOK_MAX_ENTRIES:
                raise FileRejected(f"Tệp .xlsx chứa {len(entries)} thành phần: bất thường.")
            total = 0
            for entry in entries:
                total += entry.file_size
                if entry.file_size > 1 * MB and entry.file_size > WORKBOOK_MAX_RATIO * max(
                    entry.compress_size, 1
                ):
                    raise FileRejected(
                        "Tệp .xlsx bị nén bất thường (tỷ lệ nén quá cao — có thể là “bom nén”); "
                        "không đọc."
                    )
            if total > WORKBOOK_MAX_UNCOMPRESSED:
                raise FileRejected(
                    f"Tệp .xlsx giải nén ra {total / MB:.0f} MB, vượt giới hạn "
                    f"{WORKBOOK_MAX_UNCOMPRESSED // MB} MB; không đọc."
                )
            if "xl/workbook.xml" not in {e.filename for e in entries}:
                raise FileRejected("Tệp không phải là sổ tính Excel .xlsx.")
    except zipfile.BadZipFile as exc:
        raise FileRejected("Tệp .xlsx bị hỏng, không mở được.") from exc
