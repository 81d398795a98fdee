"""Writes of the criteria app: provincial overlays (versioned, audited) and stored evaluations.

For other apps:

* ``recompute_units(unit_ids, set_code, year)`` – call after indicator values of these units
  changed (e.g. a reporting round saved or approved them). Small batches are evaluated at once;
  batches above ``LARGE_BATCH`` units go to a background task. Returns a ``RecomputeReport``.
* ``do_recompute(units, set_code, year)`` – evaluate now, store ``Evaluation`` rows for both
  value bases (all values / approved only) and refresh the province and national summaries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from pydantic import ValidationError

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.text import fold
from nongthonmoi.places.models import AdminUnit, Level

from . import queries
from .engine import UnitInput, UnitResult, evaluate_batch
from .loader import OverlayError, ResolvedSet, apply_overlay, list_sets, load_set
from .models import (
    Evaluation,
    EvaluationSummary,
    IndicatorValue,
    ProvinceOverlay,
    ValuesBasis,
)
from .schema import GROUP_CODES, ILLUSTRATIVE_LABEL, REGION_CODES, Overlay, expand_errors
from .stored_values import indicator_kinds
from .values import Value, parse_value
from .workbook import WorkbookError, import_overlay

# Above this many units a recompute goes to the background task queue.
LARGE_BATCH = 1000
BASES: dict[str, list[str] | None] = {
    ValuesBasis.ALL: None,
    ValuesBasis.APPROVED: ["approved"],
}


@dataclass
class RecomputeReport:
    evaluated: int = 0
    skipped: list[str] = field(default_factory=list)  # "01290: thiếu nhóm xã"
    bad_values: list[str] = field(default_factory=list)
    queued: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "evaluated": self.evaluated,
            "skipped": self.skipped,
            "bad_values": self.bad_values,
            "queued": self.queued,
        }


# --- evaluations ------------------------------------------------------------------------------


def recompute_units(unit_ids: Iterable[int], set_code: str, year: int) -> RecomputeReport:
    """Recompute stored results after values changed; large batches run as a background task."""
    ids = sorted(set(unit_ids))
    if len(ids) > LARGE_BATCH:
        from .tasks import recompute_task

        recompute_task.enqueue(ids, set_code, year)
        return RecomputeReport(queued=True)
    units = AdminUnit.objects.filter(pk__in=ids).select_related("province")
    return do_recompute(units, set_code, year)


def _profile_problem(resolved: ResolvedSet, unit: AdminUnit) -> str | None:
    definition = resolved.definition
    if definition.dimension == "group" and str(unit.commune_group) not in GROUP_CODES:
        return f"{unit.code} {unit.name}: chưa xác định nhóm xã (1, 2, 3)"
    if definition.dimension == "region" and unit.region not in REGION_CODES:
        override = definition.override
        if override is None or not set(override.when_flags) & set(unit.flags):
            return f"{unit.code} {unit.name}: chưa xác định vùng"
    return None


def _stored_values(
    unit_ids: list[int],
    resolved: ResolvedSet,
    year: int,
    statuses: list[str] | None,
    report: RecomputeReport,
) -> dict[int, dict[str, Value]]:
    """Like ``stored_values.values_for`` but a bad stored value is reported, not fatal."""
    kinds = indicator_kinds(resolved)
    qs = IndicatorValue.objects.filter(
        unit_id__in=unit_ids, set_code=resolved.code, year=year
    ).exclude(value="")
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    result: dict[int, dict[str, Value]] = {}
    for unit_id, code, raw in qs.values_list("unit_id", "indicator_code", "value"):
        if code not in kinds:
            continue
        kind, choices = kinds[code]
        try:
            result.setdefault(unit_id, {})[code] = parse_value(raw, kind, choices)
        except ValueError as exc:
            report.bad_values.append(f"đơn vị #{unit_id}, chỉ tiêu {code}: {exc}")
    return result


def _fields_from(result: UnitResult) -> dict[str, Any]:
    return {
        "criteria_met": result.criteria_met,
        "criteria_total": result.criteria_total,
        "meets_standard": result.meets_standard,
        "tier_reached": result.tier_reached or "",
        "criteria_status": {c.code: c.status for c in result.criteria},
        "missing_indicators": list(result.missing_indicators),
        "no_data_indicators": list(result.no_data_indicators),
        "no_threshold_indicators": list(result.no_threshold_indicators),
        "explanation": result.to_dict(),
        "illustrative": result.illustrative,
        "version_label": result.set_version,
        "fingerprint": result.fingerprint,
    }


def do_recompute(units: Iterable[AdminUnit], set_code: str, year: int) -> RecomputeReport:
    """Evaluate `units` against `set_code` for `year`, store the results, refresh summaries.

    Each province's units are evaluated under that province's overlay, in one engine batch per
    value basis. A unit the set cannot judge (no commune group / region) is skipped and its old
    result removed, so no stale verdict stays on a dashboard.
    """
    definition = load_set(set_code).definition
    if not definition.valid_from <= year <= definition.valid_to:
        raise ValidationFailed(
            [
                f"Năm {year} nằm ngoài thời hạn của bộ tiêu chí {set_code} "
                f"({definition.valid_from}–{definition.valid_to})."
            ]
        )
    report = RecomputeReport()
    by_province: dict[int | None, list[AdminUnit]] = defaultdict(list)
    for unit in units:
        if unit.structure != definition.map or unit.level != definition.level:
            report.skipped.append(f"{unit.code} {unit.name}: bộ {set_code} không áp dụng")
            continue
        by_province[unit.province_id].append(unit)
    now = timezone.now()
    with transaction.atomic():
        for province_id, group in by_province.items():
            province = group[0].province if province_id else None
            resolved = queries.resolved_set_for(province, set_code)
            judged = []
            for unit in group:
                problem = _profile_problem(resolved, unit)
                if problem:
                    report.skipped.append(problem)
                else:
                    judged.append(unit)
            skipped_ids = [u.pk for u in group if u not in judged]
            Evaluation.objects.filter(
                unit_id__in=skipped_ids, set_code=set_code, year=year
            ).delete()
            ids = [u.pk for u in judged]
            existing = {
                (e.unit_id, e.basis): e
                for e in Evaluation.objects.filter(unit_id__in=ids, set_code=set_code, year=year)
            }
            to_create, to_update = [], []
            for basis, statuses in BASES.items():
                values = _stored_values(ids, resolved, year, statuses, report)
                inputs = [UnitInput(queries.profile_for(u), values.get(u.pk, {})) for u in judged]
                for unit, result in zip(
                    judged, evaluate_batch(resolved, inputs, year), strict=True
                ):
                    fields = _fields_from(result)
                    row = existing.get((unit.pk, basis))
                    if row is None:
                        row = Evaluation(
                            unit=unit,
                            province_id=province_id,
                            set_code=set_code,
                            year=year,
                            basis=basis,
                            computed_at=now,
                            **fields,
                        )
                        to_create.append(row)
                    else:
                        for name, value in fields.items():
                            setattr(row, name, value)
                        row.province_id = province_id
                        row.computed_at = now
                        to_update.append(row)
            Evaluation.objects.bulk_create(to_create, batch_size=500)
            if to_update:
                Evaluation.objects.bulk_update(
                    to_update, [*_UPDATED_FIELDS, "province", "computed_at"], batch_size=500
                )
            report.evaluated += len(judged)
        refresh_summaries([p for p in by_province if p], set_code, year)
        evaluate_province_conditions([p for p in by_province if p], set_code, year)
    return report


_UPDATED_FIELDS = [
    "criteria_met",
    "criteria_total",
    "meets_standard",
    "tier_reached",
    "criteria_status",
    "missing_indicators",
    "no_data_indicators",
    "no_threshold_indicators",
    "explanation",
    "illustrative",
    "version_label",
    "fingerprint",
]


def do_recompute_province(
    actor: Any, province: AdminUnit, set_code: str, year: int
) -> RecomputeReport:
    """A province approver asks for every commune of the province to be evaluated again."""
    if not can(actor, Capability.MANAGE, province):
        raise PermissionDeniedError("manage capability required on this province")
    ids = list(queries.evaluable_units(province, set_code).values_list("pk", flat=True))
    report = recompute_units(ids, set_code, year)
    audit.record(
        actor,
        "criteria.recompute",
        province,
        unit=province,
        after={"set": set_code, "year": year, **report.as_dict()},
    )
    return report


# --- province conditions (from the communes' stored results) -----------------------------------


@dataclass(frozen=True)
class _ChildResult:
    """What a `children_share` rule reads of a member unit's result."""

    meets_standard: bool


