"""Recognition needs an approved evaluation that meets the tier, or a documented override;
withdrawal follows QĐ 18/2022 (am. 03/2024) where a rule is known."""

from __future__ import annotations

import datetime as dt

import pytest

from nongthonmoi.core.exceptions import ValidationFailed
from nongthonmoi.core.models import AuditEntry

from .. import evaluation, services, withdrawal
from ..models import Recognition, Round
from .factories import OVERLAY, SET_2026, open_round, round_unit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 20)


def meeting_values(round_, unit) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Values meeting every illustrative threshold of this commune's group."""
    result = evaluation.evaluate(round_, unit, {})
    values = {}
    for criterion in result.criteria:
        for item in criterion.indicators:
            threshold = item.threshold.value if item.threshold else None
            if isinstance(threshold, bool):
                values[item.code] = "Đạt" if threshold else "Không đạt"
            elif threshold is not None:
                values[item.code] = str(threshold)
    return values


def approved(personas, units, values: dict[str, str]):  # type: ignore[no-untyped-def]
    round_ = open_round(personas.approver, units.province, [units.commune_a])
    ru = round_unit(round_, units.commune_a)
    for code, text in values.items():
        services.do_save_value(personas.officer_a, ru, code, text, "", 0)
    services.do_submit(personas.officer_a, ru)
    services.do_approve(personas.approver, round_unit(round_, units.commune_a))
    return round_unit(round_, units.commune_a)


def recognise(personas, ru, **extra):  # type: ignore[no-untyped-def]
    return services.do_record_recognition(
        personas.approver,
        ru,
        decision_number="123/QĐ-UBND",
        decision_date=TODAY,
        signer="Chủ tịch UBND tỉnh",
        **extra,
    )


def test_a_commune_meeting_every_criterion_is_recognised(personas, units) -> None:  # type: ignore[no-untyped-def]
    draft = Round(
        set_code=SET_2026, year=2026, province=units.province, illustrative_overlay=OVERLAY
    )
    ru = approved(personas, units, meeting_values(draft, units.commune_a))
    recognition = recognise(personas, ru)
    assert recognition.evaluation["meets_standard"] and not recognition.is_override
    assert recognition.evaluation["illustrative"] is True
    assert AuditEntry.objects.filter(action="rounds.recognise").exists()


def test_a_commune_short_of_the_standard_needs_a_documented_override(personas, units) -> None:  # type: ignore[no-untyped-def]
    ru = approved(personas, units, {"3.a": "1"})
    with pytest.raises(ValidationFailed, match="lý do ngoại lệ"):
        recognise(personas, ru)
    recognition = recognise(personas, ru, override_reason="Quyết định đặc thù của UBND tỉnh")
    assert recognition.is_override
    entry = AuditEntry.objects.get(action="rounds.recognise")
    assert entry.reason == "Quyết định đặc thù của UBND tỉnh"


def test_recognition_needs_an_approved_report(personas, units) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(personas.approver, units.province, [units.commune_a])
    with pytest.raises(ValidationFailed, match="đã được phê duyệt"):
        recognise(personas, round_unit(round_, units.commune_a), override_reason="x")


def test_withdrawal_is_recorded_with_the_rule_assessment(personas, units) -> None:  # type: ignore[no-untyped-def]
    ru = approved(personas, units, {"3.a": "1"})
    recognition = recognise(personas, ru, override_reason="ngoại lệ")
    services.do_withdraw_recognition(
        personas.approver,
        recognition,
        decision_number="9/QĐ-UBND",
        withdrawn_on=TODAY,
        reason="Không duy trì tiêu chí",
        round_=ru.round,
    )
    recognition.refresh_from_db()
    assert recognition.withdrawn_on == TODAY
    assert recognition.withdrawal_assessment["rule_known"] is False  # none known for 2026–2030
    assert not Recognition.objects.filter(withdrawn_on__isnull=True).exists()


def _result(failed: set[str], total: int = 19):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    criteria = [
        SimpleNamespace(
            code=str(n), name=f"tiêu chí {n}", role="criterion", met=str(n) not in failed
        )
        for n in range(1, total + 1)
    ]
    return SimpleNamespace(criteria=criteria)


@pytest.mark.parametrize(
    ("failed", "withdraw"),
    [
        ({"1", "2", "3", "4", "5"}, False),  # 26%: below 30%
        ({"1", "2", "3", "4", "5", "6"}, False),  # 31.6%, no key criterion
        ({"1", "2", "3", "4", "5", "10"}, True),  # 31.6% with Thu nhập
        ({"1", "2", "3", "4", "5", "19"}, True),  # 31.6% with Quốc phòng và An ninh
        ({str(n) for n in range(1, 11)}, True),  # 52.6%
    ],
)
def test_the_2021_withdrawal_rule_follows_qd_18_2022(failed: set[str], withdraw: bool) -> None:
    assessment = withdrawal.assess("xa-ntm-2021-2025", _result(failed))  # type: ignore[arg-type]
    assert assessment.rule_known and assessment.withdraw is withdraw
    assert "18/2022" in assessment.source
