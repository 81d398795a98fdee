"""The programme/target catalogue shipped as YAML (pure: no Django), validated with pydantic.

Errors name the programme and target so an editor can find the line to fix.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DATA_FILE = Path(__file__).resolve().parent / "data" / "programmes.yaml"


class SourceStatus(StrEnum):
    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNKNOWN = "unknown"


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Level(StrEnum):
    NATION = "nation"
    PROVINCE = "province"
    COMMUNE = "commune"


class Aggregation(StrEnum):
    SUM = "sum"
    RATIO_OF_SUMS = "ratio_of_sums"
    SHARE_MEETING = "share_meeting"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegionalTargets(_Strict):
    source: str
    status: SourceStatus
    values: dict[str, Decimal]


class TargetSpec(_Strict):
    code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]{1,39}$")
    text: str = Field(min_length=5)
    unit: str
    direction: Direction
    baseline: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    target_year: int = Field(ge=2000, le=2100)
    level: Level
    aggregation: Aggregation
    scale: Decimal | None = None
    meets_at_least: Decimal = Decimal(1)
    computed: str = ""
    tolerance: Decimal | None = Field(default=None, ge=0)
    source: str = Field(min_length=3)
    status: SourceStatus
    by_region: RegionalTargets | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TargetSpec:
        if self.status == SourceStatus.UNKNOWN and self.target_value is not None:
            raise ValueError("status unknown: target_value must stay empty (null)")
        if self.status != SourceStatus.UNKNOWN and self.target_value is None:
            raise ValueError("target_value is empty: set status unknown")
        if self.baseline_year is not None and self.baseline_year >= self.target_year:
            raise ValueError("baseline_year must be before target_year")
        return self

    @property
    def value_scale(self) -> Decimal:
        """Multiplier for ratio_of_sums (100 for percentages, 1 for multiples)."""
        if self.scale is not None:
            return self.scale
        return Decimal(100) if self.unit == "%" else Decimal(1)


class ProgrammeSpec(_Strict):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,59}$")
    name: str
    theme: str
    legal_basis: str
    targets: list[TargetSpec] = []


class Policy(_Strict):
    default_tolerance_share: Decimal = Field(ge=0, le=1)
    source: str


class Catalogue(_Strict):
    policy: Policy
    programmes: list[ProgrammeSpec]

    @model_validator(mode="after")
    def _unique_codes(self) -> Catalogue:
        seen: set[str] = set()
        for code in [p.code for p in self.programmes] + [
            t.code for p in self.programmes for t in p.targets
        ]:
            if code in seen:
                raise ValueError(f"duplicate code {code}")
            seen.add(code)
        return self

    def targets(self) -> list[tuple[ProgrammeSpec, TargetSpec]]:
        return [(p, t) for p in self.programmes for t in p.targets]


class CatalogueError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _where(data: Any, loc: tuple[Any, ...]) -> str:
    """Turn a pydantic location into 'programme X, target Y, field'."""
    parts: list[str] = []
    node = data
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            parts.append(str(key))
            continue
        if isinstance(node, dict) and "code" in node:
            parts.append(str(node["code"]))
        elif not isinstance(key, int):
            parts.append(str(key))
    return " › ".join(parts)


def parse_catalogue(text: str, name: str = "programmes.yaml") -> Catalogue:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError([f"{name}: YAML không hợp lệ: {exc}"]) from exc
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(
            [f"{name}: {_where(data, tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        ) from exc


def load_catalogue(path: Path = DATA_FILE) -> Catalogue:
    return parse_catalogue(path.read_text(encoding="utf-8"), path.name)