def evaluate_province_conditions(province_ids: Iterable[int], of_set: str, year: int) -> int:
    """Evaluate province-level sets whose shares count communes judged by `of_set`.

    E.g. `tinh-hoan-thanh-2026-2030` ("100% of communes meet NTM", "≥ 10% modern"): each share
    uses every commune of the province, a commune without a stored result counting as not
    meeting; a share whose commune set has no results at all stays "no data". Stored like any
    Evaluation (unit = the province), per value basis. Returns the number of provinces judged.
    """
    sets = [
        s
        for s in list_sets()
        if s.level == Level.PROVINCE
        and s.valid_from <= year <= s.valid_to
        and any(i.of_set == of_set for _, i in s.indicators() if i.kind == "children_share")
    ]
    provinces = list(AdminUnit.objects.filter(pk__in=list(province_ids), level=Level.PROVINCE))
    judged = 0
    now = timezone.now()
    for definition in sets:
        shares = {i.of_set for _, i in definition.indicators() if i.kind == "children_share"}
        for province in provinces:
            if province.structure != definition.map:
                continue
            resolved = queries.resolved_set_for(province, definition.code)
            commune_ids = list(
                AdminUnit.objects.filter(
                    structure=definition.map, level=Level.COMMUNE, province=province
                ).values_list("pk", flat=True)
            )
            for basis, statuses in BASES.items():
                children: dict[str, list[Any]] = {}
                for child_set in shares:
                    met = dict(
                        Evaluation.objects.filter(
                            province=province, set_code=child_set, year=year, basis=basis
                        ).values_list("unit_id", "meets_standard")
                    )
                    if met:
                        children[child_set] = [
                            _ChildResult(bool(met.get(pk, False))) for pk in commune_ids
                        ]
                report = RecomputeReport()
                own = _stored_values([province.pk], resolved, year, statuses, report)
                unit = UnitInput(queries.profile_for(province), own.get(province.pk, {}), children)
                result = evaluate_batch(resolved, [unit], year)[0]
                Evaluation.objects.update_or_create(
                    unit=province,
                    set_code=definition.code,
                    year=year,
                    basis=basis,
                    defaults={"province": province, "computed_at": now, **_fields_from(result)},
                )
            judged += 1
    return judged


