"""Survey templates as data, and validation of one respondent's answers against a template.

Pure: no Django. The same `validate_answers` serves the HTML form and the API, so both accept
and refuse exactly the same things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .scoring import Kind

DATA = Path(__file__).resolve().parent / "data"
BUNDLED = ("questionnaire_ntm_v1.yaml",)
MAX_TEXT = 2000


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    kind: str
    text: str
    required: bool = False
    choices: tuple[str, ...] = ()
    criterion: str = ""
    overall: bool = False
    satisfied_choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateSpec:
    code: str
    version: int
    title: str
    wording: str
    wording_note: str
    questions: tuple[QuestionSpec, ...]
    criteria_names: dict[str, str] = field(default_factory=dict)
    criteria_source: str = ""
    scale_labels: tuple[str, ...] = ()


def parse_template(document: dict[str, Any]) -> TemplateSpec:
    problems: list[str] = []
    for key in ("code", "version", "title", "questions"):
        if not document.get(key):
            problems.append(f"thiếu {key}")
    if problems:
        raise TemplateError("; ".join(problems))
    if document.get("wording") not in ("official", "illustrative"):
        problems.append("wording phải là official hoặc illustrative")
    questions: list[QuestionSpec] = []
    seen: set[str] = set()
    for index, raw in enumerate(document["questions"], start=1):
        where = f"câu {index}"
        code = str(raw.get("code") or "")
        kind = raw.get("kind")
        if not code:
            problems.append(f"{where}: thiếu code")
        elif code in seen:
            problems.append(f"{where}: code {code} bị trùng")
        seen.add(code)
        if kind not in set(Kind):
            problems.append(f"{where}: kind {kind!r} không hợp lệ")
        choices = tuple(str(c) for c in raw.get("choices") or ())
        if kind in (Kind.SINGLE, Kind.MULTIPLE) and len(choices) < 2:
            problems.append(f"{where}: cần ít nhất 2 lựa chọn")
        satisfied = tuple(str(c) for c in raw.get("satisfied_choices") or ())
        if set(satisfied) - set(choices):
            problems.append(f"{where}: satisfied_choices không nằm trong choices")
        if (raw.get("criterion") or raw.get("overall")) and kind not in (
            Kind.SCALE,
            Kind.YESNO,
            Kind.SINGLE,
        ):
            problems.append(
                f"{where}: câu đo mức hài lòng phải là thang 1–5, có/không hoặc chọn một"
            )
        if not raw.get("text"):
            problems.append(f"{where}: thiếu text")
        questions.append(
            QuestionSpec(
                code=code,
                kind=str(kind),
                text=str(raw.get("text") or ""),
                required=bool(raw.get("required", False)),
                choices=choices,
                criterion=str(raw.get("criterion") or ""),
                overall=bool(raw.get("overall", False)),
                satisfied_choices=satisfied,
            )
        )
    if problems:
        raise TemplateError("; ".join(problems))
    return TemplateSpec(
        code=str(document["code"]),
        version=int(document["version"]),
        title=str(document["title"]),
        wording=str(document["wording"]),
        wording_note=str(document.get("wording_note") or ""),
        questions=tuple(questions),
        criteria_names={str(k): str(v) for k, v in (document.get("criteria_names") or {}).items()},
        criteria_source=str(document.get("criteria_source") or ""),
        scale_labels=tuple(document.get("scale_labels") or ()),
    )


def bundled_templates() -> list[TemplateSpec]:
    specs = []
    for name in BUNDLED:
        with open(DATA / name, encoding="utf-8") as handle:
            specs.append(parse_template(yaml.safe_load(handle)))
    return specs


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def validate_answers(
    questions: tuple[QuestionSpec, ...] | list[QuestionSpec], raw: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Clean values per question code, plus every problem found (Vietnamese, one per question).

    Values: scale → int 1..5; yesno → bool; single → the choice text; multiple → list of choice
    texts; text → stripped string. Unanswered optional questions are left out.
    """
    clean: dict[str, Any] = {}
    problems: list[str] = []
    known = {q.code for q in questions}
    unknown = sorted(set(raw) - known)
    if unknown:
        problems.append(f"Câu hỏi không có trong phiếu: {', '.join(unknown)}")
    for q in questions:
        values = _as_list(raw.get(q.code))
        values = [v.strip() for v in values if v is not None and str(v).strip() != ""]
        label = f"Câu “{q.text}”"
        if not values:
            if q.required:
                problems.append(f"{label}: bắt buộc trả lời")
            continue
        if q.kind == Kind.MULTIPLE:
            bad = [v for v in values if v not in q.choices]
            if bad:
                problems.append(f"{label}: lựa chọn không hợp lệ")
                continue
            clean[q.code] = [c for c in q.choices if c in set(values)]
            continue
        if len(values) > 1:
            problems.append(f"{label}: chỉ được chọn một")
            continue
        value = values[0]
        if q.kind == Kind.SCALE:
            if value not in {"1", "2", "3", "4", "5"}:
                problems.append(f"{label}: phải chọn từ 1 đến 5")
                continue
            clean[q.code] = int(value)
        elif q.kind == Kind.YESNO:
            if value.lower() not in {"yes", "no", "true", "false", "1", "0", "co", "khong"}:
                problems.append(f"{label}: phải là Có hoặc Không")
                continue
            clean[q.code] = value.lower() in {"yes", "true", "1", "co"}
        elif q.kind == Kind.SINGLE:
            if value not in q.choices:
                problems.append(f"{label}: lựa chọn không hợp lệ")
                continue
            clean[q.code] = value
        else:
            if len(value) > MAX_TEXT:
                problems.append(f"{label}: tối đa {MAX_TEXT} ký tự")
                continue
            clean[q.code] = value
    return clean, problems
