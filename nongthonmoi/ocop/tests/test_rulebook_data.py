"""The rulebook data: all 26 sheets of QĐ 26/2026 load and add up, Appendix I, older rulebooks."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from nongthonmoi.ocop import rulebook as rulebook_module
from nongthonmoi.ocop.rulebook import (
    RULEBOOK_DIR,
    RulebookError,
    in_force,
    list_rulebooks,
    load_rulebook,
)

SHEET_FILES = sorted((RULEBOOK_DIR / "qd-26-2026" / "sheets").glob("set-*.yaml"))


@pytest.fixture(scope="module")
def qd26():
    return load_rulebook("qd-26-2026")


def test_all_26_sheets_load(qd26) -> None:
    assert sorted(qd26.sheets) == list(range(1, 27))
    assert len(SHEET_FILES) == 26


@pytest.mark.parametrize("path", SHEET_FILES, ids=lambda p: p.stem)
def test_every_sheet_sums_to_40_25_35_from_the_raw_file(path: Path) -> None:
    # Read the YAML directly (not through the loader) so this check is independent of it.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def leaf_total(node: dict) -> int:
        if "criteria" in node:
            children = sum(leaf_total(child) for child in node["criteria"])
            assert children == node["max"], f"{node['code']}: children {children} ≠ {node['max']}"
            return node["max"]
        best = max(o["points"] for o in node["options"] if o["points"] is not None)
        assert best == node["max"], f"{node['code']}: best option {best} ≠ max {node['max']}"
        return node["max"]

    totals = {p["code"]: sum(leaf_total(c) for c in p["criteria"]) for p in data["parts"]}
    assert totals == {"A": 40, "B": 25, "C": 35}
    assert sum(totals.values()) == 100 == data["printed_total"]


def test_every_criterion_max_equals_its_best_option(qd26) -> None:
    for sheet in qd26.sheets.values():
        for criterion in sheet.criteria:
            assert max(criterion.offered_points) == criterion.max, (sheet.set_number, criterion)


def test_criterion_codes_are_unique_and_numbered_as_printed(qd26) -> None:
    for sheet in qd26.sheets.values():
        codes = [c.code for c in sheet.criteria]
        assert len(codes) == len(set(codes))
        assert all(part in {"A", "B", "C"} for part in (c.part for c in sheet.criteria))
        # Parts A and B always hold groups 1–3 and 4–5.
        assert {c.code.split(".")[0] for c in sheet.criteria if c.part == "A"} == {"1", "2", "3"}
        assert {c.code.split(".")[0] for c in sheet.criteria if c.part == "B"} == {"4", "5"}


def test_star_marks_are_only_3_4_or_5_and_sit_on_scored_options(qd26) -> None:
    marks = 0
    for sheet in qd26.sheets.values():
        for criterion in sheet.criteria:
            for option in criterion.options:
                if option.minimum_for_stars is not None:
                    marks += 1
                    assert option.minimum_for_stars in (3, 4, 5)
                    assert option.points is not None
    assert marks > 26 * 5  # every food sheet carries a dozen or more


def test_every_sheet_but_tourism_prints_rejection_conditions(qd26) -> None:
    for number, sheet in qd26.sheets.items():
        if number == 26:
            assert sheet.rejected_when == ()
        else:
            assert sheet.rejected_when, number
            assert "Giả mạo hồ sơ" in sheet.rejected_when[0]


def test_criterion_level_rejections_are_exposed(qd26) -> None:
    conditions = qd26.sheet(7).rejection_conditions
    assert any(c.startswith("1.1: ") and "nhập khẩu" in c for c in conditions)


def test_appendix_i_has_6_groups_and_26_sets_in_sheet_order(qd26) -> None:
    assert [g["code"] for g in qd26.groups] == ["I", "II", "III", "IV", "V", "VI"]
    assert sorted(qd26.product_sets) == list(range(1, 27))
    assert qd26.product_sets[1].name == "Rau, củ, quả, hạt tươi"
    assert qd26.product_sets[1].nhom == "Thực phẩm tươi sống"
    assert qd26.product_sets[13].name == "Cà phê, ca cao"  # a nhóm without phân nhóm
    assert qd26.product_sets[14].group_code == "II"
    assert qd26.product_sets[19].lead_ministry == "Bộ Y tế"
    assert qd26.product_sets[26].group_code == "VI"
    for number, product_set in qd26.product_sets.items():
        assert qd26.sheet(number).title.startswith(product_set.name.split(",")[0][:4])


def test_rulebook_cites_its_legal_source_and_bands(qd26) -> None:
    assert qd26.legal_source["number"] == "26/2026/QĐ-TTg"
    assert qd26.applies_from == dt.date(2026, 5, 22)
    assert [(b.stars, b.low, b.below) for b in qd26.star_bands] == [
        (5, 90, None),
        (4, 70, 90),
        (3, 50, 70),
        (2, 30, 50),
        (1, 0, 30),
    ]
    assert qd26.part_maxima == {"A": 40, "B": 25, "C": 35}


def test_older_rulebooks_have_bands_parts_and_no_invented_sheets() -> None:
    qd148 = load_rulebook("qd-148-2023")
    qd1048 = load_rulebook("qd-1048-2019")
    assert qd148.part_maxima == {"A": 40, "B": 25, "C": 35}
    assert qd1048.part_maxima == {"A": 35, "B": 25, "C": 40}
    assert qd148.sheets == {} and qd148.raw["sheets"]["status"] == "unknown"
    assert qd1048.sheets == {} and qd1048.raw["sheets"]["status"] == "unknown"
    assert qd148.minimums_status == "unknown"
    assert len(qd148.raw["groups"]["list"]) == 6


def test_list_and_in_force_pick_the_rulebook_by_filing_date() -> None:
    assert [r.code for r in list_rulebooks()] == ["qd-26-2026", "qd-148-2023", "qd-1048-2019"]
    assert in_force(dt.date(2026, 5, 22)).code == "qd-26-2026"
    assert in_force(dt.date(2026, 5, 21)).code == "qd-148-2023"
    assert in_force(dt.date(2023, 2, 24)).code == "qd-148-2023"
    assert in_force(dt.date(2023, 2, 23)).code == "qd-1048-2019"
    with pytest.raises(LookupError):
        in_force(dt.date(2010, 1, 1))


def test_it_rejects_an_unknown_rulebook_code() -> None:
    with pytest.raises(RulebookError, match="qd-26-2026"):
        load_rulebook("qd-99-2099")


def _broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "qd-26-2026"
    shutil.copytree(RULEBOOK_DIR / "qd-26-2026", target)
    return tmp_path


def test_it_lists_every_problem_of_a_broken_sheet(tmp_path: Path) -> None:
    base = _broken_copy(tmp_path)
    sheet_path = base / "qd-26-2026" / "sheets" / "set-01.yaml"
    data = yaml.safe_load(sheet_path.read_text(encoding="utf-8"))
    data["parts"][0]["criteria"][0]["criteria"][0]["max"] = 4  # 1.1 above its best option
    data["parts"][2]["max"] = 30  # part C not 35
    sheet_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        rulebook_module._load_rulebook_from(base, "qd-26-2026")
    text = "\n".join(caught.value.problems)
    assert "set-01.yaml" in text
    assert "tiêu chí 1.1: tối đa 4" in text
    assert "phần C tối đa 30, cần 35" in text
    assert len(caught.value.problems) >= 3


def test_it_reports_invalid_yaml_with_the_file_name(tmp_path: Path) -> None:
    base = _broken_copy(tmp_path)
    (base / "qd-26-2026" / "rulebook.yaml").write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(RulebookError, match=r"rulebook\.yaml: YAML không hợp lệ"):
        rulebook_module._load_rulebook_from(base, "qd-26-2026")


def test_it_rejects_star_bands_with_a_gap(tmp_path: Path) -> None:
    base = _broken_copy(tmp_path)
    path = base / "qd-26-2026" / "rulebook.yaml"
    text = path.read_text(encoding="utf-8").replace("{stars: 3, from: 50,", "{stars: 3, from: 55,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError, match="band 2★ ends at 50, next band 3★ starts at 55"):
        rulebook_module._load_rulebook_from(base, "qd-26-2026")


def test_points_are_decimals(qd26) -> None:
    criterion = qd26.sheet(1).criterion("4.1")
    assert criterion.max == Decimal(5)
    assert all(isinstance(p, Decimal) for p in criterion.offered_points)


def test_it_reports_malformed_criteria_instead_of_crashing(tmp_path: Path) -> None:
    base = _broken_copy(tmp_path)
    sheet_path = base / "qd-26-2026" / "sheets" / "set-02.yaml"
    data = yaml.safe_load(sheet_path.read_text(encoding="utf-8"))
    group = data["parts"][1]["criteria"][0]  # 4. TIẾP THỊ
    group["criteria"][0]["options"] = []  # 4.1 without options
    group["criteria"][1] = "4.2"  # not a mapping
    sheet_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        rulebook_module._load_rulebook_from(base, "qd-26-2026")
    text = "\n".join(caught.value.problems)
    assert "set-02.yaml: tiêu chí 4.1: thiếu danh sách 'options'" in text
    assert "mỗi tiêu chí phải là một ánh xạ" in text