# --- summaries (bottom-up) --------------------------------------------------------------------


def _summarise(
    rows: Iterable[tuple[int, bool, str, dict[str, str], list[str], bool]],
) -> dict[str, Any]:
    by_met: Counter[str] = Counter()
    by_tier: Counter[str] = Counter()
    by_criterion: dict[str, Counter[str]] = defaultdict(Counter)
    missing: Counter[str] = Counter()
    evaluated = meets = 0
    illustrative = False
    for criteria_met, meets_standard, tier, statuses, missing_codes, is_illustrative in rows:
        evaluated += 1
        meets += bool(meets_standard)
        by_met[str(criteria_met)] += 1
        by_tier[tier or "none"] += 1
        for code, status in statuses.items():
            by_criterion[code][status] += 1
        missing.update(missing_codes)
        illustrative = illustrative or is_illustrative
    return {
        "units_evaluated": evaluated,
        "meets_standard": meets,
        "by_criteria_met": dict(by_met),
        "by_tier": dict(by_tier),
        "by_criterion": {code: dict(counts) for code, counts in by_criterion.items()},
        "missing_by_indicator": dict(missing),
        "illustrative": illustrative,
    }


def _merge(summaries: Iterable[EvaluationSummary]) -> dict[str, Any]:
    by_met: Counter[str] = Counter()
    by_tier: Counter[str] = Counter()
    by_criterion: dict[str, Counter[str]] = defaultdict(Counter)
    missing: Counter[str] = Counter()
    evaluated = meets = 0
    illustrative = False
    for s in summaries:
        evaluated += s.units_evaluated
        meets += s.meets_standard
        by_met.update(s.by_criteria_met)
        by_tier.update(s.by_tier)
        for code, counts in s.by_criterion.items():
            by_criterion[code].update(counts)
        missing.update(s.missing_by_indicator)
        illustrative = illustrative or s.illustrative
    return {
        "units_evaluated": evaluated,
        "meets_standard": meets,
        "by_criteria_met": dict(by_met),
        "by_tier": dict(by_tier),
        "by_criterion": {code: dict(counts) for code, counts in by_criterion.items()},
        "missing_by_indicator": dict(missing),
        "illustrative": illustrative,
    }


