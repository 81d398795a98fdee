"""The PDF: Vietnamese text survives (extracted back), cover, table of contents, SVG charts."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from nongthonmoi.reports import services
from nongthonmoi.reports.generation import render_html
from nongthonmoi.reports.models import GenerationStatus

pytestmark = pytest.mark.django_db
RESULTS = Path(__file__).resolve().parents[3] / "test-results"
STAFF_TEXT = "Thiếu vốn đối ứng ở xã Lý Bôn; đường giao thông xuống cấp sau mưa lũ."


def extracted_text(pdf: bytes, tmp_path: Path, html: str) -> str:
    """pdftotext (poppler) when installed; otherwise the text of WeasyPrint's own layout."""
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    from weasyprint import HTML

    document = HTML(string=html).render()
    texts: list[str] = []

    def walk(box: object) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            texts.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(texts)


def mapped_characters(pdf: bytes) -> set[str]:
    """Every character the PDF's ToUnicode maps can produce (what a reader can copy out)."""
    chars: set[str] = set()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            stream = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        if b"beginbfchar" in stream:
            for target in re.findall(rb"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>", stream):
                chars.add(bytes.fromhex(target.decode()).decode("utf-16-be"))
    return chars


@pytest.fixture
def generation(personas, units, criteria_demo, ocop_products, immediate_tasks, private_dir):  # type: ignore[no-untyped-def]
    report = services.do_create_report(
        personas.approver, "bao-cao-6-thang", 2026, 1, units.province
    )
    services.do_save_texts(personas.approver, report, {"kho-khan": STAFF_TEXT})
    generation = services.do_request_generation(personas.approver, report)
    generation.refresh_from_db()
    assert generation.status == GenerationStatus.DONE, generation.error
    return generation


def test_the_pdf_text_comes_back_with_its_diacritics(generation, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf = generation.pdf.read()
    html = render_html(generation.snapshot, "dự thảo")
    text = re.sub(r"\s+", " ", extracted_text(pdf, tmp_path, html))
    for expected in (
        "Báo cáo kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới 6 tháng",
        "Tỉnh Cao Bằng",
        "6 tháng đầu năm 2026",
        "Mục lục",
        "Sản phẩm OCOP theo số sao",
        "Khó khăn, vướng mắc",
        STAFF_TEXT,
    ):
        assert re.sub(r"\s+", " ", expected) in text, expected


def test_every_vietnamese_letter_used_is_mapped_back_to_unicode(generation) -> None:  # type: ignore[no-untyped-def]
    pdf = generation.pdf.read()
    needed = set(STAFF_TEXT + "Báo cáo kết quả Chương trình Cao Bằng ỦY BAN NHÂN DÂN") - {" "}
    assert needed <= mapped_characters(pdf)
    assert (
        b"DejaVu" in pdf
        or b"Liberation" in pdf
        or any(
            b"DejaVu" in zlib.decompress(m.group(1))
            for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
            if _inflates(m.group(1))
        )
    )


def _inflates(data: bytes) -> bool:
    try:
        zlib.decompress(data)
    except zlib.error:
        return False
    return True


def test_the_html_has_a_cover_a_table_of_contents_and_svg_charts(generation) -> None:  # type: ignore[no-untyped-def]
    html = render_html(generation.snapshot, "dự thảo")
    assert 'class="cover"' in html and 'class="toc"' in html
    assert html.count("<svg") >= 2 and "<script" not in html


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_pages_render_to_images_for_the_documentation(generation, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.pdf"
    path.write_bytes(generation.pdf.read())
    RESULTS.mkdir(exist_ok=True)
    for page, name in ((1, "report-page1"), (4, "report-table")):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "100",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(path),
                str(RESULTS / name),
            ],
            check=True,
        )
        assert (RESULTS / f"{name}.png").stat().st_size > 5_000
