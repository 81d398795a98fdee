"""The shipped programmes and targets (pure)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from nongthonmoi.targets.catalogue import CatalogueError, load_catalogue, parse_catalogue


def targets() -> dict:  # type: ignore[type-arg]
    return {t.code: t for _, t in load_catalogue().targets()}


def test_the_national_targets_of_resolution_25_are_shipped_as_verified() -> None:
    t = targets()
    assert t["NTM-XA-DAT-CHUAN"].target_value == D(80)
    assert t["NTM-XA-KIEU-MAU"].target_value == D(10)
    assert t["NTM-XA-DUOI-15"].target_value == D(0)
    assert t["NTM-XA-DUOI-15"].direction == "at_most"
    assert t["NTM-THU-NHAP"].target_value == D("1.5")
    assert all(t[c].status == "verified" for c in ["NTM-XA-DAT-CHUAN", "NTM-THU-NHAP"])


def test_the_conference_targets_are_secondary_and_computed() -> None:
    t = targets()
    assert (t["DLNT-CHU-CO-SO"].target_value, t["DLNT-LAO-DONG"].target_value) == (D(70), D(80))
    assert t["CDS-PHAN-HOI-TRUC-TUYEN"].target_value == D(40)
    for code in ["DLNT-CHU-CO-SO", "DLNT-LAO-DONG", "CDS-PHAN-HOI-TRUC-TUYEN"]:
        assert t[code].status == "secondary"
        assert t[code].computed


def test_a_target_without_a_number_in_the_reference_stays_unknown_and_empty() -> None:
    security = targets()["ANTT-TAP-HUAN"]
    assert security.status == "unknown"
    assert security.target_value is None


def test_single_source_ocop_targets_are_marked_secondary() -> None:
    t = targets()
    assert t["OCOP-3-SAO"].status == "verified"
    assert t["OCOP-NU"].status == "secondary"


def test_it_rejects_a_number_on_an_unknown_target_and_names_it() -> None:
    text = """
policy: {default_tolerance_share: 0.1, source: x}
programmes:
  - code: p1
    name: P
    theme: t
    legal_basis: L
    targets:
      - {code: T-1, text: "Một chỉ tiêu", unit: "%", direction: at_least, target_value: 5,
         target_year: 2025, level: nation, aggregation: sum, source: abc, status: unknown}
"""
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(text)
    assert "p1 › targets › T-1" in error.value.problems[0]
    assert "null" in error.value.problems[0]


def test_it_rejects_duplicate_codes() -> None:
    text = """
policy: {default_tolerance_share: 0.1, source: x}
programmes:
  - {code: p1, name: P, theme: t, legal_basis: L}
  - {code: p1, name: P, theme: t, legal_basis: L}
"""
    with pytest.raises(CatalogueError, match="duplicate code p1"):
        parse_catalogue(text)