def refresh_summaries(province_ids: Iterable[int], set_code: str, year: int) -> None:
    """Province summaries from Evaluation rows, then the national one from province summaries."""
    definition = load_set(set_code).definition
    provinces = list(AdminUnit.objects.filter(pk__in=list(province_ids), level=Level.PROVINCE))
    now = timezone.now()
    totals = dict(
        AdminUnit.objects.filter(
            structure=definition.map, level=definition.level, province__in=provinces
        )
        .values("province_id")
        .annotate(n=Count("pk"))
        .values_list("province_id", "n")
    )
    for basis in BASES:
        rows_by_province: dict[int, list[Any]] = defaultdict(list)
        for row in Evaluation.objects.filter(
            province__in=provinces, set_code=set_code, year=year, basis=basis
        ).values_list(
            "province_id",
            "criteria_met",
            "meets_standard",
            "tier_reached",
            "criteria_status",
            "missing_indicators",
            "illustrative",
        ):
            rows_by_province[row[0]].append(row[1:])
        for province in provinces:
            EvaluationSummary.objects.update_or_create(
                scope_key=queries.scope_key(province),
                set_code=set_code,
                year=year,
                basis=basis,
                defaults={
                    "scope_unit": province,
                    "units_total": totals.get(province.pk, 0),
                    "computed_at": now,
                    **_summarise(rows_by_province.get(province.pk, [])),
                },
            )
        province_summaries = EvaluationSummary.objects.filter(
            set_code=set_code, year=year, basis=basis, scope_key__startswith=f"{definition.map}:"
        )
        EvaluationSummary.objects.update_or_create(
            scope_key=EvaluationSummary.NATION,
            set_code=set_code,
            year=year,
            basis=basis,
            defaults={
                "scope_unit": None,
                "units_total": AdminUnit.objects.filter(
                    structure=definition.map, level=definition.level
                ).count(),
                "computed_at": now,
                **_merge(province_summaries),
            },
        )


# --- provincial overlays ----------------------------------------------------------------------


def _overlay_problems(exc: ValidationError) -> list[str]:
    problems = []
    for loc, message in expand_errors(exc.errors()):
        where = ".".join(str(p) for p in loc)
        problems.append(f"{where}: {message}" if where else message)
    return problems


