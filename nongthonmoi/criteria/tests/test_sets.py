"""The shipped sets against the reference notes (expected values typed here, not read from YAML)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nongthonmoi.criteria.loader import (
    apply_overlay,
    list_sets,
    load_overlay_file,
    load_set,
)
from nongthonmoi.criteria.schema import ILLUSTRATIVE_LABEL, REGION_CODES

SHIPPED = {
    "xa-ntm-2026-2030",
    "xa-ntm-hien-dai-2026-2030",
    "tinh-hoan-thanh-2026-2030",
    "xa-ntm-2021-2025",
    "xa-ntm-nang-cao-2021-2025",
    "xa-ntm-kieu-mau-2021-2025",
    "huyen-ntm-2021-2025",
    "tinh-hoan-thanh-2021-2025",
}
ILLUSTRATIVE = Path(__file__).parents[1] / "illustrative" / "cao-bang-2026.yaml"


def _counted_criteria(code: str) -> list[str]:
    return [c.code for c in load_set(code).definition.criteria if c.role == "criterion"]


def test_it_ships_every_set_named_in_the_issue() -> None:
    assert {s.code for s in list_sets()} == SHIPPED


def test_the_2026_2030_commune_set_has_the_ten_criteria_of_decision_51() -> None:
    definition = load_set("xa-ntm-2026-2030").definition
    assert _counted_criteria("xa-ntm-2026-2030") == [str(n) for n in range(1, 11)]
    assert [c.name for c in definition.criteria] == [
        "Quy hoạch",
        "Hạ tầng kinh tế - xã hội",
        "Phát triển kinh tế nông thôn",
        "Đào tạo nguồn nhân lực nông thôn",
        "Văn hóa, giáo dục, y tế",
        "Giảm nghèo và an sinh xã hội",
        "Khoa học công nghệ và chuyển đổi số",
        "Môi trường và cảnh quan nông thôn",
        "Xây dựng hệ thống chính trị và hành chính công",
        "Tiếp cận pháp luật và an ninh, quốc phòng",
    ]
    assert definition.official_indicator_count == 47
    assert definition.dimension == "group"
    assert definition.source.decision == "51/2025/QĐ-TTg"


def test_the_2021_2025_commune_sets_have_nineteen_criteria() -> None:
    assert _counted_criteria("xa-ntm-2021-2025") == [str(n) for n in range(1, 20)]
    assert len(_counted_criteria("xa-ntm-nang-cao-2021-2025")) == 19
    assert load_set("xa-ntm-2021-2025").definition.official_indicator_count == 57
    assert load_set("xa-ntm-nang-cao-2021-2025").definition.official_indicator_count == 75


@pytest.mark.parametrize("code", sorted(SHIPPED))
def test_a_declared_official_criteria_count_matches_the_file(code: str) -> None:
    official = load_set(code).definition.official_criteria_count
    if official is not None:
        assert len(_counted_criteria(code)) == official


def test_the_2026_2030_set_carries_no_number_because_none_is_known() -> None:
    definition = load_set("xa-ntm-2026-2030").definition
    for _, indicator in definition.indicators():
        assert all(v is None for v in indicator.all_threshold_values()), indicator.code
        assert set(indicator.thresholds) == {"1", "2", "3"}


def test_every_unknown_indicator_has_a_null_threshold_unless_the_reference_gives_one() -> None:
    # Booleans whose only unknown is the wording keep the reference's "Đạt"; numbers never.
    for definition in list_sets():
        for _, indicator in definition.indicators():
            if indicator.status == "unknown" and indicator.kind not in ("boolean", "set_met"):
                assert all(v is None for v in indicator.all_threshold_values()), (
                    definition.code,
                    indicator.code,
                )


# Numeric thresholds given by the reference notes (criteria-2021-2025*.md), typed by hand.
R = REGION_CODES
EXPECTED_318 = {
    "3.1": (">=", dict.fromkeys(R, "80"), "secondary"),
    "5.a": (">=", dict.fromkeys(R, "100"), "secondary"),
    "5.b": (
        ">=",
        {
            "TDMNPB": "70",
            "DBSH": "100",
            "BTB": "70",
            "DHNTB": "70",
            "TN": "70",
            "DNB": "100",
            "DBSCL": "70",
        },
        "secondary",
    ),
    "6.3": (">=", dict.fromkeys(R, "100"), "secondary"),
    "15.3": (
        "<=",
        {
            "TDMNPB": "24",
            "DBSH": "16.5",
            "BTB": "25",
            "DHNTB": "22",
            "TN": "26.5",
            "DNB": "14.5",
            "DBSCL": "19",
        },
        "secondary",
    ),
    "15.4": (
        ">=",
        {
            "TDMNPB": "50",
            "DBSH": "70",
            "BTB": None,
            "DHNTB": None,
            "TN": None,
            "DNB": None,
            "DBSCL": None,
        },
        "secondary",
    ),
}
EXPECTED_BOOLEAN_SECONDARY_318 = [
    "3.2",
    "6.1",
    "6.2",
    "8.1",
    "8.2",
    "8.3",
    "8.4",
    "13.1",
    "13.2",
    "13.3",
    "14.1",
    "15.2",
    "18.6",
]
EXPECTED_VERIFIED = {
    ("xa-ntm-nang-cao-2021-2025", "4.a"): (
        ">=",
        {
            "DBSH": "100",
            "DNB": "100",
            "BTB": "99",
            "DHNTB": "99",
            "DBSCL": "99",
            "TDMNPB": "98",
            "TN": "98",
        },
    ),
    ("huyen-ntm-2021-2025", "DK1"): (">=", {"all": "100"}),
    ("huyen-ntm-2021-2025", "DK2"): (">=", {"all": "10"}),
    ("huyen-ntm-2021-2025", "DK3"): (">=", {"all": "100"}),
    ("huyen-ntm-2021-2025", "DK4.1"): (">=", {"all": "90"}),
    ("huyen-ntm-2021-2025", "DK4.2"): (">=", {"all": "80"}),
    ("tinh-hoan-thanh-2021-2025", "1"): (">=", {"all": "100"}),
    ("tinh-hoan-thanh-2021-2025", "2"): (">=", {"all": "100"}),
    ("tinh-hoan-thanh-2021-2025", "3"): (">=", {"all": "20"}),
    ("tinh-hoan-thanh-2021-2025", "4"): (">=", {"all": "40"}),
    ("tinh-hoan-thanh-2021-2025", "6"): (">=", {"all": "70"}),
    ("tinh-hoan-thanh-2021-2025", "7"): (">=", {"all": "4"}),
    ("tinh-hoan-thanh-2021-2025", "8"): (">=", {"all": "90"}),
    ("tinh-hoan-thanh-2026-2030", "1.1"): (">=", {"all": "100"}),
    ("tinh-hoan-thanh-2026-2030", "2.1"): (">=", {"all": "10"}),
}


def _as_decimals(values: dict[str, str | None]) -> dict[str, Decimal | None]:
    return {k: Decimal(v) if v is not None else None for k, v in values.items()}


@pytest.mark.parametrize("code", sorted(EXPECTED_318))
def test_318_numeric_thresholds_match_the_reference(code: str) -> None:
    comparator, values, status = EXPECTED_318[code]
    indicator = load_set("xa-ntm-2021-2025").definition.find_indicator(code)
    assert indicator is not None
    assert indicator.comparator == comparator
    assert indicator.thresholds == _as_decimals(values)
    assert indicator.status == status


def test_318_schools_with_three_or_fewer_need_fifty_percent_outside_dbsh_and_dnb() -> None:
    indicator = load_set("xa-ntm-2021-2025").definition.find_indicator("5.b")
    assert indicator is not None
    variant = indicator.flag_thresholds["xa-3-truong-tro-xuong"]
    assert variant == dict.fromkeys(("TDMNPB", "BTB", "DHNTB", "TN", "DBSCL"), Decimal(50))


@pytest.mark.parametrize("code", EXPECTED_BOOLEAN_SECONDARY_318)
def test_318_yes_no_indicators_the_reference_sources_require_dat(code: str) -> None:
    indicator = load_set("xa-ntm-2021-2025").definition.find_indicator(code)
    assert indicator is not None
    assert indicator.status == "secondary"
    assert indicator.thresholds == {"all": True}


def test_318_income_and_poverty_stay_unknown_for_every_region_and_year() -> None:
    definition = load_set("xa-ntm-2021-2025").definition
    income = definition.find_indicator("10")
    poverty = definition.find_indicator("11")
    assert income is not None and poverty is not None
    assert sorted(income.thresholds_by_year) == [2022, 2023, 2024, 2025]
    assert all(v is None for v in income.all_threshold_values())
    assert poverty.thresholds == dict.fromkeys(R, None)
    assert income.status == poverty.status == "unknown"


def test_318_special_difficulty_communes_use_the_northern_mountain_thresholds() -> None:
    override = load_set("xa-ntm-2021-2025").definition.override
    assert override is not None
    assert override.use_key == "TDMNPB"
    assert "dbkk" in override.when_flags


def test_no_indicator_of_the_reference_marked_verified_has_another_threshold() -> None:
    for (set_code, code), (comparator, values) in EXPECTED_VERIFIED.items():
        indicator = load_set(set_code).definition.find_indicator(code)
        assert indicator is not None, (set_code, code)
        assert indicator.status == "verified" or set_code == "tinh-hoan-thanh-2026-2030"
        assert indicator.comparator == comparator
        assert indicator.thresholds == _as_decimals(values), (set_code, code)


def test_model_commune_income_is_derived_as_110_percent_of_the_advanced_one() -> None:
    indicator = load_set("xa-ntm-kieu-mau-2021-2025").definition.find_indicator("2")
    assert indicator is not None and indicator.threshold_from is not None
    assert indicator.threshold_from.factor == Decimal("1.1")
    assert all(v is None for v in indicator.all_threshold_values())  # the base is still unknown


def test_national_set_files_never_hold_illustrative_values() -> None:
    for definition in list_sets():
        assert not any(i.illustrative for _, i in definition.indicators()), definition.code
    sets_dir = Path(__file__).parents[1] / "sets"
    for path in sets_dir.glob("*.yaml"):
        assert "minh hoạ" not in path.read_text(encoding="utf-8").lower(), path.name


def test_the_illustrative_overlay_fills_every_unknown_threshold_and_says_so() -> None:
    overlay = load_overlay_file(ILLUSTRATIVE)
    assert overlay.illustrative and overlay.label == ILLUSTRATIVE_LABEL
    resolved = apply_overlay(load_set("xa-ntm-2026-2030"), overlay)
    for _, indicator in resolved.definition.indicators():
        assert indicator.illustrative
        assert all(v is not None for v in indicator.all_threshold_values()), indicator.code
        assert indicator.comparator is not None


@pytest.mark.parametrize("code", sorted(SHIPPED))
def test_a_set_survives_a_json_round_trip_for_database_storage(code: str) -> None:
    from nongthonmoi.criteria.schema import CriteriaSet

    definition = load_set(code).definition
    assert CriteriaSet.model_validate_json(definition.model_dump_json()) == definition


def test_an_overlay_survives_a_json_round_trip() -> None:
    from nongthonmoi.criteria.schema import Overlay

    overlay = load_overlay_file(ILLUSTRATIVE)
    assert Overlay.model_validate_json(overlay.model_dump_json()) == overlay


# Status of every indicator of QĐ 318 Phụ lục I as graded by criteria-2021-2025-thresholds.md
# (typed by hand). Rows the reference numbers "12.?", "17.?", "18.1-18.5" carry provisional
# lettered codes here; "Đất cây xanh" (17.c) appears only in criteria-2021-2025.md, as UNVERIFIED.
STATUS_318 = {
    **dict.fromkeys(
        ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "4.1", "4.2", "7", "9.1", "9.2", "10", "11"],
        "unknown",
    ),
    **dict.fromkeys(["12.a", "12.b", "12.c", "14.2", "14.3", "15.1", "16", "17.1"], "unknown"),
    **dict.fromkeys(["17.a", "17.b", "17.d", "17.e", "17.f", "17.g", "17.h", "17.i"], "unknown"),
    **dict.fromkeys(["17.8", "18.a", "18.b", "18.c", "18.d", "18.e", "19.1", "19.2"], "unknown"),
    "17.c": "unverified",
    **dict.fromkeys(["3.1", "3.2", "5.a", "5.b", "6.1", "6.2", "6.3"], "secondary"),
    **dict.fromkeys(["8.1", "8.2", "8.3", "8.4", "13.1", "13.2", "13.3"], "secondary"),
    **dict.fromkeys(["14.1", "15.2", "15.3", "15.4", "18.6"], "secondary"),
}


def test_every_318_indicator_carries_the_status_the_reference_gives_it() -> None:
    definition = load_set("xa-ntm-2021-2025").definition
    statuses = {i.code: i.status for _, i in definition.indicators()}
    assert len(STATUS_318) == definition.official_indicator_count == 57
    assert statuses == STATUS_318
    # nothing in Phụ lục I reached "verified" (criteria-2021-2025-thresholds.md, status legend)
    assert "verified" not in statuses.values()


@pytest.mark.parametrize("code", sorted(SHIPPED))
def test_a_set_written_as_yaml_reads_back_identical(code: str) -> None:
    from nongthonmoi.criteria.loader import parse_set_text, set_to_yaml

    definition = load_set(code).definition
    assert parse_set_text(set_to_yaml(definition, "tiêu đề"), code) == definition


# Every indicator of the other shipped sets, typed by hand from the reference notes (never read
# from the YAML): code -> (status, thresholds). Thresholds are either the values the reference
# gives (numbers as text, yes/no as True) or None: "no number known", every threshold null.
# Placeholder rows "N.x" stand for indicators the reference could not list; they are UNKNOWN.
Row = tuple[str, dict[str, str | bool] | None]

# criteria-2021-2025.md §3.1 (QĐ 318 Phụ lục II): 75 indicators, only three known.
EXPECTED_NANG_CAO: dict[str, Row] = {
    # prerequisite "xã đã đạt chuẩn NTM": wording UNVERIFIED, logic implied by QĐ 1327
    "0.1": ("unverified", {"all": True}),
    **dict.fromkeys(
        ["1.x", "2.x", "3.x", "4.x", "5.x", "6.x", "7.x", "8.x", "9.x"], ("unknown", None)
    ),
    # criterion 4 (Điện): VERIFIED, QĐ 1327/QĐ-BCT summary
    "4.a": (
        "verified",
        {
            "DBSH": "100",
            "DNB": "100",
            "BTB": "99",
            "DHNTB": "99",
            "DBSCL": "99",
            "TDMNPB": "98",
            "TN": "98",
        },
    ),
    # criterion 6 (Văn hóa): VERIFIED text of HD 1064/HD-BVHTTDL, number UNKNOWN
    "6.a": ("verified", {"all": True}),
    # "income_threshold: UNKNOWN # by year/region"
    "10": ("unknown", None),
    **dict.fromkeys(["11.x", "12.x", "13.x", "14.x"], ("unknown", None)),
    # criterion 15 (Hành chính công): "indicator: 15.2 ... text UNKNOWN ... status: PARTIAL"
    "15.2": ("partial", None),
    **dict.fromkeys(["15.x", "16.x", "17.x", "18.x", "19.x"], ("unknown", None)),
}

# criteria-2021-2025.md §3.2 (QĐ 319), "VERIFIED": four conditions, all required.
EXPECTED_KIEU_MAU: dict[str, Row] = {
    "1": ("verified", {"all": True}),  # km1: đạt chuẩn NTM nâng cao 2021-2025
    "2": ("verified", None),  # km2: ≥ 1.10 × the advanced income, itself UNKNOWN
    "3": ("verified", {"all": True}),  # km3: ≥ 1 thôn thông minh
    "4": ("verified", {"all": True}),  # km4: lĩnh vực nổi trội
}

# criteria-2021-2025.md §4.1 (QĐ 320 Phụ lục I): conditions VERIFIED; criteria 2 and 3 VERIFIED
# with the indicators listed there; everything else UNKNOWN.
EXPECTED_HUYEN: dict[str, Row] = {
    "DK1": ("verified", {"all": "100"}),
    "DK2": ("verified", {"all": "10"}),
    "DK3": ("verified", {"all": "100"}),
    "DK4.1": ("verified", {"all": "90"}),
    "DK4.2": ("verified", {"all": "80"}),
    "1.x": ("unknown", None),
    "2.1": ("verified", {"all": True}),
    "2.2": ("verified", {"all": True}),
    "2.3": ("unknown", None),  # "{code: "2.3", text_vi: UNKNOWN}"
    "2.4": ("verified", {"all": True}),
    "3.a": ("verified", {"all": True}),  # "Hệ thống thủy lợi liên xã đồng bộ ..." (QĐ 1680)
    **dict.fromkeys(["3.x", "4.x", "5.x", "6.x", "7.x", "8.x", "9.x"], ("unknown", None)),
}

# criteria-2021-2025.md §4.2 (QĐ 321), "VERIFIED": t1..t8. t1 and t2 read "== 100%"; the set
# writes ">= 100", the same test for a share that cannot exceed 100%.
EXPECTED_TINH_2021: dict[str, Row] = {
    "1": ("verified", {"all": "100"}),
    "2": ("verified", {"all": "100"}),
    "3": ("verified", {"all": "20"}),
    "4": ("verified", {"all": "40"}),
    "5": ("verified", {"all": True}),
    "6": ("verified", {"all": "70"}),
    "7": ("verified", {"all": "4"}),
    "8": ("verified", {"all": "90"}),
}

# criteria-2026-2030.md §3 (10 criteria [S], "everything below criterion level is UNKNOWN") and
# criteria-2026-2030-indicators.md §1: 6 of 47 texts SECONDARY, codes provisional, 0 of 141
# thresholds recovered.
EXPECTED_XA_2026: dict[str, Row] = {
    **dict.fromkeys(["1.x", "2.x", "3.x", "4.x", "5.x", "6.x", "7.x"], ("unknown", None)),
    **dict.fromkeys(["8.x", "9.x", "10.x"], ("unknown", None)),
    **dict.fromkeys(["3.a", "3.b", "3.c", "6.a", "8.a", "8.b"], ("secondary", None)),
}
TEXTS_XA_2026 = {
    "3.a": "Tốc độ tăng thu nhập bình quân đầu người",
    "3.b": "Có kế hoạch và thực hiện hiệu quả kế hoạch phát triển sản phẩm OCOP gắn với đặc trưng,"
    " thế mạnh của địa phương",
    "3.c": "Có hoạt động phát triển kinh tế tư nhân trên địa bàn gắn với tạo việc làm, thu nhập cho"
    " người lao động địa phương",
    "6.a": "Tỷ lệ nghèo đa chiều",
    "8.a": "Tỷ lệ hộ được sử dụng nước sạch theo quy chuẩn",
    "8.b": "Đảm bảo an toàn thực phẩm",
}

# criteria-2026-2030.md §4: Phụ lục II known by its title only; the NTM prerequisite is [I].
EXPECTED_HIEN_DAI: dict[str, Row] = {
    "1.1": ("unknown", None),
    "2.x": ("unknown", None),
}

# criteria-2026-2030-indicators.md §2 (Phụ lục III quoted by S1, SECONDARY; supersedes the
# "conditions UNKNOWN" of criteria-2026-2030.md §5): conditions 1-3, the rest UNKNOWN.
EXPECTED_TINH_2026: dict[str, Row] = {
    "1.1": ("secondary", {"all": "100"}),  # 100% số xã đạt chuẩn NTM
    "2.1": ("secondary", {"all": "10"}),  # ít nhất 10% số xã đạt NTM hiện đại
    "3.1": ("secondary", {"all": True}),  # phường / đặc khu: ≥ 70% nội dung tiêu chí
    "4.x": ("unknown", None),
}

EXPECTED_BY_SET: dict[str, dict[str, Row]] = {
    "xa-ntm-nang-cao-2021-2025": EXPECTED_NANG_CAO,
    "xa-ntm-kieu-mau-2021-2025": EXPECTED_KIEU_MAU,
    "huyen-ntm-2021-2025": EXPECTED_HUYEN,
    "tinh-hoan-thanh-2021-2025": EXPECTED_TINH_2021,
    "xa-ntm-2026-2030": EXPECTED_XA_2026,
    "xa-ntm-hien-dai-2026-2030": EXPECTED_HIEN_DAI,
    "tinh-hoan-thanh-2026-2030": EXPECTED_TINH_2026,
}
EXPECTED_ROWS = [(s, c) for s, rows in EXPECTED_BY_SET.items() for c in rows]


def test_every_shipped_set_has_a_hand_typed_status_table() -> None:
    assert set(EXPECTED_BY_SET) | {"xa-ntm-2021-2025"} == SHIPPED


@pytest.mark.parametrize("set_code", sorted(EXPECTED_BY_SET))
def test_a_set_holds_exactly_the_indicators_the_reference_lists(set_code: str) -> None:
    codes = [i.code for _, i in load_set(set_code).definition.indicators()]
    assert len(codes) == len(set(codes)), set_code
    assert set(codes) == set(EXPECTED_BY_SET[set_code])


@pytest.mark.parametrize(("set_code", "code"), EXPECTED_ROWS)
def test_an_indicator_carries_the_status_and_threshold_the_reference_gives(
    set_code: str, code: str
) -> None:
    status, values = EXPECTED_BY_SET[set_code][code]
    indicator = load_set(set_code).definition.find_indicator(code)
    assert indicator is not None, (set_code, code)
    assert indicator.status == status
    if values is None:
        assert all(v is None for v in indicator.all_threshold_values())
    else:
        expected = {k: Decimal(v) if isinstance(v, str) else v for k, v in values.items()}
        assert indicator.thresholds == expected
        assert not indicator.thresholds_by_year and not indicator.flag_thresholds
        # every number these references give is a minimum ("ít nhất", "từ ... trở lên", "tối thiểu")
        numeric = isinstance(next(iter(values.values())), str)
        assert indicator.comparator == (">=" if numeric else "==")


def test_the_2026_2030_commune_set_quotes_the_six_texts_of_phu_luc_iii() -> None:
    definition = load_set("xa-ntm-2026-2030").definition
    for code, text in TEXTS_XA_2026.items():
        indicator = definition.find_indicator(code)
        assert indicator is not None and indicator.text == text, code


def test_the_advanced_income_stays_unknown_for_every_region_and_year() -> None:
    income = load_set("xa-ntm-nang-cao-2021-2025").definition.find_indicator("10")
    assert income is not None
    assert sorted(income.thresholds_by_year) == [2022, 2023, 2024, 2025]
    assert all(set(m) == set(R) for m in income.thresholds_by_year.values())


# Criterion level: status per criterion as the reference grades it (names where it gives them).
# criteria-2021-2025.md §3.1: "Full criterion order — UNVERIFIED recollection"; §4.1: district
# criteria 2, 3, 4, 6-9 VERIFIED (names), 1 and 5 UNVERIFIED, the four conditions VERIFIED.
NAMES_NANG_CAO = [
    "Quy hoạch",
    "Giao thông",
    "Thủy lợi và phòng, chống thiên tai",
    "Điện",
    "Giáo dục",
    "Văn hóa",
    "Cơ sở hạ tầng thương mại nông thôn",
    "Thông tin và truyền thông",
    "Nhà ở dân cư",
    "Thu nhập",
    "Nghèo đa chiều",
    "Lao động",
    "Tổ chức sản xuất và phát triển kinh tế nông thôn",
    "Y tế",
    "Hành chính công",
    "Tiếp cận pháp luật",
    "Môi trường",
    "Chất lượng môi trường sống",
    "Quốc phòng và an ninh",
]
NAMES_HUYEN = [
    "Quy hoạch",
    "Giao thông",
    "Thủy lợi và phòng, chống thiên tai",
    "Điện",
    "Y tế - Văn hóa - Giáo dục",
    "Kinh tế",
    "Môi trường",
    "Chất lượng môi trường sống",
    "Hệ thống chính trị - An ninh trật tự - Hành chính công",
]
CRITERION_STATUS = {
    "xa-ntm-nang-cao-2021-2025": {
        "0": "unverified",
        **{str(n): "unverified" for n in range(1, 20)},
    },
    "xa-ntm-kieu-mau-2021-2025": dict.fromkeys(["1", "2", "3", "4"], "verified"),
    "huyen-ntm-2021-2025": {
        **dict.fromkeys(["DK1", "DK2", "DK3", "DK4"], "verified"),
        **dict.fromkeys(["2", "3", "4", "6", "7", "8", "9"], "verified"),
        **dict.fromkeys(["1", "5"], "unverified"),
    },
    "tinh-hoan-thanh-2021-2025": {str(n): "verified" for n in range(1, 9)},
    # criteria-2026-2030.md §3: the ten names and numbers are [S]
    "xa-ntm-2026-2030": {str(n): "secondary" for n in range(1, 11)},
    # criteria-2026-2030.md §4: Phụ lục II content UNKNOWN; the NTM prerequisite is [I]
    "xa-ntm-hien-dai-2026-2030": {"1": "unknown", "2": "unknown"},
    # criteria-2026-2030-indicators.md §2: conditions 1-3 SECONDARY, "further_conditions: UNKNOWN"
    "tinh-hoan-thanh-2026-2030": {
        "1": "secondary",
        "2": "secondary",
        "3": "secondary",
        "4": "unknown",
    },
}


@pytest.mark.parametrize("set_code", sorted(CRITERION_STATUS))
def test_every_criterion_carries_the_status_the_reference_gives_it(set_code: str) -> None:
    definition = load_set(set_code).definition
    assert {c.code: c.status for c in definition.criteria} == CRITERION_STATUS[set_code]


def test_advanced_commune_and_district_criteria_carry_the_reference_names() -> None:
    advanced = load_set("xa-ntm-nang-cao-2021-2025").definition
    assert [c.name for c in advanced.criteria if c.role == "criterion"] == NAMES_NANG_CAO
    district = load_set("huyen-ntm-2021-2025").definition
    assert [c.name for c in district.criteria if c.role == "criterion"] == NAMES_HUYEN
