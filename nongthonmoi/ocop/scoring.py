"""OCOP scoring: one member's sheet, the star function and the council average (pure, no Django).

Public API:

- ``score_sheet(rulebook, set_number, answers, *, rejected=False) -> SheetScore``: validates the
  answers ({criterion code: points}) against the sheet, then part totals A/B/C, total, unmet
  starred minimums and stars.  Bad answers raise ``AnswerError`` listing every problem, each
  naming its criterion.
- ``stars_for(total, *, unmet_levels=(), rulebook=None, rejected=False, on=None) -> StarResult``:
  the star function of Điều 3.3, Quyết định 26/2026/QĐ-TTg (bands from the rulebook data):
  the band of the (members' average) total — 5★ 90–100, 4★ 70 to under 90, 3★ 50 to under 70,
  2★ 30 to under 50, 1★ under 30 — capped at the highest level whose starred minimums are all met,
  cumulatively (4★ needs the *** and **** minimums).  Below the 3★ minimums, or rejected, a product
  is not certified.  3★–4★ are certified by the province, 5★ (≥ 90) by the ministry's council.
- ``aggregate_council(rulebook, set_number, member_answers) -> CouncilResult``: each member's
  sheet, the average per criterion and of the totals, the spread per criterion, and the stars of
  the average.

All arithmetic is ``Decimal``; nothing is rounded (the rounding rule is not in the decision).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from nongthonmoi.ocop.rulebook import (
    STAR_LEVELS_WITH_MINIMUMS,
    Criterion,
    Rulebook,
    Sheet,
    load_rulebook,
)

DEFAULT_RULEBOOK = "qd-26-2026"

LEVEL_NAMES = {"district": "cấp huyện", "province": "cấp tỉnh", "ministry": "cấp trung ương"}


@dataclass(frozen=True)
class AnswerProblem:
    criterion: str
    message: str

    def __str__(self) -> str:
        return f"tiêu chí {self.criterion}: {self.message}"


class AnswerError(ValueError):
    """Answers that do not fit the sheet; ``problems`` names every offending criterion."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class UnmetMinimum:
    criterion: str
    for_stars: int
    required: Decimal
    given: Decimal


@dataclass(frozen=True)
class StarResult:
    stars: int  # the ranking after the cap (1–5)
    band_stars: int  # the band of the total alone
    certified: bool
    capped_by_minimums: bool
    rejected: bool
    certifying_level: str | None  # "province", "ministry", "district" (148 before 07/2025)
    certifying_authority: str | None


@dataclass(frozen=True)
class SheetScore:
    rulebook: str
    set_number: int
    points: dict[str, Decimal]  # criterion code → points (averages for a council)
    parts: dict[str, Decimal]
    total: Decimal
    unmet_minimums: tuple[UnmetMinimum, ...]
    result: StarResult

    @property
    def stars(self) -> int:
        return self.result.stars


@dataclass(frozen=True)
class Disagreement:
    criterion: str
    spread: Decimal  # highest minus lowest member score
    by_member: dict[str, Decimal]


@dataclass(frozen=True)
class CouncilResult:
    members: dict[str, SheetScore]
    average: SheetScore  # per-criterion averages; total = average of the members' totals
    disagreements: tuple[Disagreement, ...]  # criteria where members differ, widest first


# -- the star function ---------------------------------------------------------------------------


