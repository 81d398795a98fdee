"""Reads: results per commune, question and criterion; the province dashboard; the Smart-NTM
online-feedback coverage indicator other modules (targets, reports) call."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nongthonmoi.places.models import AdminUnit, Kind, Level, Structure

from . import rules, scoring
from .models import Answer, Moderation, OnlineService, Response, Survey, SurveyCommune
from .scoring import Rate, Verdict

VERDICT_LABELS = {
    Verdict.MEETS: "Đạt",
    Verdict.BELOW: "Chưa đạt",
    Verdict.UNKNOWN_THRESHOLD: "Chưa rõ ngưỡng",
    Verdict.NO_ANSWERS: "Chưa có phiếu",
}


@dataclass
class CommuneRow:
    place: SurveyCommune
    answers: int = 0
    overall: Rate = field(default_factory=lambda: Rate(0, 0))
    criteria: dict[str, Rate] = field(default_factory=dict)
    verdict: Verdict = Verdict.NO_ANSWERS

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


def judge(survey: Survey, overall: Rate, criteria: dict[str, Rate]) -> Verdict:
    rule = rules.rule(survey.rule_code)
    return scoring.recognition_verdict(
        overall,
        criteria,
        rule.overall_percent,
        rule.per_criterion_percent,
        overall_applies=rule.uses_overall,
        per_criterion_applies=rule.uses_per_criterion,
    )


def dashboard(survey: Survey) -> list[CommuneRow]:
    """One row per commune of the survey, in three queries whatever the number of communes."""
    places = list(survey.communes.select_related("commune").order_by("commune__name"))
    rows = {p.pk: CommuneRow(place=p) for p in places}
    counts = (
        Response.objects.filter(survey=survey).values("survey_commune_id").annotate(n=Count("id"))
    )
    for item in counts:
        rows[item["survey_commune_id"]].answers = item["n"]
    rates = (
        Answer.objects.filter(response__survey=survey, satisfied__isnull=False)
        .values("response__survey_commune_id", "question__criterion", "question__overall")
        .annotate(total=Count("id"), yes=Count("id", filter=Q(satisfied=True)))
    )
    for item in rates:
        row = rows[item["response__survey_commune_id"]]
        rate = Rate(item["yes"], item["total"])
        if item["question__overall"]:
            row.overall = rate
        else:
            key = item["question__criterion"]
            old = row.criteria.get(key, Rate(0, 0))
            row.criteria[key] = Rate(old.satisfied + rate.satisfied, old.answers + rate.answers)
    has_overall = survey.template.questions.filter(overall=True).exists()
    for row in rows.values():
        if not has_overall:
            row.overall = Rate(
                sum(r.satisfied for r in row.criteria.values()),
                sum(r.answers for r in row.criteria.values()),
            )
        row.verdict = judge(survey, row.overall, row.criteria)
    return list(rows.values())


def question_results(place: SurveyCommune, *, public: bool) -> list[dict[str, Any]]:
    """Per question: counts per option, satisfaction rate, and free texts (approved only when
    `public`; the officers' view shows how many still wait for moderation)."""
    questions = list(place.survey.template.questions.all())
    answers = Answer.objects.filter(response__survey_commune=place)
    grouped: dict[int, Counter[str]] = defaultdict(Counter)
    flags: dict[int, list[bool | None]] = defaultdict(list)
    for qid, number, choice, choices, satisfied in answers.exclude(
        question__kind=scoring.Kind.TEXT
    ).values_list("question_id", "number", "choice", "choices", "satisfied"):
        if choices:
            grouped[qid].update(choices)
        elif choice:
            grouped[qid][choice] += 1
        elif number is not None:
            grouped[qid][str(number)] += 1
        flags[qid].append(satisfied)
    texts: dict[int, list[str]] = defaultdict(list)
    pending: Counter[int] = Counter()
    for qid, text, moderation in (
        answers.filter(question__kind=scoring.Kind.TEXT)
        .values_list("question_id", "text", "moderation")
        .order_by("pk")
    ):
        if moderation == Moderation.APPROVED:
            texts[qid].append(text)
        elif moderation == Moderation.PENDING:
            pending[qid] += 1
    labels = place.survey.template.scale_labels or []
    result = []
    for q in questions:
        counter = grouped.get(q.pk, Counter())
        if q.kind == scoring.Kind.SCALE:
            options = [
                (f"{n} – {labels[n - 1]}" if len(labels) == 5 else str(n), counter.get(str(n), 0))
                for n in range(1, 6)
            ]
        elif q.kind == scoring.Kind.YESNO:
            options = [("Có", counter.get("1", 0)), ("Không", counter.get("0", 0))]
        else:
            options = [(c, counter.get(c, 0)) for c in q.choices]
        rate = scoring.rate_of(flags.get(q.pk, [])) if q.measures_satisfaction else None
        result.append(
            {
                "question": q,
                "options": options,
                "answered": sum(counter.values())
                if q.kind != scoring.Kind.MULTIPLE
                else len(flags.get(q.pk, [])),
                "rate": rate,
                "margin_note": scoring.margin_note(rate) if rate else "",
                "texts": texts.get(q.pk, []),
                "pending": 0 if public else pending.get(q.pk, 0),
            }
        )
    return result


def commune_results(place: SurveyCommune, *, public: bool) -> dict[str, Any]:
    survey = place.survey
    row = next(r for r in dashboard_for_place(place))
    names = survey.template.criteria_names or {}
    criteria = [
        {
            "code": code,
            "name": names.get(code, code),
            "rate": rate,
            "margin_note": scoring.margin_note(rate),
        }
        for code, rate in sorted(row.criteria.items(), key=lambda item: _criterion_key(item[0]))
    ]
    rule = rules.rule(survey.rule_code)
    return {
        "survey": survey,
        "place": place,
        "answers": row.answers,
        "overall": row.overall,
        "overall_note": scoring.margin_note(row.overall),
        "criteria": criteria,
        "verdict": row.verdict,
        "verdict_label": row.verdict_label,
        "rule": rule,
        "questions": question_results(place, public=public),
    }


def dashboard_for_place(place: SurveyCommune) -> list[CommuneRow]:
    return [r for r in dashboard(place.survey) if r.place.pk == place.pk]


def _criterion_key(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (10**6, code)


def moderation_queue(survey: Survey) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(response__survey=survey, moderation=Moderation.PENDING)
        .select_related("question", "response__survey_commune__commune")
        .order_by("pk")
    )


# --- Smart-NTM indicator ----------------------------------------------------------------------


def _rural_communes() -> QuerySet[AdminUnit]:
    """Communes the NTM programme applies to: 2025-map units of kind xã (not wards)."""
    return AdminUnit.objects.filter(structure=Structure.NEW, level=Level.COMMUNE, kind=Kind.XA)


def _covered_ids(communes: QuerySet[AdminUnit], year: int) -> tuple[set[int], set[int]]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    service = set(
        OnlineService.objects.filter(commune__in=communes, provides=True).values_list(
            "commune_id", flat=True
        )
    )
    feedback = set(
        Response.objects.filter(
            survey_commune__commune__in=communes, received_on__gte=start, received_on__lte=end
        )
        .values_list("survey_commune__commune_id", flat=True)
        .distinct()
    )
    return service, feedback


def online_feedback_coverage(
    province: AdminUnit | QuerySet[AdminUnit] | None = None, year: int | None = None
) -> dict[Any, Any]:
    """Share of communes that provide at least one essential online service AND received at least
    one online satisfaction answer in `year` (default: this year), against the programme target.

    `province` None → national, with a per-province breakdown; a province (2025 map) → that
    province. Shape::

        {"scope": "national" | "<province code>", "scope_name": str, "year": int,
         "communes": int,                 # 2025-map communes of kind xã in scope
         "with_online_service": int, "with_online_feedback": int, "covered": int,  # both
         "percent": float | None,         # covered / communes × 100, 1 decimal
         "target_percent": float, "target_text": str, "target_source": str,
         "meets_target": bool | None,     # None when there are no communes
         "provinces": [{"code", "name", "communes", "covered", "percent", "meets_target"}, ...]}

    `provinces` lists every province when national, else only the given one. For the targets
    module's computed sources, a QuerySet of communes instead of a province returns
    {commune id: covered?} for those communes.
    """
    year = year or timezone.localdate().year
    if isinstance(province, QuerySet):
        communes = province
        service, feedback = _covered_ids(communes, year)
        return {
            pk: pk in service and pk in feedback for pk in communes.values_list("pk", flat=True)
        }
    target = rules.online_feedback_target()
    communes = _rural_communes()
    if province is not None:
        communes = communes.filter(province=province)
    service, feedback = _covered_ids(communes, year)
    per_province: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pk, province_id in communes.values_list("pk", "province_id"):
        per_province[province_id][0] += 1
        per_province[province_id][1] += int(pk in service and pk in feedback)
    provinces = AdminUnit.objects.filter(pk__in=per_province.keys()).order_by("name")
    breakdown = []
    for unit in provinces:
        total, covered = per_province[unit.pk]
        cov = scoring.Coverage(total, covered, target.percent)
        breakdown.append(
            {
                "code": unit.code,
                "name": unit.name,
                "communes": total,
                "covered": covered,
                "percent": cov.percent,
                "meets_target": cov.meets_target,
            }
        )
    total = sum(v[0] for v in per_province.values())
    covered = sum(v[1] for v in per_province.values())
    overall = scoring.Coverage(total, covered, target.percent)
    return {
        "scope": "national" if province is None else province.code,
        "scope_name": "Toàn quốc" if province is None else province.name,
        "year": year,
        "communes": total,
        "with_online_service": len(service),
        "with_online_feedback": len(feedback),
        "covered": covered,
        "percent": overall.percent,
        "target_percent": target.percent,
        "target_text": target.text,
        "target_source": target.source,
        "meets_target": overall.meets_target,
        "provinces": breakdown,
    }
