"""Files are judged by their content: renamed executables, oversize files and zip bombs are out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ..filecheck import FileRejected, check_xlsx_archive, sniff_evidence

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 32


def office(kind: str) -> bytes:
    out = io.BytesIO()
    # A fixed timestamp keeps the bytes, and so the test ids, identical in every
    # pytest-xdist worker (workers must collect the same tests).
    stamp = (2026, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", stamp), "<Types/>")
        member = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
        archive.writestr(zipfile.ZipInfo(member, stamp), "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", b"%PDF-1.7\n...", "pdf"),
        ("anh.PNG", PNG, "png"),
        ("anh.jpg", JPEG, "jpeg"),
        ("bien-ban.docx", office("docx"), "docx"),
        ("bang.xlsx", office("xlsx"), "xlsx"),
    ],
    ids=["pdf", "png", "jpeg", "docx", "xlsx"],
)
def test_it_accepts_real_files(name: str, content: bytes, kind: str) -> None:
    assert sniff_evidence(io.BytesIO(content), name, len(content)) == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00", "không phải là tệp .pdf thật"),
        ("anh.jpg", PNG, "không phải là tệp .jpg thật"),
        ("tai-lieu.docx", office("xlsx"), "không phải là tệp .docx thật"),
        ("script.exe", b"MZ", "Không nhận loại tệp '.exe'"),
        ("khong-duoi", b"%PDF-", "Không nhận loại tệp"),
        ("rong.pdf", b"", "rỗng"),
    ],
    ids=["exe-as-pdf", "png-as-jpg", "xlsx-as-docx", "exe", "no-extension", "empty"],
)
def test_it_rejects_files_whose_content_does_not_match(
    name: str, content: bytes, message: str
) -> None:
    with pytest.raises(FileRejected, match=message):
        sniff_evidence(io.BytesIO(content), name, len(content))


def test_it_rejects_evidence_over_the_size_limit() -> None:
    with pytest.raises(FileRejected, match="vượt giới hạn 10 MB"):
        sniff_evidence(io.BytesIO(b"%PDF-"), "lon.pdf", 11 * 1024 * 1024)


def test_it_rejects_a_zip_bomb_by_its_compression_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    with pytest.raises(FileRejected, match="bom nén"):
        check_xlsx_archive(path)


def test_it_rejects_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "gia.xlsx"
    path.write_bytes(b"commune_code,value\n01290,5\n")
    with pytest.raises(FileRejected, match="không phải là tệp Excel"):
        check_xlsx_archive(path)


def test_it_rejects_too_large_and_empty_workbooks_without_opening_them(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"")
    with pytest.raises(FileRejected, match="rỗng"):
        check_xlsx_archive(path)
    with pytest.raises(FileRejected, match="vượt giới hạn 20 MB"):
        check_xlsx_archive(path, size=50 * 1024 * 1024)


def test_it_accepts_a_normal_workbook(tmp_path: Path) -> None:
    path = tmp_path / "ok.xlsx"
    path.write_bytes(office("xlsx"))
    check_xlsx_archive(path)