def stars_for(
    total: Decimal | int | float | str,
    *,
    unmet_levels: Iterable[int] = (),
    rulebook: Rulebook | None = None,
    rejected: bool = False,
    on: dt.date | None = None,
) -> StarResult:
    """Stars for an (average) total; ``unmet_levels`` are the star levels (3, 4, 5) with at least
    one starred minimum not met.  ``on`` picks the certifying level when it changed over time."""
    book = rulebook or load_rulebook(DEFAULT_RULEBOOK)
    value = _decimal(total)
    if value < 0 or value > book.total_max:
        raise ValueError(f"Tổng điểm phải từ 0 đến {book.total_max}, có {value}")
    band = next(b.stars for b in book.star_bands if value >= b.low)
    unmet = set(unmet_levels)
    unknown = unmet - set(STAR_LEVELS_WITH_MINIMUMS)
    if unknown:
        raise ValueError(f"Mức sao có yêu cầu tối thiểu là 3, 4, 5; không có {sorted(unknown)}")
    # Cumulative: a level counts only if its minimums and those of every lower level are met.
    cap = max(STAR_LEVELS_WITH_MINIMUMS)
    for level in STAR_LEVELS_WITH_MINIMUMS:
        if level in unmet:
            cap = level - 1
            break
    stars = min(band, cap)
    certified = stars >= book.certified_from_stars and not rejected
    level = _certifying_level(book, stars, on) if certified else None
    return StarResult(
        stars=stars,
        band_stars=band,
        certified=certified,
        capped_by_minimums=stars < band,
        rejected=rejected,
        certifying_level=level[0] if level else None,
        certifying_authority=level[1] if level else None,
    )


def _certifying_level(book: Rulebook, stars: int, on: dt.date | None) -> tuple[str, str] | None:
    """The level that certifies ``stars`` on ``on`` (default: the rulebook's latest procedure)."""
    matching = [
        entry
        for entry in book.certifying_levels
        if stars in entry.stars
        and (
            on is None
            or (
                (entry.valid_from is None or entry.valid_from <= on)
                and (entry.valid_until is None or on <= entry.valid_until)
            )
        )
    ]
    if not matching:
        return None
    latest = max(matching, key=lambda e: e.valid_from or dt.date.min)
    return latest.level, latest.authority


# -- one sheet ------------------------------------------------------------------------------


def score_sheet(
    rulebook: Rulebook | str,
    set_number: int,
    answers: Mapping[str, object],
    *,
    rejected: bool = False,
    on: dt.date | None = None,
) -> SheetScore:
    """Score one member's sheet.  Every criterion of the sheet must be answered with points that
    one of its options offers (or 0, an unticked box, where the rulebook allows it)."""
    book = load_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    sheet = book.sheet(set_number)
    points = validate_answers(book, sheet, answers)
    return _score(book, sheet, points, rejected=rejected, on=on)


def validate_answers(
    book: Rulebook, sheet: Sheet, answers: Mapping[str, object]
) -> dict[str, Decimal]:
    """{code: points} as Decimals in sheet order, or ``AnswerError`` with every problem."""
    problems: list[AnswerProblem] = []
    known = {c.code: c for c in sheet.criteria}
    given = {str(code).strip(): value for code, value in answers.items()}
    for code in given:
        if code not in known:
            problems.append(
                AnswerProblem(code, f"không có trong phiếu bộ sản phẩm {sheet.set_number}")
            )
    points: dict[str, Decimal] = {}
    for criterion in sheet.criteria:
        if criterion.code not in given:
            problems.append(AnswerProblem(criterion.code, "chưa chấm (thiếu điểm)"))
            continue
        value = given[criterion.code]
        number = _answer_decimal(value)
        if number is None:
            problems.append(AnswerProblem(criterion.code, f"điểm phải là số, có {value!r}"))
            continue
        allowed = allowed_points(book, criterion)
        if number not in allowed:
            offered = ", ".join(_plain(p) for p in sorted(allowed))
            problems.append(
                AnswerProblem(
                    criterion.code, f"{_plain(number)} điểm không có trong phiếu (chọn: {offered})"
                )
            )
            continue
        points[criterion.code] = number
    if problems:
        raise AnswerError(problems)
    return points


def allowed_points(book: Rulebook, criterion: Criterion) -> frozenset[Decimal]:
    offered = criterion.offered_points
    if book.unticked_scores_zero:
        offered = offered | {Decimal(0)}
    return offered


