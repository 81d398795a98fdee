"""Re-aggregating 2021–2025 (old map) commune results onto the 2025 provinces. Pure (no Django).

Two routes, shown side by side so a reader can check them against each other:

* by province: old provinces were merged whole into new ones (Resolution 202/2025/QH15), so an old
  province's counts move entirely to the new province that absorbed it — exact whole numbers;
* by commune succession: each old commune's result is split over its successor communes by the
  succession share (equal parts when the share is unknown), then summed per new province — the
  route that also works for indicators that must follow communes, not provinces.

When every old province went whole into one new province the two routes give the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OldCommune:
    code: str
    province: str  # old province code
    meets_standard: bool | None  # None: no evaluation for the year


@dataclass(frozen=True)
class Succession:
    old: str  # old commune code
    new: str  # new commune code
    share: float | None


@dataclass(frozen=True)
class MergedRow:
    new_province: str
    old_provinces: tuple[str, ...]
    old_communes: int
    old_evaluated: int
    old_meeting: int
    meeting_via_succession: float
    new_communes: int


class MergerError(ValueError):
    pass


def province_map(
    communes: Iterable[OldCommune],
    successions: Iterable[Succession],
    new_commune_province: dict[str, str],
) -> dict[str, str]:
    """Old province → the one new province its communes went to (an error if they split)."""
    province_of_old = {c.code: c.province for c in communes}
    targets: dict[str, set[str]] = defaultdict(set)
    for link in successions:
        if link.old in province_of_old and link.new in new_commune_province:
            targets[province_of_old[link.old]].add(new_commune_province[link.new])
    split = {old: sorted(new) for old, new in targets.items() if len(new) > 1}
    if split:
        raise MergerError(f"old provinces split across new provinces: {split}")
    return {old: next(iter(new)) for old, new in targets.items()}


def _weights(successions: Iterable[Succession]) -> dict[str, list[tuple[str, float]]]:
    by_old: dict[str, list[Succession]] = defaultdict(list)
    for link in successions:
        by_old[link.old].append(link)
    result: dict[str, list[tuple[str, float]]] = {}
    for old, links in by_old.items():
        if all(link.share is not None for link in links):
            total = sum(float(link.share or 0) for link in links) or 1.0
            result[old] = [(link.new, float(link.share or 0) / total) for link in links]
        else:  # unknown shares: equal parts (documented above)
            result[old] = [(link.new, 1.0 / len(links)) for link in links]
    return result


def reaggregate(
    communes: Iterable[OldCommune],
    successions: Iterable[Succession],
    new_commune_province: dict[str, str],
) -> list[MergedRow]:
    communes = list(communes)
    successions = list(successions)
    provinces = province_map(communes, successions, new_commune_province)
    weights = _weights(successions)
    old_by_new: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    via: dict[str, float] = defaultdict(float)
    for commune in communes:
        new_province = provinces.get(commune.province)
        if new_province is None:
            continue
        old_by_new[new_province].add(commune.province)
        row = counts[new_province]
        row[0] += 1
        row[1] += commune.meets_standard is not None
        row[2] += commune.meets_standard is True
        if commune.meets_standard:
            for new_commune, weight in weights.get(commune.code, []):
                via[new_commune_province[new_commune]] += weight
    new_communes: dict[str, int] = defaultdict(int)
    for province in new_commune_province.values():
        new_communes[province] += 1
    return [
        MergedRow(
            new_province=province,
            old_provinces=tuple(sorted(old_by_new[province])),
            old_communes=counts[province][0],
            old_evaluated=counts[province][1],
            old_meeting=counts[province][2],
            meeting_via_succession=round(via[province], 2),
            new_communes=new_communes[province],
        )
        for province in sorted(old_by_new)
    ]
