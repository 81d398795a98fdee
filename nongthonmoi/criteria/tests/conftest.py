"""Small hand-written sets for engine tests (independent of the shipped files)."""

from __future__ import annotations

import pytest

from nongthonmoi.criteria.loader import ResolvedSet, parse_set_text

GROUP_SET = """
code: test-group
name: "Bộ thử theo nhóm xã"
version: 1
source: {decision: "1/2026/QĐ-TEST", title: "Thử", status: verified}
valid_from: 2026
valid_to: 2030
map: "2025"
level: commune
tier: standard
dimension: group
status: verified
criteria:
  - code: "1"
    name: "Thu nhập"
    status: verified
    indicators:
      - code: "1.1"
        text: "Thu nhập bình quân"
        unit: "triệu đồng/người/năm"
        kind: number
        comparator: ">="
        thresholds_by_year:
          2026: {"1": 80, "2": 60, "3": 40}
          2027: {"1": 85, "2": 65, "3": 45}
        status: verified
  - code: "2"
    name: "Giáo dục"
    status: verified
    indicators:
      - code: "2.1"
        text: "Tỷ lệ trường đạt chuẩn"
        unit: "%"
        kind: percentage
        comparator: ">="
        thresholds: {"1": 90, "2": 80, "3": 70}
        status: verified
      - code: "2.2"
        text: "Số trường đạt chuẩn"
        unit: "trường đạt chuẩn"
        kind: count
        comparator: ">="
        thresholds: {all: 3}
        status: verified
  - code: "3"
    name: "Nghèo"
    status: verified
    indicators:
      - code: "3.1"
        text: "Tỷ lệ nghèo đa chiều"
        unit: "%"
        kind: percentage
        comparator: "<="
        thresholds: {"1": 2, "2": 5, "3": null}
        status: verified
      - code: "3.2"
        text: "Có kế hoạch giảm nghèo"
        kind: boolean
        comparator: "=="
        thresholds: {all: true}
        status: verified
"""

REGION_SET = """
code: test-region
name: "Bộ thử theo vùng"
version: 1
source: {decision: "2/2022/QĐ-TEST", title: "Thử", status: verified}
valid_from: 2022
valid_to: 2025
map: "2021"
level: commune
tier: standard
dimension: region
override:
  when_flags: [dbkk]
  use_key: TDMNPB
  text: "Xã đặc biệt khó khăn dùng mức TDMNPB"
  status: verified
status: verified
criteria:
  - code: "1"
    name: "Thủy lợi"
    status: verified
    indicators:
      - code: "1.1"
        text: "Tỷ lệ diện tích tưới chủ động"
        unit: "%"
        kind: percentage
        comparator: ">="
        thresholds: {TDMNPB: 70, DBSH: 90, BTB: 80, DHNTB: 80, TN: 75, DNB: 85, DBSCL: 85}
        flag_thresholds:
          it-truong: {TDMNPB: 50}
        status: verified
"""


@pytest.fixture
def group_set() -> ResolvedSet:
    return ResolvedSet(parse_set_text(GROUP_SET, "group.yaml"))


@pytest.fixture
def region_set() -> ResolvedSet:
    return ResolvedSet(parse_set_text(REGION_SET, "region.yaml"))
