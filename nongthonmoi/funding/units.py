"""The communes an allocation is computed over, as plain values (no Django).

`Commune` is what the allocation engine reads: the commune's code, the code of the unit
above it (province, or district in the 2021–2025 structure), how many criteria it meets,
whether it is already recognised as NTM, its area flags and its count of extremely
difficult villages. The Django side builds these from its models; the command line builds
them from a CSV/XLSX file (see `inputs.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Flags a commune may carry; the rule files refer to these names.
FLAG_DESCRIPTIONS: dict[str, str] = {
    "dbkk": "xã đặc biệt khó khăn",
    "atk": "xã an toàn khu (ATK)",
    "border": "xã biên giới",
    "island": "xã hải đảo",
    "special_zone": "đặc khu",
    "region1": "xã khu vực I",
    "region2": "xã khu vực II",
    "region3": "xã khu vực III",
}
KNOWN_FLAGS: frozenset[str] = frozenset(FLAG_DESCRIPTIONS)
# A commune belongs to at most one ethnic-minority-area region.
REGION_FLAGS: frozenset[str] = frozenset({"region1", "region2", "region3"})


@dataclass(frozen=True)
class Commune:
    code: str
    parent_code: str
    criteria_met: int | None
    recognised: bool
    flags: frozenset[str] = field(default_factory=frozenset)
    dbkk_villages: int = 0
