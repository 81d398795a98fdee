"""Load the two administrative maps and the succession table into the database, idempotently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from nongthonmoi.core.text import fold

from . import datafiles
from .models import AdminUnit, Level, Structure, UnitSuccession

OLD_MAP_END = dt.date(2025, 6, 30)
NEW_MAP_START = dt.date(2025, 7, 1)
LINK_FIELDS = [
    "name",
    "name_folded",
    "kind",
    "level",
    "parent_id",
    "province_id",
    "district_id",
    "region",
]


@dataclass
class LoadReport:
    structure: str
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return f"{self.structure}: {self.created} created, {self.updated} updated"


def _province_code(row: datafiles.UnitRow, by_code: dict[str, datafiles.UnitRow]) -> str:
    while row.parent:
        row = by_code[row.parent]
    return row.code


def _wanted(
    row: datafiles.UnitRow,
    unit_pk: int | None,
    current_region: str,
    ids: dict[str, int],
    by_code: dict[str, datafiles.UnitRow],
    regions: dict[str, str],
) -> dict[str, Any]:
    """The fields a unit should have, from its data row and its already-created ancestors."""
    parent_row = by_code.get(row.parent) if row.parent else None
    if row.level == Level.PROVINCE:
        province_code, district_code = row.code, None
    elif row.level == Level.DISTRICT:
        province_code, district_code = row.parent, row.code
    elif parent_row is not None and parent_row.level == Level.DISTRICT:
        province_code, district_code = parent_row.parent, parent_row.code
    else:
        province_code, district_code = row.parent, None
    region = current_region
    if regions and not region and province_code:
        region = datafiles.region_for_province(by_code[province_code].name, regions)
    return {
        "name": row.name,
        "name_folded": fold(row.name),
        "kind": row.kind,
        "level": row.level,
        "parent_id": ids.get(row.parent) if row.parent else None,
        "province_id": ids.get(province_code) if province_code else None,
        "district_id": ids.get(district_code) if district_code else None,
        "region": region,
    }


@transaction.atomic
def load_structure(structure: str, only_provinces: set[str] | None = None) -> LoadReport:
    """Load one map; `only_provinces` (GSO codes) loads a subset, for tests and small demos."""
    _source, rows = datafiles.unit_rows(structure)
    report = LoadReport(structure)
    by_code = {row.code: row for row in rows}
    if only_provinces is not None:
        rows = [row for row in rows if _province_code(row, by_code) in only_provinces]
        by_code = {row.code: row for row in rows}
    validity = (None, OLD_MAP_END) if structure == Structure.OLD else (NEW_MAP_START, None)
    regions = datafiles.regions_2021() if structure == Structure.OLD else {}
    units = AdminUnit.objects.filter(structure=structure)

    # Create level by level so each unit's ancestors already have ids.
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        ids = dict(units.values_list("code", "pk"))
        fresh = [
            AdminUnit(
                structure=structure,
                code=row.code,
                valid_from=validity[0],
                valid_to=validity[1],
                **_wanted(row, None, "", ids, by_code, regions),
            )
            for row in rows
            if row.level == level and row.code not in ids
        ]
        AdminUnit.objects.bulk_create(fresh, batch_size=1000)
        report.created += len(fresh)
    # A province is its own `province`, a district its own `district`: set once their ids exist.
    units.filter(level=Level.PROVINCE, province__isnull=True).update(province_id=models.F("pk"))
    units.filter(level=Level.DISTRICT, district__isnull=True).update(district_id=models.F("pk"))

    ids = dict(units.values_list("code", "pk"))
    changed = []
    for unit in units.only("pk", "code", *[f.removesuffix("_id") for f in LINK_FIELDS]):
        wanted = _wanted(by_code[unit.code], unit.pk, unit.region, ids, by_code, regions)
        if any(getattr(unit, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(unit, key, value)
            changed.append(unit)
    AdminUnit.objects.bulk_update(changed, LINK_FIELDS, batch_size=1000)
    report.updated = len(changed)
    return report


@transaction.atomic
def load_succession() -> int:
    source, rows = datafiles.succession_rows()
    old = dict(
        AdminUnit.objects.filter(structure=Structure.OLD, level=Level.COMMUNE).values_list(
            "code", "pk"
        )
    )
    new = dict(
        AdminUnit.objects.filter(structure=Structure.NEW, level=Level.COMMUNE).values_list(
            "code", "pk"
        )
    )
    present = set(UnitSuccession.objects.values_list("old_id", "new_id"))
    links = [
        UnitSuccession(old_id=old[o], new_id=new[n], share=Decimal(str(share)), source=source)
        for o, n, share in rows
        if o in old and n in new and (old[o], new[n]) not in present
    ]
    UnitSuccession.objects.bulk_create(links, batch_size=2000)
    return len(links)


def load_all(only_provinces: set[str] | None = None) -> list[str]:
    lines = [
        str(load_structure(Structure.OLD, only_provinces)),
        str(load_structure(Structure.NEW, only_provinces)),
    ]
    lines.append(f"succession: {load_succession()} links created")
    return lines
