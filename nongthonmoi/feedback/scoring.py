"""Satisfaction arithmetic, free of Django: which answer counts as satisfied, rates with their
margin of error, and the comparison with a rulebook threshold.

Margin of error: the 95% **Wilson score interval** for a proportion p = k/n,

    centre = (p + z²/2n) / (1 + z²/n)
    half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²),   z = 1.96

It is used instead of the textbook p ± z·sqrt(p(1−p)/n) because survey rates are often near 100%,
where the textbook formula claims a zero margin (p = 1) or leaves [0, 1]. The interval describes
sampling error only, assuming the answers were a simple random sample of the commune's residents;
an online, self-selected survey is not, so the note says the true uncertainty is larger.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

Z_95 = 1.96
SATISFIED_FROM_SCALE = 4  # on the 1–5 scale, 4 "hài lòng" and 5 "rất hài lòng" count as satisfied


class Kind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    YESNO = "yesno"
    TEXT = "text"


class Verdict(StrEnum):
    MEETS = "meets"
    BELOW = "below"
    UNKNOWN_THRESHOLD = "unknown_threshold"
    NO_ANSWERS = "no_answers"


def is_satisfied(kind: str, value: Any, satisfied_choices: Sequence[str] = ()) -> bool | None:
    """Whether one answer counts as satisfied; None when the question does not measure it."""
    if value is None or value == "" or value == []:
        return None
    if kind == Kind.SCALE:
        return int(value) >= SATISFIED_FROM_SCALE
    if kind == Kind.YESNO:
        return bool(value)
    if kind == Kind.SINGLE and satisfied_choices:
        return str(value) in satisfied_choices
    return None


@dataclass(frozen=True)
class Rate:
    satisfied: int
    answers: int

    @property
    def share(self) -> float | None:
        return self.satisfied / self.answers if self.answers else None

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else round(100 * share, 1)

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.satisfied, self.answers)

    @property
    def margin_points(self) -> float | None:
        """Half-width of the 95% interval in percentage points (rounded up to 0.1)."""
        bounds = self.interval
        if bounds is None:
            return None
        return math.ceil(1000 * (bounds[1] - bounds[0]) / 2) / 10

    def as_dict(self) -> dict[str, Any]:
        bounds = self.interval
        return {
            "satisfied": self.satisfied,
            "answers": self.answers,
            "percent": self.percent,
            "margin_points": self.margin_points,
            "low_percent": None if bounds is None else round(100 * bounds[0], 1),
            "high_percent": None if bounds is None else round(100 * bounds[1], 1),
        }


def wilson_interval(satisfied: int, answers: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval (module docstring); None without answers."""
    if answers < 0 or satisfied < 0 or satisfied > answers:
        raise ValueError(f"need 0 <= satisfied <= answers, got {satisfied}/{answers}")
    if answers == 0:
        return None
    p = satisfied / answers
    z2n = z * z / answers
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / answers + z * z / (4 * answers * answers))
    # clamp rounding noise: the interval always holds p and stays inside [0, 1]
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def rate_of(flags: Iterable[bool | None]) -> Rate:
    """Count satisfied among the answers that measure satisfaction (None is skipped)."""
    satisfied = answers = 0
    for flag in flags:
        if flag is None:
            continue
        answers += 1
        satisfied += int(flag)
    return Rate(satisfied, answers)


def verdict(rate: Rate, threshold_percent: float | None) -> Verdict:
    """Meets `threshold_percent` (inclusive, "đạt từ … trở lên")? Unknown thresholds stay unknown."""
    if rate.answers == 0:
        return Verdict.NO_ANSWERS
    if threshold_percent is None:
        return Verdict.UNKNOWN_THRESHOLD
    return (
        Verdict.MEETS if 100 * rate.satisfied >= threshold_percent * rate.answers else Verdict.BELOW
    )


def recognition_verdict(
    overall: Rate,
    per_criterion: Mapping[str, Rate],
    overall_threshold: float | None,
    per_criterion_threshold: float | None,
    *,
    overall_applies: bool = True,
    per_criterion_applies: bool = True,
) -> Verdict:
    """Combine the overall and per-criterion checks of one rulebook.

    A part that the rulebook does not use (`*_applies` False) is ignored; a part it uses with an
    unknown number makes the verdict unknown unless another part already fails.
    """
    parts: list[Verdict] = []
    if overall_applies:
        parts.append(verdict(overall, overall_threshold))
    if per_criterion_applies:
        parts.extend(verdict(rate, per_criterion_threshold) for rate in per_criterion.values())
    if not parts or all(p == Verdict.NO_ANSWERS for p in parts):
        return Verdict.NO_ANSWERS
    if Verdict.BELOW in parts:
        return Verdict.BELOW
    if Verdict.UNKNOWN_THRESHOLD in parts:
        return Verdict.UNKNOWN_THRESHOLD
    if Verdict.NO_ANSWERS in parts:
        return Verdict.NO_ANSWERS
    return Verdict.MEETS


MARGIN_NOTE_VI = (
    "Sai số ±{margin} điểm phần trăm (khoảng tin cậy 95%, phương pháp Wilson, trên {n} câu trả lời). "
    "Chỉ phản ánh sai số chọn mẫu; người trả lời tự nguyện qua mạng nên sai số thực tế có thể lớn hơn."
)


def margin_note(rate: Rate) -> str:
    if rate.answers == 0:
        return "Chưa có câu trả lời."
    margin = f"{rate.margin_points:.1f}".replace(".", ",")  # Vietnamese decimal comma
    return MARGIN_NOTE_VI.format(margin=margin, n=rate.answers)


@dataclass(frozen=True)
class Coverage:
    communes: int
    covered: int
    target_percent: float

    @property
    def percent(self) -> float | None:
        return round(100 * self.covered / self.communes, 1) if self.communes else None

    @property
    def meets_target(self) -> bool | None:
        if not self.communes:
            return None
        return 100 * self.covered >= self.target_percent * self.communes
