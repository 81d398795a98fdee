"""Report definitions as data (`definitions/*.yaml`): sections bound to named data providers.

Pure (no Django). A definition is validated when loaded; `provider_names` (the registry's keys)
lets the caller check that every table section names a provider that exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

DEFINITIONS_DIR = Path(__file__).with_name("definitions")
PeriodKind = Literal["half_year", "year", "phase"]


class DefinitionError(ValueError):
    """A definition file is wrong; the message lists every problem."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    title: str
    kind: Literal["table", "text"]
    provider: str | None = None
    chart: bool = False
    help: str = ""

    @model_validator(mode="after")
    def _provider_matches_kind(self) -> Section:
        if self.kind == "table" and not self.provider:
            raise ValueError(f"section {self.key!r}: a table section needs a provider")
        if self.kind == "text" and self.provider:
            raise ValueError(f"section {self.key!r}: a text section has no provider")
        return self


class Definition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    title: str
    period_kind: PeriodKind
    map: Literal["2021", "2025"]
    version: int
    note: str = ""
    sections: tuple[Section, ...]

    @model_validator(mode="after")
    def _unique_keys(self) -> Definition:
        keys = [s.key for s in self.sections]
        duplicated = sorted({k for k in keys if keys.count(k) > 1})
        if duplicated:
            raise ValueError(f"duplicated section keys: {', '.join(duplicated)}")
        return self

    @property
    def tables(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "table"]

    @property
    def texts(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "text"]


def parse_definition(text: str, origin: str, provider_names: Iterable[str] = ()) -> Definition:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{origin}: not valid YAML: {exc}") from exc
    try:
        definition = Definition.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{origin}: {'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}"
            for e in exc.errors()
        ]
        raise DefinitionError("\n".join(problems)) from exc
    known = set(provider_names)
    if known:
        unknown = [
            f"{origin}: section {s.key!r}: unknown provider {s.provider!r}"
            for s in definition.tables
            if s.provider not in known
        ]
        if unknown:
            raise DefinitionError("\n".join(unknown))
    return definition


@cache
def load_definitions(directory: Path = DEFINITIONS_DIR) -> dict[str, Definition]:
    result: dict[str, Definition] = {}
    for path in sorted(directory.glob("*.yaml")):
        definition = parse_definition(path.read_text(encoding="utf-8"), path.name)
        result[definition.code] = definition
    return result


def get_definition(code: str) -> Definition:
    try:
        return load_definitions()[code]
    except KeyError as exc:
        raise DefinitionError(f"unknown report definition {code!r}") from exc
