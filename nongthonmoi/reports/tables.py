"""The shape every data provider returns: a table (columns + rows) and an optional chart.

Pure (no Django): the same objects are stored as the report's JSON snapshot and read back to
regenerate a report identically, and the Excel/PDF renderers only ever see these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ColumnKind = Literal["text", "int", "money", "percent", "number"]
Cell = str | int | float | None

NO_DATA = "chưa có số liệu"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "int"
    # Summed in the totals row (a SUM formula in Excel).
    total: bool = False
    # A rate column: numerator key / denominator key, written as a division formula in Excel and
    # recomputed from the totals in the totals row (ratio of sums, never a sum of ratios).
    ratio: tuple[str, str] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Column:
        ratio = data.get("ratio")
        return cls(
            key=data["key"],
            label=data["label"],
            kind=data.get("kind", "int"),
            total=bool(data.get("total", False)),
            ratio=(ratio[0], ratio[1]) if ratio else None,
        )


@dataclass(frozen=True)
class ChartSpec:
    """A simple bar chart: one bar per row, labelled by `label_key`, height from `value_keys`."""

    label_key: str
    value_keys: tuple[str, ...]
    title: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChartSpec:
        return cls(data["label_key"], tuple(data["value_keys"]), data.get("title", ""))


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Cell]]
    note: str = ""
    source: str = ""  # which query function produced it (shown under the table)
    chart: ChartSpec | None = None
    has_data: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def empty(cls, reason: str, columns: list[Column] | None = None) -> Table:
        """A provider whose module or data does not exist yet: no numbers, a clear note."""
        return cls(columns=columns or [], rows=[], note=f"{NO_DATA}: {reason}", has_data=False)

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def column(self, key: str) -> list[Cell]:
        index = self.column_index(key)
        return [row[index] for row in self.rows]

    def has_totals(self) -> bool:
        return bool(self.rows) and any(c.total or c.ratio for c in self.columns)

    def totals(self) -> list[Cell]:
        """The totals row: sums of `total` columns, ratio of those sums for rate columns."""
        sums: dict[str, float] = {}
        for index, column in enumerate(self.columns):
            if column.total:
                sums[column.key] = sum(
                    float(row[index]) for row in self.rows if isinstance(row[index], int | float)
                )
        result: list[Cell] = []
        for index, column in enumerate(self.columns):
            if column.total:
                value = sums[column.key]
                result.append(int(value) if value.is_integer() else value)
            elif column.ratio:
                numerator, denominator = (sums.get(k) for k in column.ratio)
                result.append(rate(numerator, denominator))
            else:
                result.append("Tổng cộng" if index == 0 else None)
        return result

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["chart"] = asdict(self.chart) if self.chart else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Table:
        return cls(
            columns=[Column.from_dict(c) for c in data["columns"]],
            rows=[list(r) for r in data["rows"]],
            note=data.get("note", ""),
            source=data.get("source", ""),
            chart=ChartSpec.from_dict(data["chart"]) if data.get("chart") else None,
            has_data=data.get("has_data", True),
            extra=data.get("extra", {}),
        )


def rate(numerator: float | int | None, denominator: float | int | None) -> float | None:
    """A share in [0, 1] rounded to 4 places (Excel shows it as a percentage), None for 0/0."""
    if numerator is None or not denominator:
        return None
    return round(float(numerator) / float(denominator), 4)