def _overlay_code(province: AdminUnit, set_code: str) -> str:
    slug = "-".join(fold(province.name).replace("-", " ").split())
    return f"{slug}-{set_code}"[:80]


def validate_overlay(set_code: str, data: Mapping[str, Any]) -> tuple[Overlay, ResolvedSet]:
    """Check overlay data against the national set; every problem is listed (Vietnamese)."""
    try:
        overlay = Overlay.model_validate(dict(data))
    except ValidationError as exc:
        raise ValidationFailed(_overlay_problems(exc)) from exc
    try:
        resolved = apply_overlay(load_set(set_code), overlay)
    except OverlayError as exc:
        raise ValidationFailed(exc.problems) from exc
    return overlay, resolved


def do_save_overlay(
    actor: Any,
    province: AdminUnit,
    set_code: str,
    data: Mapping[str, Any],
    *,
    source: str = "giao diện",
    recompute: bool = True,
) -> ProvinceOverlay:
    """Record a new version of `province`'s overlay on `set_code` (older versions are kept).

    The version number is assigned here (one more than the last); results of the province are
    then recomputed under the new thresholds for every year that has values or results.
    """
    if province.level != Level.PROVINCE:
        raise ValidationFailed(["Bộ tiêu chí riêng chỉ đặt ở cấp tỉnh."])
    if not can(actor, Capability.MANAGE, province):
        raise PermissionDeniedError("manage capability required on this province")
    load_set(set_code)  # KeyError for an unknown set, before anything is written
    with transaction.atomic():
        previous = (
            ProvinceOverlay.objects.select_for_update()
            .filter(province=province, set_code=set_code)
            .order_by("-version")
            .first()
        )
        version = (previous.version + 1) if previous else 1
        payload = dict(data)
        payload.update(
            version=version,
            base_set=set_code,
            province=province.name.removeprefix("Tỉnh ").removeprefix("Thành phố "),
        )
        if not payload.get("code"):
            payload["code"] = previous.code if previous else _overlay_code(province, set_code)
        if payload.get("illustrative"):
            payload["label"] = ILLUSTRATIVE_LABEL
        overlay, _ = validate_overlay(set_code, payload)
        decision = overlay.decision
        row = ProvinceOverlay.objects.create(
            province=province,
            set_code=set_code,
            code=overlay.code,
            version=version,
            decision_number=decision.number if decision else "",
            decision_date=decision.date if decision else None,
            illustrative=overlay.illustrative,
            data=overlay.model_dump(mode="json"),
            source=source,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor,
            "criteria.save_overlay",
            row,
            unit=province,
            before={"version": previous.version, "data": previous.data} if previous else None,
            after={"version": row.version, "data": row.data, "source": source},
            reason=row.decision_number,
        )
    if recompute:
        recompute_province(province, set_code)
    return row


def recompute_province(province: AdminUnit, set_code: str) -> list[RecomputeReport]:
    """Recompute every year of `province` that has values or results for `set_code`."""
    ids = list(queries.evaluable_units(province, set_code).values_list("pk", flat=True))
    years = set(
        IndicatorValue.objects.filter(unit_id__in=ids, set_code=set_code)
        .values_list("year", flat=True)
        .distinct()
    ) | set(queries.evaluated_years(set_code, province))
    return [recompute_units(ids, set_code, year) for year in sorted(years)]


def parse_threshold(text: str, kind: str, choices: list[str]) -> object:
    """A threshold typed in the overlay table, as overlay JSON (numbers as text, never floats)."""
    value = parse_value(text, kind, choices)
    if isinstance(value, bool | str):
        return value
    return str(value)