def _score(
    book: Rulebook,
    sheet: Sheet,
    points: Mapping[str, Decimal],
    *,
    rejected: bool,
    on: dt.date | None,
) -> SheetScore:
    parts = {part.code: Decimal(0) for part in sheet.parts}
    unmet: list[UnmetMinimum] = []
    for criterion in sheet.criteria:
        value = points[criterion.code]
        parts[criterion.part] += value
        for level, required in sorted(criterion.minimums.items()):
            if value < required:
                unmet.append(UnmetMinimum(criterion.code, level, required, value))
    total = sum(parts.values(), Decimal(0))
    result = stars_for(
        total,
        unmet_levels={u.for_stars for u in unmet},
        rulebook=book,
        rejected=rejected,
        on=on,
    )
    return SheetScore(
        rulebook=book.code,
        set_number=sheet.set_number,
        points=dict(points),
        parts=parts,
        total=total,
        unmet_minimums=tuple(unmet),
        result=result,
    )


# -- the council ------------------------------------------------------------------------------


def aggregate_council(
    rulebook: Rulebook | str,
    set_number: int,
    member_answers: Mapping[str, Mapping[str, object]],
    *,
    rejected: bool = False,
    on: dt.date | None = None,
) -> CouncilResult:
    """Average the members' sheets.  Each member's answers are validated (``AnswerError`` names
    the member and criterion).  Minimums are checked on the per-criterion averages."""
    book = load_rulebook(rulebook) if isinstance(rulebook, str) else rulebook
    sheet = book.sheet(set_number)
    if not member_answers:
        raise ValueError("Hội đồng chưa có phiếu chấm nào")
    members: dict[str, SheetScore] = {}
    problems: list[AnswerProblem] = []
    for member, answers in member_answers.items():
        try:
            members[member] = score_sheet(book, set_number, answers, rejected=rejected, on=on)
        except AnswerError as error:
            problems.extend(
                AnswerProblem(p.criterion, f"{p.message} (phiếu của {member})")
                for p in error.problems
            )
    if problems:
        raise AnswerError(problems)
    count = Decimal(len(members))
    averages = {
        c.code: sum((m.points[c.code] for m in members.values()), Decimal(0)) / count
        for c in sheet.criteria
    }
    average = _score(book, sheet, averages, rejected=rejected, on=on)
    # Điều 3.3 ranks by "tổng điểm trung bình": the mean of the members' totals.  It equals the
    # sum of the per-criterion means up to Decimal precision; take it directly.
    mean_total = sum((m.total for m in members.values()), Decimal(0)) / count
    if mean_total != average.total:
        unmet_levels = {u.for_stars for u in average.unmet_minimums}
        average = SheetScore(
            rulebook=average.rulebook,
            set_number=average.set_number,
            points=average.points,
            parts=average.parts,
            total=mean_total,
            unmet_minimums=average.unmet_minimums,
            result=stars_for(
                mean_total, unmet_levels=unmet_levels, rulebook=book, rejected=rejected, on=on
            ),
        )
    disagreements = []
    for criterion in sheet.criteria:
        by_member = {name: score.points[criterion.code] for name, score in members.items()}
        spread = max(by_member.values()) - min(by_member.values())
        if spread:
            disagreements.append(Disagreement(criterion.code, spread, by_member))
    disagreements.sort(key=lambda d: d.spread, reverse=True)
    return CouncilResult(members=members, average=average, disagreements=tuple(disagreements))


# -- helpers ------------------------------------------------------------------------------


def _decimal(value: Decimal | int | float | str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"Tổng điểm phải là số, có {value!r}")
    try:
        # str() keeps the float the user typed (29.99) instead of its binary expansion.
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"Tổng điểm phải là số, có {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"Tổng điểm phải là số hữu hạn, có {value!r}")
    return result


def _answer_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain(value: Decimal) -> str:
    """3 for Decimal('3.0'), 2.5 for Decimal('2.50')."""
    normal = value.normalize()
    return format(normal, "f") if normal == normal.to_integral() else str(normal)