def overlay_from_edits(
    national: ResolvedSet,
    previous: Overlay | None,
    cells: Mapping[tuple[str, str], str],
    comparators: Mapping[str, str],
    meta: Mapping[str, Any],
) -> dict[str, Any]:
    """Overlay data from the edit table: `cells[(indicator, key)]` is the typed text.

    An empty cell means "no provincial value" (the national one applies). Everything else the
    previous version held (year tables, flag variants, notes) is kept. Raises ValidationFailed
    naming the indicator and the group/region of every bad cell.
    """
    problems: list[str] = []
    indicators: dict[str, dict[str, Any]] = {}
    old = previous.indicators if previous else {}
    for criterion in national.definition.criteria:
        for indicator in criterion.indicators:
            code = indicator.code
            kept = old[code].model_dump(mode="json") if code in old else {}
            thresholds: dict[str, object] = {}
            for (cell_code, key), text in cells.items():
                if cell_code != code or not text.strip():
                    continue
                try:
                    thresholds[key] = parse_threshold(text, indicator.kind, list(indicator.choices))
                except ValueError as exc:
                    problems.append(f"Chỉ tiêu {code}, {_key_label(key)}: {exc}")
            comparator = comparators.get(code) or kept.get("comparator")
            if indicator.comparator is None and thresholds and not comparator:
                if indicator.kind in ("boolean", "set_met"):
                    comparator = "=="
                else:
                    problems.append(f"Chỉ tiêu {code}: cần chọn phép so sánh cho ngưỡng của tỉnh")
            changed = thresholds != {k: v for k, v in (kept.get("thresholds") or {}).items()}
            entry = {**kept, "thresholds": thresholds}
            if comparator and indicator.comparator is None:
                entry["comparator"] = comparator
            if changed and not meta.get("illustrative"):
                entry["illustrative"] = False
            has_content = (
                thresholds or entry.get("thresholds_by_year") or entry.get("flag_thresholds")
            )
            if has_content:
                indicators[code] = entry
    if not indicators:
        problems.append("Bộ của tỉnh cần ít nhất một ngưỡng.")
    if not meta.get("illustrative") and not (meta.get("decision_number") or "").strip():
        problems.append("Cần số quyết định của tỉnh (hoặc đánh dấu là ngưỡng minh hoạ).")
    if problems:
        raise ValidationFailed(problems)
    number = (meta.get("decision_number") or "").strip()
    decision_date: dt.date | None = meta.get("decision_date")
    return {
        "code": previous.code if previous else None,
        "illustrative": bool(meta.get("illustrative")),
        "decision": {
            "number": number,
            "date": decision_date.isoformat() if decision_date else None,
        }
        if number
        else None,
        "note": (meta.get("note") or "").strip() or (previous.note if previous else None),
        "indicators": indicators,
    }


def _key_label(key: str) -> str:
    if key in GROUP_CODES:
        return f"nhóm {key}"
    if key == "all":
        return "mức chung"
    return f"vùng {key}"


def do_import_overlay_workbook(
    actor: Any, province: AdminUnit, set_code: str, path: Path
) -> ProvinceOverlay:
    """Create a new overlay version from a workbook; all-or-nothing, every bad cell listed."""
    if not can(actor, Capability.MANAGE, province):
        raise PermissionDeniedError("manage capability required on this province")
    national = load_set(set_code)
    try:
        overlay = import_overlay(path, base=national)
    except WorkbookError as exc:
        raise ValidationFailed(exc.problems) from exc
    except (OSError, ValueError) as exc:
        raise ValidationFailed([f"Không đọc được tệp Excel: {exc}"]) from exc
    problems = []
    if overlay.base_set != set_code:
        problems.append(
            f"Bộ tiêu chí!base_set: tệp dành cho bộ '{overlay.base_set}', không phải '{set_code}'"
        )
    if fold(overlay.province) not in fold(province.name):
        problems.append(
            f"Bộ tiêu chí!province: tệp của tỉnh '{overlay.province}', không phải {province.name}"
        )
    if problems:
        raise ValidationFailed(problems)
    data = overlay.model_dump(mode="json")
    data.pop("version", None)
    return do_save_overlay(actor, province, set_code, data, source="tệp Excel")
